/* grow.h — the one way to make room in a growing array: double its capacity from a small
 * minimum, refuse sizes that overflow size_t, and leave the array as it was on failure. */
#ifndef CR_GROW_H
#define CR_GROW_H

#include <stddef.h>

/* Room for `need` elements of `size` bytes in *items, whose capacity is *cap elements. When
 * *cap < need, *items is realloc'd to the largest of twice *cap, need, and 64 bytes' worth (at
 * least one element), and *cap is set to it. Returns 0, or -1 when the size overflows size_t
 * or memory runs out; then *items and *cap are untouched (the caller still owns and frees
 * *items). *items is a pointer to any object pointer (`(void **)&p`); CR_GROW spells the call. */
int cr_grow(void **items, size_t *cap, size_t need, size_t size);
/* The capacity cr_grow makes for need elements of size bytes in an array of cap: cap when need
 * <= cap; else the largest of twice cap, need and 64 bytes' worth (at least one element), never
 * past SIZE_MAX / size (doubling near the top stops there rather than wrapping); 0 when need
 * elements of size overflow size_t. Pure: the arithmetic, tested without allocating. */
size_t cr_grow_capacity(size_t cap, size_t need, size_t size);

/* cr_grow for an array pointer `items` (an lvalue such as `l->ids`) and its capacity `cap`. */
#define CR_GROW(items, cap, need) cr_grow((void **)&(items), &(cap), (need), sizeof *(items))

#endif
