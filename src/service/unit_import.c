/* unit_import.c — units imported from a CSV or XLSX table, all rows or none: the header read
 * by field name or Chinese label, each row checked as a created unit is, one audit entry for the
 * file. It must not speak HTTP or build SQL (store/units.c). */
#include "service/unit_parts.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/schema.h"

/* Column headers: field names or the Chinese labels used on government forms. */
static const struct {
	const char *field, *label;
} columns[] = {
	{ "credit_code", "统一社会信用代码" },
	{ "name", "单位名称" },
	{ "sector", "行业" },
	{ "dept", "监管部门" },
	{ "region", "行政区划" },
	{ "address", "地址" },
	{ "lon", "经度" },
	{ "lat", "纬度" },
	{ "size_class", "规模" },
	{ "employees", "从业人数" },
	{ "contact_name", "联系人" },
	{ "contact_phone", "联系电话" },
};
#define NCOLS (sizeof columns / sizeof columns[0])
#define MAX_ROW_ERRORS 1000
#define BULK_IMPORT_BYTES (2u << 20) /* about 10,000 rows */

struct import_ctx {
	sqlite3 *c;
	const struct cr_user *u;
	enum cr_coords sys; /* of the file's lon/lat */
	int colfield[256];  /* table column → index in columns[], -1 = ignored */
	size_t ncols;
	long long imported, first_id, last_id;
	json_t *errors;
};

static void row_error(struct import_ctx *x, size_t rowno, const struct cr_err *e)
{
	json_t *o;
	if (json_array_size(x->errors) < MAX_ROW_ERRORS && (o = cr_err_json(e))) {
		json_object_set_new(o, "row", json_integer((json_int_t)rowno));
		json_array_append_new(x->errors, o);
	}
}

static int header(struct import_ctx *x, const char *const *cells, size_t n, struct cr_err *err)
{
	x->ncols = n < 256 ? n : 256;
	bool seen[NCOLS] = { false };
	for (size_t i = 0; i < x->ncols; i++) {
		x->colfield[i] = -1;
		for (size_t k = 0; k < NCOLS; k++)
			if (strcmp(cells[i], columns[k].field) == 0 ||
			    strcmp(cells[i], columns[k].label) == 0) {
				if (seen[k])
					return cr_err_set(err, 400, "invalid", columns[k].field,
							  "column %s appears twice", cells[i]);
				seen[k] = true;
				x->colfield[i] = (int)k;
			}
		if (x->colfield[i] < 0 && cells[i][0])
			return cr_err_set(err, 400, "unknown_field", cells[i],
					  "unknown column '%s'", cells[i]);
	}
	for (size_t k = 0; k < NCOLS; k++)
		if (!seen[k] && (k == 0 || k == 1 || k == 2 || k == 4 || k == 8))
			return cr_err_set(err, 400, "required", columns[k].field,
					  "the header row has no column %s (%s)", columns[k].field,
					  columns[k].label);
	return 0;
}

/* Turns a table cell into the JSON value the API would take. */
static json_t *cell_value(const char *field, const char *cell)
{
	if (strcmp(field, "lon") == 0 || strcmp(field, "lat") == 0 ||
	    strcmp(field, "employees") == 0) {
		char *end;
		double v = strtod(cell, &end);
		if (end == cell || *end)
			return json_string(cell); /* refused with a type error naming the field */
		if (strcmp(field, "employees") == 0 && v == (double)(long long)v)
			return json_integer((json_int_t)v);
		return json_real(v);
	}
	if (strcmp(field, "size_class") == 0) {
		if (strcmp(cell, "规上") == 0)
			return json_string("above");
		if (strcmp(cell, "规下") == 0)
			return json_string("below");
	}
	return json_string(cell);
}

