/*
 * json — steward's conventions on top of jansson.
 *
 * Numbers that may be non-finite travel as the strings "nan", "inf" and
 * "-inf" (the machine-interface contracts fix this), and finite doubles are
 * written in the shortest form that reads back to the same double.
 */
#ifndef STEWARD_CORE_JSON_H
#define STEWARD_CORE_JSON_H

#include <jansson.h>
#include "core/err.h"

/* A JSON number, or one of "nan", "inf", "-inf", into *out. Fails on any
 * other value. */
int json_get_double(const json_t *v, double *out);

/* A double as JSON: a number when finite, else "nan" / "inf" / "-inf". */
json_t *json_from_double(double x);

/* Shortest "%.17g"-or-better text for a finite double ("0.1", "1e-300"). */
void json_format_double(double x, char *out, size_t n);

/* Dumps compactly, with doubles in their shortest round-trip form and keys
 * in insertion order. Returns a malloc'd string or NULL on failure. */
char *json_dump_compact(const json_t *v);

/* A new array holding, for each object of list, a new object with only
 * the members named in keys (NULL-terminated) that it has. */
json_t *json_pick_each(const json_t *list, const char *const *keys);

#endif
