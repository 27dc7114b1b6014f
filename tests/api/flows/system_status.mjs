// The 系统运行 page's API (docs/API.md "Operations"): GET /api/v1/system and POST
// /api/v1/audit/verify are the city office's alone; the figures have their types and agree with
// /metrics and the dashboard; a database URL's password never shows; the chain checks intact on
// the live database and names the first edited entry on a tampered copy (as the audit_chain flow
// tampers: a copy of the live database, never the live one), served by a second server.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabaseBeside, isPg, newDatabaseBeside, psqlAt } from '../lib/pg_cluster.mjs';
import { metricValue } from '../lib/requests.mjs';
import { closeServerTmp, serverTmp } from '../lib/server_tmp.mjs';
import { withSecondServer } from '../lib/second_server.mjs';
import { sqlite } from '../lib/sqlite.mjs';

const OTHER_ROLES = ['kunshan', 't_ajj', 't_ksajj', 't_yushan', 't_unit', 't_expert'];
const int = { $type: 'integer' };
const bytes = { $type: 'integer', $gte: 0 };

export async function systemIsTheCityOfficesAlone(ctx) {
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/system'), { status: 200 }, 'the city office');
  ctx.expect(await ctx.request(null, 'GET', '/api/v1/system'), { status: 401 }, 'anonymous');
  ctx.expect(await ctx.request(null, 'POST', '/api/v1/audit/verify', {}, { csrf: false }), { status: 401 }, 'anonymous verify');
  for (const who of OTHER_ROLES) {
    ctx.expect(await ctx.request(who, 'GET', '/api/v1/system'),
      { status: 403, json: { error: { code: 'forbidden', params: { rule: 'system_city_only' } } } }, `${who} reads`);
    ctx.expect(await ctx.request(who, 'POST', '/api/v1/audit/verify', {}),
      { status: 403, json: { error: { code: 'forbidden' } } }, `${who} verifies`);
  }
  // like every other write: the CSRF token, a JSON object of no members, the one method
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/audit/verify', {}, { csrf: false }), { status: 403 }, 'verify without the CSRF token');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/audit/verify', { from: 1 }),
    { status: 400, json: { error: { code: 'unknown_field', field: 'from' } } }, 'a member verify does not take');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/audit/verify', undefined), { status: 400 }, 'verify without a body');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/audit/verify', undefined, { raw: 'x=1', contentType: 'application/x-www-form-urlencoded' }),
    { status: 415 }, 'verify from a form');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/audit/verify'), { status: 405 }, 'GET verify');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/system', {}), { status: 405 }, 'POST system');
}

