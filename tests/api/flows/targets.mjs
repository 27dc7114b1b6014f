// Vulnerable targets, exposure and the four lists: a target near a risk point with a known impact
// radius is listed by /exposure?source with its distance, and leaves when it moves away; two
// sources reaching it flag it (叠加); a district reads only its own targets; lists keep to scope.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { parseCsv } from './export.mjs';

function haversine(lon1, lat1, lon2, lat2) {
  const R = 6371008.8, rad = Math.PI / 180;
  const dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

async function riskWithRadius(ctx, radius) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `暴露源${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  const r = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/risks`, {
    name: `储罐${ctx.uniq()}`, place: '罐区', method: 'lec', inputs: { L: 6, E: 6, C: 7 }, accident_types: [8],
    owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
    impact_radius_m: radius, exposed_people: 7,
  });
  ctx.require(r.status === 201, `risk: ${r.status} ${r.text}`);
  ctx.require(typeof r.json.lon === 'number', `the risk point has a position: ${r.text}`);
  return r.json;
}

const target = (ctx, lon, lat, extra = {}) => ctx.request('kunshan', 'POST', '/api/v1/targets', {
  name: `测试学校${ctx.uniq()}`, kind: 'school', region: '320583', lon, lat, people_day: 1200, people_night: 30, ...extra,
});

