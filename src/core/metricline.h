/*
 * metricline — one line of a run's metrics file, {"step":3,"loss":0.41}:
 * a flat JSON object of numbers (NaN and infinities as strings or as
 * Python's bare tokens). Anything else is a bad line. Shared by capture
 * and the digest so that both count the same lines as bad.
 */
#ifndef STEWARD_CORE_METRICLINE_H
#define STEWARD_CORE_METRICLINE_H

#include <stddef.h>
#include <stdint.h>

#define METRICS_NAME_MAX 128

struct metrics_point {
    char name[METRICS_NAME_MAX];
    double value;
};

/* Parses one line. Fills up to max points and *step (-1 when the line has
 * no "step"). Returns the number of points, or -1 for a bad line. */
int metrics_parse_line(const char *line, size_t len, int64_t *step,
                       struct metrics_point *points, int max);

#endif
