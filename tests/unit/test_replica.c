/* test_replica.c — the read replica's bookkeeping without a PostgreSQL server: the lag measured
 * from the primary's WAL positions, a standby that does not answer judged down (reads go to the
 * primary), and --db-read refused beside an embedded SQLite file. */
#include <stdlib.h>

#include "harness.h"
#include "store/db.h"
#include "store/replica.h"
#include "tmpdb.h"

TEST(wal_history_lag_counts_from_the_oldest_unreplayed_position)
{
	struct cr_wal_history *h = calloc(1, sizeof *h);
	OK(h != NULL);
	INT_EQ(cr_wal_history_lag(h, 0, 1000), 0); /* nothing seen: nothing behind */
	cr_wal_history_add(h, 100, 0);
	cr_wal_history_add(h, 200, 100);
	cr_wal_history_add(h, 200, 300); /* not moved: still first seen at 100 */
	cr_wal_history_add(h, 300, 500);
	INT_EQ(h->n, 3);
	INT_EQ(cr_wal_history_lag(h, 300, 900), 0);   /* caught up */
	INT_EQ(cr_wal_history_lag(h, 250, 900), 400); /* 300 first seen at 500 */
	INT_EQ(cr_wal_history_lag(h, 150, 900), 800); /* 200 first seen at 100 */
	INT_EQ(cr_wal_history_lag(h, 50, 900), 900);  /* 100 first seen at 0 */
	/* a full history forgets the oldest: the lag is then a lower bound from what it holds */
	for (int i = 0; i < CR_WAL_HISTORY; i++)
		cr_wal_history_add(h, 1000 + (unsigned long long)i, 1000 + i);
	INT_EQ(h->n, CR_WAL_HISTORY);
	INT_EQ(cr_wal_history_lag(h, 50, 5000), 4000);
	INT_EQ(cr_wal_history_lag(h, 1000, 5000), 3999);
	free(h);
}

TEST(a_standby_that_does_not_answer_is_down)
{
	struct cr_err err;
	/* port 1 on loopback: nothing listens, the connection is refused at once */
	struct cr_replica *r = cr_replica_start("postgres://cityrisk@127.0.0.1:1/none",
						"postgres://cityrisk@127.0.0.1:1/none", 5000, &err);
	OK(r != NULL);
	OK(!cr_replica_up(r));
	INT_EQ(cr_replica_verdict(r, 0), CR_READ_DOWN);
	INT_EQ(cr_replica_verdict(r, 12345), CR_READ_DOWN);
	unsigned long long before = cr_replica_counted(CR_READ_DOWN);
	cr_replica_count(CR_READ_DOWN);
	INT_EQ(cr_replica_counted(CR_READ_DOWN), before + 1);
	cr_replica_stop(r);
}

TEST(db_read_is_refused_beside_sqlite)
{
	char path[] = "/tmp/cr-replica-XXXXXX";
	struct cr_err err = { 0 };
	struct cr_db *db = cr_test_db_open(path, &err);
	OK(db != NULL);
	OK(cr_db_read_replica(db, "postgres://cityrisk@127.0.0.1:1/none", 5000, &err) == -1);
	INT_EQ(err.status, 400);
	STR_EQ(err.field, "db-read");
	OK(cr_db_replica(db) == NULL);
	enum cr_read_why why = CR_READ_REPLICA;
	OK(cr_db_read_conn(db, 0, &why) == NULL);
	INT_EQ(why, CR_READ_DOWN);
	OK(!cr_db_reading_replica());
	cr_test_db_drop(db, path);
}
