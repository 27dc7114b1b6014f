/* aside.h — a bulk load's secondary indexes and foreign keys set aside and made again after it,
 * as pg_restore does: an index built whole is faster than one grown row by row, and one join
 * checks a key faster than a check per row. On either database; it must not touch a primary key,
 * a unique constraint or a table not named. */
#ifndef CR_ASIDE_H
#define CR_ASIDE_H

#include "core/err.h"
#include "store/sql.h"

/* The statements that make the set-aside indexes and keys again, indexes first. */
struct cr_aside {
	char **remake;
	size_t n;
};

/* Drops the secondary indexes of the tables named (a NULL-ended list; NULL for every table of
 * the database) and, on PostgreSQL, the foreign keys from them, remembering each in a. Inside
 * the load's transaction. 0, or -1 with err (a keeps what was dropped, for cr_aside_remake). */
int cr_aside_set(struct cr_conn *c, const char *const *tables, struct cr_aside *a,
		 struct cr_err *err);
/* The same for the foreign keys from the tables named alone, their indexes kept: for tables a
 * load still reads by index while it writes them. Nothing on SQLite (it keeps no key aside). */
int cr_aside_set_keys(struct cr_conn *c, const char *const *tables, struct cr_aside *a,
		      struct cr_err *err);
/* Makes them again, in the order set aside (indexes, then keys), and forgets them. */
int cr_aside_remake(struct cr_conn *c, struct cr_aside *a, struct cr_err *err);
/* Forgets what a holds without making anything (the transaction is rolled back). */
void cr_aside_free(struct cr_aside *a);

#endif
