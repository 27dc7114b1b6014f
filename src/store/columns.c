/* columns.c — SQL text, row JSON and binds made from an entity's column table (columns.h).
 * It must not know any entity or rule: the store file of each entity owns its table. */
#include "store/columns.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "core/jsonx.h"
#include "store/audit.h"
#include "store/db.h"

/* ===== SQL text ===== */

struct text {
	char *p;
	size_t len, cap;
};

static void put(struct text *t, const char *s)
{
	size_t k = strlen(s);
	if (CR_GROW(t->p, t->cap, t->len + k + 1)) {
		fprintf(stderr, "cityrisk: out of memory making SQL text\n");
		abort();
	}
	memcpy(t->p + t->len, s, k + 1);
	t->len += k;
}

static void putn(struct text *t, const char *fmt, long n)
{
	char b[32];
	snprintf(b, sizeof b, fmt, n);
	put(t, b);
}

static void put_expr(struct text *t, const struct cr_cols *tb, const struct cr_col *c)
{
	if (c->expr) {
		put(t, c->expr);
	} else {
		put(t, tb->alias);
		put(t, ".");
		put(t, c->column);
	}
}

static char *make_list(const struct cr_cols *tb)
{
	struct text t = { 0 };
	for (size_t i = 0; i < tb->n; i++) {
		if (i)
			put(&t, ", ");
		put_expr(&t, tb, &tb->cols[i]);
	}
	return t.p;
}

static bool writes(const struct cr_col *c, unsigned which)
{
	return c->column && (c->flags & which);
}

/* How an INSERT learns the new row's id. */
enum insert_id {
	ID_LAST_ROWID, /* SQLite: sqlite3_last_insert_rowid, no rows to read */
	ID_RETURNED,   /* PostgreSQL: RETURNING id, in the same round trip */
	ID_GIVEN,      /* a bulk load gives it, as the last parameter (?N+2) */
};

static char *insert_text(const struct cr_cols *tb, enum insert_id how)
{
	struct text t = { 0 };
	put(&t, "INSERT INTO ");
	put(&t, tb->table);
	put(&t, "(");
	long n = 0;
	for (size_t i = 0; i < tb->n; i++)
		if (writes(&tb->cols[i], CR_COL_INSERT)) {
			put(&t, tb->cols[i].column);
			put(&t, ", ");
			n++;
		}
	put(&t, how == ID_GIVEN ? "created_at, updated_at, id) VALUES ("
				: "created_at, updated_at) VALUES (");
	long k = 0;
	for (size_t i = 0; i < tb->n; i++)
		if (writes(&tb->cols[i], CR_COL_INSERT)) {
			k++;
			if (tb->cols[i].flags & CR_COL_KEEP) {
				putn(&t, "coalesce(?%ld,", k);
				putn(&t, "?%ld),", n + 1);
			} else {
				putn(&t, "?%ld,", k);
			}
		}
	putn(&t, "?%ld,", n + 1);
	putn(&t, "?%ld", n + 1);
	if (how == ID_GIVEN)
		putn(&t, ",?%ld", n + 2);
	put(&t, ")");
	/* PostgreSQL has no last-insert id of its own. SQLite could return it too, but RETURNING
	 * costs it a temporary table per row (a fifth of a bulk import's writing) */
	if (how == ID_RETURNED)
		put(&t, " RETURNING id");
	return t.p;
}

static char *make_insert(const struct cr_cols *tb)
{
	return insert_text(tb, ID_LAST_ROWID);
}

static char *make_insert_returning(const struct cr_cols *tb)
{
	return insert_text(tb, ID_RETURNED);
}

static char *make_insert_id(const struct cr_cols *tb)
{
	return insert_text(tb, ID_GIVEN);
}

static char *make_update(const struct cr_cols *tb)
{
	struct text t = { 0 };
	put(&t, "UPDATE ");
	put(&t, tb->table);
	put(&t, " SET ");
	long k = 0;
	for (size_t i = 0; i < tb->n; i++)
		if (writes(&tb->cols[i], CR_COL_UPDATE)) {
			const char *col = tb->cols[i].column;
			k++;
			put(&t, col);
			if (tb->cols[i].flags & CR_COL_KEEP) {
				putn(&t, "=coalesce(?%ld, ", k);
				put(&t, col);
				put(&t, "), ");
			} else {
				putn(&t, "=?%ld, ", k);
			}
		}
	putn(&t, "updated_at=?%ld", k + 1);
	put(&t, ", version=version+1 WHERE id=");
	putn(&t, "?%ld AND (", k + 2);
	putn(&t, "?%ld<=0 OR version=", k + 3);
	putn(&t, "?%ld)", k + 3);
	return t.p;
}

