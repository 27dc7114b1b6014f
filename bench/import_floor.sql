-- import_floor.sql — the floor of an import into CityRisk's own schema: the bench's units file
-- (@CSV@, put in by scripts/bench) loaded by the sqlite3 shell into a `cityrisk init` database
-- as the import leaves it — the same rows, the unique credit-code index, the sector's foreign
-- key, the five secondary indexes built at the end, the FTS5 trigram name index, one
-- transaction, the connection's settings of store/db.c — with none of the import's own work:
-- no check of any row, no look-up (every row's department is given), no audit entry.
PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;
PRAGMA cache_size=-131072;
CREATE TEMP TABLE csvin(credit_code, name, sector, region, address, lon, lat, size_class, employees);
.import --csv --skip 1 --schema temp @CSV@ csvin
BEGIN;
DROP INDEX units_region; DROP INDEX units_sector; DROP INDEX units_dept;
DROP INDEX units_rating; DROP INDEX units_updated;
INSERT INTO units(credit_code, name, sector, dept, region, address, lon, lat, size_class,
                  employees, created_at, updated_at)
  SELECT credit_code, name, sector, 'SWJ', region, address, lon, lat, size_class, employees,
         strftime('%Y-%m-%dT%H:%M:%fZ'), strftime('%Y-%m-%dT%H:%M:%fZ') FROM temp.csvin;
CREATE INDEX units_region ON units(status, region, id);
CREATE INDEX units_sector ON units(status, sector, id);
CREATE INDEX units_dept ON units(status, dept, region, id);
CREATE INDEX units_rating ON units(status, rating, region);
CREATE INDEX units_updated ON units(updated_at);
INSERT INTO units_fts(rowid, name) SELECT id, name FROM units;
COMMIT;
