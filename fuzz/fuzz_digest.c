/*
 * fuzz_digest — log lines into the run digest. The input's first line is
 * a Loghub log format (empty: the default header stripping); lines
 * starting with "M " go to the metrics stream, the others are log lines
 * (a line cut at 1000 bytes is marked truncated, as the reader does).
 * The digest is snapshotted and rendered at the end.
 */
#include "fuzz_common.h"

#include <jansson.h>

#include "digest/digest.h"

static void feed(struct digest_state *st, const char *p, const char *end)
{
    struct err err = {0};
    digest_state_log_file(st, "stdout");
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (len >= 2 && p[0] == 'M' && p[1] == ' ')
            digest_state_metric_line(st, p + 2, len - 2);
        else if (digest_state_log_line(st, p, len > 1000 ? 1000 : len,
                                       len > 1000, &err) != 0)
            return;
        p += len + (nl != NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    const char *nl = memchr(p, '\n', size);
    char *format = fuzz_cstr(data, nl ? (size_t)(nl - p) : 0);
    struct digest_state *st = NULL;
    struct err err = {0};
    if (digest_state_new(format[0] ? format : NULL, &st, &err) == 0) {
        feed(st, nl ? nl + 1 : p, end);
        json_t *snap = NULL;
        struct digest_runinfo info = {.state = "failed", .duration_s = 12,
                                      .has_exit = 1, .exit_code = 1};
        if (digest_state_snapshot(st, &info, &snap, &err) == 0) {
            digest_render_text(snap, fuzz_sink());
            json_decref(snap);
        }
        digest_state_free(st);
    }
    free(format);
    return 0;
}
