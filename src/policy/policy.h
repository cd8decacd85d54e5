/*
 * policy — the rule language humans write to say what agents may run.
 *
 * A policy is a small text file (.steward/policy) read like pf.conf:
 *
 *     deny network unless role owner
 *     review gpus > 1
 *     auto cpu-hours <= 0.5 and <= 4 per agent per day
 *     budget 100 cpu-hours per agent per week
 *
 * This module owns the language: its parser (errors at file:line:col with a
 * hint), the compiled form (a flat array of conditions whose fields are
 * resolved at parse time, so evaluation never compares field names), the
 * evaluator ("most restrictive wins": any matching deny → deny, else any
 * matching review → review, else a matching auto → auto, else review; a
 * request that would overspend a budget it belongs to is denied), the
 * explainer, and the accessors other modules read (budgets, review expiry,
 * promotion requirements, secrets, token requirement, default limits).
 *
 * It fails closed. A missing or unreadable file, a parse error anywhere, an
 * include cycle, a request value the rules cannot judge, a usage callback
 * that cannot answer: each yields a deny decision whose reason starts with
 * "policy error:". Nothing here ever answers "auto" because something broke.
 *
 * The policy version is the SHA-256 of the bytes of the file and of every
 * file it includes, in the order they were read; every decision carries it.
 * docs/policy.md is the language reference.
 */
#ifndef STEWARD_POLICY_POLICY_H
#define STEWARD_POLICY_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/err.h"

#define POLICY_HASH_HEX 65        /* 64 hex digits and a NUL */
#define POLICY_FILE_MAX (1 << 20) /* bytes per policy file */
#define POLICY_INCLUDE_DEPTH 8    /* nested includes */
#define POLICY_FILES_MAX 64       /* files per policy, includes counted */
#define POLICY_TOTAL_MAX (4 << 20) /* bytes of all files together */
#define POLICY_RULES_MAX 10000
#define POLICY_FIRED_MAX 32       /* rules recorded per decision */
#define POLICY_DIAG_MAX 64        /* errors kept by one check */

struct policy;

enum policy_verdict { POLICY_DENY, POLICY_REVIEW, POLICY_AUTO };

/* What a rolling sum or a budget counts. */
enum policy_metric {
    POLICY_CPU_HOURS, POLICY_GPU_HOURS, POLICY_MEM_GB_HOURS, POLICY_RUNS,
    POLICY_METRIC_COUNT
};
/* Whose work a rolling sum adds up. RUN is the request alone. */
enum policy_scope {
    POLICY_SCOPE_RUN, POLICY_SCOPE_PRINCIPAL, POLICY_SCOPE_ROLE,
    POLICY_SCOPE_CAMPAIGN, POLICY_SCOPE_GLOBAL, POLICY_SCOPE_COUNT
};
/* Rolling windows: the last 24 hours, the last 7 days, or all time. */
enum policy_window {
    POLICY_WINDOW_NONE, POLICY_WINDOW_DAY, POLICY_WINDOW_WEEK,
    POLICY_WINDOW_TOTAL, POLICY_WINDOW_COUNT
};
/* Which recorded work a rolling sum covers. Auto rules count only work that
 * policy auto-approved (so humans' approvals do not eat an agent's
 * allowance); budgets and deny/review rules count all approved work. Both
 * include reserved-but-unsettled work. */
enum policy_usage_kind { POLICY_USAGE_APPROVED, POLICY_USAGE_AUTO };

/*
 * The caller's rolling sum of `metric` over `window` for the account named
 * by scope and scope_name (principal name, role name, campaign name; NULL
 * for the global scope), not counting the request being decided. Return a
 * finite value >= 0; NaN or a negative value means "cannot tell", and the
 * decision fails closed.
 */
typedef double (*policy_usage_fn)(void *ctx, enum policy_metric metric,
                                  enum policy_scope scope,
                                  const char *scope_name,
                                  enum policy_window window,
                                  enum policy_usage_kind kind);

/* Limits a sandbox may be unable to enforce, and default limits. */
enum policy_limit {
    POLICY_LIMIT_CPUS, POLICY_LIMIT_MEM, POLICY_LIMIT_GPUS, POLICY_LIMIT_TIME,
    POLICY_LIMIT_DISK, POLICY_LIMIT_NETWORK, POLICY_LIMIT_PIDS,
    POLICY_LIMIT_COUNT
};

