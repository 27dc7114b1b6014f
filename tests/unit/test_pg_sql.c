/* test_pg_sql.c — what the PostgreSQL driver makes of the store's SQLite text (placeholders,
 * INSERT OR IGNORE, index hints, IS, LIKE) and that string literals pass untouched; and that
 * the PostgreSQL schema keeps step with SQLite's migrations. */
#include <stdlib.h>

#include "harness.h"
#include "store/pg_schema.h"
#include "store/schema.h"
#include "store/sql_impl.h"

static void rewrites(const char *in, const char *want, int params)
{
	char *out = NULL;
	INT_EQ(cr_pg_rewrite(in, &out), params);
	STR_EQ(out, want);
	free(out);
}

TEST(pg_rewrite_placeholders)
{
	rewrites("SELECT a FROM t WHERE b=? AND c=?", "SELECT a FROM t WHERE b=$1 AND c=$2", 2);
	/* a bare ? follows the largest number so far, as SQLite numbers it */
	rewrites("UPDATE t SET a=?, b=?, c=?2 WHERE d=?",
		 "UPDATE t SET a=$1, b=$2, c=$2 WHERE d=$3", 3);
	rewrites("SELECT ?1 WHERE ?1='' OR x=?1", "SELECT $1 WHERE $1='' OR x=$1", 1);
	/* inside literals and quoted names nothing changes */
	rewrites("SELECT '?', \"is ?\" FROM t WHERE a LIKE 'x?%'",
		 "SELECT '?', \"is ?\" FROM t WHERE a ILIKE 'x?%'", 0);
	char *out = NULL;
	INT_EQ(cr_pg_rewrite("SELECT ?65", &out), -1);
	OK(out == NULL);
}

TEST(pg_rewrite_sqlite_forms)
{
	rewrites("INSERT OR IGNORE INTO t(a) VALUES (?)",
		 "INSERT INTO t(a) VALUES ($1) ON CONFLICT DO NOTHING", 1);
	rewrites("SELECT a FROM risks INDEXED BY risks_unit WHERE unit_id=?",
		 "SELECT a FROM risks WHERE unit_id=$1", 1);
	rewrites("UPDATE u SET r=? WHERE (r IS NOT ? OR s IS ?) AND t IS NULL AND v IS NOT NULL",
		 "UPDATE u SET r=$1 WHERE (r IS DISTINCT FROM $2 OR s IS NOT DISTINCT FROM $3) AND "
		 "t "
		 "IS NULL AND v IS NOT NULL",
		 3);
	/* words that only contain the keywords stay */
	rewrites("SELECT likes, this, indexed_at FROM t", "SELECT likes, this, indexed_at FROM t",
		 0);
	rewrites("SELECT 1 FROM t WHERE name NOT LIKE '%' || ? || '%' ESCAPE '\\'",
		 "SELECT 1 FROM t WHERE name NOT ILIKE '%' || $1 || '%' ESCAPE '\\'", 1);
}

TEST(pg_schema_keeps_step_with_sqlite)
{
	INT_EQ(cr_pg_schema_latest(), cr_schema_latest());
}
