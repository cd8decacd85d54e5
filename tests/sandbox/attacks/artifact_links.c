/* Plants links to host files among its artifacts: a symlink to
 * /etc/passwd, a symlinked directory to /etc, a hard link attempt and a
 * FIFO, next to one honest file. */
#include <sys/stat.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "artifacts";
    mkdir(dir, 0755);
    if (chdir(dir) < 0)
        return 2;
    FILE *f = fopen("honest.txt", "w");
    if (f) {
        fputs("result 42\n", f);
        fclose(f);
    }
    if (symlink("/etc/passwd", "passwd") < 0) lost("symlink");
    if (symlink("/etc", "etcdir") < 0) lost("symlink dir");
    if (link("/etc/passwd", "hardpasswd") == 0) won("hard link to /etc/passwd");
    else lost("hard link");
    if (mkfifo("fifo", 0644) < 0) lost("fifo");
    return verdict();
}
