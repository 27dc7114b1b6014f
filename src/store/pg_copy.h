/* pg_copy.h — bulk mode's plain inserts held back and sent to PostgreSQL as COPY, one COPY per
 * table for many rows, for pg.c only. It must not reorder what the database could see: pg.c
 * sends every held row before any statement that names a held table or whose table refers to
 * one, and before anything that waits for the server (a commit, a last id, a count of changes). */
#ifndef CR_PG_COPY_H
#define CR_PG_COPY_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>

/* A statement that COPY can stand in for: INSERT INTO t(c1, …) VALUES ($a, …), each value one
 * placeholder, nothing after (no ON CONFLICT, no RETURNING, no expression). */
struct cr_pg_copy_shape;
/* The shape of sql (written for PostgreSQL, $N placeholders), malloc'd (freed by
 * cr_pg_copy_shape_free), or NULL when COPY cannot stand in for it. */
struct cr_pg_copy_shape *cr_pg_copy_shape(const char *sql);
void cr_pg_copy_shape_free(struct cr_pg_copy_shape *sh);
/* The table the shape inserts into. */
const char *cr_pg_copy_table(const struct cr_pg_copy_shape *sh);

/* A connection's held rows, one buffer a table in the order first used, and the foreign keys
 * between tables (what must go in before what). */
struct cr_pg_copies;
struct cr_pg_copies *cr_pg_copies_new(void);
void cr_pg_copies_free(struct cr_pg_copies *q);
/* Reads the foreign keys of the database (pg_constraint) once, on a connection outside pipeline
 * mode. 0, or -1 with msg filled. */
int cr_pg_copies_keys(struct cr_pg_copies *q, PGconn *pc, char *msg, size_t cap);
/* Rows are held. */
bool cr_pg_copies_pending(const struct cr_pg_copies *q);
/* Held rows must go in before a statement sql (which writes into `table`, or "" for a read):
 * it names a held table, or its table refers to one by a foreign key. */
bool cr_pg_copies_needed_by(const struct cr_pg_copies *q, const char *sql, const char *table);
/* Holds one row of sh's statement with its n bound values (vals[i] NULL for SQL NULL; fmts[i]
 * 1 for bytes). 1 when the held rows must be sent first (a held table refers to this one, so
 * its rows must follow this one's) and nothing was held; 0 when held; -1 when memory ran out. */
int cr_pg_copies_add(struct cr_pg_copies *q, const struct cr_pg_copy_shape *sh, int n,
		     const char *const *vals, const int *lens, const int *fmts);
/* Forgets every held row (the transaction is rolled back). */
void cr_pg_copies_drop(struct cr_pg_copies *q);
/* Bytes held. */
size_t cr_pg_copies_bytes(const struct cr_pg_copies *q);
/* Moves every held row into a new set (malloc'd; cr_pg_copies_free) and leaves q empty with its
 * foreign keys, so the moved rows can be sent while q holds the next; NULL when memory ran out
 * (q unchanged). */
struct cr_pg_copies *cr_pg_copies_take(struct cr_pg_copies *q);
/* Sends every held row, one COPY a table in order, on a connection outside pipeline mode, and
 * empties the buffers. 0, or -1 with the failed COPY's PGresult in *failed (caller clears;
 * NULL when the connection itself failed) and nothing more sent. */
int cr_pg_copies_send(struct cr_pg_copies *q, PGconn *pc, PGresult **failed);

#endif
