/* checkpointer.c — WAL checkpoints on a thread of their own (checkpointer.h). Commits only tell
 * it how much WAL they left; it copies with SQLITE_CHECKPOINT_PASSIVE, which never blocks a
 * reader or a writer (SQLite docs, "Write-Ahead Logging", 6: "Application-Initiated
 * Checkpoints"). It must not write anything but checkpoints. */
#include "store/checkpointer.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/periodic.h"
#include "store/db.h"
#include "store/sql_impl.h"

/* The safety net's period, for WAL no attached connection reported (another process's). */
#define PERIOD_MS 5000

struct cr_checkpointer {
	const char *path;
	struct cr_periodic *thread;
	struct cr_conn *conn; /* the thread's own, opened at its first run */
	/* the WAL's frames and how many of them were copied at the last checkpoint */
	atomic_llong wal_frames, copied;
	atomic_ullong runs;
};

static bool checkpoint(void *ctx)
{
	struct cr_checkpointer *ck = ctx;
	if (!ck->conn) {
		struct cr_err err = { 0 };
		if (!(ck->conn = cr_db_conn_open(ck->path, false, &err))) {
			fprintf(stderr, "cityrisk: checkpoints: %s\n", err.message);
			return false;
		}
	}
	int frames = 0, copied = 0;
	int rc = sqlite3_wal_checkpoint_v2(ck->conn->lite, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames,
					   &copied);
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		fprintf(stderr, "cityrisk: checkpoint: %s\n", sqlite3_errmsg(ck->conn->lite));
	atomic_store(&ck->wal_frames, frames);
	atomic_store(&ck->copied, copied);
	atomic_fetch_add(&ck->runs, 1);
	return false;
}

static void checkpointer_end(void *ctx)
{
	struct cr_checkpointer *ck = ctx;
	if (ck->conn)
		checkpoint(ck); /* what the last commits left */
	cr_db_reader_close(ck->conn);
	ck->conn = NULL;
}

/* After every commit on an attached connection, on the committing thread: frames is the WAL's
 * length. A WAL shorter than at the last checkpoint was started again from its beginning
 * (everything before was copied), so all of it is new. */
static int committed(void *ctx, sqlite3 *c, const char *schema, int frames)
{
	(void)c;
	(void)schema;
	struct cr_checkpointer *ck = ctx;
	long long left =
		frames >= atomic_load(&ck->wal_frames) ? frames - atomic_load(&ck->copied) : frames;
	if (left >= CR_CHECKPOINT_PAGES)
		cr_periodic_kick(ck->thread);
	return SQLITE_OK;
}

struct cr_checkpointer *cr_checkpointer_start(const char *path)
{
	struct cr_checkpointer *ck = calloc(1, sizeof *ck);
	if (!ck)
		return NULL;
	ck->path = path;
	if (!(ck->thread = cr_periodic_start(PERIOD_MS, checkpoint, checkpointer_end, ck))) {
		free(ck);
		return NULL;
	}
	return ck;
}

void cr_checkpointer_attach(struct cr_checkpointer *ck, sqlite3 *c)
{
	/* replaces the hook sqlite3_wal_autocheckpoint had set: the commit no longer checkpoints */
	sqlite3_wal_hook(c, committed, ck);
}

void cr_checkpointer_stop(struct cr_checkpointer *ck)
{
	if (!ck)
		return;
	cr_periodic_stop(ck->thread);
	free(ck);
}

unsigned long long cr_checkpointer_runs(const struct cr_checkpointer *ck)
{
	return ck ? atomic_load(&ck->runs) : 0;
}
