/* page.c — counts and pages a filtered list for every store. It must not know any table: the
 * callers build the filters and turn rows into JSON. */
#include "store/page.h"

#include <stdbool.h>
#include <stdio.h>

#include "store/db.h"
#include "store/query_cache.h"

static int count(struct cr_conn *c, const struct cr_sqlb *cnt, long long *total, struct cr_err *err)
{
	char key[1024];
	bool cacheable = cr_sqlb_key(cnt, key, sizeof key) == 0;
	if (cacheable && cr_count_cache_get(key, total))
		return 0;
	struct cr_stmt *s = cr_sqlb_prepare(c, cnt, err);
	if (!s)
		return -1;
	int rc = cr_stmt_step(s);
	*total = rc == CR_SQL_ROW ? cr_stmt_column_int64(s, 0) : 0;
	cr_stmt_finalize(s);
	if (rc != CR_SQL_ROW)
		return cr_db_fail(c, err);
	if (cacheable)
		cr_count_cache_put(key, *total);
	return 0;
}

json_t *cr_store_one(struct cr_conn *c, struct cr_stmt *s, cr_row_json_fn row, const void *ctx,
		     const char *what, long long id, struct cr_err *err)
{
	json_t *out = NULL;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW)
		out = row(s, ctx);
	else if (rc == CR_SQL_DONE)
		cr_err_set(err, 404, "not_found", "id", "no %s %lld", what, id);
	else
		cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}

json_t *cr_store_items(struct cr_conn *c, struct cr_stmt *s, cr_row_json_fn row, const void *ctx,
		       struct cr_err *err)
{
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(items, row(s, ctx));
	if (rc != CR_SQL_DONE) {
		cr_db_fail(c, err);
		json_decref(items);
		items = NULL;
	}
	cr_stmt_reset(s);
	return items ? json_pack("{so}", "items", items) : NULL;
}

json_t *cr_store_page(struct cr_conn *c, struct cr_sqlb *cnt, struct cr_sqlb *sel,
		      const char *after_cond, const char *order, long long after, int limit,
		      cr_row_json_fn row, const void *ctx, struct cr_err *err)
{
	long long total;
	if (count(c, cnt, &total, err))
		return NULL;
	if (after > 0) {
		cr_sqlb_where(sel, after_cond);
		cr_sqlb_bind_int(sel, after);
	}
	cr_sqlb_sql(sel, order);
	cr_sqlb_bind_int(sel, limit + 1); /* one more tells whether a next page exists */
	struct cr_stmt *s = cr_sqlb_prepare(c, sel, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	long long last = 0;
	int n = 0, rc;
	bool more = false;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (n == limit) {
			more = true;
			break;
		}
		last = cr_stmt_column_int64(s, 0);
		json_array_append_new(items, row(s, ctx));
		n++;
	}
	cr_stmt_finalize(s);
	if (rc != CR_SQL_ROW && rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	char next[24];
	snprintf(next, sizeof next, "%lld", last);
	return json_pack("{so so sI}", "items", items, "next",
			 more ? json_string(next) : json_null(), "total", total);
}
