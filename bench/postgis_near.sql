-- postgis_near.sql — pgbench script: the vulnerable targets within 500 m of a random point in
-- Suzhou, as store/targets.c asks PostgreSQL (cr_sqlb_near: the circle's box through the GiST
-- index, then ST_DWithin on the sphere). bench/postgis.sh runs it.
\set x random(0, 14000)
\set y random(0, 13000)
SELECT t.id, t.people_day, t.people_night FROM targets t WHERE t.status='active'
  AND t.geom && ST_MakeEnvelope(119.9 + :x / 10000.0 - 0.0053, 30.8 + :y / 10000.0 - 0.0045, 119.9 + :x / 10000.0 + 0.0053, 30.8 + :y / 10000.0 + 0.0045, 4326)
  AND t.lon BETWEEN 119.9 + :x / 10000.0 - 0.0053 AND 119.9 + :x / 10000.0 + 0.0053
  AND t.lat BETWEEN 30.8 + :y / 10000.0 - 0.0045 AND 30.8 + :y / 10000.0 + 0.0045
  AND ST_DWithin(CAST(t.geom AS geography), CAST(ST_SetSRID(ST_MakePoint(119.9 + :x / 10000.0, 30.8 + :y / 10000.0), 4326) AS geography), 500, false);
