/* risk_index.h — an in-memory copy of every risk point's aggregate fields (region, sector,
 * department, grade, accident types, grid cell, position, dates), kept current from the risks
 * table, so city-wide statistics, superposition and map clusters take milliseconds, not a scan. */
#ifndef CR_RISK_INDEX_H
#define CR_RISK_INDEX_H

#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* Which risk points a question covers: the caller's scope plus optional filters. */
struct cr_risk_scope {
	const char *region_prefix; /* "" = all */
	const char *dept;          /* NULL/"" = all */
	const char *sector;        /* NULL/"" = all */
	long long unit_id;         /* 0 = all */
	int grade;                 /* 0 = all */
};

/* The fields every pass reads, packed small: a pass over half a million points is bound by
 * memory, so what most questions need lives in its own 24-byte array. */
struct cr_risk_hot {
	long long region9;          /* the region code padded to 9 digits, for prefix ranges */
	int district;               /* its first six digits */
	unsigned short district_no; /* the district as a small number (cr_risk_index_district) */
	unsigned char region_len, grade, owner_ok, sector, dept, active, has_coords;
	unsigned char seen; /* the row has been read (ids with no row stay 0) */
};
#define CR_RISK_INDEX_DISTRICTS 4096 /* district numbers are below this */

/* The rest, in a parallel array of 36 bytes a point: read only by the questions that need it.
 * The point's id is its place in the array (cr_risk_index_id), its region is the hot entry's
 * (cr_risk_index_region), and its dates are seconds from 2000-01-01 in 32 bits (1932–2068;
 * cr_risk_index_created, cr_risk_index_reviewed). */
struct cr_risk_entry {
	int unit_id;
	int cell_x, cell_y;
	float lon, lat;
	unsigned acc_mask;     /* bit k set: GB 6441 accident type k (1..31) */
	int created_2k;        /* created_at, seconds since 2000-01-01 (UTC) */
	int reviewed_2k;       /* reviewed_at likewise; INT_MIN when never reviewed */
	short created_quarter; /* year·4 + quarter − 1 */
};

/* The entry's risk id (valid inside a visit, under the index's read lock). */
long long cr_risk_index_id(const struct cr_risk_entry *e);
/* The region code as a number (6 or 9 digits) of a point. */
long long cr_risk_index_region(const struct cr_risk_hot *h);
/* created_at / reviewed_at in seconds since 1970; reviewed: -1 when never reviewed. */
long long cr_risk_index_created(const struct cr_risk_entry *e);
long long cr_risk_index_reviewed(const struct cr_risk_entry *e);
/* Seconds since 1970 as kept in an entry (clamped to 32 bits from 2000-01-01), and back. */
int cr_risk_index_pack_time(long long s);
long long cr_risk_index_unpack_time(int t);

/* Bytes the index holds now: its two arrays at their capacity, the running totals and the
 * code tables. Takes the read lock; never syncs. */
size_t cr_risk_index_bytes(void);
/* Points the index holds now (active or not; ids with no row not counted). */
long long cr_risk_index_points(void);

/* Calls fn for every active point in scope, after bringing the index up to date with the
 * database (incrementally: rows changed since the last look). Runs under a read lock: fn must
 * not call back into the index. Returns 0 or -1 with err. */
typedef void (*cr_risk_visit)(void *ctx, const struct cr_risk_hot *h,
			      const struct cr_risk_entry *e);
int cr_risk_index_each(struct cr_conn *c, const struct cr_risk_scope *s, cr_risk_visit fn,
		       void *ctx, struct cr_err *err);

/* Like cr_risk_index_each, from the running totals: calls fn once per non-empty total in scope
 * with its key (grade, district, district_no, region_len, owner_ok, sector, dept; region9 is
 * the district's, no entry) and its count. Answers scopes of a region prefix of at most six
 * digits, a department, a sector and a grade; returns 1 without calling fn for others (a town,
 * a unit), so the caller takes a pass. Returns 0, 1, or -1 with err. Runs under the read lock. */
typedef void (*cr_risk_total_visit)(void *ctx, const struct cr_risk_hot *key, long long n);
int cr_risk_index_totals(struct cr_conn *c, const struct cr_risk_scope *s, cr_risk_total_visit fn,
			 void *ctx, struct cr_err *err);

/* Loads the index now (the server calls it before it listens, so the first dashboard does not
 * wait for half a million rows). Returns the number of active points, or -1 with err. */
long long cr_risk_index_warm(struct cr_conn *c, struct cr_err *err);

/* The district code behind a district number (0 when unknown). */
int cr_risk_index_district(unsigned short no);

/* Codes behind an entry's small-number fields (static for the life of the process). */
const char *cr_risk_index_sector(unsigned char idx);
const char *cr_risk_index_dept(unsigned char idx);

/* Seconds since 1970 of a stored timestamp ("2026-11-24T00:12:34.567Z" or "2026-11-24"), -1 when
 * it is not one. */
long long cr_risk_index_time(const char *iso);

#endif
