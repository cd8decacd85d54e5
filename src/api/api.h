/*
 * api — the one library API every front end calls (CLI today; HTTP and
 * MCP next). No front end touches the database: they open a project, act
 * as a principal, and call these functions, which validate input, check
 * the state machine, and commit each mutation together with its ledger
 * entry in one transaction. Reads return JSON objects so that every front
 * end renders the same facts.
 */
#ifndef STEWARD_API_API_H
#define STEWARD_API_API_H

#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>
#include "core/err.h"

#define STEWARD_DIR "steward"          /* .steward */
#define API_PATH_MAX 4096

struct principal {
    char name[128];   /* "user:alice", "token:planner" */
    char role[16];    /* "owner", "reviewer", "agent", "" = nobody */
};

/* A project opened for a principal. Opaque: front ends see operations
 * and JSON only (api/handle.h is for the library's own modules). */
struct steward;

/* Creates .steward/ in dir (database, policy, runs/). Fails if it exists. */
int steward_init(const char *dir, struct err *err) MUST_USE;

/* Opens the project found from $STEWARD_HOME or by walking up from the
 * current directory, acting as the principal the environment names. */
int steward_open(struct steward **out, struct err *err) MUST_USE;
void steward_close(struct steward *s);

/* Opens home acting for a peer the server vouches for (see
 * principal_resolve_peer). */
int steward_open_peer(const char *home, uid_t uid, const char *agent,
                      const char *token, struct steward **out,
                      struct err *err) MUST_USE;

/* Makes an open handle act for another peer the server vouches for, so
 * that one handle serves many requests. What steward_open does besides
 * (runs whose supervisor is gone marked lost, stale work expired) is the
 * dispatcher's job while a server runs: about once a second. */
int steward_act_for(struct steward *s, uid_t uid, const char *agent,
                    const char *token, struct err *err) MUST_USE;

/* Every ledger entry in order, as JSON objects, to fn (which returns
 * non-zero to stop). */
int steward_ledger_each(struct steward *s, int (*fn)(json_t *entry,
                        void *ctx), void *ctx, struct err *err) MUST_USE;

/* Who this handle acts for. */
const struct principal *steward_who(const struct steward *s);
/* The project directory and its .steward directory. */
const char *steward_root(const struct steward *s);
const char *steward_home(const struct steward *s);

/* Same, for a known .steward directory (supervisors, tests). */
int steward_open_home(const char *home, struct steward **out,
                      struct err *err) MUST_USE;

/* ---- proposals ---------------------------------------------------- */

struct proposal {
    const char *name;
    char *const *argv;          /* NULL-terminated */
    const char *workdir;        /* absolute; snapshotted at proposal */
    json_t *params;             /* object: name -> string or number */
    double cpus;
    int64_t mem_bytes;
    int64_t gpus;
    int64_t time_s;
    int64_t disk_bytes;
    int network;
    json_t *tags;               /* array of strings, or NULL */
    const char *rationale;
    const char *campaign;       /* NULL = none */
    const char *snapshot;       /* hash of a recorded snapshot of workdir;
                                   NULL: taken now (direct mode) */
};

/* Clears p. Resources left 0 (cpus, mem, time, disk) get the policy's
 * `default` limits when proposed: one source of defaults. */
void proposal_defaults(struct proposal *p);

/* The environment name of param name inside a run (STEWARD_PARAM_ and
 * this: upper case, anything but letters and digits as '_'). */
void proposal_param_env(const char *name, char *out, size_t n);

/* Parses "name=value" into params (numbers stay numbers); refuses a name
 * given twice or one whose environment name another already has. */
int proposal_add_param(json_t *params, const char *text,
                       struct err *err) MUST_USE;

/* Records a proposal and the policy's decision on it. *id is set even when
 * the policy denies (the denied proposal is on record); the return value is
 * then ERR_DENIED. *decision (caller owns) holds verdict and reasons. */
int steward_propose(struct steward *s, const struct proposal *p, int64_t *id,
                    json_t **decision, struct err *err) MUST_USE;

/* Same, running hook(s, id, decision, ctx) inside the proposal's own
 * transaction, so that whatever the caller records about the proposal
 * (a campaign's trial bookkeeping) commits with it or not at all. */
typedef int (*propose_hook)(struct steward *s, int64_t id,
                            const json_t *decision, void *ctx,
                            struct err *err);
int steward_propose_hooked(struct steward *s, const struct proposal *p,
                           propose_hook hook, void *ctx, int64_t *id,
                           json_t **decision, struct err *err) MUST_USE;

/* What a client read and sent with this request (server request
 * children), the request's "snapshot" object: {"manifest"} of root, which
 * steward_snapshot of root records instead of reading the tree;
 * {"contents": {sha: base64}} and {"part": {"sha", "offset", "total",
 * "data"}} for steward_upload; {"ask": [sha...]} for steward_uploaded.
 * ERR_USER, and nothing taken, when root does not fit a path. */
