/* policy_record — the policy versions on the record; see policy_apply.c. */
#ifndef STEWARD_API_POLICY_RECORD_H
#define STEWARD_API_POLICY_RECORD_H

#include <sqlite3.h>
#include "core/err.h"
#include "api/api.h"

/* Inside a transaction: if hash is not the policy last on record, appends
 * the change to the ledger (made outside steward) and records it. */
int policy_record_current(sqlite3 *db, const char *home, const char *hash,
                          struct err *err) MUST_USE;
/* After a crash between a policy apply's commit and its file write: writes
 * the policy file from the text the ledger recorded. */
int policy_repair(struct steward *s, struct err *err) MUST_USE;

#endif