export async function exposureFollowsTheTarget(ctx) {
  const risk = await riskWithRadius(ctx, 300);
  const lon = risk.lon + 0.002, lat = risk.lat; // ~190 m east
  const t = await target(ctx, lon, lat);
  ctx.expect(t, { status: 201, json: { kind: 'school', protection_class: 'high', dept: 'JYJ', region: '320583', people_day: 1200 } }, 'create a target');
  const want = haversine(risk.lon, risk.lat, lon, lat);
  const e = await ctx.request('kunshan', 'GET', `/api/v1/exposure?source=${risk.id}`);
  ctx.expect(e, { status: 200, json: { source: { kind: 'risk', id: risk.id, radius_m: 300 } } }, 'exposure of the source');
  const hit = e.json && e.json.targets.find((x) => x.id === t.json.id);
  ctx.check(hit && Math.abs(hit.distance_m - want) < 0.2, `the target is listed at ${want.toFixed(1)} m: ${JSON.stringify(hit)}`);
  const back = await ctx.request('kunshan', 'GET', `/api/v1/exposure?target=${t.json.id}`);
  ctx.check(back.status === 200 && back.json.sources.some((s) => s.kind === 'risk' && s.id === risk.id), `the target lists its source: ${back.text.slice(0, 300)}`);
  // a second source reaching it: superposed
  const risk2 = await riskWithRadius(ctx, 500);
  const both = await ctx.request('kunshan', 'GET', `/api/v1/exposure?target=${t.json.id}`);
  ctx.expect(both, { status: 200, json: { superposed: true } }, 'two sources: 叠加');
  ctx.check(both.json && both.json.sources.some((s) => s.id === risk2.id), 'the second source is listed');
  // move it 3 km away: gone
  const m = await ctx.request('kunshan', 'PATCH', `/api/v1/targets/${t.json.id}`, { lon: risk.lon + 0.03 });
  ctx.expect(m, { status: 200, json: { version: 2 } }, 'move the target');
  const e2 = await ctx.request('kunshan', 'GET', `/api/v1/exposure?source=${risk.id}`);
  ctx.check(e2.status === 200 && !e2.json.targets.some((x) => x.id === t.json.id), 'moved away: no longer exposed');
  // archive: gone from the list
  const d = await ctx.request('kunshan', 'DELETE', `/api/v1/targets/${t.json.id}`);
  ctx.expect(d, { status: 200, json: { status: 'archived' } }, 'archive');
  const s = await ctx.request('admin', 'GET', '/api/v1/exposure');
  ctx.expect(s, { status: 200, json: { sources: { $gte: 2 } } }, 'city summary');
  const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=target&id=${t.json.id}`);
  ctx.expect(a, { status: 200, json: { items: [{ action: 'create' }, { action: 'update' }, { action: 'archive' }] } }, 'audited');
}

export async function targetsKeepToTheirTerritory(ctx) {
  const wj = await ctx.request('wujiang', 'POST', '/api/v1/targets', {
    name: `吴江医院${ctx.uniq()}`, kind: 'hospital', region: '320509', lon: 120.632, lat: 31.008,
  });
  ctx.expect(wj, { status: 201, json: { protection_class: 'high', dept: 'WJW' } }, 'wujiang registers a hospital');
  const r = await ctx.request('kunshan', 'GET', `/api/v1/targets/${wj.json.id}`);
  ctx.expect(r, { status: 403, json: { error: { code: 'forbidden', params: { rule: 'target_scope' } } } }, 'kunshan reads a Wujiang target');
  const p = await ctx.request('kunshan', 'PATCH', `/api/v1/targets/${wj.json.id}`, { name: 'x' });
  ctx.expect(p, { status: 403, json: { error: { code: 'forbidden' } } }, 'kunshan changes a Wujiang target');
  const l = await ctx.request('kunshan', 'GET', '/api/v1/targets?limit=500');
  ctx.check(l.status === 200 && l.json.items.every((t) => t.region.startsWith('320583')), 'kunshan lists only its own');
  const x = await ctx.request('kunshan', 'GET', '/api/v1/targets?region=320509');
  ctx.expect(x, { status: 403 }, 'kunshan asks for Wujiang');
  const c = await ctx.request('kunshan', 'POST', '/api/v1/targets', { name: '越界', kind: 'mall', region: '320509', lon: 120.632, lat: 31.008 });
  ctx.expect(c, { status: 403 }, 'kunshan registers in Wujiang');
  const ex = await ctx.request('t_expert', 'POST', '/api/v1/targets', { name: '专家', kind: 'mall', region: '320583', lon: 120.955, lat: 31.384 });
  ctx.check(ex.status === 403, `the expert cannot write: ${ex.status}`);
  for (const [body, field] of [[{ name: 'a', kind: 'castle', region: '320583', lon: 120.955, lat: 31.384 }, 'kind'],
    [{ name: 'a', kind: 'mall', region: '320583' }, 'lon'],
    [{ name: 'a', kind: 'mall', region: '320583', lon: 120.632, lat: 31.008 }, 'lon'],
    [{ name: 'a', kind: 'mall', region: '320583', lon: 120.955, lat: 31.384, protection_class: 'x' }, 'protection_class']]) {
    const b = await ctx.request('kunshan', 'POST', '/api/v1/targets', body);
    ctx.expect(b, { status: 400, json: { error: { field } } }, `bad ${field}`);
  }
}

export async function listsKeepToScope(ctx) {
  await riskWithRadius(ctx, 100);
  await target(ctx, 120.955, 31.384);
  await ctx.request('wujiang', 'POST', '/api/v1/targets', { name: `吴江商场${ctx.uniq()}`, kind: 'mall', region: '320509', lon: 120.632, lat: 31.008 });
  for (const name of ['major-risks', 'major-hazards', 'hazard-sources', 'targets']) {
    const r = await ctx.request('kunshan', 'GET', `/api/v1/lists/${name}?limit=500`);
    ctx.expect(r, { status: 200, json: { list: name, region: '320583' } }, `kunshan's ${name}`);
    ctx.check(r.json && r.json.items.every((x) => x.region.startsWith('320583')), `${name}: only Kunshan rows`);
    if (name === 'targets') ctx.check(r.json && r.json.items.length >= 1 && r.json.items[0].level !== undefined, 'targets listed');
    if (name === 'hazard-sources') ctx.check(r.json && (r.json.available || r.json.note), 'hazard sources say why they are empty');
    const g = await ctx.request('kunshan', 'GET', `/api/v1/lists/${name}?format=geojson`);
    ctx.expect(g, { status: 200, json: { type: 'FeatureCollection' } }, `${name} as GeoJSON`);
    const csv = await ctx.request('kunshan', 'GET', `/api/v1/lists/${name}?format=csv`);
    ctx.check(csv.status === 200 && csv.text.includes('所属单位'), `${name} as CSV: ${csv.status}`);
    const x = await ctx.request('kunshan', 'GET', `/api/v1/lists/${name}?format=xlsx`);
    ctx.check(x.status === 200, `${name} as XLSX: ${x.status}`);
  }
  const w = await ctx.request('kunshan', 'GET', '/api/v1/lists/targets?region=320509');
  ctx.expect(w, { status: 403 }, 'kunshan asks for Wujiang');
  const n = await ctx.request('kunshan', 'GET', '/api/v1/lists/nope');
  ctx.expect(n, { status: 404 }, 'unknown list');
  const f = await ctx.request('kunshan', 'GET', '/api/v1/lists/targets?format=pdf');
  ctx.expect(f, { status: 400 }, 'unknown format');
}

