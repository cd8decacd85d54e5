/*
 * internal — the compiled form of a policy, shared by the parser, the
 * evaluator and the explainer. Nothing outside src/policy/ includes this.
 *
 * A policy compiles to two flat arrays: rules, and the conditions they own
 * (rule i owns conds[first, first+ncond) which must all hold, and
 * conds[unless, unless+nunless) of which none may hold). Each condition
 * names its field by enum, its operator by enum and its operand already
 * converted to the field's unit, so evaluation is a switch and a compare.
 */
#ifndef STEWARD_POLICY_INTERNAL_H
#define STEWARD_POLICY_INTERNAL_H

#include <stdint.h>
#include "policy/policy.h"

enum pfield {
    /* numbers, read from the request's fact table */
    F_CPUS, F_MEM, F_GPUS, F_TIME, F_DISK,
    F_CPU_HOURS, F_GPU_HOURS, F_MEM_GB_HOURS, F_RUNS,
    /* booleans, also in the fact table (0 or 1) */
    F_NETWORK, F_ENVELOPE, F_NOVEL, F_REPEAT, F_IN_CAMPAIGN, F_ANY,
    F_NUMERIC_END,
    /* names and strings */
    F_ROLE = F_NUMERIC_END, F_PRINCIPAL, F_COMMAND, F_WORKDIR, F_CAMPAIGN,
    F_TAG, F_PARAM,
    F_COUNT
};

enum pop { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_MATCH, OP_NMATCH,
           OP_TRUE };

/* How a field's value is written back in reasons. */
enum punit { U_NUMBER, U_SIZE, U_DURATION, U_BOOL, U_STRING, U_ROLE };

enum prole { ROLE_OWNER, ROLE_REVIEWER, ROLE_AGENT, ROLE_HUMAN };

struct pcond {
    uint8_t field;      /* enum pfield */
    uint8_t op;         /* enum pop */
    uint8_t negate;     /* written with "not" */
    uint8_t scope;      /* metrics: enum policy_scope */
    uint8_t window;     /* metrics: enum policy_window */
    uint8_t num_param;  /* F_PARAM: compare as number */
    double num;         /* operand, in base units (bytes, seconds, roles) */
    char *str;          /* operand string or glob */
    char *param;        /* F_PARAM: the parameter's name */
    char *scope_name;   /* metrics: a named account, or NULL for "mine" */
    uint32_t slot;      /* F_PARAM: index into policy->param_names */
};

/* A parameter name the policy mentions, for resolving a request's params
 * once per decision instead of once per condition. */
struct pparam {
    const char *name;   /* owned by policy->param_names */
    uint32_t slot;
};
#define PARAMS_MAX 1024     /* distinct param names per policy */
#define PARAMS_FAST 64      /* slots resolved up front; the rest on demand */

struct prule {
    uint8_t action;     /* enum policy_verdict */
    uint32_t first, ncond, unless, nunless;
    int file;           /* index into policy->files */
    int line;
    char *text;         /* the rule as written, whitespace collapsed */
};

#define POLICY_GATES_MAX 32
#define POLICY_SECRETS_MAX 256   /* secret paths per policy */
#define POLICY_BUDGETS_MAX 1000
/* Conditions of all rules together: 16 a rule on average. */
#define POLICY_CONDS_MAX ((size_t)POLICY_RULES_MAX * 16)

struct policy {
    struct prule *rules;
    size_t nrules, caprules;
    struct pcond *conds;
    size_t nconds, capconds;
    struct policy_budget *budgets;
    size_t nbudgets, capbudgets;
    char **secrets;
    size_t nsecrets, capsecrets;
    char **gates;
    size_t ngates, capgates;
    char **param_names;
    struct pparam *param_index;  /* sorted by name */
    size_t nparams, capparams;
    char **files;       /* display names (basenames) of files read */
    char **paths;       /* resolved paths, for cycle detection */
    size_t nfiles, capfiles, cappaths;
    int64_t review_expiry, approval_validity;
    int64_t retain_s, retain_last;   /* retain.c; 0 = not said */
    int retain_set;
    int require_token;
    unsigned accepted;  /* bit per enum policy_limit */
    int needs_usage;
    unsigned settings;  /* bit per setting already made (see set_once) */
    struct policy_promotion promotion;
    struct policy_gate gatedefs[POLICY_GATES_MAX];  /* promotion.c */
    size_t ngatedefs;
    struct policy_deploy deploy;
    int deploy_set, first_skips, rollback_by;
    struct policy_promotion review_quorum;  /* approvals a proposal needs */
    struct policy_defaults defaults;
    char hash[POLICY_HASH_HEX];
};

/* Field table (names, units, kinds) shared by parser and explainer. */
const char *pfield_name(int field);
int pfield_unit(int field);
int pfield_lookup(const char *s, size_t n);
const char *prole_name(int role);
const char *pop_text(int op, int negated);

/* Rendering of one fired entry as "gpus 2 > 1 (policy:7)". */
int policy_fired_reason(const struct policy *p,
                        const struct policy_request *req,
                        const struct policy_decision *d,
                        const struct policy_fired *f, char *out, size_t n);

/* Whether s matches the shell-style pattern (bytes; '*' crosses '/'). */
int policy_glob(const char *pattern, const char *s);

/* "did you mean" helper: the closest of `names` to s (NULL if none close). */
const char *policy_closest(const char *s, size_t n, const char *const *names,
                           size_t count);

/* Registers c->param and sets c->slot; -1 when there are too many. */
int policy_param_slot(struct policy *p, struct pcond *c);
/* Builds the sorted name index once parsing is done. */
int policy_param_index(struct policy *p);
/* The slot of a param name, or -1. */
int policy_param_find(const struct policy *p, const char *name);

#endif
