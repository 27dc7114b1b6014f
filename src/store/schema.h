/* schema.h — the database schema as ordered migrations, applied once each (PRAGMA user_version;
 * on PostgreSQL, pg_schema.h's own list).
 * Migrations are append-only: a released one is never edited, a change is a new one. */
#ifndef CR_SCHEMA_H
#define CR_SCHEMA_H
#include <stdbool.h>

#include "core/err.h"
#include "store/sql.h"

int cr_schema_migrate(struct cr_conn *c, struct cr_err *err);
/* The schema version this program migrates to, and the one a database file holds (-1 on error). */
int cr_schema_latest(void);
int cr_schema_version(struct cr_conn *c, struct cr_err *err);

/* Drops (create = false) or builds the units table's secondary indexes, for a bulk load that
 * inserts without them and builds each once at the end (on PostgreSQL the name index and the
 * sector's foreign key too: cr_pg_schema_units_bulk). Call inside the load's transaction. */
int cr_schema_units_indexes(struct cr_conn *c, bool create, struct cr_err *err);

#endif
