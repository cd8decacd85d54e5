/* audit — the tables checked against a replay of the ledger; audit.c. */
#ifndef STEWARD_API_AUDIT_H
#define STEWARD_API_AUDIT_H

#include "api/api.h"
#include "store/audit.h"

/* 0 when every table compared follows from the ledger; 1 with the first
 * mismatch in why; a negative code when the database failed. */
int audit_tables(struct steward *s, char *why, size_t n,
                 struct err *err) MUST_USE;

/* Compares a table read as (key, value) pairs with want (key -> value as
 * text): 0 when they agree, else 1 with the first difference in why,
 * naming the row as what and the table as table. */
typedef int (*audit_reader)(sqlite3 *db, store_pair_fn fn, void *ctx,
                            struct err *err);
int audit_compare(struct steward *s, audit_reader read, const json_t *want,
                  const char *what, const char *table, char *why, size_t n);

/* Same for the promotion tables: the production pointer's history and
 * the candidates' hashes (audit_promote.c). */
int audit_promotion(struct steward *s, char *why, size_t n,
                    struct err *err) MUST_USE;

#endif
