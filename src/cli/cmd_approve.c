/* cmd_approve — `steward approve ID... [--reason TEXT]`. */
#include "cli/commands.h"
#include "cli/review.h"

static const char usage[] =
    "usage: steward approve ID... | --campaign NAME [--reason TEXT] [--json]\n\n"
    "Approves proposals waiting for review; they run on the next dispatch.\n"
    "Each id is decided on its own: one failure does not undo the others.\n"
    "--campaign NAME decides every proposal of the campaign waiting for\n"
    "review.\n"
    "Only owners and reviewers may approve.\n";

int cmd_approve(int argc, char **argv)
{
    return cli_review(argc, argv, 1, usage);
}
