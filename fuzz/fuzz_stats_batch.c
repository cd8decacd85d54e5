/*
 * fuzz_stats_batch — `steward stats --batch`: the input is the request
 * stream, one JSON object per line, answered to /dev/null.
 */
#include "fuzz_common.h"

#include "stats/batch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    FILE *in = fmemopen((void *)data, size, "r");
    if (!in)
        abort();
    struct err err = {0};
    (void)stats_batch_run(in, fuzz_sink(), 4096, &err);
    fclose(in);
    return 0;
}
