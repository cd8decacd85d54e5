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
    const char *home;            /* the project's .steward */
    int64_t run_id, exp_id;
    json_t *exp;                 /* the experiment row as JSON */
    json_t *manifest;            /* its approved snapshot's manifest */
    json_t *policy;              /* the dispatcher's runpolicy_verdict */
    char no_manifest[ERR_MSG_MAX];   /* why there is none */
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

/* The dispatcher's word on how a run executes (runpolicy.c): the
 * policy's secret paths to hide, or why the run is refused (ERR_DENIED):
 * an unreadable policy, or a limit this host cannot enforce that the
 * policy does not accept. Sent with the run. */
json_t *runpolicy_verdict(const char *home);
/* The supervisor's side: fills ctx->hidden (the state directory, then
 * the secrets) from the verdict, or refuses with its reason. */
int runpolicy_take(struct runctx *ctx, const json_t *verdict,
                   struct err *err) MUST_USE;

/* Builds ctx->env from the allow-list and the STEWARD_* variables. */
int runenv_build(struct runctx *ctx, struct err *err) MUST_USE;
void runenv_free(struct runctx *ctx);

/* How a run ended, as its supervisor saw it. */
struct run_outcome {
    const char *state;           /* succeeded, failed, timed_out, killed */
    const char *reason;
    int stopped;                 /* on request: the server words why */
    const struct sandbox_exit *exit;
    json_t *enforcement;         /* the sandbox's report, or NULL */
};

/* Removes the run's tree, collects its artifacts and writes end.json
 * (outcome.c). 0, or -1 after saying why on stderr. */
int outcome_write(struct runctx *ctx, const struct run_outcome *o);

#endif
