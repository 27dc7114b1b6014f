/* table_import.c — the shared import loop: header mapping, per-row checks through the caller,
 * the row errors, the all-or-nothing transaction and its one audit entry. It must not know any
 * register's fields or SQL. */
#include "service/table_import.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"
#include "store/audit.h"
#include "store/db.h"

#define MAX_COLS 256
#define MAX_ROW_ERRORS 1000

struct run {
	const struct cr_import_spec *s;
	int colfield[MAX_COLS];
	size_t ncols;
	long long imported, first_id, last_id;
	json_t *errors;
};

static void row_error(struct run *x, size_t rowno, const struct cr_err *e)
{
	json_t *o;
	if (json_array_size(x->errors) < MAX_ROW_ERRORS && (o = cr_err_json(e))) {
		json_object_set_new(o, "row", json_integer((json_int_t)rowno));
		json_array_append_new(x->errors, o);
	}
}

static int header(struct run *x, const char *const *cells, size_t n, struct cr_err *err)
{
	const struct cr_import_spec *s = x->s;
	bool seen[MAX_COLS] = { false };
	x->ncols = n < MAX_COLS ? n : MAX_COLS;
	for (size_t i = 0; i < x->ncols; i++) {
		x->colfield[i] = -1;
		for (size_t k = 0; k < s->ncols; k++)
			if (strcmp(cells[i], s->columns[k].field) == 0 ||
			    strcmp(cells[i], s->columns[k].label) == 0) {
				if (seen[k])
					return cr_err_set(err, 400, "invalid", s->columns[k].field,
							  "column %s appears twice", cells[i]);
				seen[k] = true;
				x->colfield[i] = (int)k;
			}
		if (x->colfield[i] < 0 && cells[i][0])
			return cr_err_set(err, 400, "unknown_field", cells[i],
					  "unknown column '%s'", cells[i]);
	}
	for (size_t k = 0; k < s->ncols; k++)
		if (s->columns[k].required && !seen[k])
			return cr_err_set(err, 400, "required", s->columns[k].field,
					  "the header row has no column %s (%s)",
					  s->columns[k].field, s->columns[k].label);
	return 0;
}

static int one_row(void *ctx, size_t rowno, const char *const *cells, size_t n, struct cr_err *err)
{
	struct run *x = ctx;
	if (rowno == 1)
		return header(x, cells, n, err);
	json_t *obj = json_object();
	for (size_t i = 0; i < n && i < x->ncols; i++)
		if (x->colfield[i] >= 0 && cells[i][0])
			json_object_set_new(obj, x->s->columns[x->colfield[i]].field,
					    x->s->cell((size_t)x->colfield[i], cells[i]));
	struct cr_err e = { 0 };
	long long id = 0;
	bool write = json_array_size(x->errors) == 0;
	if (x->s->row(x->s->ctx, obj, write, &id, &e)) {
		row_error(x, rowno, &e);
	} else if (write) {
		if (!x->first_id)
			x->first_id = id;
		x->last_id = id;
		x->imported++;
	}
	json_decref(obj);
	return 0;
}

json_t *cr_table_import_run(sqlite3 *c, const struct cr_user *u, const void *data, size_t len,
			    const struct cr_import_spec *spec, json_t **rows, struct cr_err *err)
{
	struct run x = { .s = spec, .errors = json_array() };
	json_t *out = NULL;
	*rows = NULL;
	if (cr_db_begin(c, err))
		goto done;
	if (cr_table_read(data, len, one_row, &x, err))
		goto fail;
	if (x.ncols == 0) {
		cr_err_set(err, 400, "invalid", "", "the table is empty");
		goto fail;
	}
	if (json_array_size(x.errors) > 0) {
		cr_err_set(err, 422, "invalid_rows", "",
			   "%zu row(s) are invalid; nothing was imported",
			   json_array_size(x.errors));
		*rows = x.errors;
		x.errors = NULL;
		goto fail;
	}
	if (x.imported) {
		char ids[48];
		snprintf(ids, sizeof ids, "%lld-%lld", x.first_id, x.last_id);
		json_t *after = json_pack("{sI sI sI}", "rows", x.imported, "first_id", x.first_id,
					  "last_id", x.last_id);
		int rc = cr_audit_write(c, u, spec->audit_entity, ids, "import", NULL, after, err);
		json_decref(after);
		if (rc)
			goto fail;
	}
	if (cr_db_commit(c, err))
		goto fail;
	out = json_pack("{sI}", "imported", x.imported);
	goto done;
fail:
	cr_db_rollback(c);
done:
	json_decref(x.errors);
	return out;
}
