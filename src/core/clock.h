/* clock — wall and monotonic time in the units steward stores. */
#ifndef STEWARD_CORE_CLOCK_H
#define STEWARD_CORE_CLOCK_H

#include <stdint.h>
#include <stddef.h>

/* Milliseconds since the Unix epoch (wall clock; stored in the database). */
int64_t clock_wall_ms(void);
/* Nanoseconds of a monotonic clock (for durations and timeouts). */
int64_t clock_mono_ns(void);
/* "2026-12-02T10:11:12.345Z" for a wall time in ms. */
void clock_format_iso(int64_t ms, char *out, size_t n);

#endif
