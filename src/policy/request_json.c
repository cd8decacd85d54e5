/*
 * request_json — a policy request written by hand as JSON, so humans and
 * tests can ask "what would the policy say about this?" without a store.
 * Strict: unknown keys and wrong types are errors, never silently ignored.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/parse.h"
#include "policy/policy.h"

static const char *const keys[] = {
    "principal", "role", "command", "workdir", "campaign", "cpus", "mem",
    "gpus", "time", "disk", "network", "params", "tags", "in_envelope",
    "envelope_reason", "campaign_novel", "repeat_of_failed", "usage",
};

static int known_keys(const json_t *j, struct err *err)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)j, k, v) {
        size_t i = 0;
        while (i < sizeof keys / sizeof keys[0] && strcmp(keys[i], k))
            i++;
        if (i == sizeof keys / sizeof keys[0])
            return err_set(err, ERR_USER, "request: unknown key '%s'", k);
    }
    return 0;
}

static int get_str(const json_t *j, const char *key, const char **out,
                   struct err *err)
{
    const json_t *v = json_object_get(j, key);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return err_set(err, ERR_USER, "request: %s must be text", key);
    *out = json_string_value(v);
    return 0;
}

static int get_flag(const json_t *j, const char *key, int *out,
                    struct err *err)
{
    const json_t *v = json_object_get(j, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return err_set(err, ERR_USER, "request: %s must be true or false",
                       key);
    *out = json_is_true(v);
    return 0;
}

static int get_num(const json_t *j, const char *key, double *out,
                   struct err *err)
{
    const json_t *v = json_object_get(j, key);
    if (!v)
        return 0;
    if (!json_is_number(v) || !isfinite(json_number_value(v)))
        return err_set(err, ERR_USER, "request: %s must be a number", key);
    *out = json_number_value(v);
    return 0;
}

/* A size ("4G" or bytes) or a duration ("2h" or seconds). */
static int get_amount(const json_t *j, const char *key, int duration,
                      int64_t *out, struct err *err)
{
    const json_t *v = json_object_get(j, key);
    char what[32];
    snprintf(what, sizeof what, "request: %s", key);
    if (!v)
        return 0;
    if (json_is_string(v))
        return duration ? parse_duration(json_string_value(v), what, out, err)
                        : parse_size(json_string_value(v), what, out, err);
    double d = json_number_value(v);
    if (!json_is_number(v) || !isfinite(d) || d < 0 || d > 9e18)
        return err_set(err, ERR_USER, "%s must be %s", what,
                       duration ? "a duration" : "a size");
    *out = (int64_t)d;
    return 0;
}

static int get_command(const json_t *j, struct policy_json_request *o,
                       struct err *err)
{
    const json_t *v = json_object_get(j, "command");
    size_t at = 0, i;
    json_t *a;
    if (!json_is_array(v))
        return get_str(j, "command", &o->req.command, err);
    json_array_foreach(v, i, a) {
        const char *s = json_string_value(a);
        int w = s ? snprintf(o->command + at, sizeof o->command - at, "%s%s",
                             i ? " " : "", s) : -1;
        if (w < 0 || (size_t)w >= sizeof o->command - at)
            return err_set(err, ERR_USER, "request: command must be text or "
                           "an array of text, at most 4095 bytes");
        at += (size_t)w;
    }
    o->req.command = o->command;
    return 0;
}

static int get_tags(const json_t *j, struct policy_json_request *o,
                    struct err *err)
{
    const json_t *v = json_object_get(j, "tags");
    size_t i;
    json_t *t;
    if (!v)
        return 0;
    if (!json_is_array(v) || json_array_size(v) > POLICY_JSON_TAGS)
        return err_set(err, ERR_USER, "request: tags must be an array of at "
                       "most %d strings", POLICY_JSON_TAGS);
    json_array_foreach(v, i, t) {
        if (!json_is_string(t))
            return err_set(err, ERR_USER, "request: tags must be strings");
        o->tags[i] = json_string_value(t);
    }
    o->req.tags = o->tags;
    o->req.ntags = json_array_size(v);
    return 0;
}

static int get_objects(const json_t *j, struct policy_request *r,
                       struct err *err)
{
    const json_t *params = json_object_get(j, "params");
    const json_t *usage = json_object_get(j, "usage");
    if (params && !json_is_object(params))
        return err_set(err, ERR_USER, "request: params must be an object");
    if (usage && !json_is_object(usage))
        return err_set(err, ERR_USER, "request: usage must be an object");
    r->params = params;
    r->usage = policy_json_usage;
    r->usage_ctx = (void *)usage;
    return 0;
}

int policy_request_from_json(const json_t *j, struct policy_json_request *o,
                             struct err *err)
{
    struct policy_request *r = &o->req;
    memset(o, 0, sizeof *o);
    if (!json_is_object(j))
        return err_set(err, ERR_USER, "request: expected a JSON object");
    if (known_keys(j, err) || get_str(j, "principal", &r->principal, err) ||
        get_str(j, "role", &r->role, err) || get_command(j, o, err) ||
        get_str(j, "workdir", &r->workdir, err) ||
        get_str(j, "campaign", &r->campaign, err) ||
        get_str(j, "envelope_reason", &r->envelope_reason, err) ||
        get_num(j, "cpus", &r->cpus, err) ||
        get_num(j, "gpus", &r->gpus, err) ||
        get_amount(j, "mem", 0, &r->mem_bytes, err) ||
        get_amount(j, "disk", 0, &r->disk_bytes, err) ||
        get_amount(j, "time", 1, &r->time_seconds, err) ||
        get_flag(j, "network", &r->network, err) ||
        get_flag(j, "in_envelope", &r->in_envelope, err) ||
        get_flag(j, "campaign_novel", &r->campaign_novel, err) ||
        get_flag(j, "repeat_of_failed", &r->repeat_of_failed, err) ||
        get_tags(j, o, err) || get_objects(j, r, err))
        return err->code ? err->code : ERR_USER;
    return 0;
}

double policy_json_usage(void *ctx, enum policy_metric metric,
                         enum policy_scope scope, const char *scope_name,
                         enum policy_window window,
                         enum policy_usage_kind kind)
{
    const json_t *usage = ctx;
    char key[96];
    double v = 0;
    if (!usage)
        return 0;
    snprintf(key, sizeof key, "%s%s %s %s",
             kind == POLICY_USAGE_AUTO ? "auto " : "",
             policy_metric_name(metric), policy_scope_name(scope),
             policy_window_name(window));
    const json_t *x = json_object_get(usage, key);
    if (!x && kind == POLICY_USAGE_AUTO)
        x = json_object_get(usage, key + 5);
    if (x && json_get_double(x, &v))
        return NAN;
    return v;
}
