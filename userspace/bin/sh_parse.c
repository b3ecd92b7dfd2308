/* sh_parse.c — from a line to pipelines, and from a word to its text.
 *
 * tokenize() cuts a line, in place, into words and operators:
 *
 *   cat < in | wc -l > out 2>&1 && echo ok ; sleep 1 &
 *   W   < W  | W  W  > W   2>& W && W    W ; W     W &
 *
 * A word runs up to a blank or one of | & ; < > outside quotes, and keeps
 * its quotes: expand_word() takes them off when the command runs. A digit
 * just before < or > is the descriptor to redirect (2>f), not a word; a #
 * where a word would start begins a comment. parse_pipeline() then
 * gathers the tokens of one pipeline into commands. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

/* Longest first: ">>" must win over ">". */
static const struct {
    const char *text;
    enum token_kind kind;
} operators[] = {
    { "&&", T_AND },    { "||", T_OR },      { ">>", T_DGREAT }, { "<&", T_DUP_IN },
    { ">&", T_DUP_OUT }, { "|", T_PIPE },    { "&", T_AMP },     { ";", T_SEMI },
    { "<", T_LESS },    { ">", T_GREAT },
};

#define NOPERATORS (sizeof(operators) / sizeof(operators[0]))

static int
is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The length of the operator at p (its kind in *kind), or 0. */
static size_t
match_operator(const char *p, enum token_kind *kind)
{
    for (size_t i = 0; i < NOPERATORS; i++) {
        size_t n = strlen(operators[i].text);
        if (strncmp(p, operators[i].text, n) == 0) {
            *kind = operators[i].kind;
            return n;
        }
    }
    return 0;
}

/* Past the word at p. Quotes hide blanks and operators; an unclosed quote
 * runs to the end of the line. */
static char *
word_end(char *p)
{
    while (*p && !is_blank(*p) && !strchr("|&;<>", *p)) {
        if (*p == '\'' || *p == '"') {
            char *close = strchr(p + 1, *p);
            p = close ? close + 1 : p + strlen(p);
        } else {
            p++;
        }
    }
    return p;
}

int
tokenize(char *line, struct token *t)
{
    char *p = line;
    int n = 0;

    for (;;) {
        while (is_blank(*p))
            *p++ = '\0';                /* ends the word before */
        if (!*p || *p == '#')
            break;
        if (n == MAX_TOKENS - 1) {
            dprintf(STDERR_FILENO, "sh: more than %d words and operators in a line\n",
                    MAX_TOKENS - 1);
            return -1;
        }
        struct token *tk = &t[n++];
        size_t len;

        *tk = (struct token){ .kind = T_WORD, .fd = -1 };
        if (p[0] >= '0' && p[0] <= '9' && (p[1] == '<' || p[1] == '>'))
            tk->fd = *p++ - '0';        /* 2>f: the 2 belongs to the > */
        if ((len = match_operator(p, &tk->kind))) {
            memset(p, '\0', len);       /* ends the word before, if it touches */
            p += len;
        } else {
            tk->word = p;
            p = word_end(p);
        }
    }
    t[n] = (struct token){ .kind = T_END, .fd = -1 };
    return n;
}

static int
syntax_error(const struct token *tk)
{
    const char *text = tk->word;

    for (size_t i = 0; i < NOPERATORS; i++)
        if (operators[i].kind == tk->kind)
            text = operators[i].text;
    if (tk->kind == T_END)
        dprintf(STDERR_FILENO, "sh: syntax error: the line ends too early\n");
    else
        dprintf(STDERR_FILENO, "sh: syntax error near '%s'\n", text);
    return -1;
}

static int
too_many(const char *what, int max)
{
    dprintf(STDERR_FILENO, "sh: more than %d %s\n", max, what);
    return -1;
}

/* What a redirection operator opens its file with; -1: it copies a
 * descriptor instead (2>&1, <&3). */