/*
 * The facts of one proposal, filled by the caller. Strings are borrowed for
 * the duration of policy_decide. Start from policy_request_init (all zero,
 * NULL strings), then set what is known; policy_request_apply_defaults
 * fills unset (zero) cpus, mem, time and disk from the policy's defaults.
 */
struct policy_request {
    const char *principal;   /* name of the proposer */
    const char *role;        /* "owner", "reviewer" or "agent" */
    const char *command;     /* argv joined with spaces */
    const char *workdir;
    const char *campaign;    /* NULL when not part of a campaign */
    double cpus;
    int64_t mem_bytes;
    double gpus;
    int64_t time_seconds;
    int64_t disk_bytes;
    int network;             /* asks for network access */
    const json_t *params;    /* object of numbers and strings, or NULL */
    const char *const *tags;
    size_t ntags;
    int in_envelope;         /* inside an approved campaign envelope */
    const char *envelope_reason;  /* why (or why not), for the explanation */
    int campaign_novel;      /* its campaign has no approved envelope yet */
    int repeat_of_failed;    /* repeats a configuration that failed */
    policy_usage_fn usage;   /* rolling sums; NULL if no rule needs them */
    void *usage_ctx;
};

enum policy_fired_kind {
    POLICY_FIRED_MATCH,    /* a deny/review/auto rule whose conditions held */
    POLICY_FIRED_UNMET,    /* an auto rule that did not hold, and why */
    POLICY_FIRED_BUDGET,   /* the request would overspend a budget */
    POLICY_FIRED_DEFAULT,  /* no rule matched: review by default */
    POLICY_FIRED_ERROR,    /* policy error: deny */
};

/* One entry of a decision's explanation, kept compact so that deciding
 * formats no text; policy_decision_json renders it. */
struct policy_fired {
    uint8_t kind;          /* enum policy_fired_kind */
    int32_t index;         /* rule index, or budget index for BUDGET */
    int32_t cond;          /* the condition that failed (UNMET), else -1 */
    double used;           /* rolling sum before this request (BUDGET/UNMET) */
};

/* A rolling sum the decision asked for, kept so that explanations show
 * the numbers the decision saw (and the callback is asked once per key). */
#define POLICY_USAGE_SEEN 16
struct policy_usage_seen {
    uint8_t metric, scope, window, kind;
    const char *name;      /* borrowed from the policy or the request */
    double value;
};

struct policy_decision {
    enum policy_verdict verdict;
    char hash[POLICY_HASH_HEX];  /* "" when no policy could be loaded */
    size_t nfired;
    struct policy_fired fired[POLICY_FIRED_MAX];
    size_t dropped;              /* fired entries beyond POLICY_FIRED_MAX */
    char error[ERR_MSG_MAX];     /* "policy error: ..." when failed closed */
    size_t nseen;
    struct policy_usage_seen seen[POLICY_USAGE_SEEN];
};

/* One parse error, for `steward policy check`. */
struct policy_diag {
    char file[256];
    int line, col;
    char msg[256];
    char hint[384];
};

struct policy_diags {
    size_t n;
    size_t dropped;
    struct policy_diag items[POLICY_DIAG_MAX];
};

/* ---- loading ---- */

/* A loaded policy is read-only: any number of threads may decide with it
 * at once. */

/* Reads and compiles the policy at path (and its includes). On failure *out
 * is NULL and err says "policy error: file:line:col: ..." for the first
 * problem; diags (may be NULL) receives all of them. */
int policy_load(const char *path, struct policy **out,
                struct policy_diags *diags, struct err *err) MUST_USE;
/* Compiles text as if read from `filename` (includes resolve relative to
 * its directory; filename may be NULL for "<string>"). */
int policy_parse(const char *text, size_t len, const char *filename,
                 struct policy **out, struct policy_diags *diags,
                 struct err *err) MUST_USE;
void policy_free(struct policy *p);

/* Hex SHA-256 of the policy's bytes (file and includes). */
const char *policy_hash(const struct policy *p);
size_t policy_rule_count(const struct policy *p);

/* The policy `steward init` writes: commented, conservative. */
const char *policy_default_text(void);

/* Finds the project's policy file: $STEWARD_HOME/policy if STEWARD_HOME is
 * set, else .steward/policy in the nearest directory from cwd upwards. */
int policy_find_default(char *out, size_t n, struct err *err) MUST_USE;

/* ---- deciding ---- */

