/* pg_copy.c — bulk mode's plain inserts held back per table and sent as COPY … FROM STDIN in its
 * text format (store/row_text.h), so a load's millions of rows cost the server a COPY, not an
 * INSERT each. It must not decide when rows go: pg.c asks it before every statement. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/pg_copy.h"
#include "store/row_text.h"
#include "store/sql.h"

#define MAX_COLS 64
#define MAX_TABLES 32
#define NAME_MAX_LEN 64

struct cr_pg_copy_shape {
	char table[NAME_MAX_LEN];
	char *copy_sql;      /* COPY t(c1, …) FROM STDIN */
	int ncols;           /* columns, in the insert's order */
	int param[MAX_COLS]; /* the placeholder (0-based) each column takes */
	int alt[MAX_COLS];   /* coalesce(param, alt): the one taken when param is NULL; -1 */
};

struct held {
	char table[NAME_MAX_LEN];
	char *copy_sql; /* the COPY of the first statement's column list (malloc'd) */
	struct cr_row_buf rows;
};

struct key {
	char from[NAME_MAX_LEN], to[NAME_MAX_LEN]; /* from's rows refer to to's */
};

struct cr_pg_copies {
	struct held held[MAX_TABLES];
	int nheld;
	size_t bytes;
	struct key *keys;
	int nkeys;
	bool keys_read;
};

/* ===== The statement's shape ===== */

static const char *skip_space(const char *p)
{
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

static bool word(const char **p, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(*p, w, n) || isalnum((unsigned char)(*p)[n]) || (*p)[n] == '_')
		return false;
	*p = skip_space(*p + n);
	return true;
}

