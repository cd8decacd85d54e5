/* promote_int — the promote module's own parts; see promote.h. */
#ifndef STEWARD_PROMOTE_INT_H
#define STEWARD_PROMOTE_INT_H

#include "api/handle.h"
#include "policy/policy.h"
#include "promote/promote.h"

#define PROMOTE_TARGET "production"

struct candidate {
    int64_t id, exp, run, parent, size;
    char name[72];
    char path[API_PATH_MAX];
    char sha[65];
};

/* store.c: the tables of migration 9. */
int cand_insert(struct steward *s, struct candidate *c, const json_t *lineage,
                struct err *err) MUST_USE;
int cand_load(struct steward *s, int64_t id, struct candidate *c,
              struct err *err) MUST_USE;
/* The candidate row as JSON (lineage included). */
int cand_json(struct steward *s, int64_t id, json_t **out,
              struct err *err) MUST_USE;
int cand_ids(struct steward *s, json_t **ids, struct err *err) MUST_USE;
/* The pointer: *cand 0 when nothing is in production; *previous is what
 * the current candidate replaced (0 = none). */
int pointer_get(struct steward *s, const char *name, int64_t *cand,
                int64_t *previous, struct err *err) MUST_USE;
int pointer_move(struct steward *s, const char *name, int64_t cand,
                 int64_t previous, int64_t promo, const char *action,
                 const json_t *evidence, struct err *err) MUST_USE;

struct promotion {
    int64_t id, candidate;
    char state[16];
    char requester[128];
    char target[32];
};
int promo_load(struct steward *s, int64_t id, struct promotion *p,
               struct err *err) MUST_USE;

/* verify.c: the stored content of c still hashes to c->sha. */
int cand_verify(struct steward *s, const struct candidate *c,
                struct err *err) MUST_USE;
/* The stored content's path. */
int cand_store_path(struct steward *s, const struct candidate *c, char *out,
                    size_t n, struct err *err) MUST_USE;

/* status.c: the card of promotion p (gates, approvals, deploy grants)
 * and the fingerprint approvals are bound to. */
int promo_card(struct steward *s, const struct promotion *p, json_t **card,
               char fingerprint[65], struct err *err) MUST_USE;

/* evidence.c: facts for gate def about candidate c. */
struct gate_facts;
int evidence_gather(struct steward *s, const struct candidate *c,
                    const struct policy_gate *def, int64_t production_exp,
                    struct gate_facts *f, void **owned,
                    struct err *err) MUST_USE;
void evidence_release(void *owned);

/* pointer.c: one move of the pointer to c. */
struct move {
    const struct candidate *c;
    int64_t promo, previous;
    const char *action, *fp;     /* promote.deploy | promote.rollback */
    const char *reason;          /* the human's, for the history */
    const json_t *card;
    json_t *hook;
};
/* Runs the hook (if the policy has one; else verifies the artifact), then
 * in one transaction recheck(s, arg) and the move. m->hook is then the
 * hook's report (or NULL), the caller's to release. */
typedef int (*recheck_fn)(struct steward *s, void *arg, struct err *err);
int pointer_deploy(struct steward *s, struct move *m, recheck_fn recheck,
                   void *arg, struct err *err) MUST_USE;

/* deploy.c: runs the policy's hook (there must be one) on c, sandboxed. 0 when it exited 0;
 * *report says what ran and how it ended. */
int deploy_run(struct steward *s, const struct candidate *c,
               const struct policy *pol, json_t **report,
               struct err *err) MUST_USE;
/* The grants the deploy hook has, for the card. */
json_t *deploy_grants(const struct policy_deploy *d);

#endif
