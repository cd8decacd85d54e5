/* Phones home: TCP connect to each HOST:PORT given (the test listens on
 * the host's loopback and on its other addresses). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include "common.h"

int main(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        struct sockaddr_in a = {.sin_family = AF_INET,
                                .sin_port = htons((uint16_t)atoi(argv[i + 1]))};
        inet_pton(AF_INET, argv[i], &a.sin_addr);
        int s = socket(AF_INET, SOCK_STREAM, 0);
        char what[128];
        snprintf(what, sizeof what, "connect %s:%s", argv[i], argv[i + 1]);
        if (s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0) {
            won(what);
            ssize_t w = write(s, "pwned\n", 6);
            (void)w;
        } else {
            lost(what);
        }
        if (s >= 0)
            close(s);
    }
    return verdict();
}
