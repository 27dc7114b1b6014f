/* import.c — a table read as records of an entity, all rows or none (import.h). It must not know
 * an entity's fields, checks or writes: the caller's columns and row function carry them. */
#include "service/import.h"
#include "store/audit.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"

static void row_error(struct cr_import *x, size_t rowno, const struct cr_err *e)
{
	json_t *o;
	if (json_array_size(x->errors) < CR_IMPORT_MAX_ROW_ERRORS && (o = cr_err_json(e))) {
		json_object_set_new(o, "row", json_integer((json_int_t)rowno));
		json_array_append_new(x->errors, o);
	}
}

static int header(struct cr_import *x, const char *const *cells, size_t n, struct cr_err *err)
{
	x->ncols = n < CR_IMPORT_MAX_COLUMNS ? n : CR_IMPORT_MAX_COLUMNS;
	bool seen[CR_IMPORT_MAX_COLUMNS] = { false };
	for (size_t i = 0; i < x->ncols; i++) {
		x->colfield[i] = -1;
		for (size_t k = 0; k < x->ncolumns; k++)
			if (strcmp(cells[i], x->columns[k].field) == 0 ||
			    strcmp(cells[i], x->columns[k].label) == 0) {
				if (seen[k])
					return cr_err_set(err, 400, "invalid", x->columns[k].field,
							  "column %s appears twice", cells[i]);
				seen[k] = true;
				x->colfield[i] = (int)k;
			}
		if (x->colfield[i] < 0 && cells[i][0])
			return cr_err_set(err, 400, "unknown_field", cells[i],
					  "unknown column '%s'", cells[i]);
	}
	for (size_t k = 0; k < x->ncolumns; k++)
		if (!seen[k] && x->columns[k].required)
			return cr_err_set(err, 400, "required", x->columns[k].field,
					  "the header row has no column %s (%s)",
					  x->columns[k].field, x->columns[k].label);
	return 0;
}

static int import_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
		      struct cr_err *err)
{
	struct cr_import *x = ctx;
	if (rowno == 1)
		return header(x, cells, n, err);
	json_t *rec = json_object();
	for (size_t i = 0; i < n && i < x->ncols; i++)
		if (x->colfield[i] >= 0 && cells[i][0]) {
			const char *field = x->columns[x->colfield[i]].field;
			json_object_set_new(rec, field, x->cell(field, cells[i]));
		}
	struct cr_err e = { 0 };
	long long id = 0;
	int rc = x->row(x, rec, &id, &e);
	if (rc < 0) {
		row_error(x, rowno, &e);
	} else if (rc == 0) {
		if (!x->first_id)
			x->first_id = id;
		x->last_id = id;
		x->imported++;
	}
	json_decref(rec);
	return 0;
}

bool cr_import_failing(const struct cr_import *x)
{
	return json_array_size(x->errors) > 0;
}

void cr_import_ids(const struct cr_import *x, char out[48])
{
	snprintf(out, 48, "%lld-%lld", x->first_id, x->last_id);
}

int cr_import_read(struct cr_import *x, const void *data, size_t len, json_t **rows,
		   struct cr_err *err)
{
	*rows = NULL;
	x->errors = json_array();
	int rc = -1;
	if (cr_table_read(data, len, import_row, x, err))
		goto out;
	if (x->ncols == 0) {
		cr_err_set(err, 400, "invalid", "", "the table is empty");
		goto out;
	}
	if (cr_import_failing(x)) {
		cr_err_set(err, 422, "invalid_rows", "",
			   "%zu row(s) are invalid; nothing was imported",
			   json_array_size(x->errors));
		*rows = json_incref(x->errors);
		goto out;
	}
	rc = 0;
out:
	json_decref(x->errors);
	x->errors = NULL;
	return rc;
}

json_t *cr_import_run(struct cr_import *x, const void *data, size_t len, const char *audit_entity,
		      json_t **rows, struct cr_err *err)
{
	json_t *after = NULL;
	*rows = NULL;
	if (cr_db_begin(x->c, err))
		return NULL;
	if (cr_import_read(x, data, len, rows, err))
		goto fail;
	if (x->imported) {
		char ids[48];
		cr_import_ids(x, ids);
		after = json_pack("{sI sI sI}", "rows", x->imported, "first_id", x->first_id,
				  "last_id", x->last_id);
		if (cr_audit_write(x->c, x->u, audit_entity, ids, "import", NULL, after, err))
			goto fail;
	}
	if (cr_db_commit(x->c, err))
		goto fail;
	json_decref(after);
	return json_pack("{sI}", "imported", x->imported);
fail:
	json_decref(after);
	cr_db_rollback(x->c);
	return NULL;
}