int steward_snapshot_sent(const char *root, json_t *snapshot,
                          struct err *err) MUST_USE;

/* Stores the contents sent with this request (each only if it hashes to
 * its name) and records them as sent by the principal; appends a part of
 * a large content to the principal's upload of it, stored when complete.
 * *report = {"stored": N, "part": {"sha", "have"}} (part when sent). */
int steward_upload(struct steward *s, json_t **report,
                   struct err *err) MUST_USE;
/* Of the hashes asked, those this principal sent before and the store
 * still holds: a snapshot may name them without sending them again. */
int steward_uploaded(struct steward *s, json_t **list,
                     struct err *err) MUST_USE;

/* Where a proposal is made: the directory whose snapshot the client sent,
 * else the current directory. 0 or -1. */
int steward_workdir(char *out, size_t n);

/* Snapshots dir now, with the caller's own permissions (the policy's
 * secrets and .steward left out, at most max_bytes), into the project's
 * content store; hash names the recorded snapshot. */
int steward_snapshot(struct steward *s, const char *dir, int64_t max_bytes,
                     char hash[65], struct err *err) MUST_USE;

/* Removes what nothing references (snapshots, stored contents, artifacts,
 * temp files), with a ledger entry; owners only. See snapshot_gc. */
int steward_gc(struct steward *s, json_t **report, struct err *err) MUST_USE;

/* Checks that experiment id is still what was decided and approved: its
 * content hash recomputed from the row equals the stored one, the one the
 * ledger's proposal entry holds, and every approval's. ERR_CONFLICT names
 * the first mismatch. */
int steward_check_binding(struct steward *s, int64_t id,
                          struct err *err) MUST_USE;

/* Approves (approve = 1) or rejects a proposal waiting for review. */
int steward_review(struct steward *s, int64_t id, int approve,
                   const char *reason, struct err *err) MUST_USE;

/* Cancels an approved, queued or running experiment. */
int steward_cancel(struct steward *s, int64_t id, const char *reason,
                   struct err *err) MUST_USE;

/* Asks the supervisor of a running experiment to stop it (SIGTERM; the
 * run ends `killed`). */
int steward_stop_run(struct steward *s, int64_t id, struct err *err) MUST_USE;
/* Same, saying why ("pruned at step 60 (rung 1)"): the run's end reason. */
int steward_stop_run_why(struct steward *s, int64_t id, const char *why,
                         struct err *err) MUST_USE;

/* ---- governance (owner / reviewer) ------------------------------- */

/* Creates a token for role; its text (shown once) goes to out. */
int steward_token_create(struct steward *s, const char *name, const char *role,
                         int64_t ttl_s, char *out, size_t n,
                         struct err *err) MUST_USE;
/* Same, for a human's token, naming the person it belongs to (NULL: the
 * person named like the token, made if none is). One person with two
 * tokens is one person: quorums count persons. */
int steward_token_create_for(struct steward *s, const char *name,
                             const char *role, const char *person,
                             int64_t ttl_s, char *out, size_t n,
                             struct err *err) MUST_USE;
int steward_token_revoke(struct steward *s, const char *name,
                         struct err *err) MUST_USE;
int steward_token_list(struct steward *s, json_t **out,
                       struct err *err) MUST_USE;

/* People: who a Unix uid is, with a role (owners only change it; uid -1
 * = a person known only by tokens). [{"name","uid","role",...}] */
int steward_person_add(struct steward *s, const char *name, int64_t uid,
                       const char *role, struct err *err) MUST_USE;
int steward_person_remove(struct steward *s, const char *name,
                          struct err *err) MUST_USE;
int steward_people(struct steward *s, json_t **out, struct err *err) MUST_USE;

/* Agent sessions (`steward agent`): start and end are ledger entries;
 * humans (owner, reviewer) launch them. */
int steward_agent_valid_name(const char *name);
int steward_agent_begin(struct steward *s, const char *name, const char *dir,
                        struct err *err) MUST_USE;
int steward_agent_end(struct steward *s, const char *name,
                      const char *outcome, struct err *err) MUST_USE;
/* Sessions not ended: [{"name", "dir"}]. */
int steward_agent_live(struct steward *s, json_t **out,
                       struct err *err) MUST_USE;

/* Halts dispatch for scope ("global" or "campaign:NAME"). */
int steward_halt(struct steward *s, const char *scope, const char *reason,
                 struct err *err) MUST_USE;
/* Halts scope and ends its work: queued experiments are cancelled in the
 * halt's own transaction, running ones asked to stop (*stopped counts
 * them; they end `killed`). */
int steward_halt_kill(struct steward *s, const char *scope,
                      const char *reason, int *stopped,
                      struct err *err) MUST_USE;
/* Lifts the halt on scope; only humans may. */
int steward_resume(struct steward *s, const char *scope, const char *reason,
                   struct err *err) MUST_USE;
/* Halts in force: [{"scope", "reason", "by", "since_ms"}]. */
int steward_halts(struct steward *s, json_t **out, struct err *err) MUST_USE;

