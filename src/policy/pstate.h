/* pstate — the parser's state, shared by the parser's files; internal. */
#ifndef STEWARD_POLICY_PSTATE_H
#define STEWARD_POLICY_PSTATE_H

#include <sodium.h>
#include "policy/internal.h"
#include "policy/lex.h"

/* State shared by every file of one policy (the main file and includes). */
struct pctx {
    struct policy *p;
    struct policy_diags *diags;
    struct err *err;
    int nerrors;
    crypto_hash_sha256_state hs;
    size_t total_bytes;
    int depth;
    const char *stack[POLICY_INCLUDE_DEPTH + 2];  /* resolved paths */
};

/* State of one file being parsed. */
struct pstate {
    struct pctx *ctx;
    struct lexer lx;
    struct token tok;
    int file;               /* index into p->files */
    const char *path;       /* as the user wrote it, for messages */
    const char *last_end;   /* end of the previous token */
};

/* Records an error at tok (unless tok is a lexer error, already recorded)
 * and returns -1. hint may be NULL. */
int perr(struct pstate *ps, const struct token *tok, const char *hint,
         const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void padvance(struct pstate *ps);
int paccept(struct pstate *ps, const char *word);
int pexpect(struct pstate *ps, const char *word, const char *hint);
/* Whether the current token ends a condition (and / or / unless / EOL). */
int pat_cond_end(const struct pstate *ps);
/* Copies the current token's text (word or decoded string) into out. */
int pvalue(struct pstate *ps, const char *what, char *out, size_t n);

int parse_cond(struct pstate *ps, const struct pcond *prev, struct pcond *c);
int parse_per(struct pstate *ps, struct pcond *c, int for_budget);
int parse_number(struct pstate *ps, int unit, const char *what, double *out);
void pcond_release(struct pcond *c);

int parse_statement(struct pstate *ps);
/* `promotion gate|deploy|first|rollback ...` after the word promotion. */
int parse_promotion_more(struct pstate *ps);
/* Parses a whole file's text into ctx->p; errors go to ctx. */
void parse_file(struct pctx *ctx, const char *text, size_t len,
                const char *path);
/* Reads, hashes and parses an included file. */
int parse_include(struct pstate *ps, const struct token *at,
                  const char *name);

/* A policy file's bytes (regular files only, at most POLICY_FILE_MAX),
 * NUL-terminated; NULL with *why set. */
char *policy_read_file(const char *path, size_t *len, const char **why);

#endif
