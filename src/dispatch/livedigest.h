/* livedigest — the run's digest kept current by its supervisor. */
#ifndef STEWARD_DISPATCH_LIVEDIGEST_H
#define STEWARD_DISPATCH_LIVEDIGEST_H

#include "api/api.h"
#include "digest/digest.h"

struct livedigest;

/* NULL when out of memory (the run goes on without a live digest). */
struct livedigest *livedigest_new(const char *run_dir, const char *metrics);
/* Feeds what was appended and, every few seconds, writes digest.json. */
void livedigest_tick(struct livedigest *ld, double started_s);
/* Feeds the rest (and stderr) and writes the final digest.json. */
void livedigest_finish(struct livedigest *ld, const char *run_dir,
                       const struct digest_runinfo *info);
void livedigest_free(struct livedigest *ld);

#endif
