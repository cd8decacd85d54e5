/*
 * fuzz_metrics_line — one line of a run's STEWARD_METRICS file, which
 * the run (untrusted) writes: metrics_parse_line on the raw bytes (not
 * NUL-terminated, as the ingester passes them).
 */
#include "fuzz_common.h"

#include <math.h>

#include "capture/metrics.h"
#include "core/metricline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct metrics_point points[METRICS_SERIES_MAX];
    /* an exact-size copy, so reading past the line is caught */
    char *line = malloc(size ? size : 1);
    if (!line)
        abort();
    memcpy(line, data, size);
    int64_t step = 0;
    int n = metrics_parse_line(line, size, &step, points,
                               METRICS_SERIES_MAX);
    if (n > METRICS_SERIES_MAX)
        abort();
    for (int i = 0; i < n; i++)
        if (strnlen(points[i].name, METRICS_NAME_MAX) == METRICS_NAME_MAX)
            abort();      /* every name is NUL-terminated */
    free(line);
    return 0;
}
