/* units.h — SQL for units (生产经营单位): rows to JSON, insert, update, list with filters.
 * No permission or validation rules here; service/units.c decides what may be written. */
#ifndef CR_STORE_UNITS_H
#define CR_STORE_UNITS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

struct cr_store_rows; /* store/rows.h */

/* A validated unit as it is written. Strings are borrowed. */
struct cr_unit_row {
	const char *credit_code, *name, *sector, *dept, *region, *address;
	const char *size_class, *contact_name, *contact_phone;
	double lon, lat;
	bool has_coords;
	long long employees; /* -1 = unknown */
};

/* The unit as JSON (new reference), or NULL with 404. */
json_t *cr_store_unit_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_unit_insert(struct cr_conn *c, const struct cr_unit_row *u, long long *id,
			 struct cr_err *err);
/* Inserts without indexing the name: bulk loads call cr_store_units_index_names once after. */
int cr_store_unit_insert_bulk(struct cr_conn *c, const struct cr_unit_row *u, long long *id,
			      struct cr_err *err);
int cr_store_units_index_names(struct cr_conn *c, long long first_id, long long last_id,
			       struct cr_err *err);
/* A bulk load of units through PostgreSQL's COPY (an import on PostgreSQL; SQLite writes row by
 * row, cr_store_unit_insert_bulk). Rows are kept as COPY text and sent, a few MiB at a time,
 * by COPY straight into units, each send under a savepoint; a send that breaks a constraint
 * is rolled back to it, and it and the later sends go into a staging table that lives until the
 * transaction ends, where cr_store_unit_load_check finds the first repeated credit code's row.
 * Inside the caller's transaction, which it rolls back on any error. */
struct cr_unit_load;
/* NULL with err on a database error (or on SQLite). Free with cr_store_unit_load_free.
 * stream: the connection is left to the load until cr_store_unit_load_check (nothing else
 * runs on it meanwhile), so rows go down an open COPY as they come, the server writing them
 * while the next are made; else a COPY per send, the connection free between sends. */
struct cr_unit_load *cr_store_unit_load_begin(struct cr_conn *c, bool stream, struct cr_err *err);
/* Adds a validated row, line being its place in the file (for the duplicate's report). */
int cr_store_unit_load_add(struct cr_unit_load *l, const struct cr_unit_row *u, long long line,
			   struct cr_err *err);
/* Sends the rows added and looks for the first whose credit code is registered already or came
 * on an earlier row: 0 when none is, 1 with *line that row's and err the 409 "duplicate" that
 * cr_store_unit_insert_bulk gives, -1 with err on a database error. */
int cr_store_unit_load_check(struct cr_unit_load *l, long long *line, struct cr_err *err);
/* After cr_store_unit_load_check found none: 0 with *n rows written and their ids
 * *first_id…*last_id in the order added, or -1 with err. */
int cr_store_unit_load_write(struct cr_unit_load *l, long long *n, long long *first_id,
			     long long *last_id, struct cr_err *err);
void cr_store_unit_load_free(struct cr_unit_load *l);
/* Copies the unit's region and department onto every record that hangs off it and keeps a
 * copy for scoping without a join — installations, emergency plans, dynamic reports, the unit's
 * own resources, its capability assessments and the alerts about it — so that each follows the
 * unit when it moves (issue 7 item 2). Call inside the unit's write transaction. */
int cr_store_unit_records_follow(struct cr_conn *c, long long unit_id, struct cr_err *err);
/* Writes every field and bumps version; 409 when expect_version (>0) is not current. */
int cr_store_unit_update(struct cr_conn *c, long long id, const struct cr_unit_row *u,
			 long long expect_version, struct cr_err *err);
int cr_store_unit_set_status(struct cr_conn *c, long long id, const char *status,
			     struct cr_err *err);

struct cr_unit_filter {
	const char *region_prefix; /* "" = any */
	const char *sector, *dept, *size_class, *q, *status, *rating;
	long long only_id; /* unit users: their own unit */
	long long after;   /* cursor: id of the last row seen */
	int limit;
	const char *credit_prefix; /* a search by 统一社会信用代码: its first characters */
	char credit_buf[19];       /* holds credit_prefix when the service normalised it */
};

/* {"items":[…],"next":…,"total":N} by SQL (name searches use the FTS index). New reference. */
json_t *cr_store_unit_list(struct cr_conn *c, const struct cr_unit_filter *f, struct cr_err *err);
/* The same answer as JSON text (malloc'd) from the in-memory unit index, for lists without a
 * name search: the hot path of the unit list. */
char *cr_store_unit_page_text(struct cr_conn *c, const struct cr_unit_filter *f,
			      struct cr_err *err);
/* The same rows as the list for f (its after and limit ignored), by id, one at a time, with
 * only the columns named by keys (the column table's JSON keys, in that order; no derived
 * labels): for exports. NULL with err; read and close with store/rows.h. */
struct cr_store_rows *cr_store_unit_rows(struct cr_conn *c, const struct cr_unit_filter *f,
					 const char *const *keys, size_t n, struct cr_err *err);

/* Units, or active units only; -1 with err on a database error. */
long long cr_store_unit_count(struct cr_conn *c, bool active_only, struct cr_err *err);

/* Where a unit is and what it does: what bulk generators need. Strings are borrowed for the
 * call only. */
struct cr_unit_place {
	long long id;
	const char *region, *sector, *dept, *size_class;
	double lon, lat;
	bool has_coords;
};
/* Called once per unit; return 0 to go on, -1 (with the caller's err set) to stop. */
typedef int (*cr_unit_place_fn)(void *ctx, const struct cr_unit_place *u);
/* Calls fn for every active unit by id; fn may write to the database meanwhile. 0, fn's -1, or
 * -1 with err on a database error. */
int cr_store_units_each_active(struct cr_conn *c, cr_unit_place_fn fn, void *ctx,
			       struct cr_err *err);

#endif
