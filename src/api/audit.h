/* audit — the tables checked against a replay of the ledger; audit.c. */
#ifndef STEWARD_API_AUDIT_H
#define STEWARD_API_AUDIT_H

#include "api/api.h"

/* 0 when every table compared follows from the ledger; 1 with the first
 * mismatch in why; a negative code when the database failed. */
int audit_tables(struct steward *s, char *why, size_t n,
                 struct err *err) MUST_USE;

/* Same for the promotion tables: the production pointer's history and
 * the candidates' hashes (audit_promote.c). */
int audit_promotion(struct steward *s, char *why, size_t n,
                    struct err *err) MUST_USE;

#endif
