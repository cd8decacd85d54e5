/* Looks for credentials in its environment and its ancestors'. */
#include <fcntl.h>
#include <unistd.h>
#include "common.h"

extern char **environ;

static const char *const bad[] = {"AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
    "SSH_AUTH_SOCK", "STEWARD_TOKEN", "GITHUB_TOKEN", "OPENAI_API_KEY",
    "SBX_HOST_SECRET", NULL};

int main(void)
{
    for (char **e = environ; *e; e++)
        for (size_t i = 0; bad[i]; i++)
            if (strncmp(*e, bad[i], strlen(bad[i])) == 0)
                won(*e);
    const char *files[] = {"/proc/1/environ", "/proc/self/environ", NULL};
    for (size_t f = 0; files[f]; f++) {
        char buf[65536];
        int fd = open(files[f], O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
            close(fd);
        for (ssize_t i = 0; i < n; i++)
            if (!buf[i])
                buf[i] = '\n';
        buf[n > 0 ? n : 0] = '\0';
        for (size_t i = 0; bad[i]; i++)
            if (strstr(buf, bad[i]))
                won(files[f]);
    }
    return verdict();
}
