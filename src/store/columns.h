/* columns.h — one column table per entity: the SELECT list, the JSON keys and their order, the
 * binds and the INSERT/UPDATE text are all made from it. It knows no entity and no rule. */
#ifndef CR_STORE_COLUMNS_H
#define CR_STORE_COLUMNS_H

#include <jansson.h>
#include <pthread.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "store/row_text.h"
#include "store/sqlb.h"

/* What a column holds, for reading it into JSON and binding it from the row struct.
 *   TEXT  const char *; JSON string ("" for SQL NULL unless CR_COL_NULLABLE: null)
 *   INT   an integer field of any width (int, long, long long, bool); JSON integer (NULL: 0)
 *         or, CR_COL_NULLABLE, the number as stored (null for SQL NULL)
 *   REAL  double; JSON number as stored (null for SQL NULL)
 *   JSON  const json_t *, stored as JSON text; parsed back (null when NULL or unparsable)
 *   BOOL  bool or int field; JSON true/false
 * A label derived from a stored code (a grade's colour, a state's name) is no column: the
 * service adds it to the row it reads (service/risk_view.c, service/hazard_view.c). */
enum cr_col_type { CR_COL_TEXT, CR_COL_INT, CR_COL_REAL, CR_COL_JSON, CR_COL_BOOL };

/* Flags. A column without a field (no CR_COL_FIELD) is read only. */
enum {
	CR_COL_NULLABLE = 1u << 0, /* absent values write SQL NULL and read as JSON null */
	CR_COL_INSERT = 1u << 1,   /* written by cr_cols_insert */
	CR_COL_UPDATE = 1u << 2,   /* written by cr_cols_update */
	CR_COL_KEEP = 1u << 3,     /* absent: now on insert, the stored value on update */
	CR_COL_WRITE = CR_COL_INSERT | CR_COL_UPDATE,
};

/* When a nullable number in the row struct counts as absent (writes SQL NULL). */
enum cr_col_absent {
	CR_ABSENT_NEVER,    /* always written */
	CR_ABSENT_NEGATIVE, /* value < 0 ("unknown") */
	CR_ABSENT_ZERO,     /* value <= 0 (an id of 0 = none) */
	CR_ABSENT_FLAG,     /* the bool field at has_off is false */
};

struct cr_col {
	const char *key;    /* JSON key; NULL: selected and written but not in the JSON */
	const char *expr;   /* SELECT expression ("u.name"); NULL: alias.column */
	const char *column; /* the table's column written from the field; NULL: not written */
	enum cr_col_type type;
	unsigned flags;
	size_t off, size; /* the row struct's field (CR_COL_FIELD) */
	enum cr_col_absent absent;
	size_t has_off;   /* CR_ABSENT_FLAG: offset of the bool that says the value is there */
	const char *dflt; /* JSON/TEXT not nullable: text written when the value is NULL */
};

/* Designated initialiser of a column's field: CR_COL_FIELD(struct cr_unit_row, name). */
#define CR_COL_FIELD(type, field) .off = offsetof(type, field), .size = sizeof(((type *)0)->field)
#define CR_COL_HAS(type, field) .absent = CR_ABSENT_FLAG, .has_off = offsetof(type, field)

#define CR_COLS_SQL_SLOTS 6

/* One entity: its table, alias and FROM clause (with joins), and its columns in JSON order.
 * Every entity table has id INTEGER PRIMARY KEY, version, created_at and updated_at; the first
 * column must be the id. The SQL text is made once, at first use, and kept for the life of the
 * process, so its pointer can key store/db.c's statement cache. Define it static (not const). */
struct cr_cols {
	const char *table, *alias, *from, *noun;
	const struct cr_col *cols;
	size_t n;
	/* made at first use; the lock guards them */
	pthread_mutex_t lock;
	char *list, *insert, *insert_returning, *insert_id, *update, *by_id, *status, *copy_list;
	struct {
		const char *where;
		char *sql;
	} selects[CR_COLS_SQL_SLOTS];
};

