/* schema.c — the SQLite schema, as migrations applied in order inside one transaction each.
 * It must not load data; reference data is loaded by refdata.c. */
#include "store/schema.h"

#include <stdio.h>

#include "store/db.h"

static const char *const migrations[] = {
	/* 1: registry, users, sessions, audit */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	/* 行政区划: administrative divisions, GB/T 2260 (6 digits) and statistical town codes
	 * (9 digits). outline is a cr_multipolygon blob in WGS84. */
	"CREATE TABLE regions(code TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL,"
	" parent TEXT, outline BLOB, minlon REAL, minlat REAL, maxlon REAL, maxlat REAL) WITHOUT ROWID;"
	"CREATE INDEX regions_parent ON regions(parent, code);"
	"CREATE TABLE region_aliases(alias TEXT PRIMARY KEY, code TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE departments(code TEXT PRIMARY KEY, name_cn TEXT NOT NULL, name_en TEXT NOT NULL,"
	" source TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
	/* Industries: GB/T 4754 sections (kind 'section') and the seeds' key sectors (kind 'key'). */
	"CREATE TABLE sectors(code TEXT PRIMARY KEY, kind TEXT NOT NULL, section TEXT NOT NULL,"
	" name_cn TEXT NOT NULL, name_en TEXT NOT NULL, dept TEXT, source TEXT NOT NULL DEFAULT '')"
	" WITHOUT ROWID;"
	/* GB 6441-1986 accident types. */
	"CREATE TABLE accident_types(code INTEGER PRIMARY KEY, name_cn TEXT NOT NULL,"
	" name_en TEXT NOT NULL);"
	/* 生产经营单位: production and business units. */
	"CREATE TABLE units(id INTEGER PRIMARY KEY, credit_code TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL, sector TEXT NOT NULL REFERENCES sectors(code), dept TEXT NOT NULL,"
	" region TEXT NOT NULL, address TEXT NOT NULL DEFAULT '', lon REAL, lat REAL,"
	" size_class TEXT NOT NULL CHECK(size_class IN ('above','below')), employees INTEGER,"
	" contact_name TEXT NOT NULL DEFAULT '', contact_phone TEXT NOT NULL DEFAULT '',"
	" status TEXT NOT NULL DEFAULT 'active' CHECK(status IN ('active','archived')),"
	" version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
	"CREATE INDEX units_region ON units(status, region, id);"
	"CREATE INDEX units_sector ON units(status, sector, id);"
	"CREATE INDEX units_dept ON units(status, dept, region, id);"
	/* trigram FTS finds any Chinese substring of three or more characters */
	"CREATE VIRTUAL TABLE units_fts USING fts5(name, content='units', content_rowid='id',"
	" tokenize='trigram');"
	"CREATE TRIGGER units_ai AFTER INSERT ON units BEGIN"
	" INSERT INTO units_fts(rowid, name) VALUES (new.id, new.name); END;"
	"CREATE TRIGGER units_ad AFTER DELETE ON units BEGIN"
	" INSERT INTO units_fts(units_fts, rowid, name) VALUES('delete', old.id, old.name); END;"
	"CREATE TRIGGER units_au AFTER UPDATE OF name ON units BEGIN"
	" INSERT INTO units_fts(units_fts, rowid, name) VALUES('delete', old.id, old.name);"
	" INSERT INTO units_fts(rowid, name) VALUES (new.id, new.name); END;"
	"CREATE TABLE users(id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE, pw_hash TEXT NOT NULL,"
	" role TEXT NOT NULL, region TEXT NOT NULL DEFAULT '', dept TEXT NOT NULL DEFAULT '',"
	" unit_id INTEGER, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);"
	"CREATE TABLE sessions(token_hash BLOB PRIMARY KEY, user_id INTEGER NOT NULL,"
	" csrf TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;"
	/* 痕迹管理: the audit trail; each entry chains the hash of the one before it. */
	"CREATE TABLE audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER,"
	" login TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, action TEXT NOT NULL,"
	" before TEXT, after TEXT, hash TEXT NOT NULL);"
	"CREATE INDEX audit_entity ON audit(entity, entity_id, id);",
};

int cr_schema_migrate(sqlite3 *c, struct cr_err *err)
{
	sqlite3_stmt *s = NULL;
	int have = 0;
	if (sqlite3_prepare_v2(c, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return cr_db_fail(c, err);
	if (sqlite3_step(s) == SQLITE_ROW)
		have = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	int want = (int)(sizeof migrations / sizeof migrations[0]);
	if (have > want)
		return cr_err_set(err, 500, "db", "", "database schema %d is newer than this program (%d)",
				  have, want);
	for (int v = have; v < want; v++) {
		char pragma[48];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", v + 1);
		if (cr_db_exec(c, "BEGIN IMMEDIATE", err))
			return -1;
		if (cr_db_exec(c, migrations[v], err) || cr_db_exec(c, pragma, err) ||
		    cr_db_exec(c, "COMMIT", err)) {
			sqlite3_exec(c, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}
