/*
 * proc — identifying a process across time.
 *
 * A pid alone is not an identity: after a crash the pid of a dead
 * supervisor may belong to someone else. A pid plus its start time (field
 * 22 of /proc/<pid>/stat) is, so recovery can tell a live supervisor from
 * a reused pid.
 */
#ifndef STEWARD_CORE_PROC_H
#define STEWARD_CORE_PROC_H

#include <stddef.h>
#include <sys/types.h>

/* Writes pid's start time (clock ticks since boot, as text) into out.
 * Returns 0, or -1 when the process does not exist. */
int proc_start_time(pid_t pid, char *out, size_t n);

/* 1 when pid is alive and still has the given start time. */
int proc_alive(pid_t pid, const char *start_time);

/* Forks a child that belongs to init, not to the caller: an intermediate
 * child forks it and exits at once, and the caller reaps that one, so no
 * zombie is left and the child outlives the caller. Returns 0 in the
 * detached child, 1 in the caller once the child is forked, -1 when a
 * fork failed. Only async-signal-safe calls (usable with threads). */
int proc_fork_detached(void);

/* The path of the executable NAME in this binary's directory, if it is
 * there and executable: 0, else -1 (out then holds the path tried). */
int proc_sibling_exe(const char *name, char *out, size_t n);

/* The steward binary children exec (request children, run supervisors):
 * this binary, unless it is steward-serve, whose HTTP stack a child does
 * not need: then the steward beside it. */
const char *proc_steward_exe(void);

#endif
