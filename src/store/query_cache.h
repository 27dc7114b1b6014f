/* query_cache.h — remembers query results (list totals, statistics as JSON text) until the next
 * write to the database, so a dashboard or a paged list computes once per change. */
#ifndef CR_QUERY_CACHE_H
#define CR_QUERY_CACHE_H

#include <stdbool.h>
#include <stddef.h>

bool cr_count_cache_get(const char *key, long long *total);
void cr_count_cache_put(const char *key, long long total);
/* Answers put while the thread reads on the read replica (cr_db_reading_replica) are kept apart
 * for half a second and seen only by reads on the replica (query_cache.c says why); a total
 * counted from memory that follows the primary (an in-memory index) is put as the primary's. */
void cr_count_cache_put_fresh(const char *key, long long total);
/* Cached text (JSON) for key: a new malloc'd copy the caller frees, or NULL. */
char *cr_text_cache_get(const char *key);
void cr_text_cache_put(const char *key, const char *text);
/* At most this many bytes of cached texts (the default: no limit). */
void cr_query_cache_budget(size_t bytes);
/* Bytes of cached texts now. */
size_t cr_query_cache_bytes(void);
/* A number that changes whenever the database may have changed. */
unsigned long cr_query_cache_generation(void);
/* Called on every committed write. */
void cr_count_cache_invalidate(void);

/* Answers that read only some tables, kept across writes to others. A table told apart has a
 * bit (cr_query_cache_table_bit: its name's, 0 for any other table). Read the generation of
 * the tables an answer reads BEFORE reading them, and store the answer with it: a write that
 * commits meanwhile then makes the stored answer stale at once. Names read from regions and
 * sectors (reference data, written only before the server starts) are not tracked. */
enum { CR_QC_HAZARDS = 1u << 0, CR_QC_DEPARTMENTS = 1u << 1 };
unsigned cr_query_cache_table_bit(const char *table);
unsigned long cr_query_cache_tables_generation(unsigned tables);
/* After a commit that changed these tables (~0u: another connection wrote, tables unknown). */
void cr_query_cache_tables_changed(unsigned tables);
char *cr_text_cache_get_tables(const char *key, unsigned tables);
void cr_text_cache_put_tables(const char *key, const char *text, unsigned tables,
			      unsigned long gen);

#endif
