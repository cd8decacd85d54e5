/*
 * comparisons — see comparisons.h. The table is append-only (a stored
 * comparison is evidence a promotion gate may cite), so a read is one
 * ordered scan; its size is bounded by how often humans and agents
 * compare, and capped here so a report stays readable.
 */
#include "api/handle.h"
#include "api/comparisons.h"
#include "api/principal.h"
#include "store/comparisons.h"

#define COMPARISONS_MAX 10000

int steward_comparisons(struct steward *s, json_t **out, struct err *err)
{
    if (!principal_may(s->who.role, "read"))
        return steward_forbid(s, "read", "comparisons", err);
    return store_comparisons_list(s->db, COMPARISONS_MAX, out, err);
}
