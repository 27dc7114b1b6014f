/* rows.c — steps a filtered list's statement row by row for exports and hands out its columns.
 * It must not know any table: the entity stores build the select and the filters. */
#include "store/rows.h"

#include <stdlib.h>

#include "store/db.h"

struct cr_store_rows {
	struct cr_conn *c;
	struct cr_stmt *s;
	int done;
};

struct cr_store_rows *cr_store_rows_open(struct cr_conn *c, struct cr_sqlb *sel, const char *order,
					 struct cr_err *err)
{
	cr_sqlb_sql(sel, order);
	struct cr_store_rows *r = calloc(1, sizeof *r);
	if (!r) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		return NULL;
	}
	r->s = cr_sqlb_prepare(c, sel, err);
	if (!r->s) {
		free(r);
		return NULL;
	}
	/* The builder's texts are bound CR_SQL_STATIC from the caller's buffers; the cursor
	 * outlives them, so SQLite keeps its own copies. */
	for (int i = 0; i < sel->nbind; i++)
		if (sel->binds[i].type == CR_BIND_TEXT)
			cr_stmt_bind_text(r->s, i + 1, sel->binds[i].text, -1, CR_SQL_COPY);
	r->c = c;
	return r;
}

int cr_store_rows_step(struct cr_store_rows *r, struct cr_err *err)
{
	if (r->done)
		return 0;
	int rc = cr_stmt_step(r->s);
	if (rc == CR_SQL_ROW)
		return 1;
	r->done = 1;
	return cr_db_done(r->c, rc, err);
}

bool cr_store_rows_null(const struct cr_store_rows *r, int i)
{
	return cr_stmt_column_type(r->s, i) == CR_SQL_NULL;
}

const char *cr_store_rows_text(const struct cr_store_rows *r, int i)
{
	const unsigned char *t = cr_stmt_column_text(r->s, i);
	return t ? (const char *)t : "";
}

long long cr_store_rows_int(const struct cr_store_rows *r, int i)
{
	return cr_stmt_column_int64(r->s, i);
}

double cr_store_rows_real(const struct cr_store_rows *r, int i)
{
	return cr_stmt_column_double(r->s, i);
}

void cr_store_rows_close(struct cr_store_rows *r)
{
	if (!r)
		return;
	cr_stmt_finalize(r->s);
	free(r);
}
