/*
 * run — an agent session from start to end: ask the server for a session,
 * start the sandbox, relay the terminal or let the pipes pass, wait, and
 * tell the server how it ended.
 */
#include "agent/agent_int.h"
#include "client/client.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_asked;

static void on_stop(int sig)
{
    (void)sig;
    stop_asked = 1;
}

static int call(const char *socket, const char *url, json_t *body,
                json_t **reply, struct err *err)
{
    int status = 0;
    json_t *r = NULL;
    int rc = client_call(socket, "POST", url, body, &r, &status, err);
    json_decref(body);
    if (rc)
        return rc;
    if (status != 200) {
        const char *msg = json_string_value(json_object_get(r, "error"));
        rc = err_set(err, status == 403 ? ERR_FORBIDDEN
                          : status == 409 ? ERR_CONFLICT
                          : status == 400 ? ERR_USER : ERR_INTERNAL,
                     "%s", msg ? msg : "the server refused the session");
        json_decref(r);
        return rc;
    }
    if (reply)
        *reply = r;
    else
        json_decref(r);
    return 0;
}

static void session_end(const char *socket, const char *name,
                        const char *outcome)
{
    struct err err = ERR_INIT;
    if (call(socket, "/api/v1/agents/end", json_pack("{s:s,s:s}", "name",
             name, "outcome", outcome), NULL, &err))
        fprintf(stderr, "steward agent: could not record the end of the "
                "session: %s\n", err.msg);
}

static int wait_end(struct sandbox *sb, struct tty *t, struct sandbox_exit *ex,
                    struct err *err)
{
    int rc, stopping = 0;
    while ((rc = sandbox_wait(sb, t ? 0 : 200, ex, err)) == 0) {
        if (t && tty_relay(t, 100) < 0)
            t = NULL;   /* the agent closed its terminal: just wait */
        if (stop_asked && !stopping++)
            sandbox_terminate(sb, 3000);
    }
    return rc < 0 ? rc : 0;
}

static void outcome_text(const struct sandbox_exit *ex, char *out, size_t n,
                         int *status)
{
    if (ex->exited) {
        *status = ex->exit_code;
        snprintf(out, n, "exited %d", ex->exit_code);
    } else {
        *status = 128 + ex->signal;
        snprintf(out, n, "killed by signal %d", ex->signal);
    }
}

static int run_sandboxed(struct agent_spec *spec, int *status, char *outcome,
                         size_t n, struct err *err)
{
    struct tty t, *tp = NULL;
    struct sandbox *sb = NULL;
    struct sandbox_exit ex;
    int rc = 0;
    if (isatty(0) && !(rc = tty_open(&t, err))) {
        tp = &t;
        for (int i = 0; i < 3; i++)
            spec->sb.stdio_fds[i] = t.slave;
    } else {
        for (int i = 0; i < 3; i++)
            spec->sb.stdio_fds[i] = i;
    }
    rc = rc ? rc : sandbox_start(&spec->sb, &sb, err);
    if (tp) {
        close(t.slave);
        t.slave = -1;
    }
    rc = rc ? rc : wait_end(sb, tp, &ex, err);
    if (tp) {
        tty_drain(tp);
        tty_close(tp);
    }
    sandbox_free(sb);
    if (!rc)
        outcome_text(&ex, outcome, n, status);
    return rc;
}

int agent_run(const char *socket, const struct agent_opts *o, struct err *err)
{
    json_t *session = NULL;
    struct agent_spec spec;
    char outcome[ERR_MSG_MAX + 32] = "";
    int status = 0;
    int rc = call(socket, "/api/v1/agents", json_pack("{s:s}", "name",
                  o->name), &session, err);
    if (rc)
        return rc;
    struct sigaction sa = {.sa_handler = on_stop};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (!isatty(0))
        sigaction(SIGINT, &sa, NULL);
    rc = agent_spec_build(&spec, o, session, err);
    rc = rc ? rc : run_sandboxed(&spec, &status, outcome, sizeof outcome, err);
    if (rc)
        snprintf(outcome, sizeof outcome, "failed to start: %s", err->msg);
    session_end(socket, o->name, outcome);
    agent_spec_release(&spec);
    json_decref(session);
    return rc ? rc : status;
}
