/* register.c — one row, the archive and the paged list of any territorial register, made from its
 * column table. It must not name an entity's columns or decide who may read them. */
#include "store/register.h"

#include <stdio.h>

#include "core/clock.h"
#include "store/db.h"
#include "store/page.h"

static json_t *register_row(struct cr_stmt *s, const void *ctx)
{
	return cr_cols_row_json(ctx, s);
}

json_t *cr_register_get(struct cr_conn *c, struct cr_cols *t, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_by_id_sql(t));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, register_row, t, t->noun, id, err);
}

int cr_register_set_status(struct cr_conn *c, struct cr_cols *t, long long id, const char *status,
			   struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_status_sql(t));
	cr_stmt_bind_text(s, 1, status, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 3, id);
	return cr_db_run(c, s, err);
}

/* "<alias>.<column><rest>" as a condition (our own literals, never input). */
static void where(struct cr_sqlb *b, const struct cr_cols *t, const char *column, const char *rest)
{
	char cond[160];
	snprintf(cond, sizeof cond, "%s.%s%s", t->alias, column, rest);
	cr_sqlb_where(b, cond);
}

void cr_register_status(struct cr_sqlb *b, const struct cr_cols *t, const char *status)
{
	where(b, t, "status", "=?");
	cr_sqlb_bind_text(b, status && *status ? status : "active");
}

void cr_register_territory(struct cr_sqlb *b, const struct cr_cols *t, const char *prefix,
			   struct cr_register_text *x)
{
	if (!prefix || !*prefix)
		return;
	char cond[96];
	snprintf(x->upper, sizeof x->upper, "%s~", prefix);
	snprintf(cond, sizeof cond, "%s.region >= ? AND %s.region < ?", t->alias, t->alias);
	cr_sqlb_where(b, cond);
	cr_sqlb_bind_text(b, prefix);
	cr_sqlb_bind_text(b, x->upper);
}

void cr_register_eq(struct cr_sqlb *b, const struct cr_cols *t, const char *column,
		    const char *value)
{
	if (!value || !*value)
		return;
	where(b, t, column, "=?");
	cr_sqlb_bind_text(b, value);
}

void cr_register_id(struct cr_sqlb *b, const struct cr_cols *t, const char *column, long long id)
{
	if (id <= 0)
		return;
	where(b, t, column, "=?");
	cr_sqlb_bind_int(b, id);
}

void cr_register_name(struct cr_sqlb *b, const struct cr_cols *t, const char *q,
		      struct cr_register_text *x)
{
	if (!q || !*q)
		return;
	size_t n = 0;
	for (const char *p = q; *p && n + 3 < sizeof x->q; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			x->q[n++] = '\\';
		x->q[n++] = *p;
	}
	x->q[n] = 0;
	where(b, t, "name", " LIKE '%' || ? || '%' ESCAPE '\\'");
	cr_sqlb_bind_text(b, x->q);
}

json_t *cr_register_page(struct cr_conn *c, struct cr_cols *t, cr_register_where_fn add,
			 const void *filter, long long after, int limit, bool newest_first,
			 struct cr_err *err)
{
	char head[96], cursor[48], order[64];
	struct cr_register_text x;
	struct cr_sqlb cnt, sel;
	snprintf(head, sizeof head, "SELECT count(*) FROM %s %s", t->table, t->alias);
	snprintf(cursor, sizeof cursor, "%s.id %s ?", t->alias, newest_first ? "<" : ">");
	snprintf(order, sizeof order, " ORDER BY %s.id%s LIMIT ?", t->alias,
		 newest_first ? " DESC" : "");
	cr_sqlb_init(&cnt, head);
	add(&cnt, t, filter, &x);
	cr_sqlb_init(&sel, cr_cols_select(t, ""));
	add(&sel, t, filter, &x);
	return cr_store_page(c, &cnt, &sel, cursor, order, after, limit, register_row, t, err);
}
