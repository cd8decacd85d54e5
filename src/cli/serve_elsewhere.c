/*
 * serve_elsewhere — `steward serve` in the steward binary: the server
 * lives in steward-serve, beside this binary (see src/cli/module.cmake:
 * its HTTP stack would slow every other command's start).
 */
#include "cli/commands.h"
#include "core/proc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int cmd_serve(int argc, char **argv)
{
    char path[4096];
    if (proc_sibling_exe("steward-serve", path, sizeof path)) {
        fprintf(stderr, "steward: serve: steward-serve is not beside this "
                "binary (%s); install both from the same build\n", path);
        return 1;
    }
    char *args[argc + 2];
    args[0] = "steward-serve";
    for (int i = 0; i < argc; i++)
        args[i + 1] = argv[i];
    args[argc + 1] = NULL;
    execv(path, args);
    fprintf(stderr, "steward: serve: cannot run %s: %s\n", path,
            strerror(errno));
    return 1;
}