#define CR_COLS(tbl, al, frm, what, arr)                                                           \
	{                                                                                          \
		.table = (tbl), .alias = (al), .from = (frm), .noun = (what), .cols = (arr),       \
		.n = sizeof(arr) / sizeof((arr)[0]), .lock = PTHREAD_MUTEX_INITIALIZER             \
	}

/* "a.x, b.y, …" — the SELECT list. */
const char *cr_cols_select_list(struct cr_cols *t);
/* "SELECT <list> <from><tail>" for a literal tail (" WHERE u.id=?", "" for a query builder's
 * head). The same text pointer for the same tail pointer. Aborts past CR_COLS_SQL_SLOTS tails. */
const char *cr_cols_select(struct cr_cols *t, const char *tail);
/* "SELECT <expr of keys[0]>, … <from>" as b's head: a narrow select of some of the table's
 * columns, in the order of keys (a key may come twice), for a cursor that reads only what it
 * prints (store/rows.h). 500 "internal" naming the key when one is not a column of t. */
int cr_cols_select_keys(const struct cr_cols *t, const char *const *keys, size_t n,
			struct cr_sqlb *b, struct cr_err *err);
/* "INSERT INTO t(c1…cN, created_at, updated_at) VALUES (?1…?N, ?N+1, ?N+1)". */
const char *cr_cols_insert_sql(struct cr_cols *t);
/* The same with " RETURNING id" (PostgreSQL; SQLite's id is its last-insert rowid). */
const char *cr_cols_insert_returning_sql(struct cr_cols *t);
/* The same with the new row's id given as the last parameter, ?N+2 (bulk loads, cr_db_bulk_id). */
const char *cr_cols_insert_id_sql(struct cr_cols *t);
/* "c1, …, cN, created_at, updated_at": the columns cr_cols_insert writes, named for a COPY (or
 * a staging table's SELECT) that fills them with cr_cols_copy_row's fields. */
const char *cr_cols_copy_list(struct cr_cols *t);
/* Appends the fields of `row` for cr_cols_copy_list's columns to b in COPY's text format
 * (store/row_text.h), separated by tabs, with no tab before the first or after the last:
 * the values cr_cols_insert writes (an absent value as \N, or now for CR_COL_KEEP), then now
 * twice. 0, or
 * -1 when memory ran out. */
int cr_cols_copy_row(const struct cr_cols *t, const void *row, const char *now,
		     struct cr_row_buf *b);
/* "UPDATE t SET c1=?1…, updated_at=?N+1, version=version+1 WHERE id=?N+2
 *  AND (?N+3<=0 OR version=?N+3)". */
const char *cr_cols_update_sql(struct cr_cols *t);

/* "SELECT <list> <from> WHERE <alias>.id=?": one row by id (store/register.h). */
const char *cr_cols_by_id_sql(struct cr_cols *t);
/* "UPDATE t SET status=?1, updated_at=?2, version=version+1 WHERE id=?3": the one archive
 * statement of every table with a status. */
const char *cr_cols_status_sql(struct cr_cols *t);

/* A row selected with cr_cols_select as JSON, keys in table order (new reference). */
json_t *cr_cols_row_json(const struct cr_cols *t, struct cr_stmt *s);
/* Fills the struct `row` from the JSON a row read as: the inverse of cr_cols_row_json for the
 * written columns. Strings are borrowed from j; the struct is zeroed first. */
void cr_cols_row_from_json(const struct cr_cols *t, const json_t *j, void *row);
/* Binds the written columns (flag CR_COL_INSERT or CR_COL_UPDATE) of `row` as ?1…?N. JSON
 * values are bound as their text (freed by SQLite). Returns the number bound. */
int cr_cols_bind(const struct cr_cols *t, unsigned which, struct cr_stmt *s, const void *row);

/* Inserts `row`; *id is the new row's id. Constraint failures are 409 "conflict". */
int cr_cols_insert(struct cr_conn *c, struct cr_cols *t, const void *row, long long *id,
		   struct cr_err *err);
/* Writes `row` over id and bumps version; 409 "version_conflict" when expect_version (> 0) is
 * not current or the row does not exist. */
int cr_cols_update(struct cr_conn *c, struct cr_cols *t, const void *row, long long id,
		   long long expect_version, struct cr_err *err);

#endif
