/* regions.c — the read side of the regions table and the one place an outline blob is read and
 * decoded. It must not write: regions and outlines are loaded by refdata.c. */
#include "store/regions.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/kept_names.h"
#include "store/page.h"

#define REGION_COLS "code, name, level, parent, outline IS NOT NULL"

static json_t *region_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss ss so sb}", "code", cr_col_text(s, 0), "name", cr_col_text(s, 1),
			 "level", cr_col_text(s, 2), "parent", cr_col_json_text(s, 3),
			 "has_outline", cr_stmt_column_int(s, 4));
}

json_t *cr_store_region_list(struct cr_conn *c, const char *parent, struct cr_err *err)
{
	if (!parent)
		return cr_store_items(c,
				      cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions"
						    " WHERE level='province' ORDER BY code"),
				      region_row, NULL, err);
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions WHERE parent=?"
					  " ORDER BY code");
	cr_stmt_bind_text(s, 1, parent, -1, CR_SQL_STATIC);
	return cr_store_items(c, s, region_row, NULL, err);
}

json_t *cr_store_region_get(struct cr_conn *c, const char *code, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	json_t *out = NULL;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW)
		out = region_row(s, NULL);
	else if (rc == CR_SQL_DONE)
		cr_err_set(err, 404, "not_found", "code", "no region %s", code);
	else
		cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}

/* Region names are reference data, written only by init before servers start
 * (store/query_cache.h): once read, a region's name is kept for the process (store/kept_names.h),
 * since a statistic by district read right after a write named each of its rows with a query of
 * its own (docs/PERFORMANCE.md); refdata.c forgets them all when it loads the regions again. */
CR_KEPT_NAMES(region_names, 8192);

void cr_store_region_names_forget(void)
{
	cr_kept_names_forget(&region_names);
}

int cr_store_region_name(struct cr_conn *c, const char *code, char *name, size_t size,
			 struct cr_err *err)
{
	return cr_kept_names_read(&region_names, c, "SELECT name FROM regions WHERE code=?", code,
				  name, size, err);
}

int cr_store_region_outline(struct cr_conn *c, const char *code, struct cr_multipolygon *mp,
			    bool *has, struct cr_err *err)
{
	memset(mp, 0, sizeof *mp);
	*has = false;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT outline FROM regions WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out = 0;
	if (rc == CR_SQL_ROW && cr_stmt_column_type(s, 0) == CR_SQL_BLOB) {
		out = cr_multipolygon_decode(cr_stmt_column_blob(s, 0),
					     (size_t)cr_stmt_column_bytes(s, 0), mp, err);
		*has = out == 0;
	} else if (rc != CR_SQL_ROW && rc != CR_SQL_DONE) {
		out = cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

json_t *cr_store_region_name_map(struct cr_conn *c, const char *prefix, struct cr_err *err)
{
	char upper[24];
	snprintf(upper, sizeof upper, "%s~", prefix);
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT code, name FROM regions WHERE code >= ? AND code < ?");
	cr_stmt_bind_text(s, 1, prefix, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, upper, -1, CR_SQL_STATIC);
	json_t *out = json_object();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_object_set_new(out, cr_col_text(s, 0), json_string(cr_col_text(s, 1)));
	int bad = cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}
