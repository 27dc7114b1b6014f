/* test_demo.c — the demo city is deterministic for a seed, lies inside Suzhou's real districts,
 * and its risk points follow the grade shares the generator promises. */
#include <stdlib.h>
#include <unistd.h>

#include "demo/demo.h"
#include "harness.h"
#include "tmpdb.h"
#include "service/auth.h"
#include "store/refdata.h"

/* A digest of every unit and risk point, to compare two loads. */
static long long digest(struct cr_db *db, long long *units, long long *risks)
{
	struct cr_conn *c = cr_db_conn(db);
	struct cr_stmt *s =
		cr_db_prepare(c,
			      "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM risks),"
			      " (SELECT sum(length(credit_code || name || region || lon || lat"
			      " || sector)) FROM units), (SELECT sum(grade * id + length(name))"
			      " FROM risks) + (SELECT coalesce(sum(id * 7 + coalesce(grade, 0)"
			      " + length(inventory) + exposed_500m), 0) FROM installations)",
			      NULL);
	long long d = -1;
	if (s && cr_stmt_step(s) == CR_SQL_ROW) {
		*units = cr_stmt_column_int64(s, 0);
		*risks = cr_stmt_column_int64(s, 1);
		d = cr_stmt_column_int64(s, 2) * 31 + cr_stmt_column_int64(s, 3);
	}
	cr_stmt_finalize(s);
	return d;
}

static struct cr_db *demo_db(const char *path, unsigned long seed)
{
	struct cr_err e;
	unlink(path);
	struct cr_db *db = cr_db_open(path, &e);
	if (!db || cr_refdata_ensure(cr_db_conn(db), "../../data", &e) ||
	    cr_demo_load(db, 0.003, seed)) {
		cr_db_close(db);
		return NULL;
	}
	return db;
}

TEST(demo_is_deterministic_for_a_seed)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char a[] = "/tmp/cr-demo-a-XXXXXX", b[] = "/tmp/cr-demo-b-XXXXXX";
	close(mkstemp(a));
	close(mkstemp(b));
	long long ua, ra, ub, rb;
	struct cr_db *da = demo_db(a, 7);
	OK(da != NULL);
	if (!da)
		return;
	long long d1 = digest(da, &ua, &ra);
	INT_EQ(ua, 221); /* round(73,728 × 0.003) */
	OK(ra > ua * 4 && ra < ua * 10);
	/* every unit lies inside its district's outline (checked like an API write would) */
	struct cr_stmt *s =
		cr_db_prepare(cr_db_conn(da), "SELECT region, lon, lat FROM units", NULL);
	int outside = 0;
	while (s && cr_stmt_step(s) == CR_SQL_ROW) {
		bool has, inside;
		struct cr_err e;
		if (cr_region_contains(cr_db_conn(da), (const char *)cr_stmt_column_text(s, 0),
				       cr_stmt_column_double(s, 1), cr_stmt_column_double(s, 2),
				       &has, &inside, &e) ||
		    !has || !inside)
			outside++;
	}
	cr_stmt_finalize(s);
	INT_EQ(outside, 0);
	cr_db_close(da);
	struct cr_db *db2 = demo_db(b, 7);
	OK(db2 != NULL);
	if (db2) {
		INT_EQ(digest(db2, &ub, &rb), d1);
		INT_EQ(rb, ra);
		cr_db_close(db2);
	}
	struct cr_db *dc = demo_db(b, 8);
	if (dc) {
		OK(digest(dc, &ub, &rb) != d1);
		cr_db_close(dc);
	}
	const char *files[] = { a, b };
	for (int i = 0; i < 2; i++) {
		char side[64];
		unlink(files[i]);
		snprintf(side, sizeof side, "%s-wal", files[i]);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", files[i]);
		unlink(side);
	}
}

/* The demo's installations: real Table 1 substances on the chemical, storage, gas and depot units,
 * near their unit, some of them major hazard sources with a grade, and every active risk point
 * of a unit with a source raised to Ⅰ by direct determination. */
TEST(demo_installations_are_graded_sources_that_drive_their_units)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char path[] = "/tmp/cr-demo-inst-XXXXXX";
	struct cr_err e;
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_refdata_ensure(c, "../../data", &e) == 0 && cr_demo_load(db, 0.02, 3) == 0);
	struct cr_stmt *s = cr_db_prepare(
		c,
		"SELECT count(*), sum(i.major), sum(i.major AND i.grade BETWEEN 1 AND 4),"
		" sum(i.major = (i.grade IS NOT NULL)), sum(u.sector IN ('C01','C02','C03','C04',"
		"'C07','D04','F05','G02')), max(abs(i.lon - u.lon) + abs(i.lat - u.lat)),"
		" sum(i.exposed_entered IS NULL), sum(i.region = u.region AND i.dept = u.dept)"
		" FROM installations i JOIN units u ON u.id = i.unit_id",
		NULL);
	OK(s && cr_stmt_step(s) == CR_SQL_ROW);
	long long n = cr_stmt_column_int64(s, 0), major = cr_stmt_column_int64(s, 1);
	OK(n >= 20);
	OK(major >= 5 && major < n);
	INT_EQ(cr_stmt_column_int64(s, 2), major);
	INT_EQ(cr_stmt_column_int64(s, 3), n);
	INT_EQ(cr_stmt_column_int64(s, 4), n);
	OK(cr_stmt_column_double(s, 5) <= 0.0016 + 1e-9);
	OK(cr_stmt_column_int64(s, 6) > 0 && cr_stmt_column_int64(s, 6) < n);
	INT_EQ(cr_stmt_column_int64(s, 7), n);
	cr_stmt_finalize(s);
	/* direct determination: no active point of a unit with a source is below Ⅰ */
	s = cr_db_prepare(c,
			  "SELECT count(*), sum(r.grade = 1) FROM risks r WHERE r.status = 'active'"
			  " AND r.unit_id IN (SELECT unit_id FROM installations WHERE major = 1"
			  " AND status = 'active')",
			  NULL);
	OK(s && cr_stmt_step(s) == CR_SQL_ROW);
	OK(cr_stmt_column_int64(s, 0) > 0);
	INT_EQ(cr_stmt_column_int64(s, 1), cr_stmt_column_int64(s, 0));
	cr_stmt_finalize(s);
	/* the substances are Table 1's, by CAS number */
	s = cr_db_prepare(c,
			  "SELECT count(*) FROM installations i, json_each(i.terms) t"
			  " WHERE json_extract(t.value, '$.seq') IS NULL",
			  NULL);
	OK(s && cr_stmt_step(s) == CR_SQL_ROW);
	INT_EQ(cr_stmt_column_int64(s, 0), 0);
	cr_stmt_finalize(s);
	cr_test_db_drop(db, path);
}