void policy_request_init(struct policy_request *req);
void policy_request_apply_defaults(const struct policy *p,
                                   struct policy_request *req);

/*
 * Decides req under p. Always fills *out with a verdict. Returns 0 for a
 * decision the rules made; on an error (p NULL, an unjudgeable value, the
 * usage callback failing) returns a negative code, fills err, and *out is a
 * deny whose reason starts with "policy error:" — fail closed.
 */
int policy_decide(const struct policy *p, const struct policy_request *req,
                  struct policy_decision *out, struct err *err);

/* Fills *out as the fail-closed deny for an error that happened before
 * deciding (e.g. policy_load failed). */
void policy_decision_fail(struct policy_decision *out, const char *why);

const char *policy_verdict_name(enum policy_verdict v);

/* The decision as JSON for storage and explanation:
 *   {"verdict":"review","reasons":["gpus 2 > 1 (policy:7)",…],
 *    "policy_hash":"…","rules":[{"kind":"match","action":"review",
 *    "file":"policy","line":7,"rule":"review gpus > 1",
 *    "reason":"gpus 2 > 1 (policy:7)"}…],"error":null,"dropped":0}
 * "reasons" lists the entries that produced the verdict first, so
 * reasons[0] alone says why; "rules" keeps policy order.
 * p and req must be the ones decided with (p may be NULL for a failed
 * decision). Returns NULL only when out of memory. */
json_t *policy_decision_json(const struct policy *p,
                             const struct policy_request *req,
                             const struct policy_decision *d);

/* Load, decide and render in one call, for callers that decide rarely:
 * *decision is always set (a deny "policy error: ..." when the file is
 * missing or broken or the request cannot be judged). Returns 0, or
 * ERR_INTERNAL when out of memory (and then *decision is NULL). */
int policy_decide_path(const char *path, const struct policy_request *req,
                       json_t **decision, struct err *err) MUST_USE;

/* Decision JSON → human text, one line per fired rule with its values. */
int policy_explain(const json_t *decision, char **text,
                   struct err *err) MUST_USE;

/* Decides every request under both policies and reports those whose
 * verdict changes: [{"index":i,"before":"review","after":"auto",
 * "before_reasons":[...],"after_reasons":[...]}]. Either policy may be
 * NULL (fails closed). */
int policy_diff(const struct policy *before, const struct policy *after,
                const struct policy_request *reqs, size_t nreqs,
                json_t **out, struct err *err) MUST_USE;

/* A request from JSON, for `steward policy eval` and tests. Keys as in
 * struct policy_request ("command" may be a string or an argv array; mem
 * and disk accept "4G" or bytes; time accepts "2h" or seconds); unknown
 * keys are errors. Strings and params point into `j`, which must outlive
 * the request. An optional "usage" object serves rolling sums through
 * policy_json_usage: {"cpu-hours principal day": 3.5} (all approved work)
 * and {"auto cpu-hours principal day": 3} (auto-approved work; falls back
 * to the plain key when absent); absent keys are 0. */
#define POLICY_JSON_TAGS 64
struct policy_json_request {
    struct policy_request req;
    const char *tags[POLICY_JSON_TAGS];
    char command[4096];
};
int policy_request_from_json(const json_t *j, struct policy_json_request *out,
                             struct err *err) MUST_USE;
double policy_json_usage(void *ctx, enum policy_metric metric,
                         enum policy_scope scope, const char *scope_name,
                         enum policy_window window,
                         enum policy_usage_kind kind);

/* ---- what other modules read ---- */

struct policy_budget {
    enum policy_scope scope;    /* PRINCIPAL, ROLE, CAMPAIGN or GLOBAL */
    const char *name;           /* NULL: one account for each name */
    enum policy_metric metric;
    enum policy_window window;  /* DAY, WEEK or TOTAL */
    double limit;
    int line;
    const char *file;
};
size_t policy_budget_count(const struct policy *p);
const struct policy_budget *policy_budget_at(const struct policy *p, size_t i);

/* Seconds a pending review waits before it expires, and an approval stays
 * valid before its run must have started. Default 24h each. */
int64_t policy_review_expiry(const struct policy *p);
int64_t policy_approval_validity(const struct policy *p);

/* The `retain logs and artifacts ...` statement (retain.c): seconds and
 * number of runs to keep, each -1 when not said. Returns 1 when the
 * policy has the statement. */
