/* test_demo.c — the demo city is deterministic for a seed, lies inside Suzhou's real districts,
 * and its risk points follow the grade shares the generator promises. */
#include <stdlib.h>
#include <unistd.h>

#include "demo/demo.h"
#include "harness.h"
#include "service/auth.h"
#include "store/refdata.h"

/* A digest of every unit and risk point, to compare two loads. */
static long long digest(struct cr_db *db, long long *units, long long *risks)
{
	sqlite3 *c = cr_db_conn(db);
	sqlite3_stmt *s =
		cr_db_prepare(c,
			      "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM risks),"
			      " (SELECT sum(length(credit_code || name || region || lon || lat"
			      " || sector)) FROM units), (SELECT sum(grade * id + length(name))"
			      " FROM risks)",
			      NULL);
	long long d = -1;
	if (s && sqlite3_step(s) == SQLITE_ROW) {
		*units = sqlite3_column_int64(s, 0);
		*risks = sqlite3_column_int64(s, 1);
		d = sqlite3_column_int64(s, 2) * 31 + sqlite3_column_int64(s, 3);
	}
	sqlite3_finalize(s);
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
	sqlite3_stmt *s = cr_db_prepare(cr_db_conn(da), "SELECT region, lon, lat FROM units", NULL);
	int outside = 0;
	while (s && sqlite3_step(s) == SQLITE_ROW) {
		bool has, inside;
		struct cr_err e;
		if (cr_region_contains(cr_db_conn(da), (const char *)sqlite3_column_text(s, 0),
				       sqlite3_column_double(s, 1), sqlite3_column_double(s, 2),
				       &has, &inside, &e) ||
		    !has || !inside)
			outside++;
	}
	sqlite3_finalize(s);
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
