/* table_import.h — the one import loop of the registers that take a CSV or XLSX table (targets,
 * resources): a header row naming the columns by field or Chinese label, one record per row
 * checked by the caller, every invalid row reported, and all rows written or none, audited as one
 * entry. Units have their own bulk path (service/units.c). */
#ifndef CR_SERVICE_TABLE_IMPORT_H
#define CR_SERVICE_TABLE_IMPORT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"

/* A column: the record's field, its Chinese label (either may head the column) and whether the
 * header must have it. */
struct cr_import_column {
	const char *field, *label;
	bool required;
};

struct cr_import_spec {
	const struct cr_import_column *columns;
	size_t ncols;
	/* The JSON value of a non-empty cell of column k (a new reference). */
	json_t *(*cell)(size_t k, const char *text);
	/* Checks one row's record and, when write, inserts it: 0 with *id, or -1 with e filled (the
	 * row's error). write is false once a row has failed: later rows are only checked. */
	int (*row)(void *ctx, const json_t *record, bool write, long long *id, struct cr_err *e);
	void *ctx;
	const char *audit_entity; /* e.g. "resource_import": {"rows","first_id","last_id"} */
};

/* Reads the table and runs spec->row on every record in one transaction. {"imported":N}; or
 * 422 "invalid_rows" with *rows [{"row","code","field","message",…}] (at most 1,000) and nothing
 * written; or 400 for a bad header (unknown or repeated column, a required one missing) or an
 * empty table. */
json_t *cr_table_import_run(sqlite3 *c, const struct cr_user *u, const void *data, size_t len,
			    const struct cr_import_spec *spec, json_t **rows, struct cr_err *err);

#endif