/* Texts are made under the table's lock and never freed or changed afterwards. */
const char *cr_cols_select(struct cr_cols *t, const char *tail)
{
	pthread_mutex_lock(&t->lock);
	const char *out = NULL;
	for (size_t i = 0; i < CR_COLS_SQL_SLOTS && !out; i++) {
		if (t->selects[i].where == tail) {
			out = t->selects[i].sql;
		} else if (!t->selects[i].where) {
			struct text s = { 0 };
			char *list = make_list(t);
			put(&s, "SELECT ");
			put(&s, list);
			put(&s, t->from);
			put(&s, tail);
			free(list);
			t->selects[i].where = tail;
			t->selects[i].sql = s.p;
			out = s.p;
		}
	}
	pthread_mutex_unlock(&t->lock);
	if (!out) {
		fprintf(stderr, "cityrisk: %s: more SELECT tails than CR_COLS_SQL_SLOTS\n",
			t->table);
		abort();
	}
	return out;
}

int cr_cols_select_keys(const struct cr_cols *t, const char *const *keys, size_t n,
			struct cr_sqlb *b, struct cr_err *err)
{
	struct text s = { 0 };
	put(&s, "SELECT ");
	for (size_t k = 0; k < n; k++) {
		const struct cr_col *c = NULL;
		for (size_t i = 0; i < t->n && !c; i++)
			if (t->cols[i].key && strcmp(t->cols[i].key, keys[k]) == 0)
				c = &t->cols[i];
		if (!c) {
			free(s.p);
			return cr_err_set(err, 500, "internal", keys[k], "%s: no stored column %s",
					  t->noun, keys[k]);
		}
		if (k)
			put(&s, ", ");
		put_expr(&s, t, c);
	}
	put(&s, t->from);
	cr_sqlb_init(b, s.p);
	free(s.p);
	return 0;
}

/* The text in *slot, made at first use under the table's lock. */
static const char *made(struct cr_cols *t, char **slot, char *(*make)(const struct cr_cols *))
{
	pthread_mutex_lock(&t->lock);
	if (!*slot)
		*slot = make(t);
	const char *out = *slot;
	pthread_mutex_unlock(&t->lock);
	return out;
}

static char *make_by_id(const struct cr_cols *tb)
{
	struct text t = { 0 };
	char *list = make_list(tb);
	put(&t, "SELECT ");
	put(&t, list);
	put(&t, tb->from);
	put(&t, " WHERE ");
	put(&t, tb->alias);
	put(&t, ".id=?");
	free(list);
	return t.p;
}

static char *make_status(const struct cr_cols *tb)
{
	struct text t = { 0 };
	put(&t, "UPDATE ");
	put(&t, tb->table);
	put(&t, " SET status=?, updated_at=?, version=version+1 WHERE id=?");
	return t.p;
}

const char *cr_cols_select_list(struct cr_cols *t)
{
	return made(t, &t->list, make_list);
}

const char *cr_cols_insert_sql(struct cr_cols *t)
{
	return made(t, &t->insert, make_insert);
}

const char *cr_cols_insert_returning_sql(struct cr_cols *t)
{
	return made(t, &t->insert_returning, make_insert_returning);
}

const char *cr_cols_insert_id_sql(struct cr_cols *t)
{
	return made(t, &t->insert_id, make_insert_id);
}

const char *cr_cols_update_sql(struct cr_cols *t)
{
	return made(t, &t->update, make_update);
}

const char *cr_cols_by_id_sql(struct cr_cols *t)
{
	return made(t, &t->by_id, make_by_id);
}

const char *cr_cols_status_sql(struct cr_cols *t)
{
	return made(t, &t->status, make_status);
}

/* ===== Row to JSON ===== */

static json_t *col_json(const struct cr_col *c, struct cr_stmt *s, int i)
{
	bool nullable = c->flags & CR_COL_NULLABLE;
	switch (c->type) {
	case CR_COL_TEXT:
		return nullable ? cr_col_json_text(s, i) : json_string(cr_col_text(s, i));
	case CR_COL_INT:
		return nullable ? cr_col_json_num(s, i) : json_integer(cr_stmt_column_int64(s, i));
	case CR_COL_REAL:
		return cr_col_json_num(s, i);
	case CR_COL_JSON:
		return cr_col_json_parsed(s, i);
	case CR_COL_BOOL:
		return json_boolean(cr_stmt_column_int(s, i));
	}
	return json_null();
}

