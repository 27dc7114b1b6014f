/* checkpointer.h — SQLite's WAL checkpoints on a thread of their own, so that no commit waits
 * for one. SQLite's default runs a checkpoint inside the commit that takes the WAL past 1,000
 * pages: that request copies the WAL into the database file and waits for its fsync (a third
 * of a 200,000-row import's time here; a few tens of ms for one ordinary write in a thousand).
 * Pure SQLite; PostgreSQL checkpoints by itself. */
#ifndef CR_CHECKPOINTER_H
#define CR_CHECKPOINTER_H

#include <sqlite3.h>

/* Pages of WAL not yet copied into the file that start a checkpoint: SQLite's own default. */
#define CR_CHECKPOINT_PAGES 1000

struct cr_checkpointer;
/* Starts the thread for the SQLite file at path (borrowed until stopped). It checkpoints when a
 * connection attached to it has left CR_CHECKPOINT_PAGES to copy, and every few seconds for
 * WAL written by others (another process). NULL when the thread cannot start: then connections
 * keep SQLite's own checkpoints. */
struct cr_checkpointer *cr_checkpointer_start(const char *path);
/* From now on the commits on c leave their checkpoints to ck (c's automatic checkpoint is off).
 * ck must outlive c's commits. */
void cr_checkpointer_attach(struct cr_checkpointer *ck, sqlite3 *c);
/* Runs a last checkpoint, stops the thread and frees ck. NULL: nothing. */
void cr_checkpointer_stop(struct cr_checkpointer *ck);
/* Checkpoints ck's thread has run (each copied what readers allowed). */
unsigned long long cr_checkpointer_runs(const struct cr_checkpointer *ck);

#endif
