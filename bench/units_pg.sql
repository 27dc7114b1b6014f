-- units_pg.sql — pgbench script: the database's floor for one request of bench/units_mix.lua
-- (the filtered, paged unit list with its total): the count and the page, the same filters and
-- pages drawn at random, straight to PostgreSQL with no HTTP, JSON or application in between.
\set d random(1, 11)
\set s random(1, 8)
\set a random(1, 4)
SELECT count(*) FROM units WHERE status = 'active'
  AND region >= (ARRAY['320505','320506','320507','320508','320509','320576','320581','320582','320583','320585','3205'])[:d]
  AND region < (ARRAY['320505','320506','320507','320508','320509','320576','320581','320582','320583','320585','3205'])[:d] || '~'
  AND (:s = 1 OR sector = (ARRAY['','C10','C','E01','H02','G03','C08','F02'])[:s]);
SELECT id, credit_code, name, sector, dept, region, address, lon, lat, size_class, employees, status, version
  FROM units WHERE status = 'active'
  AND region >= (ARRAY['320505','320506','320507','320508','320509','320576','320581','320582','320583','320585','3205'])[:d]
  AND region < (ARRAY['320505','320506','320507','320508','320509','320576','320581','320582','320583','320585','3205'])[:d] || '~'
  AND (:s = 1 OR sector = (ARRAY['','C10','C','E01','H02','G03','C08','F02'])[:s])
  AND id > (ARRAY[0, 1000, 20000, 50000])[:a]
  ORDER BY id LIMIT 21;