int policy_retention(const struct policy *p, int64_t *seconds,
                     int64_t *last);

enum policy_approvers {
    POLICY_APPROVERS_HUMANS, POLICY_APPROVERS_OWNERS,
    POLICY_APPROVERS_REVIEWERS
};
struct policy_promotion {
    int approvals;              /* distinct approvals needed (default 1) */
    int distinct_from_requester;/* the requester's approval never counts */
    enum policy_approvers from;
    size_t ngates;
    const char *const *gates;   /* names the promote module interprets */
};
const struct policy_promotion *policy_promotion(const struct policy *p);

/* What satisfies a gate (`promotion gate NAME is ...`, promotion.c): a
 * stored comparison showing the candidate's run better than production's
 * on metric at alpha, or runs tagged `tag` (naming the candidate by the
 * param `candidate`) that all pass check. */
enum policy_gate_kind { POLICY_GATE_COMPARISON, POLICY_GATE_RUNS };
enum policy_gate_check { POLICY_CHECK_EXIT0, POLICY_CHECK_LE,
                         POLICY_CHECK_GE };
#define POLICY_GATE_TEXT 64
struct policy_gate {
    char name[POLICY_GATE_TEXT];
    enum policy_gate_kind kind;
    char metric[POLICY_GATE_TEXT];  /* compared, or checked by LE/GE */
    double alpha;                   /* comparison */
    char tag[POLICY_GATE_TEXT];     /* runs */
    enum policy_gate_check check;   /* runs */
    double value;                   /* LE/GE bound */
    int line;
};
/* The definition of gate name, or NULL when the policy gives none. */
const struct policy_gate *policy_gate_find(const struct policy *p,
                                           const char *name);

/* `promotion deploy "COMMAND" within DURATION [with network] [reading
 * "PATH" {, "PATH"}]`: the hook run, sandboxed, on the final approval. */
#define POLICY_DEPLOY_READS 8
struct policy_deploy {
    char command[1024];     /* split on blanks; the artifact path appended */
    int64_t time_s;         /* default 300 */
    int network;
    size_t nreads;
    char reads[POLICY_DEPLOY_READS][256];  /* credential files it may read */
};
/* The deploy hook, or NULL when the policy names none. */
const struct policy_deploy *policy_deploy(const struct policy *p);
/* `promotion first skips comparisons`: with nothing in production yet,
 * comparison gates hold (there is nothing to beat). Default: they do not,
 * so a first promotion needs the policy's word. */
int policy_first_skips_comparisons(const struct policy *p);
/* `promotion rollback by owners|reviewers|humans` (default owners). */
enum policy_approvers policy_rollback_by(const struct policy *p);
/* Approvals a proposal waiting for review needs (`review needs N
 * approvals from humans other than the proposer`); default 1 from any
 * human. */
const struct policy_promotion *policy_review_quorum(const struct policy *p);

size_t policy_secret_count(const struct policy *p);
const char *policy_secret_at(const struct policy *p, size_t i);
/* A path the policy names (a secret, a file the deploy hook may read)
 * with a leading ~ as $HOME (/root without one), into out (n bytes).
 * ERR_USER rather than a cut path, which would be another file: hidden
 * in place of the secret, or copied to the hook. */
int policy_path_expand(const char *path, char *out, size_t n,
                       struct err *err) MUST_USE;
int policy_require_token(const struct policy *p);
/* Whether the policy file at path (or a file it includes) says `require
 * token`, read by a tolerant scan that does not need the policy to parse:
 * identity never depends on a successful parse. */
int policy_file_requires_token(const char *path);
/* Whether the policy accepts running with `limit` unenforced. */
int policy_accepts_unenforced(const struct policy *p, enum policy_limit limit);
const char *policy_limit_name(enum policy_limit limit);

/* Limits for proposals that name none (GPUs have no default: 0). */
struct policy_defaults {
    double cpus;
    int64_t mem_bytes;
    int64_t time_seconds;
    int64_t disk_bytes;
};
/* The policy's `default` statement over the built-in table; NULL p: the
 * built-in table (1 cpu, 2G mem, 1h, 10G disk), the only one in code. */
const struct policy_defaults *policy_defaults(const struct policy *p);
const struct policy_defaults *policy_builtin_defaults(void);

const char *policy_metric_name(enum policy_metric m);
const char *policy_scope_name(enum policy_scope s);
const char *policy_window_name(enum policy_window w);

#endif