json_t *cr_cols_row_json(const struct cr_cols *t, struct cr_stmt *s)
{
	json_t *o = json_object();
	for (size_t i = 0; i < t->n; i++)
		if (t->cols[i].key)
			json_object_set_new_nocheck(o, t->cols[i].key,
						    col_json(&t->cols[i], s, (int)i));
	return o;
}

/* ===== Row struct ===== */

static long long int_at(const void *row, const struct cr_col *c)
{
	const char *p = (const char *)row + c->off;
	switch (c->size) {
	case 1: {
		uint8_t v;
		memcpy(&v, p, 1);
		return v;
	}
	case 2: {
		int16_t v;
		memcpy(&v, p, 2);
		return v;
	}
	case 4: {
		int32_t v;
		memcpy(&v, p, 4);
		return v;
	}
	default: {
		int64_t v;
		memcpy(&v, p, 8);
		return v;
	}
	}
}

static void int_put(void *row, const struct cr_col *c, long long v)
{
	char *p = (char *)row + c->off;
	switch (c->size) {
	case 1: {
		uint8_t b = v != 0;
		memcpy(p, &b, 1);
		break;
	}
	case 2: {
		int16_t b = (int16_t)v;
		memcpy(p, &b, 2);
		break;
	}
	case 4: {
		int32_t b = (int32_t)v;
		memcpy(p, &b, 4);
		break;
	}
	default: {
		int64_t b = v;
		memcpy(p, &b, 8);
	}
	}
}

static bool present(const void *row, const struct cr_col *c, double v)
{
	switch (c->absent) {
	case CR_ABSENT_NEGATIVE:
		return v >= 0;
	case CR_ABSENT_ZERO:
		return v > 0;
	case CR_ABSENT_FLAG: {
		bool has;
		memcpy(&has, (const char *)row + c->has_off, sizeof has);
		return has;
	}
	default:
		return true;
	}
}

/* The value an insert or update writes for c from row: CR_SQL_NULL when absent. A JSON value's
 * text is made into *json (malloc'd, the caller frees it); other texts are borrowed from row. */
static struct cr_row_value write_value(const struct cr_col *c, const void *row, char **json)
{
	const char *p = (const char *)row + c->off;
	struct cr_row_value v = { .type = CR_SQL_NULL };
	switch (c->type) {
	case CR_COL_TEXT: {
		const char *t;
		memcpy(&t, p, sizeof t);
		if (!t && !(c->flags & CR_COL_NULLABLE))
			t = c->dflt ? c->dflt : "";
		if (t)
			v = (struct cr_row_value){ .type = CR_SQL_TEXT, .p = t, .n = strlen(t) };
		break;
	}
	case CR_COL_INT:
	case CR_COL_BOOL: {
		long long i = int_at(row, c);
		if (present(row, c, (double)i))
			v = (struct cr_row_value){ .type = CR_SQL_INTEGER, .i = i };
		break;
	}
	case CR_COL_REAL: {
		double r;
		memcpy(&r, p, sizeof r);
		if (present(row, c, r))
			v = (struct cr_row_value){ .type = CR_SQL_FLOAT, .r = r };
		break;
	}
	case CR_COL_JSON: {
		const json_t *j;
		memcpy(&j, p, sizeof j);
		const char *t = c->dflt;
		if (j && !json_is_null(j))
			t = *json = cr_json_dump(j);
		if (t)
			v = (struct cr_row_value){ .type = CR_SQL_TEXT, .p = t, .n = strlen(t) };
		break;
	}
	}
	return v;
}

static void bind_one(struct cr_stmt *s, int k, const struct cr_col *c, const void *row)
{
	char *json = NULL;
	struct cr_row_value v = write_value(c, row, &json);
	switch (v.type) {
	case CR_SQL_TEXT:
		cr_stmt_bind_text(s, k, v.p, (int)v.n, json ? CR_SQL_COPY : CR_SQL_STATIC);
		break;
	case CR_SQL_INTEGER:
		cr_stmt_bind_int64(s, k, v.i);
		break;
	case CR_SQL_FLOAT:
		cr_stmt_bind_double(s, k, v.r);
		break;
	}
	free(json);
}

int cr_cols_bind(const struct cr_cols *t, unsigned which, struct cr_stmt *s, const void *row)
{
	int k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (writes(&t->cols[i], which))
			bind_one(s, ++k, &t->cols[i], row);
	return k;
}

