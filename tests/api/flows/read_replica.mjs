// Read replicas (docs/OPERATIONS.md "Read replicas"): a second `cityrisk serve --db-read` on a
// streaming standby of the run's own PostgreSQL answers list reads from the standby, a session's
// own writes from the primary until the standby has replayed them, and falls back to the
// primary with no 5xx when the standby lags past the bound or stops. Runs only on a PostgreSQL
// server of the run's own (`run.mjs --pg own`, as `make test` does); on SQLite it checks that
// --db-read is refused at start.
import { spawnSync } from 'node:child_process';
import { withSecondServer, within } from '../lib/second_server.mjs';
import { psqlAt } from '../lib/pg_cluster.mjs';

// The server's counter or gauge line `name` (with its labels), as a number.
async function metric(base, name) {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : NaN;
}

export async function dbReadIsRefusedOnSqlite(ctx) {
  if (ctx.pgStandby) return; // on PostgreSQL the flow below runs instead
  const r = spawnSync(ctx.bin, ['serve', '--db', ctx.server.db, '--listen', '127.0.0.1:1',
    '--db-read', 'postgres://cityrisk@127.0.0.1:1/x'], { env: ctx.env, encoding: 'utf8', timeout: 30_000 });
  ctx.check(r.status === 2, `serve --db-read on a SQLite file exits 2: ${r.status}`);
  ctx.check(/--db-read needs a PostgreSQL --db/.test(r.stderr), `and says why: ${r.stderr}`);
}

