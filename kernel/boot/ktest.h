/* ktest.h — in-kernel tests, chosen with ktest=NAME on the command line.
 *
 *   KTEST(gp, "a #GP from a non-canonical read") { ...; return 0; }
 *
 * Each test returns 0 for success; the kernel then powers off with that
 * result. Tests that are meant to fault never return: the FATAL report
 * ends the run. The table is collected by the linker (section .ktests). */
#ifndef RINGLAB_KTEST_H
#define RINGLAB_KTEST_H

struct ktest {
    const char *name;
    const char *what;
    int (*fn)(void);
};

#define KTEST(id, description)                                              \
    static int ktest_##id(void);                                            \
    static const struct ktest ktest_entry_##id                              \
        __attribute__((used, section(".ktests"), aligned(8))) = {           \
            #id, description, ktest_##id};                                  \
    static int ktest_##id(void)

/* Runs the named test (or "list"); returns its result, -1 if unknown. */
int ktest_run(const char *name);

#endif
