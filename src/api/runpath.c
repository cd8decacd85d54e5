/* runpath — see runpath.h. */
#include "api/runpath.h"

#include <stdio.h>

int run_path(const char *home, int64_t run, const char *leaf, char *out,
             size_t n)
{
    int w = snprintf(out, n, "%s/runs/%lld%s%s", home, (long long)run,
                     leaf ? "/" : "", leaf ? leaf : "");
    return w < 0 || (size_t)w >= n ? -1 : 0;
}
