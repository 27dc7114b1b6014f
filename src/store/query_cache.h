/* query_cache.h — remembers query results (list totals, statistics as JSON text) until the next
 * write to the database, so a dashboard or a paged list computes once per change. */
#ifndef CR_QUERY_CACHE_H
#define CR_QUERY_CACHE_H

#include <stdbool.h>
#include <stddef.h>

bool cr_count_cache_get(const char *key, long long *total);
void cr_count_cache_put(const char *key, long long total);
/* Cached text (JSON) for key: a new malloc'd copy the caller frees, or NULL. */
char *cr_text_cache_get(const char *key);
void cr_text_cache_put(const char *key, const char *text);
/* At most this many bytes of cached texts (the default: no limit). */
void cr_query_cache_budget(size_t bytes);
/* A number that changes whenever the database may have changed. */
unsigned long cr_query_cache_generation(void);
/* Called on every committed write. */
void cr_count_cache_invalidate(void);

#endif