export async function systemFiguresHaveTheirTypesAndAgree(ctx) {
  const r = await ctx.request('admin', 'GET', '/api/v1/system');
  ctx.require(r.status === 200, `GET /system: ${r.status} ${r.text}`);
  const pg = isPg(ctx.server.db);
  ctx.expect(r, { json: {
    server: { version: { $type: 'string', $min_len: 1 }, started_at: { $re: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$' }, uptime_seconds: bytes },
    database: {
      backend: pg ? 'postgresql' : 'sqlite', location: { $type: 'string' }, schema_version: { $type: 'integer', $gt: 0 },
      size_bytes: { $type: 'integer', $gt: 100000 }, wal_bytes: pg ? 0 : bytes,
      registers: { units: { $type: 'integer', $gt: 0 }, risk_points: { $type: 'integer', $gt: 0 }, open_hazards: bytes },
    },
    replica: { configured: false, location: null, up: false, lag_ms: null },
    memory: { resident_bytes: { $type: 'integer', $gt: 0 }, anonymous_bytes: { $type: 'integer', $gt: 0 }, file_bytes: bytes,
      cache_budget_bytes: { $gte: 96 * 2 ** 20 }, risk_index_bytes: { $type: 'integer', $gt: 0 }, unit_index_bytes: { $type: 'integer', $gt: 0 },
      unit_texts_bytes: bytes, query_cache_bytes: bytes },
    requests: { by_class: { '1xx': int, '2xx': { $type: 'integer', $gt: 0 }, '3xx': int, '4xx': int, '5xx': int },
      connections: { $type: 'integer', $gte: 1 }, event_streams: bytes, slow_running: bytes, slow_queued: bytes },
  } }, 'the figures');
  const s = r.json;
  if (!pg) ctx.check(s.database.location === ctx.server.db, `the SQLite file as given: ${s.database.location}`);
  // the registers are the dashboard's counts
  const o = await ctx.request('admin', 'GET', '/api/v1/stats/overview');
  ctx.require(o.status === 200, `overview: ${o.status}`);
  ctx.check(s.database.registers.units === o.json.units && s.database.registers.risk_points === o.json.risks
    && s.database.registers.open_hazards === o.json.hazards.open,
  `registers ${JSON.stringify(s.database.registers)} against the dashboard's ${o.json.units}/${o.json.risks}/${o.json.hazards.open}`);
  // the same functions as /metrics (figures that do not move between two requests)
  const m = (await ctx.request(null, 'GET', '/metrics')).text;
  ctx.check(metricValue(m, 'cityrisk_cache_budget_bytes') === s.memory.cache_budget_bytes, 'the cache budget as /metrics gives it');
  ctx.check(metricValue(m, 'cityrisk_memory_index_bytes{index="risks"}') === s.memory.risk_index_bytes, 'the risk index as /metrics gives it');
  ctx.check(metricValue(m, 'cityrisk_memory_index_bytes{index="units"}') === s.memory.unit_index_bytes, 'the unit index as /metrics gives it');
  ctx.check(metricValue(m, 'cityrisk_db_replica_up') === 0, 'no replica on /metrics either');
  const mem = s.memory;
  ctx.check(Math.abs(mem.anonymous_bytes + mem.file_bytes - mem.resident_bytes) <= mem.resident_bytes * 0.05 + 1e6,
    `anonymous ${mem.anonymous_bytes} + file ${mem.file_bytes} make the resident ${mem.resident_bytes}`);
  // the answers by class move with the traffic
  await ctx.request('admin', 'GET', '/api/v1/units/999999999');
  const again = await ctx.request('admin', 'GET', '/api/v1/system');
  ctx.check(again.json.requests.by_class['4xx'] >= s.requests.by_class['4xx'] + 1 && again.json.requests.by_class['2xx'] > s.requests.by_class['2xx'],
    `4xx and 2xx counted: ${JSON.stringify(s.requests.by_class)} → ${JSON.stringify(again.json.requests.by_class)}`);
}

export async function verifyIsIntactOnTheLiveDatabase(ctx) {
  const r = await ctx.request('admin', 'POST', '/api/v1/audit/verify', {});
  ctx.require(r.status === 200, `verify: ${r.status} ${r.text}`);
  ctx.expect(r, { json: { entries: { $type: 'integer', $gt: 0 }, intact: true, first_broken: null,
    checked_at: { $re: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$' } } }, 'intact');
  const rows = Number(isPg(ctx.server.db) ? psqlAt(ctx.server.db, 'SELECT count(*) FROM audit') : sqlite(ctx.server.db, 'SELECT count(*) FROM audit'));
  ctx.check(r.json.entries === rows, `entries ${r.json.entries} are the chain's ${rows}`);
  // it writes nothing: the chain has no entry more after it
  const again = await ctx.request('admin', 'POST', '/api/v1/audit/verify', {});
  ctx.check(again.json.entries === r.json.entries, `a second check finds ${again.json.entries}, the first ${r.json.entries}`);
}

// A copy of the live database with one entry edited, served by a second server: the check names
// that entry. On PostgreSQL the copy is restored from a pg_dump, and the second server is given
// the copy's URL with a password in it, which GET /system must not show.
export async function verifyNamesTheFirstEditedEntryOfACopy(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `系统运行测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 3,
  });
  ctx.require(u.status === 201, `create: ${u.status} ${u.text}`);
  const dir = mkdtempSync(join(tmpdir(), 'cr-system-'));
  const pg = isPg(ctx.server.db);
  const copyName = 'cr_system_copy';
  try {
    let copy, edit;
    if (pg) {
      const dump = join(dir, 'live.dump');
      ctx.require(ctx.cli(['backup', '--db', ctx.server.db, dump]).ok, 'backup of the live database');
      copy = newDatabaseBeside(ctx.server.db, copyName);
      const rs = ctx.cli(['restore', '--db', copy, dump]);
      ctx.require(rs.ok, `restore: ${rs.out}`);
      edit = (sql) => psqlAt(copy, sql);
    } else {
      copy = join(dir, 'copy.db');
      ctx.require(!sqlite(ctx.server.db, `.backup '${copy}'`).startsWith('ERROR'), 'backup of the live database');
      edit = (sql) => sqlite(copy, sql);
    }
    const id = Number(edit(`SELECT max(id) FROM audit WHERE entity='unit' AND entity_id='${u.json.id}'`));
    ctx.require(id > 0, 'the new unit has an audit entry');
    edit(`UPDATE audit SET after=replace(after, '系统运行测试', '篡改测试') WHERE id=${id}`);
    // ids leave gaps on PostgreSQL (blocks reserved by bulk loads): count the copy's entries
    const rows = Number(edit('SELECT count(*) FROM audit'));
    const served = pg ? copy.replace('postgres://cityrisk@', 'postgres://cityrisk:s3cret-pw@') + '?password=s3cret-pw' : copy;
    await withSecondServer(ctx, [], {}, async (base) => {
      const r = await ctx.request('admin', 'POST', '/api/v1/audit/verify', {}, { base });
      ctx.expect(r, { status: 200, json: { intact: false, first_broken: id, entries: { $gte: rows } } }, 'the tampered copy');
      const s = await ctx.request('admin', 'GET', '/api/v1/system', undefined, { base });
      ctx.require(s.status === 200, `GET /system on the copy: ${s.status} ${s.text}`);
      ctx.check(!s.text.includes('s3cret-pw'), `the password shows: ${s.json.database.location}`);
      if (pg) ctx.check(s.json.database.location === copy.replace('postgres://cityrisk@', 'postgres://cityrisk:***@') + '?password=***',
        `the copy's URL without its password: ${s.json.database.location}`);
      else ctx.check(s.json.database.location === copy, `the copy's file: ${s.json.database.location}`);
    }, served);
  } finally {
    if (pg) dropDatabaseBeside(ctx.server.db, copyName);
    rmSync(dir, { recursive: true, force: true });
  }
}

// The start-up line names the database without the password its URL carries (PostgreSQL only: a
// SQLite path has none).
export async function serveLogHidesTheDatabasePassword(ctx) {
  if (!isPg(ctx.server.db)) return;
  const url = ctx.server.db.replace('postgres://cityrisk@', 'postgres://cityrisk:s3cret-pw@');
  const port = await ctx.freePort();
  const dir = serverTmp(ctx.env.TMPDIR);
  const proc = spawn(ctx.bin, ['serve', '--db', url, '--listen', `127.0.0.1:${port}`],
    { env: { ...ctx.env, TMPDIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((res) => proc.on('exit', res));
  try {
    for (let i = 0; i < 300 && !out.includes('CityRisk is serving'); i++) await new Promise((r) => setTimeout(r, 100));
    ctx.require(out.includes('CityRisk is serving'), `the server's start-up line: ${out}`);
    ctx.check(!out.includes('s3cret-pw') && out.includes('postgres://cityrisk:***@'), `the log hides the password: ${out}`);
  } finally {
    proc.kill('SIGTERM');
    const code = await exited;
    ctx.check(code === 0, `the server stops cleanly: ${code}`);
    closeServerTmp(dir, code === 0);
  }
}
