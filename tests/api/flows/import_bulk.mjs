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
  // every row is found by name (the name index's batches: tests/unit/test_import.c)
  for (const i of [0, 13999]) {
    const byName = await ctx.request('admin', 'GET', '/api/v1/units?q=' + encodeURIComponent(`批量导入测试${i}号`) + '&limit=5');
    ctx.expect(byName, { status: 200, json: { total: 1 } }, `row ${i} found by its name`);
  }
  const all = await ctx.request('admin', 'GET', '/api/v1/units?q=' + encodeURIComponent('批量导入测试') + '&limit=1');
  ctx.expect(all, { status: 200, json: { total: n } }, 'every imported row found by name');
}

// A file of more than one send (PostgreSQL sends 4 MiB at a time by COPY straight into units):
// a duplicate in a later send of a row in the first is found after the earlier send is written,
// and named by its row all the same; nothing is written.
export async function bulkImportDuplicateInALaterSendNamesItsRow(ctx) {
  const n = 30000;
  const before = await total(ctx, '');
  const file = csv(ctx, n, -1);
  const first = file.split('\n')[1];
  const body = file + first.replace('批量导入测试0号', '批量导入测试重复号') + '\n';
  ctx.require(Buffer.byteLength(body) > 4 * 1024 * 1024, 'the file is more than one send');
  const r = await ctx.request('admin', 'POST', '/api/v1/units/import', undefined,
    { raw: body, contentType: 'text/csv', timeout: 300_000 });
  // the header is row 1, so the n rows are 2 … n + 1 and the repeat row n + 2
  ctx.expect(r, { status: 422, json: { error: { code: 'invalid_rows' },
    rows: [{ row: n + 2, code: 'duplicate', field: 'credit_code' }] } }, 'the repeat named by its row');
  ctx.expect({ status: 200, json: { n: r.json?.rows?.length } }, { json: { n: 1 } }, 'one row refused');
  ctx.expect({ status: 200, json: { total: await total(ctx, '') } }, { json: { total: before } }, 'nothing written');
}

// A credit code met before — registered already, or on an earlier row of the same file — refuses
// the import naming the row that repeats it, and writes nothing; rows that fail their checks are
// reported beside it in row order, as each back end's write path finds them (SQLite: the unique
// index row by row; PostgreSQL: one query over the rows sent by COPY).
export async function importDuplicateCreditCodeNamesItsRow(ctx) {
  const before = await total(ctx, '');
  const lines = (n) => csv(ctx, n, -1).trimEnd().split('\n');
  const send = (rows) => ctx.request('admin', 'POST', '/api/v1/units/import', undefined,
    { raw: rows.join('\n') + '\n', contentType: 'text/csv' });
  const withCode = (line, cc) => cc + line.slice(line.indexOf(','));
  const rowsOf = (r) => (r.json?.rows || []).map((e) => `${e.row}:${e.code}:${e.field}`).join(' ');
  let t = lines(1);
  const registered = t[1].split(',')[0];
  ctx.expect(await send(t), { status: 200, json: { imported: 1 } }, 'the registered unit');

  // row 5 (the header is row 1) repeats the registered code
  t = lines(6);
  t[4] = withCode(t[4], registered);
  let r = await send(t);
  ctx.expect(r, { status: 422, json: { error: { code: 'invalid_rows' } } }, 'registered code refused');
  ctx.expect({ status: 200, json: { rows: rowsOf(r) } }, { json: { rows: '5:duplicate:credit_code' } }, 'row 5 named');
  // row 6 repeats row 3's code: the later row is the one named
  t = lines(6);
  t[5] = withCode(t[5], t[2].split(',')[0]);
  r = await send(t);
  ctx.expect({ status: r.status, json: { rows: rowsOf(r) } }, { status: 422, json: { rows: '6:duplicate:credit_code' } }, 'row 6 named');
  // a duplicate on row 3 and a bad check digit on row 6: both, in row order
  t = lines(6);
  t[2] = withCode(t[2], registered);
  t[5] = withCode(t[5], code(true));
  r = await send(t);
  ctx.expect({ status: r.status, json: { rows: rowsOf(r) } }, { status: 422, json: { rows: '3:duplicate:credit_code 6:invalid:credit_code' } }, 'rows 3 and 6');
  // a bad check digit on row 3 and a duplicate on row 6: rows after a failed one are checked but
  // not written, so the duplicate is not met (on both back ends alike)
  t = lines(6);
  t[2] = withCode(t[2], code(true));
  t[5] = withCode(t[5], registered);
  r = await send(t);
  ctx.expect({ status: r.status, json: { rows: rowsOf(r) } }, { status: 422, json: { rows: '3:invalid:credit_code' } }, 'row 3 only');
  ctx.expect({ status: 200, json: { total: await total(ctx, '') } }, { json: { total: before + 1 } }, 'nothing written by the refused files');
  // ids follow the file's order
  t = lines(3);
  r = await send(t);
  ctx.expect(r, { status: 200, json: { imported: 3 } }, 'three rows');
  const cc = t.slice(1).map((l) => l.split(',')[0]);
  const ids = [];
  for (const c of cc) {
    const u = await ctx.request('admin', 'GET', `/api/v1/units?q=${c}&limit=1`);
    ids.push(u.json?.items?.[0]?.id);
  }
  ctx.expect({ status: 200, json: { ok: ids[0] + 1 === ids[1] && ids[1] + 1 === ids[2] } }, { json: { ok: true } }, `ids in file order: ${ids}`);
}
