/* pg_schema.h — the schema on PostgreSQL, as its own ordered migrations (pg_schema.c). */
#ifndef CR_PG_SCHEMA_H
#define CR_PG_SCHEMA_H

#include "core/err.h"
#include "store/sql.h"

#include <stdbool.h>

/* The schema version this program migrates to (numbered as SQLite's), and the one the database
 * holds (0 for an empty one, -1 on error). */
int cr_pg_schema_latest(void);
int cr_pg_schema_version(struct cr_conn *c, struct cr_err *err);
/* 0 when PostGIS is in the database or the user may create it there; else -1 with a message
 * naming what is missing: the server's Debian package, or a superuser's CREATE EXTENSION. */
int cr_pg_postgis_ready(struct cr_conn *c, struct cr_err *err);
/* Brings the database to the latest schema, in one transaction. */
int cr_pg_schema_migrate(struct cr_conn *c, struct cr_err *err);
/* What a bulk load of units on PostgreSQL leaves out and then puts back, beside the secondary
 * indexes (schema.c's cr_schema_units_indexes calls it): the trigram index of names, the GiST
 * index of the units' points, and the sector's foreign key, whose check row by row costs more
 * than the rest of an insert — added back, it checks every row in one pass before the load's
 * commit. Setting the key aside locks sectors too until the commit. */
int cr_pg_schema_units_bulk(struct cr_conn *c, bool create, struct cr_err *err);

#endif
