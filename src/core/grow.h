/*
 * grow — the one way an array grows: bounded, amortised, all or nothing.
 *
 * core/buf grows bytes; this grows arrays of any element type. Every
 * array that grows from input has a cap, so no input can make steward eat
 * the machine: asking for more than the cap fails with ERR_USER, naming
 * what overflowed and the cap, and leaves the array as it was. The
 * capacity doubles, so n appends copy O(n) elements in all.
 *
 * The caller keeps the element count; grow only keeps the room:
 *
 *     struct item *items = NULL;
 *     size_t n = 0, cap = 0;
 *     if (grow_array(&items, &cap, n + 1, sizeof *items, ITEMS_MAX,
 *                    "items", err))
 *         return err->code;
 *     items[n++] = item;
 */
#ifndef STEWARD_CORE_GROW_H
#define STEWARD_CORE_GROW_H

#include <stddef.h>
#include "core/err.h"

/* Makes the array hold at least `need` elements of `size` bytes, at most
 * `max`. `items_ptr` is the address of the caller's array pointer (a
 * `struct item **`, NULL to start) and *cap its capacity in elements (0
 * to start). need > max is refused even when *cap would hold it; else
 * need <= *cap does nothing, and otherwise *cap doubles from a small
 * start until it holds need, never past max. On failure the array, its
 * content and *cap are as they were: ERR_USER when need > max ("too many
 * <what> (at most <max>)"; `what` is a plural noun), ERR_INTERNAL when
 * need * size overflows or memory runs out. */
int grow_array(void *items_ptr, size_t *cap, size_t need, size_t size,
               size_t max, const char *what, struct err *err) MUST_USE;

#endif
