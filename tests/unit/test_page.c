/* test_page.c — the one cursor-paged list and the one query builder on a real SQLite file:
 * pages hold `limit` rows, `next` appears exactly when more rows follow, a walk visits every
 * row once, and values are bound, never spliced into the SQL text. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "store/db.h"
#include "store/page.h"
#include "store/sqlb.h"

static json_t *row_id(struct cr_stmt *s, const void *ctx)
{
	return json_integer(cr_stmt_column_int64(s, 0));
}

/* A table of n rows with ids 1..n; v is "even" or "odd". */
static struct cr_db *rows_db(char *path, const char *table, int n)
{
	struct cr_err e;
	close(mkstemp(path));
	unlink(path);
	struct cr_db *db = cr_db_open(path, &e);
	if (!db)
		return NULL;
	struct cr_conn *c = cr_db_conn(db);
	char sql[256];
	snprintf(sql, sizeof sql, "CREATE TABLE %s(id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
		 table);
	if (cr_db_exec(c, sql, &e))
		goto fail;
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<%d)"
		 " INSERT INTO %s SELECT i, CASE i%%2 WHEN 0 THEN 'even' ELSE 'odd' END FROM n",
		 n, table);
	if (cr_db_exec(c, sql, &e))
		goto fail;
	return db;
fail:
	cr_db_close(db);
	return NULL;
}

static json_t *page(struct cr_conn *c, const char *table, const char *v, long long after, int limit)
{
	struct cr_err e;
	struct cr_sqlb cnt, sel;
	char head[128];
	snprintf(head, sizeof head, "SELECT count(*) FROM %s", table);
	cr_sqlb_init(&cnt, head);
	snprintf(head, sizeof head, "SELECT id FROM %s", table);
	cr_sqlb_init(&sel, head);
	if (v) {
		cr_sqlb_where(&cnt, "v = ?");
		cr_sqlb_bind_text(&cnt, v);
		cr_sqlb_where(&sel, "v = ?");
		cr_sqlb_bind_text(&sel, v);
	}
	return cr_store_page(c, &cnt, &sel, "id > ?", " ORDER BY id LIMIT ?", after, limit, row_id,
			     NULL, &e);
}

TEST(page_next_appears_exactly_when_more_rows_follow)
{
	char path[] = "/tmp/cr-page-XXXXXX";
	struct cr_db *db = rows_db(path, "t10", 10);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	/* 10 rows: limit 9 leaves one over, limit 10 leaves none, limit 11 none */
	json_t *p = page(c, "t10", NULL, 0, 9);
	OK(p && json_array_size(json_object_get(p, "items")) == 9);
	STR_EQ(json_string_value(json_object_get(p, "next")), "9");
	INT_EQ(json_integer_value(json_object_get(p, "total")), 10);
	json_decref(p);
	p = page(c, "t10", NULL, 0, 10);
	OK(p && json_array_size(json_object_get(p, "items")) == 10);
	OK(p && json_is_null(json_object_get(p, "next")));
	json_decref(p);
	p = page(c, "t10", NULL, 0, 11);
	OK(p && json_array_size(json_object_get(p, "items")) == 10);
	OK(p && json_is_null(json_object_get(p, "next")));
	json_decref(p);
	/* after the 9th row, one is left and no next */
	p = page(c, "t10", NULL, 9, 9);
	OK(p && json_array_size(json_object_get(p, "items")) == 1);
	OK(p && json_is_null(json_object_get(p, "next")));
	INT_EQ(json_integer_value(json_object_get(p, "total")), 10);
	json_decref(p);
	cr_db_close(db);
	unlink(path);
}

TEST(page_walk_visits_every_filtered_row_once)
{
	char path[] = "/tmp/cr-page-XXXXXX";
	struct cr_db *db = rows_db(path, "t100", 100);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	long long after = 0, expect = 2;
	int pages = 0, seen = 0;
	for (;;) {
		json_t *p = page(c, "t100", "even", after, 7);
		if (!p) {
			OK(p != NULL);
			break;
		}
		INT_EQ(json_integer_value(json_object_get(p, "total")), 50);
		json_t *items = json_object_get(p, "items"), *it;
		size_t i;
		json_array_foreach(items, i, it) {
			INT_EQ(json_integer_value(it), expect);
			expect += 2;
			seen++;
		}
		pages++;
		json_t *next = json_object_get(p, "next");
		if (json_is_null(next)) {
			json_decref(p);
			break;
		}
		INT_EQ(json_array_size(items), 7);
		after = strtoll(json_string_value(next), NULL, 10);
		json_decref(p);
		if (pages > 20)
			break;
	}
	INT_EQ(seen, 50);
	INT_EQ(pages, 8); /* 7 pages of 7 and one of 1 */
	cr_db_close(db);
	unlink(path);
}