// The lists' JSON counts its rows (`total`, for "共 N 条"), and `cityrisk export list` writes the
// same list offline: kunshan's targets as CSV from the CLI hold the API's row count, each format
// is written, and an unknown list is a usage error.
export async function listsTotalAndCliExport(ctx) {
  await target(ctx, 120.96, 31.39);
  const r = await ctx.request('kunshan', 'GET', '/api/v1/lists/targets?limit=1');
  ctx.require(r.status === 200 && Number.isInteger(r.json.total), `total in the list: ${r.text.slice(0, 300)}`);
  ctx.check(r.json.total >= 1 && r.json.items.length === 1 && (r.json.total === 1) === (r.json.next === null),
    `total ${r.json.total} with ${r.json.items.length} items and next ${r.json.next}`);
  const all = await ctx.request('kunshan', 'GET', '/api/v1/lists/targets?limit=500');
  ctx.check(all.json.items.length === r.json.total, `total ${r.json.total}, rows ${all.json.items.length}`);
  const hs = await ctx.request('kunshan', 'GET', '/api/v1/lists/hazard-sources');
  ctx.check(hs.status === 200 && hs.json.total === hs.json.items.length, `hazard-sources total: ${hs.text.slice(0, 200)}`);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-list-'));
  const out = path.join(dir, 'targets.csv');
  const c = ctx.cli(['export', 'list', 'targets', '--format', 'csv', '--region', '320583', '--db', ctx.server.db, '--out', out]);
  ctx.require(c.ok, `cityrisk export list: ${c.status} ${c.out}`);
  const rows = parseCsv(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
  ctx.check(rows[0][0] === '编号' && rows[0].includes('所属单位'), `CLI header ${rows[0]}`);
  ctx.check(rows.length - 1 === r.json.total, `CLI CSV rows ${rows.length - 1}, API total ${r.json.total}`);
  const reg = rows[0].indexOf('行政区划');
  ctx.check(rows.slice(1).every((x) => x[reg] === '昆山市'), 'the CLI CSV of kunshan holds other regions');
  for (const fmt of ['xlsx', 'geojson', 'json']) {
    const f = path.join(dir, `targets.${fmt}`);
    const x = ctx.cli(['export', 'list', 'targets', '--format', fmt, '--region', '320583', '--db', ctx.server.db, '--out', f]);
    ctx.check(x.ok && fs.statSync(f).size > 0, `--format ${fmt}: ${x.out}`);
    if (fmt === 'json') ctx.check(JSON.parse(fs.readFileSync(f, 'utf8')).items.length === r.json.total, 'json rows differ from the total');
    if (fmt === 'geojson') ctx.check(JSON.parse(fs.readFileSync(f, 'utf8')).type === 'FeatureCollection', 'geojson');
  }
  const bad = ctx.cli(['export', 'list', 'nope', '--format', 'csv', '--db', ctx.server.db, '--out', path.join(dir, 'x.csv')]);
  ctx.check(bad.status === 2 && /nope/.test(bad.out), `unknown list: ${bad.status} ${bad.out}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

// The raw bytes of a GET as kunshan (fetch's text() would drop a BOM).
async function kunshanBytes(ctx, p) {
  const login = await fetch(`${ctx.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: 'kunshan', password: 'kunshan123' }),
  });
  const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
  ctx.require(login.status === 200 && cookie, `log-in ${login.status}`);
  const res = await fetch(`${ctx.base}${p}`, { headers: { Cookie: cookie } });
  return { status: res.status, type: res.headers.get('content-type') || '', disposition: res.headers.get('content-disposition') || '', bytes: Buffer.from(await res.arrayBuffer()) };
}

