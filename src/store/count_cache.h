/* count_cache.h — remembers list totals (COUNT(*) of a filtered query) until the next write in
 * this process, or for at most one second, so paging through a big list counts once. */
#ifndef CR_COUNT_CACHE_H
#define CR_COUNT_CACHE_H

#include <stdbool.h>

bool cr_count_cache_get(const char *key, long long *total);
void cr_count_cache_put(const char *key, long long total);
/* Called on every committed write. */
void cr_count_cache_invalidate(void);

#endif
