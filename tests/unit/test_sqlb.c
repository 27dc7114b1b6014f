/* test_sqlb.c — the query builder: WHERE then AND, values bound in order and never in the text,
 * the cache key that tells values apart, and overflow refused at prepare, not truncated. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tmpdb.h"
#include "store/db.h"
#include "store/sqlb.h"

TEST(sqlb_where_and_binds)
{
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT id FROM t");
	cr_sqlb_where(&b, "a=?");
	cr_sqlb_bind_text(&b, "x'; DROP TABLE t; --");
	cr_sqlb_where(&b, "b>?");
	cr_sqlb_bind_int(&b, 7);
	cr_sqlb_where(&b, "c<?");
	cr_sqlb_bind_real(&b, 2.5);
	cr_sqlb_sql(&b, " ORDER BY id");
	STR_EQ(b.sql, "SELECT id FROM t WHERE a=? AND b>? AND c<? ORDER BY id");
	INT_EQ(b.nbind, 3);
	char key[256];
	INT_EQ(cr_sqlb_key(&b, key, sizeof key), 0);
	STR_EQ(key, "SELECT id FROM t WHERE a=? AND b>? AND c<? ORDER BY id"
		    "\x1fx'; DROP TABLE t; --\x1f"
		    "7\x1f"
		    "2.5");
	/* another value is another key; a key that does not fit is no key */
	char other[256];
	b.binds[1].i = 8;
	INT_EQ(cr_sqlb_key(&b, other, sizeof other), 0);
	OK(strcmp(key, other) != 0);
	INT_EQ(cr_sqlb_key(&b, other, 20), -1);
}

TEST(sqlb_prepare_binds_and_refuses_overflow)
{
	char path[] = "/tmp/cr-sqlb-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_db_exec(c,
		      "CREATE TABLE t(id INTEGER PRIMARY KEY, a TEXT, b INTEGER);"
		      " INSERT INTO t(a, b) VALUES ('x', 1), ('y', 5), ('y', 9);",
		      &e) == 0);
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT id FROM t");
	cr_sqlb_where(&b, "a=?");
	cr_sqlb_bind_text(&b, "y");
	cr_sqlb_where(&b, "b>?");
	cr_sqlb_bind_int(&b, 6);
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, &e);
	OK(s != NULL);
	if (s) {
		INT_EQ(cr_stmt_step(s), CR_SQL_ROW);
		INT_EQ(cr_stmt_column_int64(s, 0), 3);
		INT_EQ(cr_stmt_step(s), CR_SQL_DONE);
		cr_stmt_finalize(s);
	}
	/* past the text's or the binds' bound: refused whole, never a cut query */
	cr_sqlb_init(&b, "SELECT id FROM t");
	for (int i = 0; i < CR_SQLB_MAX_SQL / 8; i++)
		cr_sqlb_where(&b, "b>0");
	OK(b.overflow);
	OK(cr_sqlb_prepare(c, &b, &e) == NULL);
	INT_EQ(e.status, 500);
	cr_sqlb_init(&b, "SELECT id FROM t");
	for (int i = 0; i <= CR_SQLB_MAX_BINDS; i++)
		cr_sqlb_bind_int(&b, i);
	OK(b.overflow);
	OK(cr_sqlb_prepare(c, &b, &e) == NULL);
	cr_test_db_drop(db, path);
}
