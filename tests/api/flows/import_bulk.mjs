// A large import (over 2 MiB) takes the bulk path: the units table's indexes are dropped and built
// once at the end, inside the import's transaction. Lists that use them must still be right, and
// a refused large file must leave the indexes as they were.

import { creditCheck } from '../lib/gen.mjs';

// Codes of individual businesses (92…), which nothing else in the suite makes, numbered so a file
// never repeats one: random codes collided with the demo's about once in twenty runs.
let serial = 0;
function code(bad) {
  const s17 = `92320583${String(10000000 + serial++).slice(-8)}0`;
  const right = creditCheck(s17);
  return s17 + (bad ? (right === '1' ? '2' : '1') : right);
}

function csv(ctx, n, bad) {
  const lines = ['credit_code,name,sector,region,address,lon,lat,size_class,employees'];
  for (let i = 0; i < n; i++) {
    const code_ = code(i === bad);
    lines.push(`${code_},批量导入测试${i}号仓储有限公司,F02,320583100,昆山市前进中路${i}号附属大院仓库,` +
      `${(120.95 + (i % 50) * 0.0004).toFixed(5)},${(31.38 + (i % 40) * 0.0003).toFixed(5)},below,${5 + (i % 90)}`);
  }
  return lines.join('\n') + '\n';
}

async function total(ctx, q) {
  const r = await ctx.request('admin', 'GET', `/api/v1/units?limit=1${q}`);
  ctx.require(r.status === 200, `list: ${r.status}`);
  return r.json.total;
}

export async function bulkImportRebuildsIndexesAndRefusalKeepsThem(ctx) {
  const n = 14000;
  const before = await total(ctx, '');
  const beforeKs = await total(ctx, '&region=320583100&sector=F02');
  const badFile = csv(ctx, n, n - 3);
  ctx.require(Buffer.byteLength(badFile) > 2 * 1024 * 1024, 'the file is large enough for the bulk path');
  // On PostgreSQL the import validates and writes row by row, a round trip each: under a shared
  // machine's load 14,000 rows take longer than a request's usual 30 s.
  const refused = await ctx.request('admin', 'POST', '/api/v1/units/import', undefined,
    { raw: badFile, contentType: 'text/csv', timeout: 180_000 });
  ctx.expect(refused, { status: 422, json: { rows: [{ row: n - 1, field: 'credit_code' }] } }, 'one bad row refuses all');
  ctx.expect({ status: 200, json: { total: await total(ctx, '') } }, { json: { total: before } }, 'nothing written');
  const ok = await ctx.request('admin', 'POST', '/api/v1/units/import', undefined,
    { raw: csv(ctx, n, -1), contentType: 'text/csv', timeout: 180_000 });
  ctx.expect(ok, { status: 200, json: { imported: n } }, 'bulk import');
  ctx.expect({ status: 200, json: { a: await total(ctx, ''), b: await total(ctx, '&region=320583100&sector=F02') } },
    { json: { a: before + n, b: beforeKs + n } }, 'lists after the bulk import');
  const byName = await ctx.request('admin', 'GET', '/api/v1/units?q=' + encodeURIComponent('批量导入测试13999号') + '&limit=5');
  ctx.expect(byName, { status: 200, json: { total: 1 } }, 'names indexed once at the end');
}
