/* entry — one ledger entry and its canonical hash (internal to ledger/). */
#ifndef STEWARD_LEDGER_ENTRY_H
#define STEWARD_LEDGER_ENTRY_H

#include <stdint.h>
#include "ledger/ledger.h"

struct entry {
    int64_t seq, time_ms;
    const char *principal, *action, *object, *payload, *prev_hash;
};

void ledger_entry_hash(const struct entry *e, char out[LEDGER_HASH_HEX]);

#endif