static char *make_copy_list(const struct cr_cols *tb)
{
	struct text t = { 0 };
	for (size_t i = 0; i < tb->n; i++)
		if (writes(&tb->cols[i], CR_COL_INSERT)) {
			put(&t, tb->cols[i].column);
			put(&t, ", ");
		}
	put(&t, "created_at, updated_at");
	return t.p;
}

const char *cr_cols_copy_list(struct cr_cols *t)
{
	return made(t, &t->copy_list, make_copy_list);
}

int cr_cols_copy_row(const struct cr_cols *t, const void *row, const char *now,
		     struct cr_row_buf *b)
{
	for (size_t i = 0; i < t->n; i++)
		if (writes(&t->cols[i], CR_COL_INSERT)) {
			char *json = NULL;
			struct cr_row_value v = write_value(&t->cols[i], row, &json);
			if (v.type == CR_SQL_NULL && (t->cols[i].flags & CR_COL_KEEP))
				v = (struct cr_row_value){ .type = CR_SQL_TEXT,
							   .p = now,
							   .n = strlen(now) };
			int rc = cr_copy_field(b, &v, false) || cr_row_buf_char(b, '\t');
			free(json);
			if (rc)
				return -1;
		}
	struct cr_row_value at = { .type = CR_SQL_TEXT, .p = now, .n = strlen(now) };
	return cr_copy_field(b, &at, false) || cr_row_buf_char(b, '\t') ||
			       cr_copy_field(b, &at, false)
		       ? -1
		       : 0;
}

void cr_cols_row_from_json(const struct cr_cols *t, const json_t *j, void *row)
{
	/* The struct's size is not known here: zero each field and presence flag we fill. */
	for (size_t i = 0; i < t->n; i++) {
		const struct cr_col *c = &t->cols[i];
		if (c->column && c->absent == CR_ABSENT_FLAG) {
			bool yes = true;
			memcpy((char *)row + c->has_off, &yes, sizeof yes);
		}
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct cr_col *c = &t->cols[i];
		if (!c->column || !c->key)
			continue;
		json_t *v = json_object_get(j, c->key);
		char *p = (char *)row + c->off;
		switch (c->type) {
		case CR_COL_TEXT: {
			const char *s = json_string_value(v);
			memcpy(p, &s, sizeof s);
			break;
		}
		case CR_COL_INT:
			int_put(row, c, json_integer_value(v));
			break;
		case CR_COL_BOOL:
			int_put(row, c, json_is_true(v));
			break;
		case CR_COL_REAL: {
			double d = json_number_value(v);
			memcpy(p, &d, sizeof d);
			break;
		}
		case CR_COL_JSON:
			memcpy(p, &v, sizeof v);
			break;
		}
		if (c->absent == CR_ABSENT_FLAG && !json_is_number(v)) {
			bool no = false;
			memcpy((char *)row + c->has_off, &no, sizeof no);
		}
	}
}

/* ===== Writes ===== */

int cr_cols_insert(struct cr_conn *c, struct cr_cols *t, const void *row, long long *id,
		   struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	/* a bulk load on PostgreSQL gives the id itself, so the insert need not wait for it */
	long long given = 0;
	int bulk = cr_db_bulk_id(c, t->table, &given, err);
	if (bulk < 0)
		return -1;
	bool pg = cr_conn_is_pg(c);
	struct cr_stmt *s = cr_db_stmt(c, bulk ? cr_cols_insert_id_sql(t)
					  : pg ? cr_cols_insert_returning_sql(t)
					       : cr_cols_insert_sql(t));
	int n = cr_cols_bind(t, CR_COL_INSERT, s, row);
	cr_stmt_bind_text(s, n + 1, now, -1, CR_SQL_STATIC);
	if (bulk)
		cr_stmt_bind_int64(s, n + 2, given);
	if (bulk || !pg) {
		if (cr_db_run(c, s, err))
			return -1;
		*id = bulk ? given : cr_conn_last_id(c);
		return 0;
	}
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		*id = cr_stmt_column_int64(s, 0);
		rc = cr_stmt_step(s);
	}
	rc = cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	return rc;
}

int cr_cols_update(struct cr_conn *c, struct cr_cols *t, const void *row, long long id,
		   long long expect_version, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_update_sql(t));
	int n = cr_cols_bind(t, CR_COL_UPDATE, s, row);
	cr_stmt_bind_text(s, n + 1, now, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, n + 2, id);
	cr_stmt_bind_int64(s, n + 3, expect_version);
	if (cr_db_run(c, s, err))
		return -1;
	if (cr_conn_changes(c) == 0)
		return cr_err_set(err, 409, "version_conflict", "version",
				  "the %s was changed by someone else; reload it", t->noun);
	return 0;
}
