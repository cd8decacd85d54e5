/*
 * batch — the statistics library over JSON lines (`steward stats --batch`,
 * contract in shared/contracts/stats-batch.md).
 *
 * One request object per line, {"id", "fn", "args"}, one answer per line,
 * {"id", "result"} or {"id", "error"}, in order. Dispatch is one table
 * from fn name to a handler that decodes the arguments, calls the stats
 * API and encodes the result; the HTTP and MCP front ends can call
 * stats_batch_answer with objects they already hold.
 */
#ifndef STEWARD_STATS_BATCH_H
#define STEWARD_STATS_BATCH_H

#include <stdio.h>
#include <jansson.h>
#include "core/err.h"

/* Default and hard upper bound of one request line. */
#define STATS_BATCH_MAX_LINE ((size_t)64 << 20)

struct stats_batch_fn;
typedef int (*stats_batch_handler)(const struct stats_batch_fn *fn,
                                   const json_t *args, json_t *result,
                                   struct err *err);

struct stats_batch_fn {
    const char *name;
    const char *args;      /* for --help: the arguments it takes */
    const char *result;    /* for --help: the keys it answers */
    stats_batch_handler run;
    const char *params[3]; /* special functions: argument names */
    double (*f1)(double);
    double (*f2)(double, double);
    double (*f3)(double, double, double);
};

/* The catalogue, terminated by an entry with name NULL. */
const struct stats_batch_fn *stats_batch_catalogue(void);

/* The answer to one request (never NULL unless out of memory). */
json_t *stats_batch_answer(const json_t *request);

/* Reads requests from in until EOF, answering each on out and flushing.
 * Lines longer than max_line bytes are answered with an error and
 * skipped. Fails only on an output error. */
int stats_batch_run(FILE *in, FILE *out, size_t max_line,
                    struct err *err) MUST_USE;

#endif
