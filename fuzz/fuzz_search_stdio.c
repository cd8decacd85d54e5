/*
 * fuzz_search_stdio — a whole `steward search --stdio` conversation. The
 * first byte picks sampler, pruner and parallelism; the rest is a space
 * file, a line "%%", then the caller's lines. Without "%%" the rest is the
 * caller's lines against a fixed mixed space.
 */
#include "fuzz_common.h"

#include "search/search.h"

static const char MIXED[] =
    "x0: uniform(-5, 10)\nlr: loguniform(1e-5, 1)\nlayers: int(1, 8)\n"
    "batch: int(16, 256, log)\nopt: choice(adam, sgd, rmsprop)\n"
    "momentum: uniform(0, 0.99) if opt == sgd\n";

static void converse(const struct search_space *sp, uint8_t pick,
                     const char *lines, size_t n)
{
    struct search_options o;
    search_options_init(&o);
    o.sampler = (enum search_sampler)(pick % 3);
    o.pruner = (enum search_pruner)(pick / 3 % 3);
    o.max_resource = 9;
    o.n_startup = 3;
    struct search_stdio_options so = {.trials = pick & 0x80 ? 0 : 30,
                                      .budget = pick & 0x40 ? 50 : 0,
                                      .parallel = 1 + pick / 9 % 4};
    struct search *s = NULL;
    struct err err = {0};
    if (search_create(sp, &o, &s, &err) != 0)
        return;
    FILE *in = fmemopen((void *)lines, n ? n : 1, "r");
    if (!in)
        abort();
    (void)search_stdio_run(s, &so, in, fuzz_sink(), &err);
    fclose(in);
    search_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    char *text = fuzz_cstr(data + 1, size - 1);
    char *sep = strstr(text, "\n%%\n");
    const char *space_text = MIXED, *lines = text;
    if (sep) {
        *sep = '\0';
        space_text = text;
        lines = sep + 4;
    }
    struct search_space *sp = NULL;
    struct err err = {0};
    if (search_space_parse(space_text, "fuzz.space", &sp, &err) == 0) {
        converse(sp, data[0], lines, strlen(lines));
        search_space_free(sp);
    }
    free(text);
    return 0;
}
