/* cmd_serve — `steward serve`: the long-running dispatcher. */
#include "cli/commands.h"

int cli_dispatch(int argc, char **argv, int once_default);

int cmd_serve(int argc, char **argv)
{
    return cli_dispatch(argc, argv, 0);
}
