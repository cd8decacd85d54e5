/*
 * help — version, `help CMD`, did-you-mean and the capture of a command's
 * --help text that the man page and the shell completions are built from.
 * See help.h.
 */
#include "cli/help.h"
#include "cli/commands.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef STEWARD_VERSION
#define STEWARD_VERSION "unknown"
#endif

#define WORD_MAX 64   /* longer words are no command: no suggestion */

int help_man(void);

const char *help_version(void)
{
    return STEWARD_VERSION;
}

static const struct cli_command *find_command(const char *name)
{
    for (const struct cli_command *c = cli_commands(); c->name; c++)
        if (!strcmp(c->name, name))
            return c;
    return NULL;
}

int help_handles(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    return !strcmp(argv[1], "--version") || !strcmp(argv[1], "-V") ||
           !strcmp(argv[1], "__man") ||
           (!strcmp(argv[1], "help") && argc >= 3);
}

/* `steward help CMD` is `steward CMD --help`, so the two never differ. */
static int help_command(const char *name)
{
    const struct cli_command *c = find_command(name);
    if (!c)
        return help_unknown(name);
    char *argv[] = {(char *)c->name, "--help", NULL};
    return c->run(2, argv);
}

/* `steward help CMD`; `help` alone is main's command list. */
int cmd_help(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h"))
        return help_command(argv[1]);
    printf("usage: steward help [COMMAND]\n\n"
           "Without COMMAND, lists every command; with it, prints what\n"
           "'steward COMMAND --help' prints. 'steward --version' prints the\n"
           "version.\n");
    return argc <= 2 ? 0 : 1;
}

int help_main(int argc, char **argv)
{
    if (!strcmp(argv[1], "__man"))
        return help_man();
    if (!strcmp(argv[1], "help"))
        return cmd_help(argc - 1, argv + 1);
    printf("steward %s\n", help_version());
    return 0;
}

static int min3(int a, int b, int c)
{
    int m = a < b ? a : b;
    return m < c ? m : c;
}

/* Optimal string alignment distance over three rows of the table. */
int help_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > WORD_MAX || lb > WORD_MAX)
        return cap + 1;
    int rows[3][WORD_MAX + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
        }
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}

/* How far word is from the command: a prefix of three letters or more
 * counts as one edit ("stat" for "status"). */
static int command_distance(const char *word, const char *name, int cap)
{
    size_t n = strlen(word);
    if (n >= 3 && n < strlen(name) && !strncmp(word, name, n))
        return 1;
    return help_distance(word, name, cap);
}

int help_unknown(const char *word)
{
    /* Two edits catch most typos; a two-letter word two edits from
     * anything would suggest nonsense, so short words get one. */
    int cap = strlen(word) <= 3 ? 1 : 2, best = cap + 1;
    for (const struct cli_command *c = cli_commands(); c->name; c++) {
        int d = command_distance(word, c->name, cap);
        best = d < best ? d : best;
    }
    fprintf(stderr, "steward: '%s' is not a command; see 'steward help'\n",
            word);
    if (best > cap)
        return 1;
    fprintf(stderr, "\ndid you mean\n");
    for (const struct cli_command *c = cli_commands(); c->name; c++)
        if (command_distance(word, c->name, cap) == best)
            fprintf(stderr, "  steward %s\n", c->name);
    return 1;
}

static void capture_child(const struct cli_command *c, int fd)
{
    char *argv[] = {(char *)c->name, "--help", NULL};
    if (dup2(fd, STDOUT_FILENO) < 0)
        _exit(127);
    fclose(stdin);
    int rc = c->run(2, argv);
    fflush(stdout);
    _exit(rc);
}

/* Reads fd to its end, keeping the first n - 1 bytes: the child never
 * blocks on a full pipe, whatever it prints. */
static void read_all(int fd, char *out, size_t n)
{
    char spill[4096];
    size_t used = 0;
    ssize_t got;
    for (;;) {
        char *dst = used + 1 < n ? out + used : spill;
        size_t room = used + 1 < n ? n - 1 - used : sizeof spill;
        if ((got = read(fd, dst, room)) <= 0)
            break;
        if (dst != spill)
            used += (size_t)got;
    }
    out[used] = '\0';
}

int help_capture(const struct cli_command *c, char *out, size_t n)
{
    int fds[2], status = 0;
    fflush(stdout);
    out[0] = '\0';
    if (pipe2(fds, O_CLOEXEC))
        return -1;
    pid_t pid = fork();
    if (pid == 0)
        capture_child(c, fds[1]);
    close(fds[1]);
    if (pid > 0)
        read_all(fds[0], out, n);
    close(fds[0]);
    if (pid > 0)
        (void)waitpid(pid, &status, 0);
    return pid > 0 ? 0 : -1;
}
