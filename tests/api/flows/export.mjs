// Exports (?format=csv|xlsx on the register lists): the CSV starts with a BOM and a Chinese
// header row and holds exactly the list's total for the same filters, within the caller's scope;
// the XLSX is a zip whose sheet holds the same rows; a bad format is a 400 naming `format`; every
// export leaves an audit entry.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withSecondServer } from '../lib/second_server.mjs';

// RFC 4180 records of a CSV text (quoted fields may hold commas, quotes and line breaks).
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += c; i++;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

async function total(ctx, as, list, query) {
  const r = await ctx.request(as, 'GET', `/api/v1/${list}?${query}${query ? '&' : ''}limit=1`);
  ctx.require(r.status === 200, `${list}?${query}: ${r.status}`);
  return r.json.total;
}

async function csv(ctx, as, list, query) {
  const r = await ctx.request(as, 'GET', `/api/v1/${list}?${query}${query ? '&' : ''}format=csv`);
  ctx.require(r.status === 200, `${list}?${query}&format=csv: ${r.status} ${r.text.slice(0, 200)}`);
  ctx.check(/^text\/csv/.test(r.headers['content-type'] || ''), `content-type ${r.headers['content-type']}`);
  const cd = r.headers['content-disposition'] || '';
  ctx.check(/^attachment; filename="[\w.-]+\.csv"; filename\*=UTF-8''%[0-9A-F]{2}/.test(cd), `content-disposition ${cd}`);
  const rows = parseCsv(r.text.replace(/^\uFEFF/, ''));
  ctx.check(rows.length > 0 && rows[0][0] === '编号', `${list}: header row ${JSON.stringify(rows[0])}`);
  return rows;
}

export async function exportCsvMatchesTheListForEachRegister(ctx) {
  for (const [list, query, heads] of [
    ['units', 'region=320583', ['统一社会信用代码', '单位名称', '行政区划', '经度（WGS84）']],
    ['risks', 'region=320583&grade=1', ['风险点名称', '风险等级', '颜色', '经度（WGS84）']],
    ['hazards', 'region=320583', ['隐患描述', '隐患级别', '整改期限', '挂牌督办']],
    ['hazards', 'listed=1', ['隐患描述', '挂牌督办']],
  ]) {
    const rows = await csv(ctx, 'admin', list, query);
    const n = await total(ctx, 'admin', list, query);
    ctx.check(rows.length - 1 === n, `${list}?${query}: ${rows.length - 1} CSV rows, the list's total is ${n}`);
    for (const h of heads) ctx.check(rows[0].includes(h), `${list}: no header ${h} in ${rows[0].join(',')}`);
    ctx.check(n > 0, `${list}?${query}: nothing to export, not a test`);
  }
  const rows = await csv(ctx, 'admin', 'risks', 'region=320583&grade=1');
  const g = rows[0].indexOf('风险等级'), c = rows[0].indexOf('颜色'), reg = rows[0].indexOf('行政区划');
  ctx.check(rows.slice(1).every((r) => r[g] === 'Ⅰ级' && r[c] === '红'), 'grade Ⅰ points not all "Ⅰ级" and "红"');
  ctx.check(rows.slice(1).every((r) => r[reg] && !/^\d+$/.test(r[reg])), 'region shown as a code, not a name');
}

export async function exportRespectsScope(ctx) {
  // kunshan asks for everything: only Kunshan (320583) comes back, as many as its list says.
  const rows = await csv(ctx, 'kunshan', 'risks', '');
  const code = rows[0].indexOf('区划代码');
  ctx.check(rows.length > 1, 'kunshan exported no risk points');
  ctx.check(rows.slice(1).every((r) => r[code].startsWith('320583')), 'kunshan\'s export holds points outside Kunshan');
  ctx.check(rows.length - 1 === await total(ctx, 'kunshan', 'risks', ''), 'kunshan: export rows differ from its list total');
  const units = await csv(ctx, 'kunshan', 'units', '');
  ctx.check(units.length - 1 === await total(ctx, 'kunshan', 'units', ''), 'kunshan: unit export differs from its list');
  // Outside the scope: the list's own 403.
  const r = await ctx.request('kunshan', 'GET', '/api/v1/risks?region=320509&format=csv');
  ctx.expect(r, { status: 403 }, 'kunshan exports Wujiang');
  const u = await ctx.request('t_unit', 'GET', '/api/v1/units?format=csv');
  ctx.check(u.status === 200 && parseCsv(u.text.replace(/^\uFEFF/, '')).length === 2, 'a unit user exports only its own unit');
}

