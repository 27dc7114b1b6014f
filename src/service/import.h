/* import.h — one table (CSV or XLSX) imported as records of an entity, all rows or none: the
 * header read by field name or Chinese label, each row made into the JSON the API takes and
 * handed to the entity, row errors collected. Used by unit_import.c, targets.c and resources.c; the entity
 * keeps its checks, its writes, its transaction and its audit entry. */
#ifndef CR_SERVICE_IMPORT_H
#define CR_SERVICE_IMPORT_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/geo.h"
#include "domain/user.h"

/* A column: the record's field, the label used on government forms, and whether the header
 * must have it. */
struct cr_import_column {
	const char *field, *label;
	bool required;
};

/* Someone watching a long import (the command line's bar on a terminal; the API passes NULL):
 * fn runs on the caller's thread after every few hundred rows while done < total, and once at
 * the end with done == total. total is the CSV file's lines less the header (an estimate: a
 * blank line or a quoted cell's line break counts too); an XLSX file's rows are not counted
 * before they are read, so for it fn runs at the end only. */
struct cr_import_progress {
	void (*fn)(void *ctx, long long done, long long total);
	void *ctx;
};

#define CR_IMPORT_MAX_COLUMNS 256
#define CR_IMPORT_MAX_ROW_ERRORS 1000

struct cr_import {
	/* Set by the entity before cr_import_read. */
	struct cr_conn *c;
	const struct cr_user *u;
	enum cr_coords sys; /* of the file's lon/lat */
	const struct cr_import_column *columns;
	size_t ncolumns;
	/* A cell as the JSON value the API would take for field. New reference. */
	json_t *(*cell)(const char *field, const char *cell);
	/* Checks and writes one record: 0 with *id when written, 1 when checked but not written
	 * (an earlier row failed: cr_import_failing, or the row is kept for finish), -1 with e
	 * (the row's error). x->rowno is the record's row in the table. */
	int (*row)(struct cr_import *x, const json_t *rec, long long *id, struct cr_err *e);
	/* Optional, called once after the last row when the table was read: finishes the rows
	 * that row kept — checks them, and writes them unless a row failed (cr_import_failing).
	 * 0 (when written, with imported, first_id and last_id set); 1 with *rowno and e a row's
	 * error, reported among the others in row order; -1 with e when the whole import fails. */
	int (*finish)(struct cr_import *x, size_t *rowno, struct cr_err *e);
	/* Optional: checks one record into check_size bytes at out, which row then finds at
	 * x->checked; 0, or -1 with e (the row's error: row is not called). It runs on the
	 * reader's thread through check_conn, a connection of the reader's own that sees what the
	 * import's transaction has not changed (the reference tables), so the caller's thread only
	 * writes; without check_conn, on the caller's thread through c. It must not write. */
	int (*check)(struct cr_import *x, struct cr_conn *c, const json_t *rec, void *out,
		     struct cr_err *e);
	size_t check_size;
	struct cr_conn *check_conn;
	/* Whether the file's SHA-256 is taken into sha256 too (for the audit), on a thread of its own. */
	bool hash;
	const struct cr_import_progress *progress; /* NULL: none */
	/* Filled by cr_import_read. */
	int colfield[CR_IMPORT_MAX_COLUMNS]; /* table column → index in columns, -1 = ignored */
	size_t ncols;
	size_t rowno;        /* the row being handed to row */
	const void *checked; /* and what check made of it (when check is set) */
	long long imported, first_id, last_id;
	unsigned char sha256[32]; /* when hash was set and the table was read */
	json_t *errors;
};

/* Reads the table through x->row, inside the caller's transaction. The file is read and its
 * rows made into records on a thread of its own; x->row runs on the caller's thread, on the
 * records in file order, so it may use x->c (x->cell runs on the reader's thread and must not). 0 when every row was
 * written; -1 with err: the header's 400 naming the column, 400 for an empty table, or 422
 * "invalid_rows" with *rows (new reference) the rows' errors, each with its "row" number
 * (at most CR_IMPORT_MAX_ROW_ERRORS); the caller then rolls back. */
int cr_import_read(struct cr_import *x, const void *data, size_t len, json_t **rows,
		   struct cr_err *err);
/* A register's whole import (targets, resources): cr_import_read in a transaction of its own,
 * then one audit entry (entity audit_entity, id "first-last", {"rows","first_id","last_id"})
 * when rows were written. {"imported":N} (new reference), or NULL with err (and *rows as
 * cr_import_read gives them) and nothing written. */
json_t *cr_import_run(struct cr_import *x, const void *data, size_t len, const char *audit_entity,
		      json_t **rows, struct cr_err *err);
/* Whether a row has failed already: later rows are checked but no longer written. */
bool cr_import_failing(const struct cr_import *x);
/* The ids the import made, "first-last", for its audit entry. */
void cr_import_ids(const struct cr_import *x, char out[48]);

#endif
