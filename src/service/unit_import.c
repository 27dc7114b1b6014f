/* unit_import.c — units imported from a CSV or XLSX table, all rows or none (service/import.c
 * reads the table): each row checked as a created unit is, one audit entry for the file. It
 * must not speak HTTP or build SQL (store/units.c). */
#include "service/unit_parts.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"
#include "service/import.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/schema.h"

/* Column headers: field names or the Chinese labels used on government forms. */
static const struct cr_import_column columns[] = {
	{ "credit_code", "统一社会信用代码", true },
	{ "name", "单位名称", true },
	{ "sector", "行业", true },
	{ "dept", "监管部门", false },
	{ "region", "行政区划", true },
	{ "address", "地址", false },
	{ "lon", "经度", false },
	{ "lat", "纬度", false },
	{ "size_class", "规模", true },
	{ "employees", "从业人数", false },
	{ "contact_name", "联系人", false },
	{ "contact_phone", "联系电话", false },
};
#define BULK_IMPORT_BYTES (2u << 20) /* about 10,000 rows */
/* SQLite: rows are put in the name index 16,384 at a time as they are written, so that it is
 * done while the reader's thread reads the next rows rather than all after the last one. Fewer
 * rows a time cost more in all: SQLite's full-text index writes out what it holds at every
 * statement, and merges the pieces (40,000 rows: 2.3 times the instructions at 1,024 a time,
 * 1.5 at 4,096, the same as one statement at 16,384; valgrind --tool=callgrind). */
#define NAMES_EVERY 16384

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

/* An import of units: the shared import, the look-ups its rows repeat, and on PostgreSQL the
 * COPY load its rows go to. */
struct unit_import {
	struct cr_import x; /* first, so that import_row finds the rest from it */
	struct cr_unit_seen seen;
	struct cr_unit_load *load; /* PostgreSQL: rows kept for one INSERT at the end */
	long long unnamed;         /* SQLite: the first id written and not yet in the name index */
};

/* A row checked as POST /units checks it, and within the importer's scope: on the reader's
 * thread through its own connection (x->check_conn), so the writer's thread only writes. */
static int check_row(struct cr_import *x, struct cr_conn *c, const json_t *rec, void *out,
		     struct cr_err *e)
{
	struct unit_import *ui = (struct unit_import *)x;
	struct cr_unit_checked *b = out;
	memset(b, 0, sizeof *b);
	if (cr_unit_validate(c, rec, x->sys, &ui->seen, b, e))
		return -1;
	if (!cr_user_can_manage_unit(x->u, b->row.region, b->row.dept)) {
		cr_err_set(e, 403, "forbidden", "region",
			   "region %s / department %s is outside your scope", b->row.region,
			   b->row.dept);
		cr_err_param(e, "rule", "region_scope");
		cr_err_param(e, "region", "%s", b->row.region);
		return -1;
	}
	return 0;
}

static int import_row(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e)
{
	struct unit_import *ui = (struct unit_import *)x;
	const struct cr_unit_checked *b = x->checked;
	(void)rec;
	if (cr_import_failing(x))
		return 1;
	if (ui->load) /* written by finish_rows */
		return cr_store_unit_load_add(ui->load, &b->row, (long long)x->rowno, e) ? -1 : 1;
	/* Rows are written as they come; any error later rolls them all back. */
	if (cr_store_unit_insert_bulk(x->c, &b->row, id, e))
		return -1;
	if (!ui->unnamed)
		ui->unnamed = *id;
	if (*id - ui->unnamed + 1 < NAMES_EVERY)
		return 0;
	long long from = ui->unnamed;
	ui->unnamed = 0;
	return cr_store_units_index_names(x->c, from, *id, e) ? -1 : 0;
}

/* PostgreSQL: the rows kept are checked for a credit code met before, as SQLite's unique index
 * checks each insert (so the same row is reported), and written unless a row failed. */
static int finish_rows(struct cr_import *x, size_t *rowno, struct cr_err *e)
{
	struct unit_import *ui = (struct unit_import *)x;
	long long line = 0;
	int rc = cr_store_unit_load_check(ui->load, &line, e);
	if (rc > 0)
		*rowno = (size_t)line;
	if (rc || cr_import_failing(x))
		return rc;
	return cr_store_unit_load_write(ui->load, &x->imported, &x->first_id, &x->last_id, e);
}

json_t *cr_unit_import(struct cr_conn *c, const struct cr_user *u, const void *data, size_t len,
		       const char *coords, const struct cr_import_progress *progress, json_t **rows,
		       struct cr_err *err)
{
	*rows = NULL;
	enum cr_coords sys;
	if (cr_input_coords_named(coords, &sys, err))
		return NULL;
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT) {
		cr_err_set(err, 403, "forbidden", "", "your role may not import units");
		return NULL;
	}
	struct unit_import ui = { .x = { .c = c,
					 .u = u,
					 .sys = sys,
					 .columns = columns,
					 .ncolumns = sizeof columns / sizeof columns[0],
					 .cell = cell_value,
					 .check = check_row,
					 .check_size = sizeof(struct cr_unit_checked),
					 .row = import_row,
					 .hash = true,
					 .progress = progress } };
	struct cr_import *x = &ui.x;
	if (cr_db_begin(c, err))
		return NULL;
	/* A large file loads faster into the bare table with each index built once at the end
	 * (a quarter less time at city scale); both happen inside the import's transaction. */
	bool bulk = len >= BULK_IMPORT_BYTES;
	json_t *after = NULL;
	int rc = -1;
	if (cr_unit_seen_sectors(c, &ui.seen, err))
		goto out;
	if (bulk && cr_schema_units_indexes(c, false, err))
		goto out;
	/* the reference tables the checks read are not written by the import: a connection of
	 * the reader's own sees them as this one does, and this one only writes */
	x->check_conn = cr_db_reader_beside(c);
	if (cr_conn_is_pg(c)) {
		if (!(ui.load = cr_store_unit_load_begin(c, x->check_conn != NULL, err)))
			goto out;
		x->finish = finish_rows;
	}
	if (cr_import_read(x, data, len, rows, err))
		goto out;
	if (bulk && cr_schema_units_indexes(c, true, err))
		goto out;
	/* One audit entry for the import, in its transaction: the file's hash (taken by the reader's
	 * thread) and the ids it made (a unit's history shows it, see cr_audit_history). */
	if (x->imported) {
		char hex[2 * sizeof x->sha256 + 1], ids[48];
		sodium_bin2hex(hex, sizeof hex, x->sha256, sizeof x->sha256);
		cr_import_ids(x, ids);
		after = json_pack("{sI sI sI ss ss}", "rows", x->imported, "first_id", x->first_id,
				  "last_id", x->last_id, "sha256", hex, "format",
				  cr_table_is_xlsx(data, len) ? "xlsx" : "csv");
		if (ui.unnamed && cr_store_units_index_names(c, ui.unnamed, x->last_id, err))
			goto out;
		if (cr_audit_write(c, u, "unit_import", ids, "import", NULL, after, err))
			goto out;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	json_decref(after);
	cr_store_unit_load_free(ui.load);
	cr_unit_seen_free(&ui.seen);
	if (x->check_conn)
		cr_db_reader_close(x->check_conn);
	if (rc) {
		cr_db_rollback(c);
		return NULL;
	}
	return json_pack("{sI}", "imported", x->imported);
}
