/*
 * batch_stream — the line loop of `steward stats --batch`: bounded reads,
 * one answer per request line, flushed as it is written.
 */
#include "stats/batch.h"
#include "core/buf.h"
#include "core/json.h"

#include <stdlib.h>
#include <string.h>

static int emit(FILE *out, json_t *answer, struct err *err)
{
    char *text = answer ? json_dump_compact(answer) : NULL;
    json_decref(answer);
    if (!text)
        return err_set(err, ERR_INTERNAL, "stats --batch: out of memory");
    int bad = fputs(text, out) == EOF || fputc('\n', out) == EOF ||
              fflush(out) == EOF;
    free(text);
    return bad ? err_errno(err, "stats --batch: writing answers") : 0;
}

static json_t *error_answer(const char *msg)
{
    return json_pack("{s:n,s:s}", "id", "error", msg);
}

static int answer_line(const struct buf *line, FILE *out, struct err *err)
{
    json_error_t jerr;
    json_t *req = json_loadb(line->data, line->len, 0, &jerr);
    if (!req) {
        char msg[300];
        snprintf(msg, sizeof msg, "not JSON: %s (column %d)", jerr.text,
                 jerr.column);
        return emit(out, error_answer(msg), err);
    }
    json_t *answer = stats_batch_answer(req);
    json_decref(req);
    return emit(out, answer, err);
}

static int blank(const struct buf *line)
{
    for (size_t i = 0; i < line->len; i++)
        if (!strchr(" \t\r", line->data[i]))
            return 0;
    return 1;
}

/* Reads one line into line (without its newline). Returns 1 if a line was
 * read, 0 at EOF; sets *too_long when it passed max and was skipped. */
static int read_line(FILE *in, struct buf *line, int *too_long)
{
    struct err ignored = ERR_INIT;
    int c, any = 0;
    buf_clear(line);
    *too_long = 0;
    while ((c = getc_unlocked(in)) != EOF) {
        any = 1;
        if (c == '\n')
            break;
        char ch = (char)c;
        if (!*too_long && buf_append(line, &ch, 1, &ignored))
            *too_long = 1;
    }
    return any;
}

int stats_batch_run(FILE *in, FILE *out, size_t max_line, struct err *err)
{
    struct buf line;
    int too_long, rc = 0;
    buf_init(&line, max_line ? max_line : STATS_BATCH_MAX_LINE);
    while (!rc && read_line(in, &line, &too_long)) {
        if (too_long) {
            char msg[160];
            snprintf(msg, sizeof msg, "request line longer than %zu bytes; "
                     "skipped", line.max);
            rc = emit(out, error_answer(msg), err);
        } else if (!blank(&line)) {
            rc = answer_line(&line, out, err);
        }
        if (line.cap > ((size_t)1 << 20))
            buf_free(&line);   /* hold memory for recent lines, not the largest */
    }
    buf_free(&line);
    return rc;
}
