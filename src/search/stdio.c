/*
 * stdio — the ask/tell conversation of `steward search --stdio` (see
 * shared/contracts/search-stdio.md), over any pair of streams.
 *
 * steward writes one JSON object per line and flushes; the caller answers
 * one per line. A bad caller line is answered {"error": ...} and changes
 * nothing. Up to `parallel` asks are outstanding; the conversation ends
 * after `trials` completed-or-pruned trials, once the resource reported
 * reaches `budget`, when a grid runs out, or at the end of input, and
 * then writes {"done": ...}. Counters are kept here incrementally so that
 * each line costs O(1) bookkeeping beyond what the search itself does.
 */
#include "search/search.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/json.h"

struct conv {
    struct search *s;
    const struct search_stdio_options *o;
    FILE *in, *out;
    size_t outstanding;   /* asked, not yet over */
    size_t finished;      /* completed or pruned */
    double spent;         /* resource reported over all trials */
    int exhausted;        /* the sampler has nothing left */
    char *line;
};

static int emit(struct conv *c, json_t *msg, struct err *err)
{
    char *text = msg ? json_dump_compact(msg) : NULL;
    json_decref(msg);
    if (!text)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int bad = fputs(text, c->out) < 0 || fputc('\n', c->out) < 0 ||
              fflush(c->out);
    free(text);
    return bad ? err_errno(err, "writing to the caller") : 0;
}

static int emit_error(struct conv *c, const char *msg, struct err *err)
{
    return emit(c, json_pack("{s:s}", "error", msg), err);
}

static int limits_reached(const struct conv *c)
{
    if (c->o->trials && c->finished >= c->o->trials)
        return 1;
    return c->o->budget > 0 && c->spent >= c->o->budget;
}

static int can_ask(const struct conv *c)
{
    if (c->exhausted || search_exhausted(c->s) || limits_reached(c) ||
        c->outstanding >= c->o->parallel)
        return 0;
    return !c->o->trials || c->finished + c->outstanding < c->o->trials;
}

static int ask_one(struct conv *c, struct err *err)
{
    size_t id;
    struct err e = ERR_INIT;
    int rc = search_ask(c->s, &id, &e);
    if (rc == ERR_CONFLICT) {
        c->exhausted = 1;
        return 0;
    }
    if (rc)
        return err_set(err, rc, "%s", e.msg);
    c->outstanding++;
    const struct search_trial *t = search_trial(c->s, id);
    json_t *params = search_space_to_json(search_space_of(c->s), t->x);
    return emit(c, json_pack("{s:{s:I,s:o}}", "ask", "trial",
                             (json_int_t)id, "params", params), err);
}

/* ---- caller lines ---------------------------------------------------- */

static int get_trial(const json_t *body, size_t *id, struct err *e)
{
    const json_t *t = json_object_get(body, "trial");
    if (!json_is_integer(t) || json_integer_value(t) < 0)
        return err_set(e, ERR_USER, "'trial' must be a trial number");
    *id = (size_t)json_integer_value(t);
    return 0;
}

static int on_report(struct conv *c, const json_t *body, struct err *e,
                     struct err *err)
{
    size_t id = 0;
    double step, value;
    int stop;
    if (get_trial(body, &id, e))
        return 0;
    if (!json_is_number(json_object_get(body, "step")))
        return err_set(e, ERR_USER, "report: 'step' must be a number"), 0;
    step = json_number_value(json_object_get(body, "step"));
    if (json_get_double(json_object_get(body, "value"), &value))
        return err_set(e, ERR_USER, "report: 'value' must be a number, "
                       "\"nan\", \"inf\" or \"-inf\""), 0;
    const struct search_trial *t = search_trial(c->s, id);
    double before = t ? search_trial_spent(c->s, t) : 0;
    if (search_report(c->s, id, step, value, &stop, e))
        return 0;
    c->spent += search_trial_spent(c->s, t) - before;
    if (stop) {
        c->outstanding--;
        c->finished++;
    }
    return emit(c, json_pack("{s:{s:I,s:b}}", "prune", "trial",
                             (json_int_t)id, "stop", stop), err);
}

static int tell_body(struct conv *c, const json_t *body, size_t id,
                     struct err *e)
{
    const json_t *state = json_object_get(body, "state");
    const json_t *value = json_object_get(body, "value");
    double v;
    if (state && (!json_is_string(state) ||
                  strcmp(json_string_value(state), "failed")) && !value)
        return err_set(e, ERR_USER, "tell: 'state' is \"failed\", or give "
                       "a 'value'");
    if (state && json_is_string(state) &&
        !strcmp(json_string_value(state), "failed"))
        return search_tell_failed(c->s, id, e);
    if (!value)
        return err_set(e, ERR_USER, "tell: give a 'value' or "
                       "\"state\": \"failed\"");
    if (json_get_double(value, &v))
        return err_set(e, ERR_USER, "tell: 'value' must be a number, "
                       "\"nan\", \"inf\" or \"-inf\"");
    return search_tell(c->s, id, v, e);
}

