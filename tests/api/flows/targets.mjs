// Vulnerable targets, exposure and the four lists: a target near a risk point with a known impact
// radius is listed by /exposure?source with its distance, and leaves when it moves away; two
// sources reaching it flag it (叠加); a district reads only its own targets; lists keep to scope.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  ctx.check(r.status === 403 || r.status === 404, `kunshan reads a Wujiang target: ${r.status}`);
  const p = await ctx.request('kunshan', 'PATCH', `/api/v1/targets/${wj.json.id}`, { name: 'x' });
  ctx.check(p.status === 403 || p.status === 404, `kunshan changes a Wujiang target: ${p.status}`);
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
