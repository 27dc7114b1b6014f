/* rows.c — steps a filtered list's statement row by row for exports. It must not know any
 * table: the entity stores build the filters and turn rows into JSON. */
#include "store/rows.h"

#include <stdlib.h>

#include "store/db.h"

struct cr_store_rows {
	sqlite3 *c;
	sqlite3_stmt *s;
	cr_row_json_fn row;
	const void *ctx;
	int done;
};

struct cr_store_rows *cr_store_rows_open(sqlite3 *c, struct cr_sqlb *sel, const char *order,
					 cr_row_json_fn row, const void *ctx, struct cr_err *err)
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
	/* The builder's texts are bound SQLITE_STATIC from the caller's buffers; the cursor
	 * outlives them, so SQLite keeps its own copies. */
	for (int i = 0; i < sel->nbind; i++)
		if (sel->binds[i].type == CR_BIND_TEXT)
			sqlite3_bind_text(r->s, i + 1, sel->binds[i].text, -1, SQLITE_TRANSIENT);
	r->c = c, r->row = row, r->ctx = ctx;
	return r;
}

int cr_store_rows_next(struct cr_store_rows *r, json_t **out, struct cr_err *err)
{
	*out = NULL;
	if (r->done)
		return 0;
	int rc = sqlite3_step(r->s);
	if (rc == SQLITE_ROW) {
		*out = r->row(r->s, r->ctx);
		return 1;
	}
	r->done = 1;
	return cr_db_done(r->c, rc, err);
}

void cr_store_rows_close(struct cr_store_rows *r)
{
	if (!r)
		return;
	sqlite3_finalize(r->s);
	free(r);
}
