/*
 * comparisons — see comparisons.h. The table is append-only (a stored
 * comparison is evidence a promotion gate may cite), so a read is one
 * ordered scan; its size is bounded by how often humans and agents
 * compare, and capped here so a report stays readable.
 */
#include "api/handle.h"
#include "api/comparisons.h"
#include "api/principal.h"
#include "store/store.h"

#define COMPARISONS_MAX 10000

static json_t *row_of(sqlite3_stmt *st)
{
    json_t *result = json_loads(store_col_text(st, 3), 0, NULL);
    return json_pack("{s:I,s:s,s:s,s:s,s:I,s:o}",
                     "id", (json_int_t)sqlite3_column_int64(st, 0),
                     "a", store_col_text(st, 1), "b", store_col_text(st, 2),
                     "principal", store_col_text(st, 4),
                     "created_ms", (json_int_t)sqlite3_column_int64(st, 5),
                     "result", result ? result : json_object());
}

int steward_comparisons(struct steward *s, json_t **out, struct err *err)
{
    sqlite3_stmt *st;
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "comparisons", err);
    int rc = store_prepare(s->db, "SELECT id, a, b, result, principal, "
                           "created_ms FROM comparisons ORDER BY id LIMIT ?",
                           &st, err);
    if (rc)
        return rc;
    sqlite3_bind_int(st, 1, COMPARISONS_MAX);
    json_t *list = json_array();
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        json_array_append_new(list, row_of(st));
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        json_decref(list);
        return store_fail(s->db, rc, "reading comparisons", err);
    }
    *out = list;
    return 0;
}
