-- postgis_box_ll.sql — pgbench script: postgis_box.sql as it was before PostGIS (and as SQLite
-- still asks): lon/lat BETWEEN alone, for the risks' (status, lon, lat, grade) B-tree.
\set x random(0, 14000)
\set y random(0, 13000)
SELECT k.id, k.name, k.unit_id, u.name, k.grade, k.impact_radius_m, k.place, k.lon, k.lat
  FROM risks k JOIN units u ON u.id=k.unit_id WHERE k.status='active'
  AND k.lon BETWEEN 119.9 + :x / 10000.0 AND 119.93 + :x / 10000.0
  AND k.lat BETWEEN 30.8 + :y / 10000.0 AND 30.83 + :y / 10000.0
  ORDER BY k.grade, k.id LIMIT 2000;
