// `cityrisk migrate --from PATH --to postgres://…` (docs/OPERATIONS.md "Moving a city to
// PostgreSQL"): the live test city, backed up for a consistent copy, moved into a fresh database
// on a PostgreSQL server of the flow's own. The printed counts equal SQLite's, the copy passes
// `audit verify` and `check`, a second migrate into it is refused; a tampered source, an older
// schema and a target that changes rows on the way are refused and leave the target empty; a
// server on the copy lists as many units as the SQLite server and gives a new unit an id past
// the copied ones; the copy's PostGIS points stand at the copied lon/lat. SQLite runs only: on
// the PostgreSQL run there is no file to migrate from.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPg, newDatabaseBeside, psqlAt, startPgCluster } from '../lib/pg_cluster.mjs';
import { withSecondServer } from '../lib/second_server.mjs';
import { sqlite } from '../lib/sqlite.mjs';

// The row counts `cityrisk migrate` printed for a table: [sqlite, postgres], or null.
function printed(out, table) {
  const m = new RegExp(`^${table} +(\\d+) +(\\d+) +[0-9a-f]{64}$`, 'm').exec(out);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

export async function migrateCityToPostgres(ctx) {
  if (isPg(ctx.server.db)) return;
  const dir = mkdtempSync(join(tmpdir(), 'cr-migrate-'));
  let pg = null;
  try {
    // the SQLite server's total, then the backup (nothing writes between them)
    const live = await ctx.request('admin', 'GET', '/api/v1/units?limit=1');
    ctx.require(live.status === 200, `units on the SQLite server: ${live.status} ${live.error || live.text}`);
    const bak = join(dir, 'city.db');
    const b = ctx.cli(['backup', '--db', ctx.server.db, bak]);
    ctx.require(b.ok, `backup of the live database: ${b.out}`);
    pg = await startPgCluster();
    const count = (t) => Number(sqlite(bak, `SELECT count(*) FROM ${t}`));
    const want = { units: count('units'), risks: count('risks'), hazards: count('hazards'), audit: count('audit') };
    ctx.require(want.units > 100 && want.risks > 100 && want.hazards > 10 && want.audit > 10, `a demo city to move: ${JSON.stringify(want)}`);
    const maxUnit = Number(sqlite(bak, 'SELECT max(id) FROM units'));
    const target = newDatabaseBeside(`${pg.url}/postgres`, 'cr_migrated');

    // a source whose audit chain was rewritten: refused, and the target keeps no row
    const tampered = join(dir, 'tampered.db');
    copyFileSync(bak, tampered);
    const last = Number(sqlite(tampered, 'SELECT max(id) FROM audit'));
    ctx.require(sqlite(tampered, `UPDATE audit SET login=login||'x' WHERE id=${last}; SELECT changes();`) === '1', 'tamper');
    const t = ctx.cli(['migrate', '--from', tampered, '--to', target]);
    ctx.check(t.status === 1 && t.out.includes(`audit chain breaks at entry ${last}`), `migrate of a tampered city: ${t.status} ${t.out.slice(-600)}`);
    ctx.check(psqlAt(target, 'SELECT count(*) FROM units') === '0' && psqlAt(target, 'SELECT count(*) FROM audit') === '0',
      'nothing of the tampered city stays in the target');
    // a source of an older schema: refused before anything is read, pointing to `cityrisk init`
    const old = join(dir, 'old.db');
    copyFileSync(bak, old);
    sqlite(old, 'PRAGMA user_version=21');
    const o = ctx.cli(['migrate', '--from', old, '--to', target]);
    ctx.check(o.status === 1 && /schema 21, older than this program's/.test(o.out) && o.out.includes('cityrisk init'),
      `migrate of an older schema: ${o.status} ${o.out}`);
    const missing = ctx.cli(['migrate', '--from', join(dir, 'nowhere.db'), '--to', target]);
    ctx.check(missing.status === 1 && missing.out.includes('no database at'), `migrate of a missing file: ${missing.out}`);

    // a target that changes a row on the way in: the checksums tell, and nothing stays
    const mangle = psqlAt(target, "CREATE FUNCTION cr_test_mangle() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.name := NEW.name || '*'; RETURN NEW; END$$;"
      + ' CREATE TRIGGER cr_test_mangle BEFORE INSERT ON units FOR EACH ROW EXECUTE FUNCTION cr_test_mangle()');
    ctx.require(!mangle.startsWith('ERROR'), `a trigger that changes units: ${mangle}`);
    const d = ctx.cli(['migrate', '--from', bak, '--to', target]);
    ctx.check(d.status === 1 && /^units +\d+ +\d+ +[0-9a-f]{64} {2}DIFFERS$/m.test(d.out) && d.out.includes('table units differs after the copy'),
      `migrate through a target that changes rows: ${d.status} ${d.out.slice(-800)}`);
    ctx.check(/^risks +\d+ +\d+ +[0-9a-f]{64}$/m.test(d.out), 'the tables it did not touch agree');
    ctx.check(psqlAt(target, 'SELECT count(*) FROM units') === '0', 'nothing of the changed copy stays');
    psqlAt(target, 'DROP TRIGGER cr_test_mangle ON units; DROP FUNCTION cr_test_mangle()');

    // the city itself, into the target the refusals left empty
    const m = ctx.cli(['migrate', '--from', bak, '--to', target]);
    ctx.require(m.ok, `migrate: ${m.status} ${m.out.slice(-3000)}`);
    for (const [table, n] of Object.entries(want)) {
      const got = printed(m.out, table);
      ctx.check(got && got[0] === n && got[1] === n, `${table}: printed ${JSON.stringify(got)}, SQLite has ${n}`);
      ctx.check(psqlAt(target, `SELECT count(*) FROM ${table}`) === String(n), `${table} in PostgreSQL: ${psqlAt(target, `SELECT count(*) FROM ${table}`)} of ${n}`);
    }
    ctx.check(!/DIFFERS/.test(m.out) && /audit chain intact/.test(m.out), `every table the same on both sides: ${m.out.slice(-400)}`);
    // PostGIS's points are the target's own, made from the copied lon/lat (not copied)
    ctx.check(psqlAt(target, 'SELECT count(*) FROM units WHERE lon IS NOT NULL') === sqlite(bak, 'SELECT count(*) FROM units WHERE lon IS NOT NULL')
      && psqlAt(target, 'SELECT count(*) FROM units WHERE (lon IS NULL) <> (geom IS NULL) OR ST_X(geom)<>lon OR ST_Y(geom)<>lat') === '0',
      'every copied unit has its geom at its lon/lat');
    ctx.check(psqlAt(target, 'SELECT string_agg(code, \',\' ORDER BY rowid) FROM departments') === sqlite(bak, "SELECT group_concat(code, ',') FROM (SELECT code FROM departments ORDER BY rowid)"),
      'the departments in their order');
    const ver = ctx.cli(['audit', 'verify', '--db', target]);
    ctx.check(ver.status === 0 && ver.out.includes('intact'), `audit verify on the copy: ${ver.status} ${ver.out}`);
    const chk = ctx.cli(['check', '--db', target]);
    ctx.check(chk.ok && chk.out.includes('is whole'), `check on the copy: ${chk.out}`);
    const again = ctx.cli(['migrate', '--from', bak, '--to', target]);
    ctx.check(again.status === 1 && again.out.includes(`${target} is not empty`), `a second migrate into the copy: ${again.status} ${again.out}`);

    // a server on the copy: the same units, and a new one numbered past the copied ids
    await withSecondServer(ctx, [], {}, async (base) => {
      const login = await ctx.request('mig', 'POST', '/api/v1/session', { login: 'admin', password: ctx.users.admin.password }, { base, csrf: false });
      ctx.require(login.status === 200, `log-in on the migrated database: ${login.status} ${login.text}`);
      const list = await ctx.request('mig', 'GET', '/api/v1/units?limit=1', undefined, { base });
      ctx.check(list.status === 200 && list.json.total === live.json.total,
        `units on the migrated database: ${list.json && list.json.total}, on SQLite ${live.json.total}`);
      const c = await ctx.request('mig', 'POST', '/api/v1/units', {
        credit_code: ctx.creditCode('320583'), name: `迁移后新建${ctx.uniq()}`, sector: 'C01', region: '320583',
        lon: 120.955, lat: 31.384, size_class: 'below', employees: 3,
      }, { base });
      ctx.check(c.status === 201 && c.json.id > maxUnit, `a unit created after the move: ${c.status} id ${c.json && c.json.id}, largest copied ${maxUnit}`);
    }, target);
  } finally {
    if (pg) pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
