/* cmd_budget — placeholder until the command lands. */
#include <stdio.h>
#include "cli/commands.h"

int cmd_budget(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "steward %s: not implemented yet\n", argv[0]);
    return 3;
}
