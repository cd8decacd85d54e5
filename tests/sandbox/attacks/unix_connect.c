/* Connects to host Unix sockets (munge, D-Bus, docker, ssh-agent...). */
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct sockaddr_un a = {.sun_family = AF_UNIX};
        snprintf(a.sun_path, sizeof a.sun_path, "%s", argv[i]);
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0)
            won(argv[i]);
        else
            lost(argv[i]);
        if (s >= 0)
            close(s);
    }
    /* abstract sockets live in the network namespace */
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    memcpy(a.sun_path, "\0sbx-host-abstract", 18);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof(sa_family_t) + 18) == 0)
        won("abstract @sbx-host-abstract");
    else
        lost("abstract @sbx-host-abstract");
    return verdict();
}
