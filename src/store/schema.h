/* schema — the database migrations, in order; see schema.c. */
#ifndef STEWARD_STORE_SCHEMA_H
#define STEWARD_STORE_SCHEMA_H

#include <stddef.h>

size_t schema_migration_count(void);
/* The SQL that moves the schema from version-1 to version (1-based). */
const char *schema_migration(size_t version);

#endif