// The parts of an XLSX file the API answered (unzip -p), by their path in the zip.
function xlsxParts(ctx, bytes, parts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-xlsx-'));
  const file = path.join(dir, 'x.xlsx');
  fs.writeFileSync(file, bytes);
  const out = {};
  for (const p of parts) out[p] = execFileSync('unzip', ['-p', file, p]).toString();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}
// The text of each row of a sheet written with inline strings and numbers, cells joined by |.
const sheetRows = (xml) => (xml.match(/<row [^>]*>[\s\S]*?<\/row>/g) || []).map((r) =>
  (r.match(/<c [^>]*>[\s\S]*?<\/c>/g) || []).map((c) => ((c.match(/<t[^>]*>([\s\S]*?)<\/t>/) || c.match(/<v>([\s\S]*?)<\/v>/) || [])[1] || '')).join('|'));

// The targets register exports like every other ledger: ?format=csv|xlsx with the page's
// filters, Chinese headers and labels, audited as target_export; `cityrisk export targets` the same.
export async function targetsRegisterExports(ctx) {
  const tok = `导出${ctx.uniq()}`;
  const school = await target(ctx, 120.97, 31.39, { name: `${tok}小学`, people_day: 1500, people_night: 20 });
  const mall = await target(ctx, 120.971, 31.391, { name: `${tok}商场`, kind: 'mall', people_day: 5000, people_night: null });
  ctx.require(school.status === 201 && mall.status === 201, `targets: ${school.status} ${mall.status}`);
  const csv = await kunshanBytes(ctx, `/api/v1/targets?format=csv&kind=school&q=${encodeURIComponent(tok)}`);
  ctx.require(csv.status === 200, `csv ${csv.status} ${csv.bytes.toString().slice(0, 200)}`);
  ctx.check(csv.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'the CSV starts with a UTF-8 BOM');
  ctx.check(/text\/csv/.test(csv.type) && /filename/.test(csv.disposition), `a CSV download: ${csv.type} ${csv.disposition}`);
  const rows = parseCsv(csv.bytes.subarray(3).toString('utf8'));
  ctx.check(rows[0].join() === '编号,名称,类型,防护类别,行政区划,区划代码,主管部门,地址,白天人数,夜间人数,经度（WGS84）,纬度（WGS84）,状态,更新时间', `header ${rows[0]}`);
  ctx.check(rows.length === 2, `one school with the filters, got ${rows.length - 1} rows`);
  const r = rows[1] || [];
  ctx.check(r[0] === String(school.json.id) && r[1] === `${tok}小学` && r[2] === '学校' && r[3] === '高敏感防护目标' && r[4] === '昆山市' && r[5] === '320583'
    && r[6] === '市教育局' && r[8] === '1500' && r[9] === '20' && r[10] === '120.970000' && r[12] === '在用', `the school's row: ${r}`);
  const x = await kunshanBytes(ctx, `/api/v1/targets?format=xlsx&q=${encodeURIComponent(tok)}`);
  ctx.require(x.status === 200 && x.bytes.subarray(0, 2).toString() === 'PK', `xlsx ${x.status}`);
  const sheet = sheetRows(xlsxParts(ctx, x.bytes, ['xl/worksheets/sheet1.xml'])['xl/worksheets/sheet1.xml']);
  ctx.check(sheet[0] === '脆弱性目标台账', `title ${sheet[0]}`);
  ctx.check(sheet[1] === `筛选：区域 昆山市；名称含 ${tok}`, `filter line ${sheet[1]}`);
  ctx.check(sheet[3].startsWith('编号|名称|类型|防护类别'), `header ${sheet[3]}`);
  ctx.check(sheet.length === 6, `title, filter, date, header and two rows: ${sheet.length}`);
  // empty cells are not written: the mall's address and night population are unknown
  ctx.check(sheet.some((l) => l.startsWith(`${mall.json.id}|${tok}商场|商场|重要防护目标|昆山市|320583|市商务局|5000|120.971|31.391|在用|`)), `the mall's row: ${sheet.slice(4)}`);
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/targets?format=pdf'), { status: 400, json: { error: { field: 'format' } } }, 'format=pdf');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/targets?format=csv&region=320509'), { status: 403 }, 'kunshan exports Wujiang');
  const a = await ctx.request('admin', 'GET', '/api/v1/audit?entity=target_export&id=0');
  const last = a.json && a.json.items[a.json.items.length - 1];
  const after = last && (typeof last.after === 'string' ? JSON.parse(last.after) : last.after);
  ctx.check(last && last.login === 'kunshan' && after && after.format === 'xlsx' && after.filters.includes(tok), `audited: ${JSON.stringify(last)}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-tg-'));
  const out = path.join(dir, 't.csv');
  const c = ctx.cli(['export', 'targets', '--format', 'csv', '--region', '320583', '--db', ctx.server.db, '--out', out]);
  ctx.require(c.ok, `cityrisk export targets: ${c.status} ${c.out}`);
  const cli = parseCsv(fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, ''));
  const total = (await ctx.request('kunshan', 'GET', '/api/v1/targets?limit=1')).json.total;
  ctx.check(cli.length - 1 === total && cli.some((l) => l[1] === `${tok}小学`), `CLI rows ${cli.length - 1}, API total ${total}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

// The four lists as one workbook (GET /lists/all?format=xlsx), read back: a sheet per list in the
// seed's order, each titled and scoped, with the seed's header and the rows the JSON lists give.
export async function fourListWorkbookReadsBack(ctx) {
  const tok = `四单${ctx.uniq()}`;
  const t = await target(ctx, 120.972, 31.392, { name: `${tok}医院`, kind: 'hospital', people_day: 2000, people_night: 600 });
  ctx.require(t.status === 201, `target ${t.status}`);
  const x = await kunshanBytes(ctx, '/api/v1/lists/all?format=xlsx');
  ctx.require(x.status === 200 && x.bytes.subarray(0, 2).toString() === 'PK', `workbook ${x.status} ${x.bytes.toString().slice(0, 200)}`);
  const names = ['重大安全风险清单', '重大隐患清单', '重大危险源清单', '脆弱性目标清单'];
  const apiNames = ['major-risks', 'major-hazards', 'hazard-sources', 'targets'];
  const parts = xlsxParts(ctx, x.bytes, ['xl/workbook.xml', ...names.map((_n, i) => `xl/worksheets/sheet${i + 1}.xml`)]);
  const sheets = (parts['xl/workbook.xml'].match(/<sheet name="([^"]+)"/g) || []).map((s) => s.slice(13, -1));
  ctx.check(sheets.join() === names.join(), `the sheets: ${sheets}`);
  for (let i = 0; i < 4; i++) {
    const rows = sheetRows(parts[`xl/worksheets/sheet${i + 1}.xml`]);
    ctx.check(rows[0] === names[i] && rows[1] === '范围：320583', `sheet ${i + 1} title and scope: ${rows.slice(0, 2)}`);
    ctx.check(rows[2] === '编号|名称|所属单位|所处位置|行政区划|风险（隐患）等级|风险（隐患）特征|主管（监管）单位|经度|纬度', `sheet ${i + 1} header: ${rows[2]}`);
    const list = await ctx.request('kunshan', 'GET', `/api/v1/lists/${apiNames[i]}?limit=500`);
    ctx.check(rows.length - 3 === list.json.total, `sheet ${names[i]}: ${rows.length - 3} rows, the list has ${list.json.total}`);
    const first = list.json.items[0];
    if (first) ctx.check(rows.some((l) => l.startsWith(`${first.id}|${first.name}|`) && l.includes(`|${first.level}|`)), `${names[i]} holds ${first.id} ${first.name} ${first.level}`);
    if (i === 2) ctx.check(list.json.total >= 1, 'Kunshan has major hazard sources (the demo\'s)');
  }
  const tg = sheetRows(parts['xl/worksheets/sheet4.xml']).find((l) => l.startsWith(`${t.json.id}|`));
  ctx.check(tg === `${t.json.id}|${tok}医院|${tok}医院|昆山市|高敏感防护目标|医院，白天2000人，夜间600人|市卫生健康委员会|120.972|31.392`,
    `the hospital's row: ${tg}`);
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/lists/all'), { status: 400, json: { error: { field: 'format' } } }, 'all as JSON');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/lists/all?format=xlsx&region=320509'), { status: 403 }, 'Wujiang\'s workbook');
}
