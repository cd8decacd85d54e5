/* commands — every CLI command's entry point, one per cmd_<name>.c. */
#ifndef STEWARD_CLI_COMMANDS_H
#define STEWARD_CLI_COMMANDS_H

#include <stdio.h>
#include "api/api.h"

#define STEWARD_COMMANDS(X)                                              \
    X(init,      "create .steward/ in this directory")                   \
    X(propose,   "propose an experiment")                                \
    X(queue,     "show proposals waiting for a human")                   \
    X(show,      "show the full record of an experiment")                \
    X(approve,   "approve proposals")                                    \
    X(reject,    "reject proposals")                                     \
    X(cancel,    "cancel an approved or running experiment")             \
    X(dispatch,  "run approved work (--once: until the queue drains)")   \
    X(serve,     "own the project's state: the API server and dispatcher") \
    X(open,      "a one-time login URL for the web page (humans only)")  \
    X(person,    "who a Unix uid is: people and their roles")            \
    X(agent,     "run an AI agent confined: it may ask, never decide")   \
    X(mcp,       "the Model Context Protocol server for agents (stdio)") \
    X(status,    "state, exit, duration, resource use, last metrics")    \
    X(logs,      "captured stdout/stderr of a run")                      \
    X(metrics,   "captured metrics of a run: table or --plot")           \
    X(artifacts, "list or fetch (get) the files a run wrote")           \
    X(digest,    "a run's logs in forty lines; log template mining")     \
    X(compare,   "does B beat A, with honest statistics")                \
    X(stats,     "the statistics library over JSON lines (--batch)")     \
    X(search,    "samplers and pruners over JSON lines (--stdio)")       \
    X(campaign,  "campaigns, envelopes and searches")                    \
    X(candidate, "register a run's artifact as a candidate for production") \
    X(promote,   "promote a candidate to production behind gates and humans") \
    X(policy,    "check, explain and diff the policy")                   \
    X(token,     "create, list and revoke tokens")                       \
    X(budget,    "budget accounts: reserved, spent, remaining")          \
    X(halt,      "stop dispatch now (--kill: end running jobs)")         \
    X(resume,    "lift a halt")                                          \
    X(attention, "how much human attention steward is spending")         \
    X(ledger,    "verify or export the hash-chained ledger")               \
    X(report,    "a campaign report, or what needs attention (--since)")  \
    X(gc,        "retention for old runs; remove what nothing references") \
    X(help,      "a command's usage: 'steward help CMD'")               \
    X(completion, "bash or zsh completion script")

#define X(name, summary) int cmd_##name(int argc, char **argv);
STEWARD_COMMANDS(X)
#undef X

/* Internal to the client-server protocol (never in help): contents a
 * client sends ahead of a large proposal (src/cli/cmd_upload.c). */
int cmd_internal_upload(int argc, char **argv);
int cmd_internal_uploaded(int argc, char **argv);

/* `artifacts get ... -o FILE` through a server: the server sends the
 * bytes and the client writes FILE (cmd_artifacts.c); -1 for any other
 * command. */
int artifacts_get_through(const char *socket, int argc, char **argv);

/* The commands the server may answer in its own process (cli/reads.c):
 * prints on out what the command would print on stdout and returns 0, or
 * returns -1 to leave the request to a request child, which then gives
 * any error its usual wording and exit status. s acts for the asker. */
int cli_answer_read(struct steward *s, int argc, char **argv, FILE *out);
int status_answer(struct steward *s, int argc, char **argv, FILE *out);
int queue_answer(struct steward *s, int argc, char **argv, FILE *out);

#endif
