/* sh.h — the parts of /bin/sh and what they share.
 *
 *   sh.c        reading lines, the builtins, main
 *   sh_parse.c  a line -> tokens -> pipelines; a word -> its text ($?, quotes)
 *   sh_exec.c   running them: lists, pipelines, redirections, background
 *
 * A line is parsed once into tokens, and each pipeline is built from the
 * tokens just before it runs. A word keeps its quotes and its $? until
 * then: `false; echo $?` must see the status of `false`. */
#ifndef SH_H
#define SH_H

#include <sys/types.h>

#define MAX_LINE   512
#define MAX_TOKENS 96          /* words and operators in one line */
#define MAX_ARGS   32          /* words in one command */
#define MAX_REDIRS 4           /* redirections in one command */
#define MAX_PIPE   8           /* commands in one pipeline */

enum token_kind {
    T_END,                      /* the end of the line */
    T_WORD,
    T_PIPE,                     /* |  */
    T_AND,                      /* && */
    T_OR,                       /* || */
    T_SEMI,                     /* ;  */
    T_AMP,                      /* &  */
    T_LESS,                     /* <  */
    T_GREAT,                    /* >  */
    T_DGREAT,                   /* >> */
    T_DUP_IN,                   /* <& */
    T_DUP_OUT,                  /* >& */
};

struct token {
    enum token_kind kind;
    int fd;                     /* a redirection's "2" in 2>f; -1: the default */
    char *word;                 /* T_WORD: the text as written, quotes and all */
};

/* `fd` gets the file `word` opened with `flags`, or (flags < 0) a copy of
 * the descriptor numbered `word` (2>&1). */
struct redir {
    int fd;
    int flags;
    char *word;
};

struct command {
    int argc;
    char *argv[MAX_ARGS + 1];   /* as written: expand_word() runs in the child */
    int nredirs;
    struct redir redirs[MAX_REDIRS];
};

struct pipeline {
    int ncmds;
    struct command cmds[MAX_PIPE];
};

/* The shell's state (sh.c) */
extern int last_status;         /* $? */
extern pid_t last_background;   /* $!: 0 until a command ran with & */
extern int first_killed;        /* 128 + signal of the first killed command, or 0 */
extern int interactive;         /* reading commands typed at the prompt */

/* sh.c */
struct builtin {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
};
const struct builtin *find_builtin(const char *name);
int status_of(int wait_status);         /* 128 + signal, or the exit code */

/* sh_parse.c */
int tokenize(char *line, struct token *t);      /* count, or -1 (said why) */
int check_syntax(const struct token *t);        /* 0, or -1 (said why) */
int parse_pipeline(const struct token *t, int *pos, struct pipeline *pl); /* 0 or -1 */
int expand_word(const char *word, char *out, size_t size);

/* sh_exec.c */
void run_line(char *line);             /* parses it (in place), runs it */

#endif
