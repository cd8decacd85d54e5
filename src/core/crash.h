/*
 * crash — crash points for tests of durability.
 *
 * kill -9 stops a process but leaves the kernel's page cache intact, so it
 * cannot show whether a write was made durable in the right order. A
 * crash point named in $STEWARD_CRASH_AT ends the process (_exit, no
 * cleanup) exactly there, between two steps, so a test can check that the
 * next start repairs what the interrupted one left.
 */
#ifndef STEWARD_CORE_CRASH_H
#define STEWARD_CORE_CRASH_H

/* Ends the process with status 99 when $STEWARD_CRASH_AT equals name. */
void crash_point(const char *name);

#endif
