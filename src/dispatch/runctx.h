/* runctx — what a supervisor knows about the run it owns (internal). */
#ifndef STEWARD_DISPATCH_RUNCTX_H
#define STEWARD_DISPATCH_RUNCTX_H

#include "api/api.h"
#include "dispatch/livedigest.h"
#include "sandbox/sandbox.h"

#define RUN_ARGV_MAX 1024
#define RUN_ENV_MAX 256
#define RUN_HIDDEN_MAX 32

struct runctx {
    struct steward *s;
    int64_t run_id, exp_id;
    json_t *exp;                 /* the experiment row as JSON */
    char dir[API_PATH_MAX];      /* .steward/runs/<run> */
    char work[API_PATH_MAX];     /* dir/work: the run's cwd */
    char io[API_PATH_MAX];       /* dir/io: metrics + artifacts */
    char metrics[API_PATH_MAX];
    char out_log[API_PATH_MAX], err_log[API_PATH_MAX];
    const char *argv[RUN_ARGV_MAX + 1];
    char *env[RUN_ENV_MAX + 1];
    int nenv;
    const char *hidden[RUN_HIDDEN_MAX + 1];   /* state dir, then secrets */
    char hidden_buf[RUN_HIDDEN_MAX][API_PATH_MAX];
    int nhidden;
    struct livedigest *live;     /* the digest kept current; may be NULL */
    double started_s;
};

/* Reads the policy's secrets into ctx->hidden and refuses (ERR_DENIED) a
 * run whose limits this host cannot enforce unless the policy accepts it. */
int runpolicy_apply(struct runctx *ctx, struct err *err) MUST_USE;

/* Builds ctx->env from the allow-list and the STEWARD_* variables. */
int runenv_build(struct runctx *ctx, struct err *err) MUST_USE;
void runenv_free(struct runctx *ctx);

/* queued → running, recording this supervisor's identity. */
int record_start(struct runctx *ctx, struct err *err) MUST_USE;
/* running → final state with everything measured, one transaction. */
int record_end(struct runctx *ctx, const char *state, const char *reason,
               const struct sandbox_exit *ex, json_t *enforcement,
               struct err *err) MUST_USE;

#endif
