/* unit_index.h — an in-memory copy of every unit's filter fields (region, sector, department,
 * size, status, rating), kept current from the units table, so a filtered, paged list with its
 * total is one pass over a small array instead of an index range sorted by id. */
#ifndef CR_UNIT_INDEX_H
#define CR_UNIT_INDEX_H

#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct cr_unit_match {
	const char *region_prefix, *sector, *dept, *size_class, *status,
		*rating;           /* NULL/"" = any */
	long long only_id;         /* 0 = any */
	const char *credit_prefix; /* NULL/"" = any; else the credit code starts with it */
};

/* Ids of the first `limit` matching units with id > after, ascending, into ids[]; *n their
 * number, *total all matches (ignoring after), *more whether more follow. */
int cr_unit_index_page(struct cr_conn *c, const struct cr_unit_match *m, long long after, int limit,
		       long long *ids, int *n, long long *total, bool *more, struct cr_err *err);

/* Active units matching m's region prefix, sector, department (that code only, not merged
 * ones: as `dept = ?` in SQL) and only_id, counted by rating into counts[0..4]: unassessed,
 * red, orange, yellow, blue. Returns 0; 1 when the index cannot tell (a rating none of the five,
 * a prefix not all digits), so the caller asks SQL; -1 with err. */
int cr_unit_index_ratings(struct cr_conn *c, const struct cr_unit_match *m, long long counts[5],
			  struct cr_err *err);

/* head, then the cached JSON texts of units ids[0..n) joined with commas, with room bytes to
 * spare after them (malloc'd, caller frees; *len: its length), or NULL when *missing of them are
 * not cached yet; stamps[i] is each entry's stamp, with the high bit set for a missing one (pass
 * the stamp without that bit to cr_unit_index_remember). */
char *cr_unit_index_join(const long long *ids, int n, const char *head, size_t room,
			 unsigned long *stamps, int *missing, size_t *len);
/* At most this many bytes of cached JSON texts (the default: no limit). */
void cr_unit_index_budget(size_t bytes);
/* Caches a unit's JSON text, read when the entry had `stamp` (dropped if it changed since). */
void cr_unit_index_remember(long long id, unsigned long stamp, const char *text);
/* Bytes the index holds: *index its entries and candidate lists, *texts its cached JSON texts
 * (the part --cache-mb bounds). */
void cr_unit_index_bytes(size_t *index, size_t *texts);

#endif
