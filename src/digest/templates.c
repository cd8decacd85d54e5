/*
 * templates — `steward digest --templates`: every line with its template.
 *
 * The miner is online, so a line's template is only final once later
 * lines have refined its cluster. The file is therefore mined in one pass
 * that writes each line's cluster id (4 bytes) to an unlinked temporary
 * file, and a second pass over those ids prints the templates as of the
 * end. Memory stays bounded however long the log; ids are renumbered
 * T1, T2... in order of first appearance.
 */
#include "digest/digest.h"
#include "digest/internal.h"
#include "digest/text.h"

#include <stdlib.h>
#include <string.h>

#define ID_CHUNK 16384

struct tpl_out {
    struct digest_miner *m;
    uint32_t *num;        /* resolved cluster -> T number (0 = unseen) */
    char **tpl;           /* resolved cluster -> template (cached) */
    size_t *tpl_len;
    uint32_t next;
    char *scratch;
};

static int mine_pass(const char *path, const struct digest_logfmt *f,
                     struct digest_miner *m, FILE *ids, uint64_t *lines,
                     struct err *err)
{
    struct lineread lr;
    uint32_t chunk[ID_CHUNK];
    size_t k = 0;
    int rc = lineread_open(&lr, path, err);
    if (rc)
        return rc;
    const char *line;
    size_t len;
    int trunc;
    while ((rc = lineread_next(&lr, &line, &len, &trunc, err)) == 1) {
        struct digest_fields fl;
        digest_logfmt_split(f, line, len, &fl);
        rc = digest_miner_add(m, fl.content, fl.content_len, &chunk[k], err);
        if (rc)
            break;
        if (++k == ID_CHUNK) {
            if (fwrite(chunk, sizeof *chunk, k, ids) != k)
                rc = err_errno(err, "cannot write temporary file");
            k = 0;
        }
        if (rc)
            break;
    }
    if (rc >= 0 && k && fwrite(chunk, sizeof *chunk, k, ids) != k)
        rc = err_errno(err, "cannot write temporary file");
    *lines = lr.lineno;
    lineread_close(&lr);
    return rc < 0 ? rc : 0;
}

static const char *tpl_get(struct tpl_out *o, uint32_t id, size_t *len)
{
    if (!o->tpl[id]) {
        size_t n = digest_miner_template(o->m, id, o->scratch,
                                         DIGEST_MAX_LINE * 3 + 1);
        o->tpl[id] = malloc(n + 1);
        if (!o->tpl[id]) {
            *len = 0;
            return "";
        }
        memcpy(o->tpl[id], o->scratch, n + 1);
        o->tpl_len[id] = n;
    }
    *len = o->tpl_len[id];
    return o->tpl[id];
}

static void print_row(struct tpl_out *o, uint64_t line, uint32_t id,
                      enum digest_format fmt, FILE *out)
{
    id = digest_miner_resolve(o->m, id);
    if (!o->num[id])
        o->num[id] = ++o->next;
    size_t tl;
    const char *t = tpl_get(o, id, &tl);
    if (fmt == DIGEST_CSV) {
        fprintf(out, "%llu,T%u,", (unsigned long long)line, o->num[id]);
        text_csv_field(out, t, tl);
        fputc('\n', out);
    } else {
        fprintf(out, "{\"line\":%llu,\"cluster\":\"T%u\",\"template\":",
                (unsigned long long)line, o->num[id]);
        text_json_string(out, t, tl);
        fputs("}\n", out);
    }
}

static int print_pass(struct tpl_out *o, FILE *ids, uint64_t lines,
                      enum digest_format fmt, FILE *out, struct err *err)
{
    uint32_t chunk[ID_CHUNK];
    uint64_t line = 0;
    rewind(ids);
    if (fmt == DIGEST_CSV)
        fputs("LineId,EventId,EventTemplate\n", out);
    while (line < lines) {
        size_t k = fread(chunk, sizeof *chunk, ID_CHUNK, ids);
        if (k == 0)
            return err_set(err, ERR_INTERNAL, "temporary file lost lines");
        for (size_t i = 0; i < k; i++)
            print_row(o, ++line, chunk[i], fmt, out);
    }
    if (fflush(out) || ferror(out))
        return err_errno(err, "cannot write output");
    return 0;
}

static int tpl_out_init(struct tpl_out *o, struct digest_miner *m)
{
    uint32_t n = digest_miner_clusters(m) + 1;
    memset(o, 0, sizeof *o);
    o->m = m;
    o->num = calloc(n, sizeof *o->num);
    o->tpl = calloc(n, sizeof *o->tpl);
    o->tpl_len = calloc(n, sizeof *o->tpl_len);
    o->scratch = malloc(DIGEST_MAX_LINE * 3 + 1);
    return o->num && o->tpl && o->tpl_len && o->scratch ? 0 : -1;
}

static void tpl_out_free(struct tpl_out *o)
{
    uint32_t n = o->m ? digest_miner_clusters(o->m) + 1 : 0;
    for (uint32_t i = 0; o->tpl && i < n; i++)
        free(o->tpl[i]);
    free(o->num);
    free(o->tpl);
    free(o->tpl_len);
    free(o->scratch);
}

int digest_templates_file(const char *path, const char *log_format,
                          enum digest_format fmt, FILE *out, struct err *err)
{
    struct digest_logfmt *f = NULL;
    struct digest_miner *m = NULL;
    struct tpl_out o = {0};
    uint64_t lines = 0;
    FILE *ids = NULL;
    int rc = digest_logfmt_new(log_format, &f, err);
    if (!rc)
        rc = digest_miner_new(&m, err);
    if (!rc && !(ids = tmpfile()))
        rc = err_errno(err, "cannot create temporary file");
    if (!rc)
        rc = mine_pass(path, f, m, ids, &lines, err);
    if (!rc) {
        digest_miner_finish(m);
        if (tpl_out_init(&o, m))
            rc = err_set(err, ERR_INTERNAL, "out of memory");
    }
    if (!rc)
        rc = print_pass(&o, ids, lines, fmt, out, err);
    tpl_out_free(&o);
    if (ids)
        fclose(ids);
    digest_miner_free(m);
    digest_logfmt_free(f);
    return rc;
}
