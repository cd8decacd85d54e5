/*
 * reads — the commands `steward serve` answers in its own process.
 *
 * A request child costs a process start and a fresh SQLite connection,
 * which is most of what a read like `status 1 --json` takes; a client
 * polling an experiment (an agent waiting through MCP, a script) pays it
 * on every call. These commands print the same bytes from the server's
 * own connection instead. Only success is answered here: anything else
 * (a bad option, an unknown id) is declined and runs in a child, so every
 * error keeps one wording and one exit status.
 */
#include "cli/commands.h"

#include <getopt.h>
#include <string.h>

struct read_command {
    const char *name;
    int (*answer)(struct steward *s, int argc, char **argv, FILE *out);
};

static const struct read_command reads[] = {
    {"status", status_answer},   /* experiments: polled by agents */
    {"queue", queue_answer},     /* the cards waiting for a human */
    {NULL, NULL},
};

int cli_answer_read(struct steward *s, int argc, char **argv, FILE *out)
{
    for (const struct read_command *r = reads; r->name; r++) {
        if (argc < 1 || strcmp(argv[0], r->name))
            continue;
        int was = opterr;
        opterr = 0;   /* getopt's complaints would land in the server's log */
        int rc = r->answer(s, argc, argv, out);
        opterr = was;
        return rc;
    }
    return -1;
}