export async function exportBadFormatNamesFormat(ctx) {
  for (const list of ['units', 'risks', 'hazards']) {
    const r = await ctx.request('admin', 'GET', `/api/v1/${list}?format=pdf`);
    ctx.expect(r, { status: 400, json: { error: { field: 'format' } } }, `${list}?format=pdf`);
  }
  const r = await ctx.request('admin', 'GET', '/api/v1/risks?grade=9&format=csv');
  ctx.expect(r, { status: 400, json: { error: { field: 'grade' } } }, 'a bad filter is the list\'s 400');
}

export async function exportXlsxIsAZipWithTheRows(ctx) {
  const login = await fetch(`${ctx.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'kunshan', password: 'kunshan123' }),
  });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  ctx.require(login.status === 200 && cookie, `log-in ${login.status}`);
  for (const list of ['units', 'risks', 'hazards']) { // the BOM (fetch's text() would drop it)
    const c = Buffer.from(await (await fetch(`${ctx.base}/api/v1/${list}?format=csv`, { headers: { Cookie: cookie } })).arrayBuffer());
    ctx.check(c.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), `${list}: the CSV does not start with a UTF-8 BOM`);
  }
  const query = 'grade=1';
  const res = await fetch(`${ctx.base}/api/v1/risks?${query}&format=xlsx`, { headers: { Cookie: cookie } });
  ctx.require(res.status === 200, `xlsx ${res.status}`);
  ctx.check(/spreadsheetml/.test(res.headers.get('content-type') || ''), `content-type ${res.headers.get('content-type')}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  ctx.check(bytes.subarray(0, 2).toString() === 'PK', 'not a zip');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-xlsx-')), 'r.xlsx');
  fs.writeFileSync(file, bytes);
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml']).toString();
  const book = execFileSync('unzip', ['-p', file, 'xl/workbook.xml']).toString();
  fs.rmSync(path.dirname(file), { recursive: true });
  const rows = (sheet.match(/<row /g) || []).length;
  const n = await total(ctx, 'kunshan', 'risks', query);
  // title, filter line, date line, header, then the rows
  ctx.check(rows === n + 4, `sheet has ${rows} rows, expected ${n} + 4`);
  ctx.check(sheet.includes('风险点名称') && sheet.includes('Ⅰ级'), 'sheet lacks the Chinese header or grades');
  ctx.check(sheet.includes('筛选：区域 昆山市；等级 Ⅰ级'), 'no filter line');
  ctx.check(sheet.includes('state="frozen"') && /<pageSetup[^>]*orientation="landscape"/.test(sheet) && /paperSize="9"/.test(sheet), 'not frozen, landscape A4');
  ctx.check(/Print_Titles[^<]*<\/definedName>/.test(book) && book.includes('_xlnm.Print_Area'), 'no print titles or print area');
}

export async function exportIsAudited(ctx) {
  const r = await ctx.request('kunshan', 'GET', '/api/v1/hazards?overdue=1&format=csv');
  ctx.require(r.status === 200, `export ${r.status}`);
  const a = await ctx.request('admin', 'GET', '/api/v1/audit?entity=hazard_export&id=0');
  ctx.require(a.status === 200, `audit ${a.status}`);
  const last = a.json.items[a.json.items.length - 1];
  ctx.check(last && last.login === 'kunshan' && last.action === 'export', `last export entry ${JSON.stringify(last)}`);
  const after = last && (typeof last.after === 'string' ? JSON.parse(last.after) : last.after);
  ctx.check(after && after.format === 'csv' && /已逾期/.test(after.filters) && /昆山市/.test(after.filters), `audit filters ${JSON.stringify(after)}`);
}

// The quarter's changes (/risks/changes?format=csv|xlsx): the four lists as one sheet, 类别
// naming the list; as many rows as the view's counts add up to; audited like the registers.
export async function exportChangesHoldsTheFourLists(ctx) {
  const v = await ctx.request('admin', 'GET', '/api/v1/risks/changes?limit=1');
  ctx.require(v.status === 200, `changes ${v.status}`);
  const c = v.json.counts, quarter = v.json.quarter;
  const n = c.new + c.raised + c.lowered + c.overdue_review;
  ctx.check(n > 0, 'the quarter has no changes: not a test');
  const login = await fetch(`${ctx.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: 'admin123' }),
  });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  ctx.require(login.status === 200 && cookie, `log-in ${login.status}`);
  const res = await fetch(`${ctx.base}/api/v1/risks/changes?quarter=${quarter}&format=csv`, { headers: { Cookie: cookie } });
  ctx.require(res.status === 200, `csv ${res.status}`);
  ctx.check(/^text\/csv/.test(res.headers.get('content-type') || ''), `content-type ${res.headers.get('content-type')}`);
  const cd = res.headers.get('content-disposition') || '';
  ctx.check(/^attachment; filename="changes-\d{4}Q\d-\d{8}\.csv"; filename\*=UTF-8''%/.test(cd), `content-disposition ${cd}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  ctx.check(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'the CSV does not start with a UTF-8 BOM');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  for (const h of ['类别', '编号', '风险点名称', '所属单位', '原等级', '风险等级', '时间']) ctx.check(rows[0].includes(h), `no header ${h} in ${rows[0].join(',')}`);
  ctx.check(rows.length - 1 === n, `${rows.length - 1} CSV rows, counts add up to ${n}`);
  const k = rows[0].indexOf('类别');
  for (const [name, cn] of [['new', '新增'], ['raised', '升级'], ['lowered', '降级'], ['overdue_review', '逾期未复核']])
    ctx.check(rows.slice(1).filter((r) => r[k] === cn).length === c[name], `${cn}: rows differ from counts.${name} ${c[name]}`);
  const x = await fetch(`${ctx.base}/api/v1/risks/changes?quarter=${quarter}&format=xlsx`, { headers: { Cookie: cookie } });
  ctx.check(x.status === 200 && Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString() === 'PK', `xlsx ${x.status}`);
  const bad = await ctx.request('admin', 'GET', '/api/v1/risks/changes?format=pdf');
  ctx.expect(bad, { status: 400, json: { error: { field: 'format' } } }, 'changes?format=pdf');
  const bq = await ctx.request('admin', 'GET', '/api/v1/risks/changes?quarter=2026Q9&format=csv');
  ctx.expect(bq, { status: 400, json: { error: { field: 'quarter' } } }, 'a bad quarter is the view\'s 400');
  const ks = await ctx.request('kunshan', 'GET', '/api/v1/risks/changes?region=320509&format=csv');
  ctx.expect(ks, { status: 403 }, 'kunshan exports Wujiang\'s changes');
  const a = await ctx.request('admin', 'GET', '/api/v1/audit?entity=risk_change_export&id=0');
  ctx.require(a.status === 200, `audit ${a.status}`);
  const last = a.json.items[a.json.items.length - 1];
  const after = last && (typeof last.after === 'string' ? JSON.parse(last.after) : last.after);
  ctx.check(last && last.action === 'export' && after && after.format === 'xlsx' && after.filters.includes(quarter), `audit ${JSON.stringify(last)}`);
}

// A CSV whose first rows come later than the server's idle timeout (10 s) — as a province's city
// does on PostgreSQL, which sends a result whole — still arrives whole: a server of its own whose
// exports wait 12 s for their first block (CITYRISK_EXPORT_FIRST_ROW_MS) streams the whole city's
// risk points, as many rows as the list's total and a last line that is a complete record, and
// its one pool thread answers other requests at once meanwhile. Before, the pool thread waited
// for the rows itself, held its other connections, and found the download timed out when they
// came: the transfer ended early (curl's code 18).
export async function csvWhoseFirstRowsComeLateArrivesWhole(ctx) {
  await withSecondServer(ctx, ['--threads', '1'], { CITYRISK_EXPORT_FIRST_ROW_MS: '12000' }, async (base) => {
    const login = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin123' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const h = { cookie };
    const want = (await (await fetch(`${base}/api/v1/risks?limit=1`, { headers: h })).json()).total;
    const t0 = Date.now();
    let done = 0;
    const download = fetch(`${base}/api/v1/risks?format=csv`, { headers: h })
      .then(async (r) => { const text = await r.text(); done = Date.now(); return { status: r.status, text }; })
      .catch((e) => ({ status: 0, text: '', error: String(e.cause || e) }));
    await sleep(500);
    const answered = [];
    for (let i = 0; i < 4; i++) {
      const s = Date.now();
      const r = await fetch(`${base}/api/v1/units?limit=1`, { headers: h });
      await r.text();
      answered.push([r.status, Date.now() - s, done === 0]);
      await sleep(300);
    }
    ctx.check(answered.every(([st, ms, during]) => st === 200 && ms < 2000 && during), `other requests while the export waits: ${JSON.stringify(answered)}`);
    const d = await download;
    ctx.require(d.status === 200, `the download: ${d.status} ${d.error || d.text.slice(0, 200)}`);
    ctx.check(done - t0 >= 12000, `the slowed export took ${done - t0} ms`);
    ctx.check(d.text.endsWith('\r\n'), `the CSV ends with a complete line: …${JSON.stringify(d.text.slice(-80))}`);
    const rows = parseCsv(d.text.replace(/^\uFEFF/, ''));
    ctx.check(rows[0][0] === '编号' && rows.length - 1 === want, `${rows.length - 1} CSV rows, the list's total is ${want}`);
    ctx.check(rows.slice(1).every((r) => r.length === rows[0].length), 'every row has the header\'s columns');
    ctx.check(want > 1000, `only ${want} risk points: not a big CSV`);
  });
}
