/*
 * report — a decision as JSON (what the store keeps), as text (what
 * `steward policy explain` prints), and the diff of two policies over a
 * list of requests (what a human reads before switching versions).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "policy/internal.h"

#define EXPLAIN_MAX (64 * 1024)

static const char *kind_name(int kind)
{
    static const char *const n[] = {"match", "unmet", "budget", "default",
                                    "error"};
    return kind >= 0 && kind <= POLICY_FIRED_ERROR ? n[kind] : "error";
}

static const char *fired_action(const struct policy *p,
                                const struct policy_fired *f)
{
    if (f->kind == POLICY_FIRED_MATCH || f->kind == POLICY_FIRED_UNMET)
        return policy_verdict_name(p->rules[f->index].action);
    return f->kind == POLICY_FIRED_DEFAULT ? "review" : "deny";
}

static json_t *fired_json(const struct policy *p,
                          const struct policy_request *req,
                          const struct policy_decision *d,
                          const struct policy_fired *f)
{
    char reason[1024];
    const char *file = NULL, *text = NULL;
    int line = 0;
    if (f->kind == POLICY_FIRED_ERROR)
        snprintf(reason, sizeof reason, "%s", d->error);
    else
        (void)policy_fired_reason(p, req, d, f, reason, sizeof reason);
    if (p && (f->kind == POLICY_FIRED_MATCH || f->kind == POLICY_FIRED_UNMET)) {
        const struct prule *r = &p->rules[f->index];
        file = p->files[r->file];
        line = r->line;
        text = r->text;
    } else if (p && f->kind == POLICY_FIRED_BUDGET) {
        file = p->budgets[f->index].file;
        line = p->budgets[f->index].line;
    }
    return json_pack("{s:s,s:s,s:s?,s:i,s:s?,s:s}", "kind",
                     kind_name(f->kind), "action",
                     p ? fired_action(p, f) : "deny", "file", file,
                     "line", line, "rule", text, "reason", reason);
}

/* Whether a fired entry is one that produced the verdict (as opposed to a
 * milder rule that also matched, or an auto rule that did not apply). */
static int decisive(const struct policy *p, const struct policy_decision *d,
                    const struct policy_fired *f)
{
    if (f->kind == POLICY_FIRED_MATCH)
        return p->rules[f->index].action == d->verdict;
    return f->kind != POLICY_FIRED_UNMET;
}

/* The reasons as plain strings, those that decided first, so that
 * reasons[0] alone says why. */
static json_t *reasons_json(const struct policy *p,
                            const struct policy_decision *d,
                            const json_t *rules)
{
    json_t *out = json_array();
    for (int pass = 0; out && pass < 2; pass++)
        for (size_t i = 0; i < d->nfired; i++) {
            int first = !p || decisive(p, d, &d->fired[i]);
            if (first == !pass)
                json_array_append(out, json_object_get(
                    json_array_get(rules, i), "reason"));
        }
    return out;
}

json_t *policy_decision_json(const struct policy *p,
                             const struct policy_request *req,
                             const struct policy_decision *d)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < d->nfired; i++)
        if (json_array_append_new(rules, fired_json(p, req, d, &d->fired[i])))
            return json_decref(rules), NULL;
    if (!rules)
        return NULL;
    json_t *reasons = reasons_json(p, d, rules);
    return json_pack("{s:s,s:o,s:s,s:o,s:s?,s:i}", "verdict",
                     policy_verdict_name(d->verdict), "reasons", reasons,
                     "policy_hash", d->hash, "rules", rules, "error",
                     d->error[0] ? d->error : NULL, "dropped",
                     (int)d->dropped);
}

int policy_decide_path(const char *path, const struct policy_request *req,
                       json_t **decision, struct err *err)
{
    struct policy *p = NULL;
    struct err why = ERR_INIT;
    struct policy_decision *d = malloc(sizeof *d);
    *decision = NULL;
    if (!d)
        return err_set(err, ERR_INTERNAL, "out of memory");
    if (policy_load(path, &p, NULL, &why))
        policy_decision_fail(d, why.msg);
    else
        (void)policy_decide(p, req, d, &why);
    *decision = policy_decision_json(p, req, d);
    policy_free(p);
    free(d);
    return *decision ? 0 : err_set(err, ERR_INTERNAL, "out of memory");
}