export async function listReadsGoToTheReplicaAndFallBack(ctx) {
  if (!ctx.pgStandby) return; // SQLite: no replicas (dbReadIsRefusedOnSqlite above)
  const standby = await ctx.pgStandby();
  const readUrl = ctx.server.db.replace(/@[^/]+/, `@127.0.0.1:${standby.port}`);
  try {
    // the standby has caught up with the demo city before the second server starts
    const caught = await within(async () => psqlAt(readUrl, 'SELECT count(*) FROM risks'),
      (n) => n === psqlAt(ctx.server.db, 'SELECT count(*) FROM risks'), 10_000, 100);
    ctx.require(caught >= 0, `the standby replays the demo city: ${psqlAt(readUrl, 'SELECT count(*) FROM risks')}`);

    const u = await ctx.request('kunshan', 'POST', '/api/v1/units', {
      credit_code: ctx.creditCode('320583'), name: `只读副本${ctx.uniq()}`, sector: 'C01', region: '320583',
      lon: 120.955, lat: 31.384, size_class: 'below', employees: 9,
    });
    ctx.require(u.status === 201, `a unit for the flow: ${u.status} ${u.text}`);
    const riskBody = (name) => ({
      name, place: '车间', method: 'lec', inputs: { L: 3, E: 6, C: 7 }, accident_types: [8],
      owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
    });

    // a bound far above this flow's steps, however loaded the machine
    await withSecondServer(ctx, ['--db-read', readUrl, '--db-read-max-lag', '30'], {}, async (base2) => {
      const on2 = (as, method, path, body) => ctx.request(as, method, path, body, { base: base2 });
      const listed = (name) => async (as) => {
        const r = await on2(as, 'GET', `/api/v1/risks?q=${encodeURIComponent(name)}`);
        ctx.require(r.status === 200, `risk list as ${as}: ${r.status} ${r.text.slice(0, 300)}`);
        return r.json.total;
      };
      const served0 = await metric(base2, 'cityrisk_db_replica_reads_total');
      const hazards = await on2('admin', 'GET', '/api/v1/hazards?limit=5');
      ctx.check(hazards.status === 200 && hazards.json.items.length > 0, `the hazard list from the replica: ${hazards.status}`);
      const stats = await on2('admin', 'GET', '/api/v1/stats/hazards?by=district');
      ctx.check(stats.status === 200, `hazard statistics from the replica: ${stats.status}`);
      const served1 = await metric(base2, 'cityrisk_db_replica_reads_total');
      ctx.check(served1 >= served0 + 2, `reads counted on the replica: ${served0} → ${served1}`);
      // the 系统运行 page's replica section: the figures /metrics gives, its URL as given
      const sys = await on2('admin', 'GET', '/api/v1/system');
      ctx.expect(sys, { status: 200, json: { replica: { configured: true, location: readUrl, up: true, lag_ms: { $type: 'integer', $gte: 0 } } } },
        'GET /system on the server with a replica');
      ctx.check(await metric(base2, 'cityrisk_db_replica_up') === 1, 'the replica up on /metrics as on /system');

      // replay paused: a risk point written through the second server reaches the primary only
      ctx.require(!psqlAt(readUrl, 'SELECT pg_wal_replay_pause()').startsWith('ERROR'), 'pause replay');
      const paused = await within(async () => psqlAt(readUrl, 'SELECT pg_get_wal_replay_pause_state()'), (s) => s === 'paused', 5000, 50);
      ctx.require(paused >= 0, 'the standby pauses its replay');
      const name = `副本风险${ctx.uniq()}`;
      const count = listed(name);
      const risk = await on2('kunshan', 'POST', `/api/v1/units/${u.json.id}/risks`, riskBody(name));
      ctx.require(risk.status === 201, `risk through the second server: ${risk.status} ${risk.text}`);
      ctx.check(psqlAt(ctx.server.db, `SELECT count(*) FROM risks WHERE name='${name}'`) === '1', 'the primary has it');
      // a third party's list is read from the paused standby: not there yet
      ctx.check(await count('admin') === 0, 'a third party does not see the new point while replay is paused (the read went to the standby)');
      // the writer reads its own write (the primary answers until the standby has replayed it)
      ctx.check(await count('kunshan') === 1, 'the writer sees its own new point at once (read-your-writes)');
      ctx.check(await metric(base2, 'cityrisk_db_read_fallbacks_total{reason="own_write"}') >= 1, 'the own-write fallback is counted');
      ctx.check(await count('admin') === 0, 'the third party still does not see it (nothing cached from the primary for it)');
      const csv = () => on2('admin', 'GET', `/api/v1/risks?format=csv&q=${encodeURIComponent(name)}`);
      const c1 = await csv();
      ctx.check(c1.status === 200 && c1.text.length > 0 && !c1.text.includes(name), `the third party's CSV download streams from the standby, without the point: ${c1.status} ${c1.text.slice(0, 300)}`);

      // resumed: the third party sees it within a second
      psqlAt(readUrl, 'SELECT pg_wal_replay_resume()');
      const ms = await within(() => count('admin'), (n) => n === 1, 1000, 50);
      ctx.check(ms >= 0, 'after replay resumes the third party sees the point within 1 s');
      const c2 = await csv();
      ctx.check(c2.status === 200 && c2.text.includes(name), `and its CSV download has it: ${c2.status} ${c2.text.slice(0, 300)}`);
    });

    // a bound of 1 s: replay paused longer sends the reads to the primary; then the standby stops
    await withSecondServer(ctx, ['--db-read', readUrl, '--db-read-max-lag', '1'], {}, async (base2) => {
      const on2 = (as, method, path, body) => ctx.request(as, method, path, body, { base: base2 });
      const listed = (name) => async (as) => {
        const r = await on2(as, 'GET', `/api/v1/risks?q=${encodeURIComponent(name)}`);
        ctx.require(r.status === 200, `risk list as ${as}: ${r.status} ${r.text.slice(0, 300)}`);
        return r.json.total;
      };
      psqlAt(readUrl, 'SELECT pg_wal_replay_pause()');
      const name2 = `副本滞后${ctx.uniq()}`;
      const risk2 = await ctx.request('kunshan', 'POST', `/api/v1/units/${u.json.id}/risks`, riskBody(name2));
      ctx.require(risk2.status === 201, `risk through the first server: ${risk2.status} ${risk2.text}`);
      const ms = await within(() => listed(name2)('admin'), (n) => n === 1, 6000, 50);
      ctx.check(ms >= 0, `a standby lagging past the bound is left for the primary: the third party sees the point (${ms} ms)`);
      ctx.check(await metric(base2, 'cityrisk_db_read_fallbacks_total{reason="lag"}') >= 1, 'the lag fallback is counted');
      ctx.check(await metric(base2, 'cityrisk_db_replica_lag_milliseconds') >= 1000, 'the lag is reported');
      psqlAt(readUrl, 'SELECT pg_wal_replay_resume()');

      // the standby stops: every read is answered by the primary, none fails
      standby.stop();
      for (let i = 0; i < 12; i++) {
        const r = await on2('admin', 'GET', `/api/v1/risks?q=${encodeURIComponent(name2)}`);
        ctx.check(r.status === 200 && r.json.total === 1, `read ${i + 1} with the standby down: ${r.status} ${r.text.slice(0, 200)}`);
        const h = await on2('admin', 'GET', '/api/v1/hazards?limit=5');
        ctx.check(h.status === 200, `hazards ${i + 1} with the standby down: ${h.status}`);
      }
      const down = await metric(base2, 'cityrisk_db_read_fallbacks_total{reason="down"}') +
        await metric(base2, 'cityrisk_db_read_fallbacks_total{reason="error"}');
      ctx.check(down >= 1, `the fallbacks with the standby down are counted: ${down}`);
      ctx.check(await metric(base2, 'cityrisk_http_requests_total{class="5xx"}') === 0, 'no 5xx answers on the second server');
      ctx.check(await metric(base2, 'cityrisk_db_replica_up') === 0, 'the replica is reported down');
    });
  } finally {
    standby.stop();
  }
}
