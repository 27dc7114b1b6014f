/* chemicals.c — SQL over the GB 18218-2018 tables (gb18218_substances, gb18218_cas,
 * gb18218_categories, gb18218_gases). Read only: refdata.c loads them, nothing edits them. */
#include "store/chemicals.h"

#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

#define SUBSTANCE_COLS "s.seq, s.name_cn, s.name_en, s.cas, s.critical_t"

static void read_chemical(sqlite3_stmt *s, struct cr_chemical *out)
{
	out->seq = sqlite3_column_int64(s, 0);
	snprintf(out->name_cn, sizeof out->name_cn, "%s", cr_col_text(s, 1));
	snprintf(out->name_en, sizeof out->name_en, "%s", cr_col_text(s, 2));
	snprintf(out->cas, sizeof out->cas, "%s", cr_col_text(s, 3));
	out->critical_t = sqlite3_column_double(s, 4);
}

/* Steps s (bound by the caller) into up to max rows; *n counts them all. */
static int collect(sqlite3 *c, sqlite3_stmt *s, struct cr_chemical *out, int max, int *n,
		   struct cr_err *err)
{
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n < max)
			read_chemical(s, &out[*n]);
		(*n)++;
	}
	sqlite3_reset(s);
	return cr_db_done(c, rc, err);
}

int cr_store_chemical_by_seq(sqlite3 *c, long long seq, struct cr_chemical *out, int *n,
			     struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_substances s"
					" WHERE s.seq=?");
	sqlite3_bind_int64(s, 1, seq);
	return collect(c, s, out, 1, n, err);
}

int cr_store_chemical_by_cas(sqlite3 *c, const char *cas, struct cr_chemical *out, int max, int *n,
			     struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_cas k"
					" JOIN gb18218_substances s ON s.seq=k.seq WHERE k.cas=?"
					" ORDER BY s.seq");
	sqlite3_bind_text(s, 1, cas, -1, SQLITE_STATIC);
	return collect(c, s, out, max, n, err);
}

int cr_store_chemical_by_name(sqlite3 *c, const char *name, struct cr_chemical *out, int max,
			      int *n, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " SUBSTANCE_COLS " FROM gb18218_substances s"
					" WHERE s.name_cn=?1 OR lower(s.name_en)=lower(?1)"
					" ORDER BY s.seq");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	return collect(c, s, out, max, n, err);
}

int cr_store_chemical_gas_beta(sqlite3 *c, const char *cas, long long seq, double *beta,
			       bool *found, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT g.beta FROM gb18218_gases g WHERE g.cas=?1"
					" OR g.cas IN (SELECT cas FROM gb18218_cas WHERE seq=?2)"
					" ORDER BY g.beta DESC LIMIT 1");
	sqlite3_bind_text(s, 1, cas ? cas : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seq);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found) {
		*beta = sqlite3_column_double(s, 0);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	return cr_db_done(c, rc, err);
}

int cr_store_chemical_category(sqlite3 *c, const char *code, double *critical_t, double *beta,
			       bool *found, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT critical_t, beta FROM gb18218_categories"
					" WHERE code=?");
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found) {
		*critical_t = sqlite3_column_double(s, 0);
		*beta = sqlite3_column_double(s, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(s);
	return cr_db_done(c, rc, err);
}

static json_t *substance_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	json_t *cas = json_array();
	char buf[96];
	snprintf(buf, sizeof buf, "%s", cr_col_text(s, 3));
	char *save = NULL;
	for (char *tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
		json_array_append_new(cas, json_string(tok));
	return json_pack("{sI ss ss so sf so}", "seq", (json_int_t)sqlite3_column_int64(s, 0),
			 "name_cn", cr_col_text(s, 1), "name_en", cr_col_text(s, 2), "cas", cas,
			 "critical_t", sqlite3_column_double(s, 4), "gas_beta",
			 cr_col_json_num(s, 5));
}

static json_t *category_row(sqlite3_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss sf sf}", "code", cr_col_text(s, 0), "description",
			 cr_col_text(s, 1), "critical_t", sqlite3_column_double(s, 2), "beta",
			 sqlite3_column_double(s, 3));
}

json_t *cr_store_chemical_search(sqlite3 *c, const char *q, struct cr_err *err)
{
	char like[CR_SQLB_LIKE_CAP];
	cr_sqlb_like_text(q, like);
	sqlite3_stmt *s = cr_db_stmt(
		c,
		"SELECT " SUBSTANCE_COLS ", (SELECT max(g.beta) FROM gb18218_gases g"
		" JOIN gb18218_cas k ON k.cas=g.cas WHERE k.seq=s.seq)"
		" FROM gb18218_substances s WHERE ?1='' OR s.name_cn LIKE '%'||?1||'%' ESCAPE '\\'"
		" OR s.name_en LIKE '%'||?1||'%' ESCAPE '\\'"
		" OR s.seq IN (SELECT seq FROM gb18218_cas WHERE cas LIKE ?1||'%' ESCAPE '\\')"
		" ORDER BY (s.cas=?1 OR s.name_cn=?1) DESC, s.seq LIMIT 50");
	sqlite3_bind_text(s, 1, like, -1, SQLITE_TRANSIENT);
	json_t *items = cr_store_items(c, s, substance_row, NULL, err);
	if (!items)
		return NULL;
	s = cr_db_stmt(c, "SELECT code, description, critical_t, beta FROM gb18218_categories"
			  " WHERE ?1='' OR code LIKE ?1||'%' ESCAPE '\\'"
			  " OR description LIKE '%'||?1||'%' ESCAPE '\\' ORDER BY rowid");
	sqlite3_bind_text(s, 1, like, -1, SQLITE_TRANSIENT);
	json_t *cats = cr_store_items(c, s, category_row, NULL, err);
	if (!cats) {
		json_decref(items);
		return NULL;
	}
	json_object_set(items, "categories", json_object_get(cats, "items"));
	json_decref(cats);
	return items;
}
