// PostGIS on the PostgreSQL back end (docs/OPERATIONS.md "PostgreSQL"): the same demo city loaded
// into a fresh SQLite file and a fresh PostgreSQL database, a server on each, gives the same map
// and exposure answers, and counts the same people within 500 m of a point (the radius query:
// SQLite's lon/lat box and haversine, PostgreSQL's GiST index and ST_DWithin); the geom columns
// follow lon/lat through an insert and a change; the planner takes the GiST indexes; a database
// where the user may not create the extension is refused at start with what to do. PostgreSQL
// runs only: the flow needs the run's PostgreSQL server (the SQLite run has none).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPg, newDatabaseBeside, psqlAt } from '../lib/pg_cluster.mjs';
import { withSecondServer } from '../lib/second_server.mjs';

const R = 6371008.8; // the sphere of domain/geo.c's haversine

// The point metres away from (lon, lat) on a bearing (degrees), on that sphere.
function destination(lon, lat, metres, bearing) {
  const d = metres / R, th = (bearing * Math.PI) / 180, p1 = (lat * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 = (lon * Math.PI) / 180 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return [(l2 * 180) / Math.PI, (p2 * 180) / Math.PI];
}

// Runs fn(sqliteBase, pgBase, pgUrl) with the same demo city behind a server on each database.
async function twins(ctx, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'cr-postgis-'));
  const file = join(dir, 'twin.db');
  const url = newDatabaseBeside(ctx.server.db, 'cr_postgis_twin');
  try {
    for (const db of [file, url]) {
      const d = ctx.cli(['demo', '--db', db, '--scale', '0.01', '--seed', '11']);
      ctx.require(d.ok, `demo into ${db}: ${d.out.slice(-600)}`);
    }
    await withSecondServer(ctx, [], {}, (s) => withSecondServer(ctx, [], {}, async (p) => {
      for (const [as, base] of [['twin_sqlite', s], ['twin_pg', p]]) {
        const l = await ctx.request(as, 'POST', '/api/v1/session', { login: 'admin', password: ctx.users.admin.password }, { base, csrf: false });
        ctx.require(l.status === 200, `log-in on ${as}: ${l.status} ${l.text}`);
      }
      await fn(s, p, url);
    }, url), file);
  } finally {
    psqlAt(ctx.server.db.replace(/\/[^/]*$/, '/postgres'), 'DROP DATABASE IF EXISTS cr_postgis_twin WITH (FORCE)');
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function spatialAnswersAgreeOnBothDatabases(ctx) {
  if (!isPg(ctx.server.db)) return;
  await twins(ctx, async (s, p, url) => {
    const both = async (method, path, body) => [
      await ctx.request('twin_sqlite', method, path, body, { base: s }),
      await ctx.request('twin_pg', method, path, body, { base: p }),
    ];
    const same = (pair, label, pick = (j) => j) => {
      const [a, b] = pair;
      if (!ctx.check(a.status === 200 && b.status === 200, `${label}: ${a.status} ${b.status} ${b.text.slice(0, 300)}`)) return null;
      const x = JSON.stringify(pick(a.json)), y = JSON.stringify(pick(b.json));
      ctx.check(x === y, `${label} differs:\n  SQLite     ${x.slice(0, 400)}\n  PostgreSQL ${y.slice(0, 400)}`);
      return a.json;
    };

    // the map: points of a street-level box (SQL: lon/lat box, or GiST), clusters of the city
    const pts = same(await both('GET', '/api/v1/map/risks?bbox=120.9,31.3,121.0,31.4&zoom=16'), 'Kunshan at zoom 16');
    const points = pts ? pts.features.filter((f) => !f.properties.cluster) : [];
    ctx.check(points.length >= 20, `points in the Kunshan box: ${points.length}`);
    same(await both('GET', '/api/v1/map/risks?bbox=119.9,30.7,121.4,32.1&zoom=9'), 'the city at zoom 9');
    // a box around one point holds it, edges included
    if (points.length) {
      const [lon, lat] = points[0].geometry.coordinates;
      const tiny = same(await both('GET', `/api/v1/map/risks?bbox=${lon - 1e-6},${lat - 1e-6},${lon + 1e-6},${lat + 1e-6}&zoom=18`), 'a box of two micro-degrees');
      ctx.check(tiny && tiny.features.some((f) => f.properties.id === points[0].properties.id), `the point ${points[0].properties.id} in its own tiny box`);
    }

    // exposure: the territory, a box, one source's targets
    same(await both('GET', '/api/v1/exposure?region=3205'), 'the exposure summary');
    const bx = same(await both('GET', '/api/v1/exposure?bbox=119.9,30.7,121.4,32.1'), 'the sources in the city box');
    for (const src of bx ? bx.items.slice(0, 3) : [])
      same(await both('GET', `/api/v1/exposure?source=${src.id}&kind=${src.kind}`), `exposure of ${src.kind} ${src.id}`);

    // the radius query: targets 100, 300 and 499.9 m away count, 500.1 m does not, on both
    const u = same(await both('GET', '/api/v1/units?region=320583&limit=1'), 'a Kunshan unit',
      (j) => j.items.map((x) => [x.id, x.credit_code, x.lon, x.lat]));
    ctx.require(u && u.items.length, 'a Kunshan unit to stand at');
    const { lon, lat } = u.items[0];
    const inv = [{ cas: '7782-50-5', q: 12 }];
    const before = same(await both('POST', '/api/v1/gb18218/assess', { inventory: inv, lon, lat }), 'people within 500 m before');
    const made = [];
    for (const [m, bearing, day, night] of [[100, 0, 10, 20], [300, 90, 400, 50], [499.9, 200, 7, 7], [500.1, 300, 9000, 9000]]) {
      const [x, y] = destination(lon, lat, m, bearing);
      const pair = await both('POST', '/api/v1/targets', { name: `半径${m}米${ctx.uniq()}`, kind: 'school', region: '320583', lon: x, lat: y, people_day: day, people_night: night });
      ctx.require(pair[0].status === 201 && pair[1].status === 201, `target ${m} m away: ${pair[0].status} ${pair[1].status} ${pair[1].text}`);
      made.push(pair[1].json.id);
    }
    const after = same(await both('POST', '/api/v1/gb18218/assess', { inventory: inv, lon, lat }), 'people within 500 m after');
    if (before && after) {
      ctx.check(after.exposed_counted - before.exposed_counted === 20 + 400 + 7, `people added within 500 m: ${after.exposed_counted - before.exposed_counted}, want 427`);
      ctx.check(after.exposed_targets - before.exposed_targets === 3, `targets added within 500 m: ${after.exposed_targets - before.exposed_targets}, want 3`);
    }

    // PostgreSQL: every table with coordinates has its geom, made from lon/lat and kept with them
    ctx.check(psqlAt(url, "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.columns WHERE table_schema='public' AND column_name='geom' AND is_generated='ALWAYS'")
      === 'hazards,installations,qra_scenarios,resources,risks,targets,units', 'geom columns');
    ctx.check(psqlAt(url, 'SELECT count(*) FROM risks WHERE lon IS NOT NULL AND NOT (ST_X(geom)=lon AND ST_Y(geom)=lat AND ST_SRID(geom)=4326)') === '0'
      && psqlAt(url, 'SELECT count(*) FROM risks WHERE (lon IS NULL) <> (geom IS NULL)') === '0', 'every risk point\'s geom is its lon/lat');
    const id = made[0];
    const t = await ctx.request('twin_pg', 'PATCH', `/api/v1/targets/${id}`, { lon: lon + 0.01 }, { base: p });
    ctx.check(t.status === 200, `move a target: ${t.status} ${t.text}`);
    ctx.check(psqlAt(url, `SELECT ST_X(geom)=lon AND ST_Y(geom)=lat AND abs(lon - ${lon + 0.01}) < 1e-12 FROM targets WHERE id=${id}`) === 't', 'a moved target\'s geom moved with it');

    // the planner takes the GiST indexes for the box and the radius (the shapes cr_sqlb_in_box
    // and cr_sqlb_near write; sequential scans off, as on a city's tables they lose anyway)
    const plan = (sql) => psqlAt(url, `SET enable_seqscan=off; EXPLAIN ${sql}`);
    const box = plan("SELECT k.id FROM risks k WHERE k.status='active' AND k.geom && ST_MakeEnvelope(120.9, 31.3, 121.0, 31.4, 4326) AND k.lon BETWEEN 120.9 AND 121.0 AND k.lat BETWEEN 31.3 AND 31.4");
    ctx.check(/risks_geom/.test(box), `the map's box through risks_geom:\n${box}`);
    const near = plan(`SELECT t.id FROM targets t WHERE t.status='active' AND t.geom && ST_MakeEnvelope(${lon - 0.006}, ${lat - 0.005}, ${lon + 0.006}, ${lat + 0.005}, 4326) AND ST_DWithin(CAST(t.geom AS geography), CAST(ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) AS geography), 500, false)`);
    ctx.check(/targets_geom/.test(near), `the radius through targets_geom:\n${near}`);
  });
}

// A database whose user may not create PostGIS (not a superuser, the extension not there): the
// first start refuses with the statement a superuser runs; once run, the same user starts.
export async function withoutPostgisTheStartSaysWhatToDo(ctx) {
  if (!isPg(ctx.server.db)) return;
  const admin = ctx.server.db.replace(/\/[^/]*$/, '/postgres');
  psqlAt(admin, 'DROP DATABASE IF EXISTS cr_plain WITH (FORCE)');
  psqlAt(admin, 'DROP ROLE IF EXISTS cr_plain');
  ctx.require(!psqlAt(admin, 'CREATE ROLE cr_plain LOGIN NOSUPERUSER').startsWith('ERROR'), 'a plain role');
  try {
    ctx.require(!psqlAt(admin, "CREATE DATABASE cr_plain OWNER cr_plain TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'").startsWith('ERROR'), 'its database');
    const url = admin.replace('cityrisk@', 'cr_plain@').replace(/\/postgres$/, '/cr_plain');
    const r = ctx.cli(['init', '--db', url]);
    ctx.check(r.status !== 0 && r.out.includes('the extension postgis is not in this database and cr_plain may not create it')
      && r.out.includes('CREATE EXTENSION postgis'), `init without PostGIS: ${r.status} ${r.out}`);
    ctx.check(psqlAt(url, 'SELECT count(*) FROM units').startsWith('ERROR'), 'nothing of the schema stays behind');
    const su = admin.replace(/\/postgres$/, '/cr_plain');
    ctx.require(!psqlAt(su, 'CREATE EXTENSION postgis').startsWith('ERROR'), 'a superuser creates the extension');
    const ok = ctx.cli(['init', '--db', url]);
    ctx.check(ok.ok, `init once the extension is there: ${ok.status} ${ok.out}`);
    ctx.check(psqlAt(url, 'SELECT max(version) FROM schema_version') === psqlAt(ctx.server.db, 'SELECT max(version) FROM schema_version'), 'the whole schema');
  } finally {
    psqlAt(admin, 'DROP DATABASE IF EXISTS cr_plain WITH (FORCE)');
    psqlAt(admin, 'DROP ROLE IF EXISTS cr_plain');
  }
}
