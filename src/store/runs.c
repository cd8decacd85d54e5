/* runs — the runs table; see runs.h. */
#include "store/runs.h"

int store_runs_each_artifacts(sqlite3 *db, store_text_fn fn, void *ctx,
                              struct err *err)
{
    sqlite3_stmt *st;
    int rc = store_prepare(db, "SELECT artifacts FROM runs WHERE artifacts "
                           "IS NOT NULL", &st, err);
    return rc ? rc : store_each_text(st, fn, ctx, "reading manifests", err);
}