static int import_row(void *ctx, size_t rowno, const char *const *cells, size_t n,
		      struct cr_err *err)
{
	struct import_ctx *x = ctx;
	if (rowno == 1)
		return header(x, cells, n, err);
	json_t *obj = json_object();
	for (size_t i = 0; i < n && i < x->ncols; i++)
		if (x->colfield[i] >= 0 && cells[i][0])
			json_object_set_new(obj, columns[x->colfield[i]].field,
					    cell_value(columns[x->colfield[i]].field, cells[i]));
	struct cr_unit_checked b = { 0 };
	struct cr_err e = { 0 };
	long long id;
	if (cr_unit_validate(x->c, obj, x->sys, &b, &e)) {
		row_error(x, rowno, &e);
	} else if (!cr_user_can_manage_unit(x->u, b.row.region, b.row.dept)) {
		cr_err_set(&e, 403, "forbidden", "region",
			   "region %s / department %s is outside your scope", b.row.region,
			   b.row.dept);
		cr_err_param(&e, "rule", "region_scope");
		cr_err_param(&e, "region", "%s", b.row.region);
		row_error(x, rowno, &e);
	} else if (json_array_size(x->errors) == 0) {
		/* Rows are written as they come; any error later rolls them all back. */
		if (cr_store_unit_insert_bulk(x->c, &b.row, &id, &e)) {
			row_error(x, rowno, &e);
		} else {
			if (!x->first_id)
				x->first_id = id;
			x->last_id = id;
			x->imported++;
		}
	}
	json_decref(obj);
	return 0;
}

json_t *cr_unit_import(sqlite3 *c, const struct cr_user *u, const void *data, size_t len,
		       const char *coords, json_t **rows, struct cr_err *err)
{
	*rows = NULL;
	enum cr_coords sys;
	if (cr_unit_coords_named(coords, &sys, err))
		return NULL;
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT) {
		cr_err_set(err, 403, "forbidden", "", "your role may not import units");
		return NULL;
	}
	struct import_ctx x = { .c = c, .u = u, .sys = sys, .errors = json_array() };
	if (cr_db_begin(c, err)) {
		json_decref(x.errors);
		return NULL;
	}
	/* A large file loads faster into the bare table with each index built once at the end
	 * (a quarter less time at city scale); both happen inside the import's transaction. */
	bool bulk = len >= BULK_IMPORT_BYTES;
	json_t *after = NULL;
	int rc = -1;
	if (bulk && cr_schema_units_indexes(c, false, err))
		goto out;
	if (cr_table_read(data, len, import_row, &x, err))
		goto out;
	if (bulk && cr_schema_units_indexes(c, true, err))
		goto out;
	if (x.ncols == 0) {
		cr_err_set(err, 400, "invalid", "", "the table is empty");
		goto out;
	}
	/* One audit entry for the import, in its transaction: the file's hash and the ids it made
	 * (a unit's history shows it, see cr_audit_history). */
	if (json_array_size(x.errors) == 0 && x.imported) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1], ids[48];
		crypto_hash_sha256(h, data, len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(ids, sizeof ids, "%lld-%lld", x.first_id, x.last_id);
		after = json_pack("{sI sI sI ss ss}", "rows", x.imported, "first_id", x.first_id,
				  "last_id", x.last_id, "sha256", hex, "format",
				  len >= 2 && memcmp(data, "PK", 2) == 0 ? "xlsx" : "csv");
		if (cr_store_units_index_names(c, x.first_id, x.last_id, err))
			goto out;
		if (cr_audit_write(c, u, "unit_import", ids, "import", NULL, after, err))
			goto out;
	}
	if (json_array_size(x.errors) > 0) {
		cr_err_set(err, 422, "invalid_rows", "",
			   "%zu row(s) are invalid; nothing was imported",
			   json_array_size(x.errors));
		*rows = x.errors;
		x.errors = NULL;
		goto out;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	json_decref(after);
	if (rc) {
		cr_db_rollback(c);
		json_decref(x.errors);
		return NULL;
	}
	json_decref(x.errors);
	return json_pack("{sI}", "imported", x.imported);
}
