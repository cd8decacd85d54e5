/* grow — bounded growing arrays; see grow.h. */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The first capacity: small, so the many arrays that stay short cost
 * little, while doubling reaches any size in a few steps. */
#define GROW_START 8

/* The capacity after cap: doubled until it holds need, never past max
 * (need <= max here, so the loop ends and next * 2 cannot overflow). */
static size_t grow_next(size_t cap, size_t need, size_t max)
{
    size_t next = cap ? cap : GROW_START;
    while (next < need)
        next = next > max / 2 ? max : next * 2;
    return next < max ? next : max;
}

int grow_array(void *items_ptr, size_t *cap, size_t need, size_t size,
               size_t max, const char *what, struct err *err)
{
    if (need > max)     /* first: room made elsewhere is no licence */
        return err_set(err, ERR_USER, "too many %s (at most %zu)", what,
                       max);
    if (need <= *cap)
        return 0;
    if (!size || need > SIZE_MAX / size)
        return err_set(err, ERR_INTERNAL, "%s: %zu elements of %zu bytes "
                       "cannot be allocated", what, need, size);
    size_t next = grow_next(*cap, need, max);
    if (next > SIZE_MAX / size)
        next = need;    /* doubling would overflow where need does not */
    /* The caller's pointer is read and written as bytes: reading a
     * `struct item *` through a `void *` lvalue would break aliasing.
     * (Object pointers share one representation on Linux's ABIs.) */
    void *items;
    memcpy(&items, items_ptr, sizeof items);
    void *grown = realloc(items, next * size);
    if (!grown)
        return err_set(err, ERR_INTERNAL, "out of memory for %zu %s (%zu "
                       "bytes)", next, what, next * size);
    memcpy(items_ptr, &grown, sizeof grown);
    *cap = next;
    return 0;
}
