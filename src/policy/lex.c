/*
 * lex — the policy language's tokens.
 *
 * Words are runs of letters, digits and the punctuation that appears in
 * names, numbers with units, paths and unquoted globs (_ - . / ~ * : @ + ?).
 * Strings are double-quoted with \" and \\ escapes and end on the same
 * line. A newline or ';' ends a statement; a backslash before a newline
 * continues it; '#' starts a comment to the end of the line. Columns count
 * bytes from 1, as compilers do.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "policy/lex.h"

void lex_init(struct lexer *lx, const char *text, size_t len)
{
    lx->text = text;
    lx->len = len;
    lx->pos = 0;
    lx->line = 1;
    lx->col = 1;
}

static int peek(const struct lexer *lx, size_t ahead)
{
    size_t i = lx->pos + ahead;
    return i < lx->len ? (unsigned char)lx->text[i] : -1;
}

static void step(struct lexer *lx)
{
    if (lx->text[lx->pos] == '\n') {
        lx->line++;
        lx->col = 1;
    } else {
        lx->col++;
    }
    lx->pos++;
}

static int is_word_char(int c)
{
    return c > 0 && (isalnum(c) || strchr("_-./~*:@+?", c));
}

/* Skips blanks, comments and backslash-newline continuations. */
static void skip_space(struct lexer *lx)
{
    for (;;) {
        int c = peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r') {
            step(lx);
        } else if (c == '\\' && (peek(lx, 1) == '\n' || (peek(lx, 1) == '\r'
                                                   && peek(lx, 2) == '\n'))) {
            while (peek(lx, 0) != '\n')
                step(lx);
            step(lx);
        } else if (c == '#') {
            while (peek(lx, 0) != -1 && peek(lx, 0) != '\n')
                step(lx);
        } else {
            return;
        }
    }
}

static struct token lex_string(struct lexer *lx, struct token t)
{
    step(lx);
    for (;;) {
        int c = peek(lx, 0);
        if (c == -1 || c == '\n') {
            t.type = T_ERROR;
            t.msg = "unterminated string: a closing \" is missing on this line";
            break;
        }
        if (c == '\\' && (peek(lx, 1) == '"' || peek(lx, 1) == '\\'))
            step(lx);
        else if (c == '"') {
            step(lx);
            break;
        }
        step(lx);
    }
    t.n = (size_t)(lx->text + lx->pos - t.s);
    return t;
}

static struct token lex_op(struct lexer *lx, struct token t)
{
    int c = peek(lx, 0), next = peek(lx, 1);
    step(lx);
    if (next == '=' && (c == '<' || c == '>' || c == '=' || c == '!'))
        step(lx);
    else if (c == '!') {
        t.type = T_ERROR;
        t.msg = "'!' alone is not an operator: write != or 'not'";
    }
    t.n = (size_t)(lx->text + lx->pos - t.s);
    return t;
}

static struct token lex_punct(struct lexer *lx, struct token t, int c)
{
    static const char *bad = "unexpected character";
    t.type = c == '\n' || c == ';' ? T_EOL : c == '(' ? T_LPAREN
           : c == ')' ? T_RPAREN : c == ',' ? T_COMMA : T_ERROR;
    if (t.type == T_ERROR)
        t.msg = bad;
    step(lx);
    t.n = 1;
    return t;
}

struct token lex_next(struct lexer *lx)
{
    skip_space(lx);
    struct token t = {T_EOF, lx->text + lx->pos, 0, lx->line, lx->col, NULL};
    int c = peek(lx, 0);
    if (c == -1)
        return t;
    if (c == '"') {
        t.type = T_STRING;
        return lex_string(lx, t);
    }
    if (strchr("<>=!", c)) {
        t.type = T_OP;
        return lex_op(lx, t);
    }
    if (!is_word_char(c))
        return lex_punct(lx, t, c);
    t.type = T_WORD;
    while (is_word_char(peek(lx, 0)))
        step(lx);
    t.n = (size_t)(lx->text + lx->pos - t.s);
    return t;
}

int tok_is(const struct token *tok, const char *w)
{
    return tok->type == T_WORD && strlen(w) == tok->n &&
           !memcmp(tok->s, w, tok->n);
}

int tok_text(const struct token *tok, char *out, size_t n)
{
    size_t o = 0;
    size_t i = tok->type == T_STRING ? 1 : 0;
    size_t end = tok->type == T_STRING ? tok->n - 1 : tok->n;
    for (; i < end; i++) {
        char c = tok->s[i];
        if (tok->type == T_STRING && c == '\\' && i + 1 < end)
            c = tok->s[++i];
        if (o + 1 >= n)
            return -1;
        out[o++] = c;
    }
    if (n == 0)
        return -1;
    out[o] = 0;
    return 0;
}

const char *tok_show(const struct token *tok, char *buf, size_t n)
{
    if (tok->type == T_EOF)
        return "end of file";
    if (tok->type == T_EOL)
        return tok->n && tok->s[0] == ';' ? "';'" : "end of line";
    snprintf(buf, n, "'%.*s%s'", tok->n > 40 ? 40 : (int)tok->n, tok->s,
             tok->n > 40 ? "..." : "");
    return buf;
}