/* Checks FILE and installs it as the project's policy, with a ledger
 * entry holding the old and new hashes; owners only. In the same
 * transaction the new policy decides waiting and approved work again
 * (api/redecide.c): *redecided lists what changed ([{"id", "from",
 * "state", "approvals_void", "why", "decision"}]). */
int steward_policy_apply(struct steward *s, const char *file, char *hash,
                         size_t n, json_t **redecided,
                         struct err *err) MUST_USE;

/* The stored decision of experiment id as text, one line per rule. */
int steward_explain(struct steward *s, int64_t id, char **text,
                    struct err *err) MUST_USE;
/* What the policy file new_path would decide differently from the current
 * policy for the last last_n proposals: [{"id", "before", "after",
 * "before_reasons", "after_reasons"}]. */
int steward_policy_diff(struct steward *s, const char *new_path, int last_n,
                        json_t **out, struct err *err) MUST_USE;

/* Every budget account of the policy: [{"scope", "name", "metric",
 * "window", "limit", "reserved", "spent", "remaining", "line"}]. */
int steward_budgets(struct steward *s, json_t **out, struct err *err)
    MUST_USE;

/* Attention figures, for one campaign or (NULL) the whole project. */
int steward_attention(struct steward *s, const char *campaign, json_t **out,
                      struct err *err) MUST_USE;

/* The last value of metric for each experiment of group ("7", "7,8,9"
 * or "campaign:NAME"); *values is malloc'd. */
int steward_group_values(struct steward *s, const char *group,
                         const char *metric, double **values, size_t *n,
                         struct err *err) MUST_USE;
/* The content-addressed path of artifact name (a path relative to
 * $STEWARD_ARTIFACTS) of experiment id's latest run. */
int steward_artifact_path(struct steward *s, int64_t id, const char *name,
                          char *out, size_t n, struct err *err) MUST_USE;
/* Stores a comparison's result (and a ledger entry); *id cites it. */
int steward_record_comparison(struct steward *s, const char *a, const char *b,
                              const json_t *result, int64_t *id,
                              struct err *err) MUST_USE;

/* What differs between experiment exp (as from steward_show) and the most
 * similar earlier one (same command, most params in common): {"id",
 * "state", "params": {name: {"was","now"}}, "resources": {...}}; *out is
 * NULL when there is none. */
int steward_similar(struct steward *s, const json_t *exp, json_t **out,
                    struct err *err) MUST_USE;
/* Adds to exp (as from steward_list or steward_show) what a review card
 * shows beyond the record: "similar" (above) and "code_diff", the unified
 * diffs of the files that differ from it ([{"path", "change", "diff",
 * "truncated"} or {"path", "change", "note"}], removed files last, at
 * most 20 files and 64 KiB). Best effort: nothing is added on failure. */
void steward_card_extras(struct steward *s, json_t *exp);

/* ---- the record ---------------------------------------------------- */

/* Verifies the hash chain, then that the tables (experiments, approvals,
 * halts, tokens, policy; budgets through the experiments) follow from a
 * replay of it, then (checkpoint != NULL) that the ledger extends the
 * signed checkpoint in that file. *report = {"ok", "entries", "head",
 * "first_bad", "problem", "checkpoint"}: problem names the first
 * mismatch. */
int steward_ledger_verify(struct steward *s, const char *checkpoint,
                          json_t **report, struct err *err) MUST_USE;
/* The head signed with the project's Ed25519 key: {"format", "seq",
 * "head", "time_ms", "public_key", "signature"}; keep it elsewhere. */
int steward_ledger_checkpoint(struct steward *s, json_t **out,
                              struct err *err) MUST_USE;

/* ---- reads -------------------------------------------------------- */

/* The full record of one experiment: proposal, decision, reviews, run. */
int steward_show(struct steward *s, int64_t id, json_t **out,
                 struct err *err) MUST_USE;

/* Same without the read grant check, for steward's own processes (the
 * supervisor, the audit, the policy re-check) acting on a principal's
 * behalf after their own check. */
int steward_load(struct steward *s, int64_t id, json_t **out,
                 struct err *err) MUST_USE;

/* Experiments in the given states (NULL = all), newest last. The read
 * grant is checked here and in show, metrics and run_dir. */
int steward_list(struct steward *s, const char *const *states, json_t **out,
                 struct err *err) MUST_USE;

/* Metrics of an experiment's latest run: {"name": [[step, value]...]}. */
int steward_metrics(struct steward *s, int64_t id, json_t **out,
                    struct err *err) MUST_USE;

/* Paths of the experiment's latest run's files (stdout/stderr/metrics). */
int steward_run_dir(struct steward *s, int64_t id, char *out, size_t n,
                    struct err *err) MUST_USE;

/* Records that principal tried something its role may not do, then
 * returns ERR_FORBIDDEN with a message. */
int steward_forbid(struct steward *s, const char *action, const char *object,
                   struct err *err);

#endif
