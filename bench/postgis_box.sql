-- postgis_box.sql — pgbench script: the map's points in a street-level box (0.03°, about 3 km)
-- at a random place in Suzhou, as store/analysis.c asks PostgreSQL (cr_sqlb_in_box: the GiST
-- index's && first, then the exact lon/lat test). bench/postgis.sh runs it.
\set x random(0, 14000)
\set y random(0, 13000)
SELECT k.id, k.name, k.unit_id, u.name, k.grade, k.impact_radius_m, k.place, k.lon, k.lat
  FROM risks k JOIN units u ON u.id=k.unit_id WHERE k.status='active'
  AND k.geom && ST_MakeEnvelope(119.9 + :x / 10000.0, 30.8 + :y / 10000.0, 119.93 + :x / 10000.0, 30.83 + :y / 10000.0, 4326)
  AND k.lon BETWEEN 119.9 + :x / 10000.0 AND 119.93 + :x / 10000.0
  AND k.lat BETWEEN 30.8 + :y / 10000.0 AND 30.83 + :y / 10000.0
  ORDER BY k.grade, k.id LIMIT 2000;