static int on_tell(struct conv *c, const json_t *body, struct err *e)
{
    size_t id = 0;
    if (get_trial(body, &id, e))
        return 0;
    const struct search_trial *t = search_trial(c->s, id);
    double before = t ? search_trial_spent(c->s, t) : 0;
    if (tell_body(c, body, id, e))
        return 0;
    c->spent += search_trial_spent(c->s, t) - before;
    c->outstanding--;
    c->finished += t->state == SEARCH_COMPLETE;
    return 0;
}

static int on_line(struct conv *c, const char *line, struct err *err)
{
    struct err e = ERR_INIT;
    json_error_t jerr;
    json_t *msg = json_loads(line, 0, &jerr);
    json_t *report = msg ? json_object_get(msg, "report") : NULL;
    json_t *tell = msg ? json_object_get(msg, "tell") : NULL;
    int rc = 0;
    if (!msg)
        err_set(&e, ERR_USER, "not JSON: %s", jerr.text);
    else if (!json_is_object(msg) || (!report && !tell))
        err_set(&e, ERR_USER, "expected {\"report\": {...}} or "
                "{\"tell\": {...}}");
    else if (!json_is_object(report ? report : tell))
        err_set(&e, ERR_USER, "'%s' must be an object",
                report ? "report" : "tell");
    else if (report)
        rc = on_report(c, report, &e, err);
    else
        rc = on_tell(c, tell, &e);
    json_decref(msg);
    if (!rc && e.code)
        rc = emit_error(c, e.msg, err);
    return rc;
}

/* ---- the loop ---------------------------------------------------------- */

/* Reads one line into c->line. 1: a line, 0: end of input, 2: a line
 * that was too long and has been skipped. */
static int read_line(struct conv *c)
{
    if (!fgets(c->line, SEARCH_STDIO_LINE_MAX + 2, c->in))
        return 0;
    size_t n = strlen(c->line);
    if (n && c->line[n - 1] == '\n')
        return 1;
    if (n <= SEARCH_STDIO_LINE_MAX)
        return 1;   /* the last line, without a newline */
    int ch;
    while ((ch = fgetc(c->in)) != EOF && ch != '\n')
        ;
    return 2;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t\r\n")] == 0;
}

static json_t *best_json(struct search *s)
{
    const struct search_trial *b = search_best(s);
    if (!b)
        return json_null();
    return json_pack("{s:I,s:o,s:o}", "trial", (json_int_t)b->id, "params",
                     search_space_to_json(search_space_of(s), b->x), "value",
                     json_from_double(b->value));
}

static int emit_done(struct conv *c, struct err *err)
{
    return emit(c, json_pack("{s:{s:I,s:o,s:I,s:I,s:I,s:o}}", "done",
                             "trials", (json_int_t)c->finished, "best",
                             best_json(c->s), "completed",
                             (json_int_t)search_count(c->s, SEARCH_COMPLETE),
                             "pruned",
                             (json_int_t)search_count(c->s, SEARCH_PRUNED),
                             "failed",
                             (json_int_t)search_count(c->s, SEARCH_FAILED),
                             "resource", json_from_double(c->spent)), err);
}

static int converse(struct conv *c, struct err *err)
{
    for (;;) {
        while (can_ask(c))
            if (ask_one(c, err))
                return err->code;
        if (limits_reached(c) || (!c->outstanding && !can_ask(c)))
            return 0;
        int got = read_line(c);
        if (!got)
            return 0;
        int rc = got == 2 ? emit_error(c, "line longer than 1 MiB", err)
                 : blank(c->line) ? 0 : on_line(c, c->line, err);
        if (rc)
            return rc;
    }
}

int search_stdio_run(struct search *s, const struct search_stdio_options *o,
                     FILE *in, FILE *out, struct err *err)
{
    struct conv c = {.s = s, .o = o, .in = in, .out = out};
    if (o->parallel < 1)
        return err_set(err, ERR_USER, "--parallel must be at least 1");
    c.line = malloc(SEARCH_STDIO_LINE_MAX + 2);
    if (!c.line)
        return err_set(err, ERR_INTERNAL, "out of memory");
    int rc = converse(&c, err);
    free(c.line);
    return rc ? rc : emit_done(&c, err);
}
