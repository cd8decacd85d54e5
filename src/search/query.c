/*
 * query — read-only questions about a search: best trial, counts, the
 * resource spent.
 */
#include "search/internal.h"

#include <math.h>

size_t search_n_trials(const struct search *s)
{
    return s->n;
}

const struct search_trial *search_trial(const struct search *s, size_t id)
{
    return id < s->n ? &s->trials[id] : NULL;
}

const struct search_trial *search_best(const struct search *s)
{
    const struct search_trial *best = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const struct search_trial *t = &s->trials[i];
        if (t->state != SEARCH_COMPLETE || !isfinite(t->value))
            continue;
        if (!best || search_loss(s, t->value) < search_loss(s, best->value))
            best = t;
    }
    return best;
}

size_t search_count(const struct search *s, enum search_state state)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->trials[i].state == state;
    return n;
}

double search_trial_spent(const struct search *s, const struct search_trial *t)
{
    if (t->n_reports)
        return t->reports[t->n_reports - 1].step;
    return t->state == SEARCH_RUNNING ? 0 : s->opt.max_resource;
}

double search_spent(const struct search *s)
{
    double total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += search_trial_spent(s, &s->trials[i]);
    return total;
}

const struct search_space *search_space_of(const struct search *s)
{
    return s->space;
}

const struct search_options *search_options_of(const struct search *s)
{
    return &s->opt;
}

double search_rung_resource(const struct search *s, int rung)
{
    return s->opt.min_resource * pow(s->opt.eta, rung);
}

const char *search_state_name(enum search_state state)
{
    switch (state) {
    case SEARCH_RUNNING: return "running";
    case SEARCH_COMPLETE: return "complete";
    case SEARCH_PRUNED: return "pruned";
    case SEARCH_FAILED: return "failed";
    }
    return "unknown";
}
