// Memory (docs/PERFORMANCE.md "Memory", docs/OPERATIONS.md "What to monitor"): /metrics reports
// the bytes of each in-memory index beside the rows it holds, and the caches inside --cache-mb,
// on SQLite and on PostgreSQL alike.
import { spawnSync } from 'node:child_process';
import { isPg, psqlAt } from '../lib/pg_cluster.mjs';
import { metricValue } from '../lib/requests.mjs';

function count(db, sql) {
  const out = isPg(db) ? psqlAt(db, sql)
    : spawnSync('sqlite3', [db, sql], { encoding: 'utf8' }).stdout.trim();
  return Number(out);
}

// sizeof(struct cr_risk_hot) + sizeof(struct cr_risk_entry) (store/risk_index.h): 24 + 36.
const RISK_ROW = 60;

export async function indexBytesFollowTheRows(ctx) {
  const db = ctx.server.db;
  const before = count(db, 'SELECT count(*) FROM risks');
  // A read brings both indexes up to the database (a write since start moves them on).
  const st = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=grade');
  ctx.require(st.status === 200, `stats: ${st.status}`);
  const ul = await ctx.request('admin', 'GET', '/api/v1/units?limit=5');
  ctx.require(ul.status === 200, `units: ${ul.status}`);
  const m = await ctx.request(null, 'GET', '/metrics');
  ctx.require(m.status === 200, `GET /metrics: ${m.status}`);
  const after = count(db, 'SELECT count(*) FROM risks');
  const maxId = count(db, 'SELECT coalesce(max(id), 0) FROM risks');
  const units = count(db, 'SELECT count(*) FROM units');
  ctx.require(before > 100 && units > 10, `a city to measure: ${before} risk points, ${units} units`);

  const rows = metricValue(m.text, 'cityrisk_index_rows{index="risks"}');
  ctx.check(rows >= before && rows <= after, `the risk index holds every row: ${rows} (database ${before}–${after})`);
  const risks = metricValue(m.text, 'cityrisk_memory_index_bytes{index="risks"}');
  ctx.check(risks >= rows * RISK_ROW, `risk index bytes ${risks} ≥ ${rows} rows × ${RISK_ROW}`);
  // Sized to the greatest id at the first load, then an eighth more at a time; the totals and
  // code tables add some kilobytes. The earlier layout (88 bytes, capacity doubled: 720,896
  // bytes for the test city's 5,132 ids) does not fit.
  const most = (maxId + Math.floor(maxId / 8) + 1025) * RISK_ROW + (256 << 10);
  ctx.check(risks <= most, `risk index bytes ${risks} ≤ ${most} (greatest id ${maxId})`);
  const unitBytes = metricValue(m.text, 'cityrisk_memory_index_bytes{index="units"}');
  ctx.check(unitBytes >= units * 48, `unit index bytes ${unitBytes} ≥ ${units} units × 48`);
  const anon = metricValue(m.text, 'cityrisk_memory_anonymous_bytes');
  ctx.check(anon > risks + unitBytes, `anonymous memory ${anon} holds both indexes (${risks} + ${unitBytes})`);

  const budget = metricValue(m.text, 'cityrisk_cache_budget_bytes');
  const texts = metricValue(m.text, 'cityrisk_memory_cache_bytes{cache="unit_texts"}');
  const results = metricValue(m.text, 'cityrisk_memory_cache_bytes{cache="query_results"}');
  ctx.check(budget > 0 && texts > 0 && texts <= budget * 0.6,
    `units' cached texts ${texts} within their 60 % of the budget ${budget}`);
  ctx.check(results >= 0 && results <= budget * 0.15,
    `cached query results ${results} within their 15 % of the budget ${budget}`);
}
