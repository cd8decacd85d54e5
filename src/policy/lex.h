/* lex — splits policy text into tokens with line and column; internal. */
#ifndef STEWARD_POLICY_LEX_H
#define STEWARD_POLICY_LEX_H

#include <stddef.h>

enum ttype { T_EOF, T_EOL, T_WORD, T_STRING, T_OP, T_LPAREN, T_RPAREN,
             T_COMMA, T_ERROR };

struct token {
    int type;
    const char *s;   /* into the text; for T_STRING, the opening quote */
    size_t n;
    int line, col;
    const char *msg; /* T_ERROR: what is wrong */
};

struct lexer {
    const char *text;
    size_t len, pos;
    int line, col;
};

void lex_init(struct lexer *lx, const char *text, size_t len);
struct token lex_next(struct lexer *lx);
/* Whether tok is the word w. */
int tok_is(const struct token *tok, const char *w);
/* The token for a message: 'word' in quotes, or "end of line". */
const char *tok_show(const struct token *tok, char *buf, size_t n);
/* Decodes a T_STRING (or copies a T_WORD) into out; -1 if it does not fit. */
int tok_text(const struct token *tok, char *out, size_t n);

#endif
