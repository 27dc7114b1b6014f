/* tmpdb.c — temporary databases for the unit tests. It must not create any table: each test
 * makes what it reads. */
#include "tmpdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

struct cr_db *cr_test_db_open(char *path, struct cr_err *err)
{
	int fd = mkstemp(path);
	if (fd >= 0)
		close(fd);
	unlink(path);
	return cr_db_open(path, err);
}

void cr_test_db_drop(struct cr_db *db, const char *path)
{
	char side[128];
	cr_db_thread_done();
	if (db)
		cr_db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}
