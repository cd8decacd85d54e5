/*
 * session — who `steward mcp` acts as, decided once at start.
 *
 * Inside `steward agent`, STEWARD_SOCKET is the agent's socket and the
 * server treats every request on it as agent:NAME: that is the identity,
 * and nothing the MCP client says can change it. Elsewhere --token-file
 * names a file (mode 0600) holding a token, sent as a bearer token on the
 * humans' socket. That is attribution, not confinement: whoever can read
 * the file and the socket is that principal with or without us. With
 * neither, the session is refused at its first request.
 */
#include "mcp/mcp.h"
#include "mcp/mcp_int.h"
#include "client/client.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int refuse(struct mcp *m, const char *why)
{
    snprintf(m->refusal, sizeof m->refusal, "%s", why);
    fprintf(stderr, "steward mcp: %s\n", why);
    return 0;
}

/* Reads the token: a regular file only its owner can read or write. */
static int read_token(struct mcp *m, const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        if (fd >= 0)
            close(fd);
        return refuse(m, "--token-file: cannot read the token file "
                      "(give a regular file holding an agent's token)"), -1;
    }
    ssize_t n = (st.st_mode & 077) ? -2
                : read(fd, m->token, sizeof m->token - 1);
    close(fd);
    if (n == -2)
        return refuse(m, "--token-file: the token file must be mode 0600 "
                      "(chmod 600 FILE): others could read the token"), -1;
    m->token[n > 0 ? n : 0] = '\0';
    m->token[strcspn(m->token, " \r\n\t")] = '\0';
    if (!m->token[0])
        return refuse(m, "--token-file: the token file is empty"), -1;
    return 0;
}

static int find_server(struct mcp *m)
{
    struct err err = ERR_INIT;
    int found = client_find(m->socket, sizeof m->socket, &err);
    if (found < 0)
        return refuse(m, err.msg), -1;
    if (!found)
        return refuse(m, "no steward server runs for this project: start "
                      "'steward serve' in the project first"), -1;
    return 0;
}

static void identify(struct mcp *m, const char *token_file)
{
    const char *agent_socket = getenv("STEWARD_SOCKET");
    if (agent_socket && *agent_socket) {
        (void)find_server(m);
        return;
    }
    if (!token_file) {
        (void)refuse(m, "steward mcp has no identity: run it inside "
                     "'steward agent --name NAME -- steward mcp', or give "
                     "--token-file FILE holding an agent token ('steward "
                     "token create --role agent')");
        return;
    }
    if (!read_token(m, token_file))
        (void)find_server(m);
}

int mcp_serve(const char *token_file)
{
    static struct mcp m;
    /* A client that went away is an EOF or a failed write, not a
     * death by SIGPIPE. */
    signal(SIGPIPE, SIG_IGN);
    identify(&m, token_file);
    return mcp_loop(&m);
}