static size_t ident(const char *p)
{
	size_t n = 0;
	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

/* A placeholder $N at *p, passed with the space after it: N - 1, or -1. */
static int placeholder(const char **p)
{
	char *end;
	long k = **p == '$' ? strtol(*p + 1, &end, 10) : 0;
	if (k < 1 || k > MAX_COLS)
		return -1;
	*p = skip_space(end);
	return (int)k - 1;
}

struct cr_pg_copy_shape *cr_pg_copy_shape(const char *sql)
{
	const char *p = skip_space(sql);
	if (!word(&p, "INSERT") || !word(&p, "INTO"))
		return NULL;
	size_t n = ident(p);
	if (!n || n >= NAME_MAX_LEN)
		return NULL;
	struct cr_pg_copy_shape *sh = calloc(1, sizeof *sh);
	if (!sh)
		return NULL;
	memcpy(sh->table, p, n);
	p = skip_space(p + n);
	if (*p != '(')
		goto no;
	const char *cols = ++p;
	while (*p && *p != ')') {
		p = skip_space(p);
		size_t m = ident(p);
		if (!m || sh->ncols == MAX_COLS)
			goto no;
		sh->ncols++;
		p = skip_space(p + m);
		if (*p == ',')
			p++;
		else if (*p != ')')
			goto no;
	}
	if (*p != ')')
		goto no;
	size_t cols_len = (size_t)(p - cols);
	p = skip_space(p + 1);
	if (!word(&p, "VALUES") || *p != '(')
		goto no;
	p++;
	for (int i = 0; i < sh->ncols; i++) {
		p = skip_space(p);
		bool both = word(&p, "coalesce");
		if (both && *p++ != '(')
			goto no;
		if ((sh->param[i] = placeholder(&p)) < 0)
			goto no;
		sh->alt[i] = -1;
		if (both && (*p++ != ',' || (sh->alt[i] = placeholder(&p)) < 0 || *p++ != ')'))
			goto no;
		p = skip_space(p);
		if (*p != (i + 1 < sh->ncols ? ',' : ')'))
			goto no;
		p++;
	}
	p = skip_space(p);
	if (*p == ';')
		p = skip_space(p + 1);
	if (*p)
		goto no;
	size_t cap = strlen(sh->table) + cols_len + 32;
	if (!(sh->copy_sql = malloc(cap)))
		goto no;
	snprintf(sh->copy_sql, cap, "COPY %s(%.*s) FROM STDIN", sh->table, (int)cols_len, cols);
	return sh;
no:
	free(sh);
	return NULL;
}

void cr_pg_copy_shape_free(struct cr_pg_copy_shape *sh)
{
	if (!sh)
		return;
	free(sh->copy_sql);
	free(sh);
}

const char *cr_pg_copy_table(const struct cr_pg_copy_shape *sh)
{
	return sh->table;
}

/* ===== Held rows ===== */

struct cr_pg_copies *cr_pg_copies_new(void)
{
	return calloc(1, sizeof(struct cr_pg_copies));
}

static void empty(struct cr_pg_copies *q)
{
	for (int i = 0; i < q->nheld; i++) {
		cr_row_buf_free(&q->held[i].rows);
		free(q->held[i].copy_sql);
	}
	q->nheld = 0;
	q->bytes = 0;
}

void cr_pg_copies_drop(struct cr_pg_copies *q)
{
	empty(q);
}

void cr_pg_copies_free(struct cr_pg_copies *q)
{
	if (!q)
		return;
	empty(q);
	free(q->keys);
	free(q);
}

int cr_pg_copies_keys(struct cr_pg_copies *q, PGconn *pc, char *msg, size_t cap)
{
	if (q->keys_read)
		return 0;
	PGresult *r = PQexec(pc, "SELECT conrelid::regclass::text, confrelid::regclass::text"
				 " FROM pg_constraint WHERE contype='f'");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		snprintf(msg, cap, "%s", PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	int n = PQntuples(r);
	free(q->keys);
	q->keys = calloc((size_t)n + 1, sizeof *q->keys);
	if (!q->keys) {
		PQclear(r);
		snprintf(msg, cap, "out of memory");
		return -1;
	}
	for (int i = 0; i < n; i++) {
		snprintf(q->keys[i].from, NAME_MAX_LEN, "%s", PQgetvalue(r, i, 0));
		snprintf(q->keys[i].to, NAME_MAX_LEN, "%s", PQgetvalue(r, i, 1));
	}
	q->nkeys = n;
	q->keys_read = true;
	PQclear(r);
	return 0;
}

bool cr_pg_copies_pending(const struct cr_pg_copies *q)
{
	return q->nheld > 0;
}

size_t cr_pg_copies_bytes(const struct cr_pg_copies *q)
{
	return q->bytes;
}

static bool refers(const struct cr_pg_copies *q, const char *from, const char *to)
{
	for (int i = 0; i < q->nkeys; i++)
		if (!strcmp(q->keys[i].from, from) && !strcmp(q->keys[i].to, to))
			return true;
	return false;
}

/* name appears in sql as a word of its own */
static bool names(const char *sql, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = sql; (p = strcasestr(p, name)); p += n) {
		bool before = p == sql || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool after = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (before && after)
			return true;
	}
	return false;
}

bool cr_pg_copies_needed_by(const struct cr_pg_copies *q, const char *sql, const char *table)
{
	for (int i = 0; i < q->nheld; i++)
		if (names(sql, q->held[i].table) || (*table && refers(q, table, q->held[i].table)))
			return true;
	return false;
}

int cr_pg_copies_add(struct cr_pg_copies *q, const struct cr_pg_copy_shape *sh, int n,
		     const char *const *vals, const int *lens, const int *fmts)
{
	int at = -1;
	for (int i = 0; i < q->nheld && at < 0; i++)
		if (!strcmp(q->held[i].table, sh->table))
			at = i;
	/* a held table before this one that refers to it would go in first: send them now */
	for (int i = 0; i < (at < 0 ? q->nheld : at); i++)
		if (refers(q, q->held[i].table, sh->table))
			return 1;
	if (at >= 0 && strcmp(q->held[at].copy_sql, sh->copy_sql))
		return 1; /* another column list for the same table: one COPY each */
	if (at < 0) {
		if (q->nheld == MAX_TABLES)
			return 1;
		at = q->nheld++;
		struct held *h = &q->held[at];
		memset(h, 0, sizeof *h);
		snprintf(h->table, sizeof h->table, "%s", sh->table);
		if (!(h->copy_sql = strdup(sh->copy_sql))) {
			q->nheld--;
			return -1;
		}
	}
	struct cr_row_buf *b = &q->held[at].rows;
	size_t before = b->n;
	for (int i = 0; i < sh->ncols; i++) {
		int k = sh->param[i];
		if (sh->alt[i] >= 0 && (k >= n || !vals[k]))
			k = sh->alt[i];
		struct cr_row_value v = { .type = CR_SQL_NULL };
		if (k < n && vals[k]) {
			v.type = fmts[k] ? CR_SQL_BLOB : CR_SQL_TEXT;
			v.p = vals[k];
			v.n = fmts[k] ? (size_t)lens[k] : strlen(vals[k]);
		}
		if ((i && cr_row_buf_char(b, '\t')) || cr_copy_field(b, &v, false))
			return -1;
	}
	if (cr_row_buf_char(b, '\n'))
		return -1;
	q->bytes += b->n - before;
	return 0;
}

struct cr_pg_copies *cr_pg_copies_take(struct cr_pg_copies *q)
{
	struct cr_pg_copies *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	memcpy(t->held, q->held, sizeof q->held);
	t->nheld = q->nheld;
	t->bytes = q->bytes;
	q->nheld = 0;
	q->bytes = 0;
	return t;
}

int cr_pg_copies_send(struct cr_pg_copies *q, PGconn *pc, PGresult **failed)
{
	*failed = NULL;
	int rc = 0;
	for (int i = 0; i < q->nheld && !rc; i++) {
		struct held *h = &q->held[i];
		PGresult *r = PQexec(pc, h->copy_sql);
		if (PQresultStatus(r) != PGRES_COPY_IN) {
			*failed = r;
			rc = -1;
			break;
		}
		PQclear(r);
		if (PQputCopyData(pc, h->rows.p, (int)h->rows.n) != 1 ||
		    PQputCopyEnd(pc, NULL) != 1)
			rc = -1;
		/* the rows' errors (a broken constraint) come back as the COPY's result */
		while ((r = PQgetResult(pc))) {
			if (PQresultStatus(r) != PGRES_COMMAND_OK && !*failed) {
				*failed = r;
				rc = -1;
			} else {
				PQclear(r);
			}
		}
	}
	empty(q);
	return rc;
}
