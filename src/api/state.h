/*
 * state — the experiment state machine of DESIGN.md, in one place.
 *
 *   proposed ─► denied                         (final)
 *           ─► pending_review ─► rejected | expired
 *           ─► approved ─► queued ─► running ─► succeeded | failed | timed_out
 *                            │          └──────► killed
 *                            └► cancelled        lost
 *
 * A new policy decides waiting and approved work again: it may deny it,
 * or send approved work back to review (api/redecide.c).
 *
 * The dispatcher moves approved work through queued to running in one
 * transaction (dispatch/queue.c), or to failed when the experiment is no
 * longer what was approved; a halt in force leaves it approved (held, and
 * dispatched after resume). queued → approved is kept for databases an
 * earlier version left with a run queued.
 *
 * Every state change goes through state_move, which refuses a transition
 * the machine does not allow and refuses to move an experiment whose state
 * changed under us (compare-and-set on the current state), so two
 * processes racing on one experiment cannot both win.
 */
#ifndef STEWARD_API_STATE_H
#define STEWARD_API_STATE_H

#include <sqlite3.h>
#include <stdint.h>
#include "core/err.h"

/* 1 when the machine allows from → to. */
int state_allowed(const char *from, const char *to);

/* 1 for states an experiment never leaves. */
int state_final(const char *state);

/* Moves experiment id from `from` to `to` inside the caller's transaction.
 * Fails with ERR_CONFLICT on an illegal transition or if the experiment is
 * no longer in `from`. */
int state_move(sqlite3 *db, int64_t id, const char *from, const char *to,
               struct err *err) MUST_USE;

/* Reads the current state of experiment id into out. */
int state_get(sqlite3 *db, int64_t id, char *out, size_t n,
              struct err *err) MUST_USE;

#endif