TEST(sqlb_binds_values_and_joins_conditions)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT count(*) FROM t");
	cr_sqlb_where(&b, "a = ?");
	cr_sqlb_bind_text(&b, "x' OR '1'='1");
	cr_sqlb_where(&b, "b > ?");
	cr_sqlb_bind_int(&b, 5);
	cr_sqlb_sql(&b, " LIMIT ?");
	cr_sqlb_bind_real(&b, 2.5);
	STR_EQ(b.sql, "SELECT count(*) FROM t WHERE a = ? AND b > ? LIMIT ?");
	INT_EQ(b.nbind, 3);
	OK(b.binds[0].type == CR_BIND_TEXT && strcmp(b.binds[0].text, "x' OR '1'='1") == 0);
	OK(b.binds[1].type == CR_BIND_INT && b.binds[1].i == 5);
	OK(b.binds[2].type == CR_BIND_REAL && b.binds[2].d == 2.5);
	/* the cache key tells apart queries that differ only in a value */
	struct cr_sqlb b2 = b;
	b2.binds[1].i = 6;
	char k1[256], k2[256];
	OK(cr_sqlb_key(&b, k1, sizeof k1) == 0);
	OK(cr_sqlb_key(&b2, k2, sizeof k2) == 0);
	OK(strcmp(k1, k2) != 0);
}

TEST(sqlb_overflow_is_refused_at_prepare)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT 1");
	for (int i = 0; i < CR_SQLB_MAX_BINDS + 1; i++)
		cr_sqlb_bind_int(&b, i);
	OK(b.overflow);
	struct cr_err e = { 0 };
	OK(cr_sqlb_prepare(NULL, &b, &e) == NULL);
	INT_EQ(e.status, 500);
	struct cr_sqlb big;
	cr_sqlb_init(&big, "SELECT 1");
	char frag[1025];
	memset(frag, ' ', sizeof frag - 1);
	frag[sizeof frag - 1] = 0;
	for (int i = 0; i < 5; i++)
		cr_sqlb_sql(&big, frag);
	OK(big.overflow);
	OK(big.len < CR_SQLB_MAX_SQL);
}

/* A search for "50%_off" finds the literal text, not "50 anything off": its wildcards are
 * escaped, and the match runs on a real table. */
TEST(sqlb_like_text_matches_wildcards_literally)
{
	char buf[CR_SQLB_LIKE_CAP];
	STR_EQ(cr_sqlb_like_text("50%_a\\b", buf), "50\\%\\_a\\\\b");
	STR_EQ(cr_sqlb_like_text(NULL, buf), "");
	char long_q[1000];
	memset(long_q, '%', sizeof long_q - 1);
	long_q[sizeof long_q - 1] = 0;
	OK(strlen(cr_sqlb_like_text(long_q, buf)) < CR_SQLB_LIKE_CAP);
	char path[] = "/tmp/cr-like-XXXXXX";
	struct cr_err e;
	close(mkstemp(path));
	unlink(path);
	struct cr_db *db = cr_db_open(path, &e);
	OK(db != NULL);
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_db_exec(c,
		      "CREATE TABLE t(v TEXT); INSERT INTO t VALUES ('sale 50%_off'),"
		      " ('sale 50 and more off'), ('50x_off')",
		      &e) == 0);
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT count(*) FROM t");
	cr_sqlb_where(&b, "v LIKE '%' || ? || '%' ESCAPE '\\'");
	cr_sqlb_bind_text(&b, cr_sqlb_like_text("50%_off", buf));
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, &e);
	OK(s && cr_stmt_step(s) == CR_SQL_ROW);
	INT_EQ(cr_stmt_column_int(s, 0), 1);
	cr_stmt_finalize(s);
	cr_db_close(db);
	unlink(path);
}
