/* schema.h — the database schema as ordered migrations, applied once each (PRAGMA user_version).
 * Migrations are append-only: a released one is never edited, a change is a new one. */
#ifndef CR_SCHEMA_H
#define CR_SCHEMA_H
#include <sqlite3.h>

#include "core/err.h"

int cr_schema_migrate(sqlite3 *c, struct cr_err *err);

#endif