static int
redirection_flags(enum token_kind kind)
{
    switch (kind) {
    case T_LESS:   return O_RDONLY;
    case T_GREAT:  return O_WRONLY | O_CREAT | O_TRUNC;
    case T_DGREAT: return O_WRONLY | O_CREAT | O_APPEND;
    default:       return -1;
    }
}

static int
is_redirection(enum token_kind kind)
{
    return kind == T_LESS || kind == T_GREAT || kind == T_DGREAT ||
           kind == T_DUP_IN || kind == T_DUP_OUT;
}

/* One command's words and redirections, up to an operator that is not a
 * redirection; *pos is then at that operator. */
static int
parse_command(const struct token *t, int *pos, struct command *c)
{
    const struct token *tk;

    c->argc = c->nredirs = 0;
    for (; t[*pos].kind == T_WORD || is_redirection(t[*pos].kind); (*pos)++) {
        tk = &t[*pos];
        if (tk->kind == T_WORD) {
            if (c->argc == MAX_ARGS)
                return too_many("words in a command", MAX_ARGS);
            c->argv[c->argc++] = tk->word;
            continue;
        }
        if (t[*pos + 1].kind != T_WORD)
            return syntax_error(&t[*pos + 1]);
        if (c->nredirs == MAX_REDIRS)
            return too_many("redirections in a command", MAX_REDIRS);
        struct redir *r = &c->redirs[c->nredirs++];
        int input = tk->kind == T_LESS || tk->kind == T_DUP_IN;

        r->fd = tk->fd >= 0 ? tk->fd : input ? STDIN_FILENO : STDOUT_FILENO;
        r->flags = redirection_flags(tk->kind);
        r->word = t[++*pos].word;
    }
    c->argv[c->argc] = NULL;
    if (c->argc == 0 && c->nredirs == 0)
        return syntax_error(&t[*pos]);
    return 0;
}

int
parse_pipeline(const struct token *t, int *pos, struct pipeline *pl)
{
    pl->ncmds = 0;
    for (;;) {
        if (pl->ncmds == MAX_PIPE)
            return too_many("commands in a pipeline", MAX_PIPE);
        if (parse_command(t, pos, &pl->cmds[pl->ncmds++]) < 0)
            return -1;
        if (t[*pos].kind != T_PIPE)
            return 0;
        (*pos)++;
    }
}

/* Parses every pipeline of the line and runs none: a line with a mistake
 * anywhere runs nothing at all. */
int
check_syntax(const struct token *t)
{
    static struct pipeline scratch;
    int pos = 0;

    while (t[pos].kind != T_END) {
        if (parse_pipeline(t, &pos, &scratch) < 0)
            return -1;
        enum token_kind op = t[pos].kind;
        if (op == T_END)
            break;
        pos++;
        if ((op == T_AND || op == T_OR) && t[pos].kind == T_END)
            return syntax_error(&t[pos]);       /* "a &&" and nothing after */
    }
    return 0;
}

/* Writes the text of `word` into out[size]: without its quotes, and with
 * $? (the last status), $! (the last background pid) and $$ (the shell's
 * pid) replaced, except inside '...'. Returns its length, or -1 if it
 * does not fit. */
int
expand_word(const char *word, char *out, size_t size)
{
    size_t n = 0;
    char quote = 0;                     /* the quote we are inside, or 0 */

    for (const char *w = word; *w; w++) {
        char text[24] = { *w };

        if (quote && *w == quote) {
            quote = 0;
            continue;
        }
        if (!quote && (*w == '\'' || *w == '"')) {
            quote = *w;
            continue;
        }
        if (*w == '$' && quote != '\'' && w[1] && strchr("?!$", w[1])) {
            int value = *++w == '?' ? last_status : *w == '$' ? getpid() : last_background;

            text[0] = '\0';              /* $! is empty before the first & */
            if (*w != '!' || last_background)
                snprintf(text, sizeof(text), "%d", value);
        }
        size_t len = strlen(text);
        if (n + len >= size)
            return -1;
        memcpy(out + n, text, len);
        n += len;
    }
    out[n] = '\0';
    return (int)n;
}
