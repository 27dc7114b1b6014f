/* grow.c — realloc with doubling and an overflow check (grow.h). The only place in src/ that
 * grows an array; it must not know what the elements are. */
#include "core/grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define GROW_FIRST_BYTES 64

size_t cr_grow_capacity(size_t cap, size_t need, size_t size)
{
	if (need <= cap)
		return cap;
	if (!size)
		size = 1;
	size_t max = SIZE_MAX / size;
	if (need > max)
		return 0;
	size_t want = cap > max / 2 ? max : cap * 2;
	if (want < need)
		want = need;
	if (want < GROW_FIRST_BYTES / size)
		want = GROW_FIRST_BYTES / size;
	return want;
}

int cr_grow(void **items, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t want = cr_grow_capacity(*cap, need, size);
	if (!want)
		return -1;
	/* read and write the caller's pointer as bytes: it is a `T *`, seen here as a void * */
	void *old, *p;
	memcpy(&old, items, sizeof old);
	if (!(p = realloc(old, want * (size ? size : 1))))
		return -1;
	memcpy(items, &p, sizeof p);
	*cap = want;
	return 0;
}
