/* Injects keystrokes into a terminal (TIOCSTI) and TIOCLINUX. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "common.h"

int main(void)
{
    char c = 'x';
    int fds[4] = {0, 1, 2, open("/dev/tty", O_RDWR)};
    if (fds[3] >= 0)
        won("opened /dev/tty (a controlling terminal)");
    for (int i = 0; i < 4; i++) {
        if (fds[i] < 0)
            continue;
        if (ioctl(fds[i], TIOCSTI, &c) == 0)
            won("TIOCSTI");
        else
            lost("TIOCSTI");
        char sub = 6;
        if (ioctl(fds[i], TIOCLINUX, &sub) == 0)
            won("TIOCLINUX");
    }
    if (isatty(0) || isatty(1) || isatty(2))
        won("a terminal is attached");
    return verdict();
}
