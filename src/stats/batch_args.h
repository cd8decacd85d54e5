/*
 * batch_args — decoding and checking request arguments for batch.c.
 * Every decoder names the function and the argument in its message.
 */
#ifndef STEWARD_STATS_BATCH_ARGS_H
#define STEWARD_STATS_BATCH_ARGS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

/* A required number (JSON number or "nan"/"inf"/"-inf"). */
int arg_number(const json_t *args, const char *fn, const char *key,
               double *out, struct err *err) MUST_USE;
/* An optional number: dflt when absent. */
int arg_number_opt(const json_t *args, const char *fn, const char *key,
                   double dflt, double *out, struct err *err) MUST_USE;
/* A required array of numbers; *out is malloc'd (free it). */
int arg_array(const json_t *args, const char *fn, const char *key,
              double **out, size_t *n, struct err *err) MUST_USE;
/* An optional string from names[] (NULL-terminated); index into *out. */
int arg_enum(const json_t *args, const char *fn, const char *key,
             const char *const *names, int dflt, int *out,
             struct err *err) MUST_USE;
int arg_bool(const json_t *args, const char *fn, const char *key, int dflt,
             int *out, struct err *err) MUST_USE;
/* An optional non-negative integer (<= max). */
int arg_count(const json_t *args, const char *fn, const char *key,
              uint64_t dflt, uint64_t max, uint64_t *out,
              struct err *err) MUST_USE;
/* "alternative": two-sided (default), less, greater. */
int arg_alternative(const json_t *args, const char *fn, int *out,
                    struct err *err) MUST_USE;

#endif
