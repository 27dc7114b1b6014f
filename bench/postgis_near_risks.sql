-- postgis_near_risks.sql — pgbench script: postgis_near.sql's clause over the risk points (a
-- table about 1,000 times the targets') to show what the index does for a radius on a big
-- table: the points within 500 m of a random point. bench/postgis.sh runs it.
\set x random(0, 14000)
\set y random(0, 13000)
SELECT t.id, t.grade FROM risks t WHERE t.status='active'
  AND t.geom && ST_MakeEnvelope(119.9 + :x / 10000.0 - 0.0053, 30.8 + :y / 10000.0 - 0.0045, 119.9 + :x / 10000.0 + 0.0053, 30.8 + :y / 10000.0 + 0.0045, 4326)
  AND t.lon BETWEEN 119.9 + :x / 10000.0 - 0.0053 AND 119.9 + :x / 10000.0 + 0.0053
  AND t.lat BETWEEN 30.8 + :y / 10000.0 - 0.0045 AND 30.8 + :y / 10000.0 + 0.0045
  AND ST_DWithin(CAST(t.geom AS geography), CAST(ST_SetSRID(ST_MakePoint(119.9 + :x / 10000.0, 30.8 + :y / 10000.0), 4326) AS geography), 500, false);
