/* chemicals.c — SQL over the GB 18218-2018 tables (gb18218_substances, gb18218_cas,
 * gb18218_categories, gb18218_gases). Read only: refdata.c loads them, nothing edits them. */
#include "store/chemicals.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define SUBSTANCE_COLS "s.seq, s.name_cn, s.name_en, s.cas, s.critical_t"

static void read_chemical(struct cr_stmt *s, struct cr_chemical *out)
{
	out->seq = cr_stmt_column_int64(s, 0);
	snprintf(out->name_cn, sizeof out->name_cn, "%s", cr_col_text(s, 1));
	snprintf(out->name_en, sizeof out->name_en, "%s", cr_col_text(s, 2));
	snprintf(out->cas, sizeof out->cas, "%s", cr_col_text(s, 3));
	out->critical_t = cr_stmt_column_double(s, 4);
}

/* Steps s (bound by the caller) into up to max rows; *n counts them all. */
static int collect(struct cr_conn *c, struct cr_stmt *s, struct cr_chemical *out, int max, int *n,
		   struct cr_err *err)
{
	int rc;
	*n = 0;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (*n < max)
			read_chemical(s, &out[*n]);
		(*n)++;
	}
	cr_stmt_reset(s);
	return cr_db_done(c, rc, err);
}

int cr_store_chemical_by_seq(struct cr_conn *c, long long seq, struct cr_chemical *out, int *n,
			     struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_substances s"
					  " WHERE s.seq=?");
	cr_stmt_bind_int64(s, 1, seq);
	return collect(c, s, out, 1, n, err);
}

int cr_store_chemical_by_cas(struct cr_conn *c, const char *cas, struct cr_chemical *out, int max,
			     int *n, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_cas k"
					  " JOIN gb18218_substances s ON s.seq=k.seq WHERE k.cas=?"
					  " ORDER BY s.seq");
	cr_stmt_bind_text(s, 1, cas, -1, CR_SQL_STATIC);
	return collect(c, s, out, max, n, err);
}

int cr_store_chemical_by_name(struct cr_conn *c, const char *name, struct cr_chemical *out, int max,
			      int *n, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_substances s"
					  " WHERE s.name_cn=?1 OR lower(s.name_en)=lower(?1)"
					  " ORDER BY s.seq");
	cr_stmt_bind_text(s, 1, name, -1, CR_SQL_STATIC);
	return collect(c, s, out, max, n, err);
}

int cr_store_chemical_gas_beta(struct cr_conn *c, const char *cas, long long seq, double *beta,
			       bool *found, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT g.beta FROM gb18218_gases g WHERE g.cas=?1"
					  " OR g.cas IN (SELECT cas FROM gb18218_cas WHERE seq=?2)"
					  " ORDER BY g.beta DESC LIMIT 1");
	cr_stmt_bind_text(s, 1, cas ? cas : "", -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, seq);
	int rc = cr_stmt_step(s);
	*found = rc == CR_SQL_ROW;
	if (*found) {
		*beta = cr_stmt_column_double(s, 0);
		rc = CR_SQL_DONE;
	}
	cr_stmt_reset(s);
	return cr_db_done(c, rc, err);
}

int cr_store_chemical_category(struct cr_conn *c, const char *code, double *critical_t,
			       double *beta, bool *found, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT critical_t, beta FROM gb18218_categories"
					  " WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s);
	*found = rc == CR_SQL_ROW;
	if (*found) {
		*critical_t = cr_stmt_column_double(s, 0);
		*beta = cr_stmt_column_double(s, 1);
		rc = CR_SQL_DONE;
	}
	cr_stmt_reset(s);
	return cr_db_done(c, rc, err);
}

static json_t *substance_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	json_t *cas = json_array();
	char buf[96];
	snprintf(buf, sizeof buf, "%s", cr_col_text(s, 3));
	char *save = NULL;
	for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
		json_array_append_new(cas, json_string(tok));
	return json_pack("{sI ss ss so sf so}", "seq", (json_int_t)cr_stmt_column_int64(s, 0),
			 "name_cn", cr_col_text(s, 1), "name_en", cr_col_text(s, 2), "cas", cas,
			 "critical_t", cr_stmt_column_double(s, 4), "gas_beta",
			 cr_col_json_num(s, 5));
}

static json_t *category_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss sf sf}", "code", cr_col_text(s, 0), "description",
			 cr_col_text(s, 1), "critical_t", cr_stmt_column_double(s, 2), "beta",
			 cr_stmt_column_double(s, 3));
}

json_t *cr_store_chemical_search(struct cr_conn *c, const char *q, struct cr_err *err)
{
	char like[CR_SQLB_LIKE_CAP];
	cr_sqlb_like_text(q, like);
	struct cr_stmt *s = cr_db_stmt(
		c,
		"SELECT " SUBSTANCE_COLS ", (SELECT max(g.beta) FROM gb18218_gases g"
		" JOIN gb18218_cas k ON k.cas=g.cas WHERE k.seq=s.seq)"
		" FROM gb18218_substances s WHERE ?1='' OR s.name_cn LIKE '%'||?1||'%' ESCAPE '\\'"
		" OR s.name_en LIKE '%'||?1||'%' ESCAPE '\\'"
		" OR s.seq IN (SELECT seq FROM gb18218_cas WHERE cas LIKE ?1||'%' ESCAPE '\\')"
		" ORDER BY (s.cas=?1 OR s.name_cn=?1) DESC, s.seq LIMIT 50");
	cr_stmt_bind_text(s, 1, like, -1, CR_SQL_COPY);
	json_t *items = cr_store_items(c, s, substance_row, NULL, err);
	if (!items)
		return NULL;
	s = cr_db_stmt(c, "SELECT code, description, critical_t, beta FROM gb18218_categories"
			  " WHERE ?1='' OR code LIKE ?1||'%' ESCAPE '\\'"
			  " OR description LIKE '%'||?1||'%' ESCAPE '\\' ORDER BY rowid");
	cr_stmt_bind_text(s, 1, like, -1, CR_SQL_COPY);
	json_t *cats = cr_store_items(c, s, category_row, NULL, err);
	if (!cats) {
		json_decref(items);
		return NULL;
	}
	json_object_set(items, "categories", json_object_get(cats, "items"));
	json_decref(cats);
	return items;
}