static int explain_rule(struct buf *b, const json_t *r, struct err *err)
{
    const char *kind = json_string_value(json_object_get(r, "kind"));
    const char *action = json_string_value(json_object_get(r, "action"));
    const char *reason = json_string_value(json_object_get(r, "reason"));
    const char *text = json_string_value(json_object_get(r, "rule"));
    const char *label = kind && !strcmp(kind, "unmet") ? "(auto)"
                      : action ? action : "?";
    if (buf_appendf(b, err, "  %-7s %s", label, reason ? reason : ""))
        return err->code;
    if (text && buf_appendf(b, err, "   [%s]", text))
        return err->code;
    return buf_append(b, "\n", 1, err);
}

static int entry_decided(const json_t *r, const char *verdict)
{
    const char *kind = json_string_value(json_object_get(r, "kind"));
    const char *action = json_string_value(json_object_get(r, "action"));
    return action && kind && !strcmp(action, verdict) &&
           strcmp(kind, "unmet") != 0;
}

int policy_explain(const json_t *decision, char **text, struct err *err)
{
    struct buf b;
    const char *verdict = json_string_value(json_object_get(decision,
                                                            "verdict"));
    const char *hash = json_string_value(json_object_get(decision,
                                                         "policy_hash"));
    const json_t *rules = json_object_get(decision, "rules");
    *text = NULL;
    if (!verdict || !json_is_array(rules))
        return err_set(err, ERR_USER, "not a policy decision: it needs "
                       "\"verdict\" and \"rules\"");
    buf_init(&b, EXPLAIN_MAX);
    int rc = buf_appendf(&b, err, "%s (policy %.12s)\n", verdict,
                         hash && *hash ? hash : "unknown");
    /* What produced the verdict first, then what else fired. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; !rc && i < json_array_size(rules); i++) {
            const json_t *r = json_array_get(rules, i);
            if (entry_decided(r, verdict) == !pass)
                rc = explain_rule(&b, r, err);
        }
    if (rc) {
        buf_free(&b);
        return rc;
    }
    *text = buf_take(&b);
    return 0;
}

static json_t *reasons_of(const json_t *decision)
{
    return json_copy(json_object_get(decision, "reasons"));
}

static json_t *diff_one(const struct policy *before,
                        const struct policy *after,
                        const struct policy_request *req, size_t index)
{
    struct policy_decision *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    struct err e = ERR_INIT;
    json_t *out = NULL;
    if (a && b) {
        (void)policy_decide(before, req, a, &e);
        err_clear(&e);
        (void)policy_decide(after, req, b, &e);
    }
    if (a && b && a->verdict != b->verdict) {
        json_t *ja = policy_decision_json(before, req, a);
        json_t *jb = policy_decision_json(after, req, b);
        out = json_pack("{s:i,s:s,s:s,s:o,s:o}", "index", (int)index,
                        "before", policy_verdict_name(a->verdict), "after",
                        policy_verdict_name(b->verdict), "before_reasons",
                        reasons_of(ja), "after_reasons", reasons_of(jb));
        json_decref(ja);
        json_decref(jb);
    }
    free(a);
    free(b);
    return out;
}

int policy_diff(const struct policy *before, const struct policy *after,
                const struct policy_request *reqs, size_t nreqs,
                json_t **out, struct err *err)
{
    json_t *changes = json_array();
    if (!changes)
        return err_set(err, ERR_INTERNAL, "out of memory");
    for (size_t i = 0; i < nreqs; i++) {
        json_t *c = diff_one(before, after, &reqs[i], i);
        if (c && json_array_append_new(changes, c)) {
            json_decref(changes);
            return err_set(err, ERR_INTERNAL, "out of memory");
        }
    }
    *out = changes;
    return 0;
}
