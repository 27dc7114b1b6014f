/* tmpdb.h — a database in a fresh temporary file for a unit test, and its removal: the file and
 * its -wal and -shm beside it, so no test leaves anything in /tmp. */
#ifndef CR_TEST_TMPDB_H
#define CR_TEST_TMPDB_H

#include "store/db.h"

/* path is a writable "/tmp/cr-NAME-XXXXXX" buffer, made unique here. The migrated database, or
 * NULL (err says why). Close it with cr_test_db_drop. */
struct cr_db *cr_test_db_open(char *path, struct cr_err *err);
/* Closes the calling thread's connection and db, and removes the files. */
void cr_test_db_drop(struct cr_db *db, const char *path);

#endif
