-- import_floor_pg.sql — the floor of an import into CityRisk's own schema on PostgreSQL: the
-- bench's units file (@CSV@, put in by scripts/bench) copied by psql into a `cityrisk init`
-- database in one transaction, the way the import does it — COPY straight into units with the
-- same indexes and the sector's foreign key set aside and built again before the commit — with
-- none of the import's own work: no check of any row, no look-up (every row's department and
-- times are given as column defaults for the transaction), no audit entry. Run with psql -1.
DROP INDEX units_region, units_sector, units_dept, units_rating, units_updated,
  units_name_trgm, units_geom;
ALTER TABLE units DROP CONSTRAINT units_sector_fkey;
ALTER TABLE units ALTER dept SET DEFAULT 'SWJ',
  ALTER created_at SET DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  ALTER updated_at SET DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
\copy units(credit_code, name, sector, region, address, lon, lat, size_class, employees) FROM '@CSV@' CSV HEADER
ALTER TABLE units ALTER dept DROP DEFAULT, ALTER created_at DROP DEFAULT,
  ALTER updated_at DROP DEFAULT;
CREATE INDEX units_region ON units(status, region, id);
CREATE INDEX units_sector ON units(status, sector, id);
CREATE INDEX units_dept ON units(status, dept, region, id);
CREATE INDEX units_rating ON units(status, rating, region);
CREATE INDEX units_updated ON units(updated_at);
CREATE INDEX units_name_trgm ON units USING gin (name gin_trgm_ops);
CREATE INDEX units_geom ON units USING gist(geom);
ALTER TABLE units ADD CONSTRAINT units_sector_fkey FOREIGN KEY (sector) REFERENCES sectors(code);
