/* init.h — running init (or a stage's default programs). */
#ifndef RINGLAB_INIT_H
#define RINGLAB_INIT_H

/* Runs init= from the command line, or else all of default_programs (a
 * NULL-terminated list of "path args" lines) side by side, until all have
 * exited. Returns the exit status that ends the run: the first non-zero. */
int init_run(const char *cmdline, const char *default_programs[]);

#endif
