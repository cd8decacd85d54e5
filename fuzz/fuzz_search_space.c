/*
 * fuzz_search_space — the search-space language; a space that parses is
 * also sent through typed JSON both ways (the way an agent's proposal
 * enters a search) at its lower bounds, which must be accepted.
 */
#include "fuzz_common.h"

#include <jansson.h>
#include <math.h>

#include "search/search.h"

static void round_trip(const struct search_space *sp)
{
    double *x = calloc(sp->n ? sp->n : 1, sizeof *x);
    double *y = calloc(sp->n ? sp->n : 1, sizeof *y);
    if (!x || !y)
        abort();
    for (size_t i = 0; i < sp->n; i++)
        x[i] = sp->params[i].kind == SEARCH_CHOICE ? 0 : sp->params[i].lo;
    for (size_t i = 0; i < sp->n; i++)
        if (!search_space_active(sp, x, i))
            x[i] = NAN;
    json_t *j = search_space_to_json(sp, x);
    struct err err = {0};
    if (j && search_space_from_json(sp, j, y, &err) != 0)
        abort();          /* its own output must be accepted */
    json_decref(j);
    free(x);
    free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstr(data, size);
    struct search_space *sp = NULL;
    struct err err = {0};
    if (search_space_parse(text, "fuzz.space", &sp, &err) == 0 && sp) {
        round_trip(sp);
        search_space_free(sp);
    }
    free(text);
    return 0;
}
