/* test_pg_copy.c — which inserts the PostgreSQL driver may hold back and send as COPY in bulk mode
 * (store/pg_copy.h): plain placeholders and coalesce of two, nothing else; the held row's text;
 * and which later statements must see the held rows first. */
#include <stdlib.h>

#include "harness.h"
#include "store/pg_copy.h"

static bool copyable(const char *sql, const char *table)
{
	struct cr_pg_copy_shape *sh = cr_pg_copy_shape(sql);
	bool ok = sh && !strcmp(cr_pg_copy_table(sh), table);
	cr_pg_copy_shape_free(sh);
	return ok;
}

TEST(pg_copy_takes_only_plain_inserts)
{
	OK(copyable("INSERT INTO risk_versions(risk_id, version, at) VALUES ($1,$2,$3)",
		    "risk_versions"));
	OK(copyable(" INSERT INTO t(a,b,c) VALUES ( $1 , coalesce($2,$4), $3 );", "t"));
	/* the column table's insert with its id given (store/columns.c) */
	OK(copyable("INSERT INTO risks(a, created_at, updated_at, id) VALUES ($1,$2,$2,$3)",
		    "risks"));
	OK(!copyable("INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING", "t"));
	OK(!copyable("INSERT INTO t(a) VALUES ($1) RETURNING id", "t"));
	OK(!copyable("INSERT INTO t(a, b) VALUES ($1, (SELECT max(b) FROM t))", "t"));
	OK(!copyable("INSERT INTO t(a, b) VALUES ($1, 'x')", "t"));
	OK(!copyable("INSERT INTO t(a, b) VALUES ($1)", "t"));
	OK(!copyable("INSERT INTO t SELECT * FROM u", "t"));
	OK(!copyable("UPDATE t SET a=$1", "t"));
}

TEST(pg_copy_holds_rows_as_copy_text)
{
	struct cr_pg_copy_shape *sh =
		cr_pg_copy_shape("INSERT INTO t(a, b, c, d) VALUES ($1,$2,$3,coalesce($4,$1))");
	struct cr_pg_copies *q = cr_pg_copies_new();
	OK(sh && q);
	OK(!cr_pg_copies_pending(q));
	const char *vals[4] = { "1", NULL, "a\tb", NULL };
	int lens[4] = { 1, 0, 3, 0 }, fmts[4] = { 0 };
	INT_EQ(cr_pg_copies_add(q, sh, 4, vals, lens, fmts), 0);
	/* "1\t\N\ta\tb\t1\n": NULL as \N, the tab escaped, coalesce's second value */
	INT_EQ((int)cr_pg_copies_bytes(q), 12);
	OK(cr_pg_copies_pending(q));
	OK(cr_pg_copies_needed_by(q, "SELECT count(*) FROM t WHERE a=$1", ""));
	OK(!cr_pg_copies_needed_by(q, "SELECT count(*) FROM tt WHERE t_id=$1", ""));
	OK(!cr_pg_copies_needed_by(q, "UPDATE u SET x=$1", "u"));
	cr_pg_copies_drop(q);
	OK(!cr_pg_copies_pending(q));
	INT_EQ((int)cr_pg_copies_bytes(q), 0);
	cr_pg_copies_free(q);
	cr_pg_copy_shape_free(sh);
}

TEST(pg_copy_take_moves_the_held_rows_out)
{
	/* the rows sent behind the load's back (store/pg.c send_behind): taken whole, the set they
	 * came from empty and ready for the next rows */
	struct cr_pg_copy_shape *sh = cr_pg_copy_shape("INSERT INTO t(a, b) VALUES ($1,$2)");
	struct cr_pg_copies *q = cr_pg_copies_new();
	OK(sh && q);
	const char *vals[2] = { "1", "x" };
	int lens[2] = { 1, 1 }, fmts[2] = { 0 };
	INT_EQ(cr_pg_copies_add(q, sh, 2, vals, lens, fmts), 0);
	INT_EQ(cr_pg_copies_add(q, sh, 2, vals, lens, fmts), 0);
	struct cr_pg_copies *t = cr_pg_copies_take(q);
	OK(t != NULL);
	INT_EQ((int)cr_pg_copies_bytes(t), 8); /* "1\tx\n" twice */
	OK(cr_pg_copies_pending(t));
	OK(cr_pg_copies_needed_by(t, "SELECT a FROM t", ""));
	OK(!cr_pg_copies_pending(q));
	INT_EQ((int)cr_pg_copies_bytes(q), 0);
	OK(!cr_pg_copies_needed_by(q, "SELECT a FROM t", ""));
	/* the emptied set holds again, from nothing */
	INT_EQ(cr_pg_copies_add(q, sh, 2, vals, lens, fmts), 0);
	INT_EQ((int)cr_pg_copies_bytes(q), 4);
	cr_pg_copies_free(t);
	cr_pg_copies_free(q);
	cr_pg_copy_shape_free(sh);
}
