// Operations (docs/OPERATIONS.md): /metrics for the machine itself and the city office only,
// its counters moving with the traffic; `cityrisk backup` of the live database, `restore` and
// `check` clean, `audit verify` exit codes, and what restore refuses.
import { request as httpRequest } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabaseBeside, isPg, newDatabaseBeside, psqlAt } from '../lib/pg_cluster.mjs';
import { metricValue, requestFrom } from '../lib/requests.mjs';
import { sqlite } from '../lib/sqlite.mjs';

// A request as the reverse proxy (127.0.0.9, the test server's --trusted-proxy) sends it.
function viaProxy(ctx, method, path, { body, cookie, client = '203.0.113.60' } = {}) {
  return requestFrom(ctx, '127.0.0.9', method, path, body, { 'x-forwarded-for': client, ...(cookie ? { cookie } : {}) });
}

export async function metricsForTheMachineAndTheCityOffice(ctx) {
  const before = await ctx.request(null, 'GET', '/metrics');
  ctx.require(before.status === 200, `GET /metrics from the machine itself: ${before.status} ${before.text.slice(0, 200)}`);
  ctx.check(/^text\/plain; version=0\.0\.4/.test(before.headers['content-type'] || ''), `content type: ${before.headers['content-type']}`);
  const n404 = metricValue(before.text, 'cityrisk_http_requests_total{class="4xx"}');
  ctx.check(Number.isFinite(n404), 'a 4xx counter');
  for (let i = 0; i < 3; i++) await ctx.request('admin', 'GET', '/api/v1/units/999999999');
  const after = await ctx.request(null, 'GET', '/metrics');
  ctx.check(metricValue(after.text, 'cityrisk_http_requests_total{class="4xx"}') === n404 + 3,
    `three 404s count three: ${n404} → ${metricValue(after.text, 'cityrisk_http_requests_total{class="4xx"}')}`);
  const count = metricValue(after.text, 'cityrisk_http_request_duration_seconds_count');
  const inf = metricValue(after.text, 'cityrisk_http_request_duration_seconds_bucket{le="+Inf"}');
  ctx.check(count > 0 && count === inf, `histogram count ${count} equals its +Inf bucket ${inf}`);
  const anon = metricValue(after.text, 'cityrisk_memory_anonymous_bytes');
  const file = metricValue(after.text, 'cityrisk_memory_file_bytes');
  const rss = metricValue(after.text, 'cityrisk_memory_resident_bytes');
  ctx.check(anon > 1e6 && file > 0 && Math.abs(anon + file - rss) <= rss * 0.05 + 1e6,
    `anonymous ${anon} + file ${file} make the resident ${rss}`);
  ctx.check(metricValue(after.text, 'cityrisk_cache_budget_bytes') >= 96 * 2 ** 20, 'a cache budget of at least 96 MiB by default');
  ctx.check(metricValue(after.text, 'cityrisk_db_file_bytes') > 1e5, 'the database size');
  // from outside, through the proxy: only a city-office session
  ctx.expect(await viaProxy(ctx, 'GET', '/metrics'), { status: 403, json: { error: { code: 'forbidden' } } }, 'anonymous from outside');
  const login = async (login, password) => {
    const r = await viaProxy(ctx, 'POST', '/api/v1/session', { body: { login, password } });
    ctx.require(r.status === 200, `log-in ${login} via the proxy: ${r.status} ${r.text}`);
    return [].concat(r.headers['set-cookie'] || []).map((c) => c.split(';')[0]).join('; ');
  };
  const district = await viaProxy(ctx, 'GET', '/metrics', { cookie: await login('kunshan', 'kunshan123') });
  ctx.check(district.status === 403, `a district from outside: ${district.status}`);
  const city = await viaProxy(ctx, 'GET', '/metrics', { cookie: await login('admin', 'admin123') });
  ctx.check(city.status === 200 && city.text.includes('cityrisk_memory_anonymous_bytes'), `the city office from outside: ${city.status}`);
  // the proxy itself without saying whom it carries is not the machine
  const bare = await new Promise((resolve) => {
    const { hostname, port } = new URL(ctx.base);
    httpRequest({ host: hostname, port, path: '/metrics', localAddress: '127.0.0.9', agent: false }, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', () => resolve(0)).end();
  });
  ctx.check(bare === 403, `the proxy's own address without X-Forwarded-For: ${bare}`);
}

export async function backupRestoreRoundTrip(ctx) {
  if (isPg(ctx.server.db)) return pgBackupRestoreRoundTrip(ctx);
  const cc = ctx.creditCode('320583');
  const c = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: cc, name: `备份测试${ctx.uniq()}`, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384,
    size_class: 'below', employees: 3,
  });
  ctx.require(c.status === 201, `create: ${c.status} ${c.text}`);
  const dir = mkdtempSync(join(tmpdir(), 'cr-backup-'));
  try {
    const bak = join(dir, 'city.bak');
    const b = ctx.cli(['backup', '--db', ctx.server.db, bak]);
    ctx.require(b.ok, `backup of the live database: ${b.out}`);
    const again = ctx.cli(['backup', '--db', ctx.server.db, bak]);
    ctx.check(!again.ok && again.out.includes('never overwrites'), `a second backup onto the same file: ${again.out}`);
    ctx.check(sqlite(bak, `SELECT count(*) FROM units WHERE credit_code='${cc}'`) === '1', 'the unit written just before is in the backup');
    ctx.check(sqlite(bak, 'PRAGMA journal_mode') === 'delete', 'the backup is one file (no WAL)');
    const live = sqlite(ctx.server.db, 'SELECT count(*) FROM risks');
    ctx.check(sqlite(bak, 'SELECT count(*) FROM risks') === live, `risk points in the backup equal the live ones (${live})`);
    // restore into a new place, then check it whole
    const restored = join(dir, 'restored.db');
    const r = ctx.cli(['restore', '--db', restored, bak]);
    ctx.require(r.ok, `restore: ${r.out}`);
    const chk = ctx.cli(['check', '--db', restored]);
    ctx.check(chk.ok && chk.out.includes('is whole'), `check after restore: ${chk.out}`);
    const ver = ctx.cli(['audit', 'verify', '--db', restored]);
    ctx.check(ver.ok && ver.status === 0 && ver.out.includes('intact'), `audit verify after restore: ${ver.status} ${ver.out}`);
    // tampering: audit verify names the entry and exits 1; restore refuses such a backup
    const id = Number(sqlite(restored, `SELECT max(id) FROM audit WHERE entity='unit' AND entity_id='${c.json.id}'`));
    ctx.require(id > 0, 'the new unit has an audit entry');
    ctx.require(sqlite(restored, `UPDATE audit SET after=replace(after, '备份测试', '篡改测试') WHERE id=${id}; SELECT changes();`) === '1', 'tamper');
    const bad = ctx.cli(['audit', 'verify', '--db', restored]);
    ctx.check(bad.status === 1 && bad.out.includes(`entry ${id}`), `audit verify on a tampered copy: ${bad.status} ${bad.out}`);
    const into = join(dir, 'other.db');
    const refused = ctx.cli(['restore', '--db', into, restored]);
    ctx.check(!refused.ok && refused.out.includes(`breaks at entry ${id}`), `restore of a tampered backup: ${refused.out}`);
    ctx.check(!existsSync(into) || sqlite(into, "SELECT count(*) FROM sqlite_schema WHERE name='units'") === '0', 'nothing restored from it');
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all');
    const nodb = ctx.cli(['restore', '--db', join(dir, 'x.db'), junk]);
    ctx.check(!nodb.ok, `restore of a file that is no database: ${nodb.out}`);
    const missing = ctx.cli(['audit', 'verify', '--db', join(dir, 'nowhere.db')]);
    ctx.check(missing.status === 1 && !existsSync(join(dir, 'nowhere.db')), `audit verify of a missing file: ${missing.out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The same on PostgreSQL: pg_dump of the live database, pg_restore into a new empty one, check and
// audit verify there; a tampered database's backup is refused and leaves its target empty.
async function pgBackupRestoreRoundTrip(ctx) {
  const cc = ctx.creditCode('320583');
  const c = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: cc, name: `备份测试${ctx.uniq()}`, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384,
    size_class: 'below', employees: 3,
  });
  ctx.require(c.status === 201, `create: ${c.status} ${c.text}`);
  const dir = mkdtempSync(join(tmpdir(), 'cr-backup-'));
  const names = ['cr_restored', 'cr_other'];
  try {
    const bak = join(dir, 'city.dump');
    const b = ctx.cli(['backup', '--db', ctx.server.db, bak]);
    ctx.require(b.ok && existsSync(bak), `backup of the live database: ${b.out}`);
    const again = ctx.cli(['backup', '--db', ctx.server.db, bak]);
    ctx.check(!again.ok && again.out.includes('never overwrites'), `a second backup onto the same file: ${again.out}`);
    const restored = newDatabaseBeside(ctx.server.db, names[0]);
    const r = ctx.cli(['restore', '--db', restored, bak]);
    ctx.require(r.ok, `restore: ${r.out}`);
    ctx.check(psqlAt(restored, `SELECT count(*) FROM units WHERE credit_code='${cc}'`) === '1', 'the unit written just before is in the backup');
    const live = psqlAt(ctx.server.db, 'SELECT count(*) FROM risks');
    ctx.check(psqlAt(restored, 'SELECT count(*) FROM risks') === live, `risk points in the restored database equal the live ones (${live})`);
    const twice = ctx.cli(['restore', '--db', restored, bak]);
    ctx.check(!twice.ok && twice.out.includes('not empty'), `restore into a database that has data: ${twice.out}`);
    const chk = ctx.cli(['check', '--db', restored]);
    ctx.check(chk.ok && chk.out.includes('is whole'), `check after restore: ${chk.out}`);
    const ver = ctx.cli(['audit', 'verify', '--db', restored]);
    ctx.check(ver.ok && ver.status === 0 && ver.out.includes('intact'), `audit verify after restore: ${ver.status} ${ver.out}`);
    const id = Number(psqlAt(restored, `SELECT max(id) FROM audit WHERE entity='unit' AND entity_id='${c.json.id}'`));
    ctx.require(id > 0, 'the new unit has an audit entry');
    ctx.require(psqlAt(restored, `UPDATE audit SET after=replace(after, '备份测试', '篡改测试') WHERE id=${id}`) === 'UPDATE 1', 'tamper');
    const bad = ctx.cli(['audit', 'verify', '--db', restored]);
    ctx.check(bad.status === 1 && bad.out.includes(`entry ${id}`), `audit verify on a tampered copy: ${bad.status} ${bad.out}`);
    const tampered = join(dir, 'tampered.dump');
    ctx.require(ctx.cli(['backup', '--db', restored, tampered]).ok, 'backup of the tampered database');
    const into = newDatabaseBeside(ctx.server.db, names[1]);
    const refused = ctx.cli(['restore', '--db', into, tampered]);
    ctx.check(!refused.ok && refused.out.includes(`breaks at entry ${id}`), `restore of a tampered backup: ${refused.out}`);
    ctx.check(psqlAt(into, "SELECT count(*) FROM information_schema.tables WHERE table_schema='public'") === '0', 'nothing restored from it');
    const junk = join(dir, 'junk.dump');
    writeFileSync(junk, 'not a backup at all');
    const nodb = ctx.cli(['restore', '--db', into, junk]);
    ctx.check(!nodb.ok, `restore of a file that is no backup: ${nodb.out}`);
  } finally {
    for (const n of names) dropDatabaseBeside(ctx.server.db, n);
    rmSync(dir, { recursive: true, force: true });
  }
}

// A demo loaded again onto a database that holds one fails on its first unit's credit code and
// writes nothing: on PostgreSQL the load's writes go out without waiting for their answers
// (pipeline mode), so the failure is read later, and must still name the constraint, end the
// transaction and leave every table as it was.
export async function aSecondDemoLoadIsRefusedWhole(ctx) {
  const count = async (path) => {
    const r = await ctx.request('admin', 'GET', `/api/v1/${path}?limit=1`);
    ctx.require(r.status === 200, `${path}: ${r.status}`);
    return r.json.total;
  };
  const units = await count('units');
  const risks = await count('risks');
  const again = ctx.cli(['demo', '--db', ctx.server.db, '--scale', '0.002', '--seed', '9']);
  ctx.check(!again.ok && again.status === 1, `the second demo load fails: exit ${again.status}`);
  ctx.check(/credit.code/.test(again.out), `its message names the credit code: ${again.out.slice(0, 300)}`);
  ctx.expect({ status: 200, json: { units: await count('units'), risks: await count('risks') } },
    { json: { units, risks } }, 'nothing of it was written');
}
