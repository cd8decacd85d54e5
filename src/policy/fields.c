/*
 * fields — the policy language's vocabulary: field names, their units,
 * operator spellings, and the "did you mean" helper the parser's hints use.
 * The parser resolves every name here once; evaluation sees only enums.
 */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "policy/internal.h"

struct field_def {
    const char *name;
    int unit;
};

static const struct field_def fields[F_COUNT] = {
    [F_CPUS] = {"cpus", U_NUMBER},
    [F_MEM] = {"mem", U_SIZE},
    [F_GPUS] = {"gpus", U_NUMBER},
    [F_TIME] = {"time", U_DURATION},
    [F_DISK] = {"disk", U_SIZE},
    [F_CPU_HOURS] = {"cpu-hours", U_NUMBER},
    [F_GPU_HOURS] = {"gpu-hours", U_NUMBER},
    [F_MEM_GB_HOURS] = {"mem-gb-hours", U_NUMBER},
    [F_RUNS] = {"runs", U_NUMBER},
    [F_NETWORK] = {"network", U_BOOL},
    [F_ENVELOPE] = {"envelope", U_BOOL},
    [F_NOVEL] = {"novel-campaign", U_BOOL},
    [F_REPEAT] = {"repeat-of-failed", U_BOOL},
    [F_IN_CAMPAIGN] = {"campaign", U_BOOL},
    [F_ANY] = {"any", U_BOOL},
    [F_ROLE] = {"role", U_ROLE},
    [F_PRINCIPAL] = {"principal", U_STRING},
    [F_COMMAND] = {"command", U_STRING},
    [F_WORKDIR] = {"workdir", U_STRING},
    [F_CAMPAIGN] = {"campaign", U_STRING},
    [F_TAG] = {"tag", U_STRING},
    [F_PARAM] = {"param", U_STRING},
};

const char *pfield_name(int field)
{
    return field >= 0 && field < F_COUNT ? fields[field].name : "?";
}

int pfield_unit(int field)
{
    return field >= 0 && field < F_COUNT ? fields[field].unit : U_NUMBER;
}

/* The field a word names, or -1. "campaign" resolves to the name field;
 * the parser turns a bare "campaign" into the in-campaign test. "param"
 * alone is not a field: it is always "param.<name>". */
int pfield_lookup(const char *s, size_t n)
{
    for (int f = 0; f < F_COUNT; f++) {
        if (f == F_IN_CAMPAIGN || f == F_PARAM)
            continue;
        if (strlen(fields[f].name) == n && !memcmp(fields[f].name, s, n))
            return f;
    }
    return -1;
}

static const char *const roles[] = {"owner", "reviewer", "agent", "human"};

const char *prole_name(int role)
{
    return role >= 0 && role <= ROLE_HUMAN ? roles[role] : "?";
}

const char *pop_text(int op, int negated)
{
    static const char *const text[] = {"<", "<=", ">", ">=", "=", "!=",
                                       "matching", "not matching", ""};
    static const char *const flip[] = {">=", ">", "<=", "<", "!=", "=",
                                       "not matching", "matching", "not"};
    if (op < OP_LT || op > OP_TRUE)
        return "?";
    return negated ? flip[op] : text[op];
}

/* Edit distance bounded by 3 (anything further is "not close"). */
static size_t edit_distance(const char *a, size_t la, const char *b)
{
    size_t lb = strlen(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *policy_closest(const char *s, size_t n, const char *const *names,
                           size_t count)
{
    const char *best = NULL;
    size_t limit = n <= 3 ? 1 : 2, best_d = 99;
    for (size_t i = 0; i < count; i++) {
        size_t d = edit_distance(s, n, names[i]);
        if (d <= limit && d < best_d) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}

const char *policy_metric_name(enum policy_metric m)
{
    static const char *const n[] = {"cpu-hours", "gpu-hours", "mem-gb-hours",
                                    "runs"};
    return m < POLICY_METRIC_COUNT ? n[m] : "?";
}

const char *policy_scope_name(enum policy_scope s)
{
    static const char *const n[] = {"run", "principal", "role", "campaign",
                                    "global"};
    return s < POLICY_SCOPE_COUNT ? n[s] : "?";
}

const char *policy_window_name(enum policy_window w)
{
    static const char *const n[] = {"run", "day", "week", "total"};
    return w < POLICY_WINDOW_COUNT ? n[w] : "?";
}

const char *policy_limit_name(enum policy_limit l)
{
    static const char *const n[] = {"cpus", "mem", "gpus", "time", "disk",
                                    "network", "pids"};
    return l < POLICY_LIMIT_COUNT ? n[l] : "?";
}

const char *policy_verdict_name(enum policy_verdict v)
{
    switch (v) {
    case POLICY_DENY: return "deny";
    case POLICY_REVIEW: return "review";
    case POLICY_AUTO: return "auto";
    }
    return "deny";
}

int policy_param_slot(struct policy *p, struct pcond *c)
{
    for (size_t i = 0; i < p->nparams; i++)
        if (!strcmp(p->param_names[i], c->param))
            return c->slot = (uint32_t)i, 0;
    struct err ignored = ERR_INIT;  /* the caller words the refusal */
    if (grow_array(&p->param_names, &p->capparams, p->nparams + 1,
                   sizeof *p->param_names, PARAMS_MAX, "params", &ignored))
        return -1;
    if (!(p->param_names[p->nparams] = strdup(c->param)))
        return -1;
    c->slot = (uint32_t)p->nparams++;
    return 0;
}

static int pparam_cmp(const void *a, const void *b)
{
    return strcmp(((const struct pparam *)a)->name,
                  ((const struct pparam *)b)->name);
}

int policy_param_index(struct policy *p)
{
    if (!p->nparams)
        return 0;
    p->param_index = malloc(p->nparams * sizeof *p->param_index);
    if (!p->param_index)
        return -1;
    for (size_t i = 0; i < p->nparams; i++)
        p->param_index[i] = (struct pparam){p->param_names[i], (uint32_t)i};
    qsort(p->param_index, p->nparams, sizeof *p->param_index, pparam_cmp);
    return 0;
}

int policy_param_find(const struct policy *p, const char *name)
{
    struct pparam key = {name, 0};
    const struct pparam *hit = bsearch(&key, p->param_index, p->nparams,
                                       sizeof key, pparam_cmp);
    return hit ? (int)hit->slot : -1;
}
