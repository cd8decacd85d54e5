/*
 * tty — the agent's own pseudo-terminal, relayed to the human's.
 *
 * An agent given the human's terminal could push keystrokes into the
 * human's shell (TIOCSTI) or leave it in a strange state; given a pty of
 * its own, the worst it can do is to its own screen. The human's terminal
 * is put in raw mode while the agent runs (every key, Ctrl-C included,
 * goes to the agent's pty, whose line discipline makes the signal) and
 * window size changes are passed on. What the agent draws reaches the
 * human's screen, but not the clipboard nor, through tmux, the terminal
 * outside (termfilter.c).
 */
#include "agent/agent_int.h"
#include "core/fdio.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t winch;

static void on_winch(int sig)
{
    (void)sig;
    winch = 1;
}

int tty_open(struct tty *t, struct err *err)
{
    struct winsize ws;
    memset(t, 0, sizeof *t);
    t->master = t->slave = -1;
    int have_ws = ioctl(0, TIOCGWINSZ, &ws) == 0;
    if (openpty(&t->master, &t->slave, NULL, NULL, have_ws ? &ws : NULL) < 0)
        return err_errno(err, "agent: openpty");
    fcntl(t->master, F_SETFD, FD_CLOEXEC);
    fcntl(t->slave, F_SETFD, FD_CLOEXEC);
    if (tcgetattr(0, &t->saved) == 0) {
        struct termios raw = t->saved;
        cfmakeraw(&raw);
        t->raw = tcsetattr(0, TCSAFLUSH, &raw) == 0;
    }
    struct sigaction sa = {.sa_handler = on_winch};
    sigaction(SIGWINCH, &sa, NULL);
    return 0;
}

static void pass_winsize(const struct tty *t)
{
    struct winsize ws;
    winch = 0;
    if (ioctl(0, TIOCGWINSZ, &ws) == 0)
        ioctl(t->master, TIOCSWINSZ, &ws);
}

/* One read's worth from one side to the other; the agent's screen goes
 * through its filter (filter non-NULL). */
static int copy(int from, int to, struct term_filter *filter)
{
    char buf[4096], shown[4096 + TERM_FILTER_SLACK];
    ssize_t n = read(from, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return 0;
    if (n <= 0)
        return -1;
    if (!filter)
        return fd_write_all(to, buf, (size_t)n);
    return fd_write_all(to, shown, term_filter(filter, buf, (size_t)n,
                                               shown));
}

int tty_relay(struct tty *t, int timeout_ms)
{
    struct pollfd p[2] = {{t->in_eof ? -1 : 0, POLLIN, 0},
                          {t->master, POLLIN, 0}};
    if (winch)
        pass_winsize(t);
    if (poll(p, 2, timeout_ms) <= 0)
        return 0;
    if (p[0].revents && copy(0, t->master, NULL) < 0)
        t->in_eof = 1;
    if (p[1].revents & (POLLIN | POLLHUP))
        return copy(t->master, 1, &t->screen);
    return 0;
}

void tty_drain(struct tty *t)
{
    struct pollfd p = {t->master, POLLIN, 0};
    while (poll(&p, 1, 0) > 0 && (p.revents & POLLIN) &&
           copy(t->master, 1, &t->screen) == 0)
        ;
}

void tty_close(struct tty *t)
{
    if (t->raw)
        tcsetattr(0, TCSAFLUSH, &t->saved);
    if (t->master >= 0)
        close(t->master);
    if (t->slave >= 0)
        close(t->slave);
    signal(SIGWINCH, SIG_DFL);
}
