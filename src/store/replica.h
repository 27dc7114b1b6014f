/* replica.h — a read replica (a PostgreSQL streaming standby, `serve --db-read`) beside the
 * primary: a watcher thread that measures how far the standby's replay lags behind the primary,
 * the verdict a list or statistics read asks for (the standby, or the primary and why), and the
 * counts /metrics reports. Which routes read there is http/routes.c's to say; the connections
 * are db.c's (cr_db_read_conn). */
#ifndef CR_REPLICA_H
#define CR_REPLICA_H

#include <stdbool.h>

struct cr_replica;
struct cr_conn;
struct cr_err;

/* Where a read that may go to the replica went: served there, or to the primary because the
 * replica is down (or not a standby), lags more than the bound, has not yet replayed the
 * session's own last write, or failed during the read. */
enum cr_read_why {
	CR_READ_REPLICA,
	CR_READ_DOWN,
	CR_READ_LAG,
	CR_READ_OWN_WRITE,
	CR_READ_ERROR,
	CR_READ_NWHY
};

/* The primary's WAL positions as the watcher saw them move, each with when it first saw it: the
 * lag of a standby is how long ago the primary first had WAL the standby has not replayed. */
#define CR_WAL_HISTORY 512
struct cr_wal_history {
	struct {
		unsigned long long lsn;
		long long at_ms;
	} seen[CR_WAL_HISTORY];
	int head, n;
};
/* Notes the primary at lsn at at_ms (nothing when it has not moved since the last note). */
void cr_wal_history_add(struct cr_wal_history *h, unsigned long long lsn, long long at_ms);
/* now_ms less the time of the oldest noted position past replayed; 0 when none is (caught up).
 * Past the history's length it counts from the oldest it holds (a lower bound). */
long long cr_wal_history_lag(const struct cr_wal_history *h, unsigned long long replayed,
			     long long now_ms);

/* Starts watching the standby at url against the primary at primary_url, every 100 ms;
 * max_lag_ms bounds how far behind its replay may be for reads to go to it. NULL with err when
 * out of memory (a standby that is down at start is no error: reads go to the primary until it
 * answers). Stop and free it with cr_replica_stop. */
struct cr_replica *cr_replica_start(const char *url, const char *primary_url, long long max_lag_ms,
				    struct cr_err *err);
void cr_replica_stop(struct cr_replica *r);
const char *cr_replica_url(const struct cr_replica *r);

/* The verdict from what the watcher saw last: CR_READ_REPLICA when the standby is up, within
 * the bound and has replayed need_lsn (the session's last write, 0 for none); CR_READ_OWN_WRITE
 * when only need_lsn is missing (the caller may ask the standby afresh). */
enum cr_read_why cr_replica_verdict(const struct cr_replica *r, unsigned long long need_lsn);
/* A fresher replay position read by a request (it only moves forward). */
void cr_replica_replayed(struct cr_replica *r, unsigned long long lsn);

/* The standby's replay position on c (bytes since 0/0): 0, or -1 (down, or no standby). */
int cr_replica_read_replay(struct cr_conn *c, unsigned long long *lsn);
/* The primary's WAL insert position on c, past every record c committed; 0 on SQLite or an
 * error. A session's reads wait for the standby to replay it (read-your-writes). */
unsigned long long cr_replica_write_lsn(struct cr_conn *c);

/* Counts a read by where it went (CR_READ_REPLICA) or why it fell back; the counts so far. */
void cr_replica_count(enum cr_read_why why);
unsigned long long cr_replica_counted(enum cr_read_why why);
/* The standby answers (1) or not (0); its replay lag in milliseconds as last measured. */
bool cr_replica_up(const struct cr_replica *r);
long long cr_replica_lag_ms(const struct cr_replica *r);

#endif
