/* cmd_campaign — placeholder until the command lands. */
#include <stdio.h>
#include "cli/commands.h"

int cmd_campaign(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "steward %s: not implemented yet\n", argv[0]);
    return 3;
}
