/* cmd_reject — `steward reject ID... --reason TEXT`. */
#include "cli/commands.h"
#include "cli/review.h"

static const char usage[] =
    "usage: steward reject ID... | --campaign NAME --reason TEXT [--json]\n\n"
    "Rejects proposals waiting for review, saying why (the proposer reads\n"
    "it). Only owners and reviewers may reject.\n";

int cmd_reject(int argc, char **argv)
{
    return cli_review(argc, argv, 0, usage);
}
