// Emergency resources (应急资源): the nearest answer equals a brute-force search over the list
// on random points (every kind, one kind, a radius, a district's scope); registration follows
// scope (a territory's, a department's, a unit's own) with 403s that write nothing; import and
// export with Chinese headers (and `cityrisk import resources`); the nearest resources of a risk
// point.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function haversine(lon1, lat1, lon2, lat2) {
  const R = 6371008.8, rad = Math.PI / 180;
  const dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  const a = Math.sin(dlat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dlon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(a));
}

const KINDS = ['team', 'expert', 'material', 'equipment', 'shelter', 'depot'];

async function everything(ctx, as) {
  const all = [];
  let after = '';
  for (;;) {
    const r = await ctx.request(as, 'GET', `/api/v1/resources?limit=500${after ? `&after=${after}` : ''}`);
    ctx.require(r.status === 200, `${as} lists resources: ${r.status} ${r.text.slice(0, 200)}`);
    all.push(...r.json.items);
    if (!r.json.next) return all;
    after = r.json.next;
  }
}

function brute(all, lon, lat, kind, n, radius) {
  return all.filter((x) => x.kind === kind && x.available)
    .map((x) => ({ id: x.id, d: haversine(lon, lat, x.lon, x.lat) }))
    .filter((x) => !radius || x.d <= radius)
    .sort((a, b) => a.d - b.d || a.id - b.id).slice(0, n);
}

function same(ctx, got, want, label) {
  const ok = got.length === want.length && got.every((x, i) => x.id === want[i].id && Math.abs(x.distance_m - want[i].d) <= 0.06);
  ctx.check(ok, `${label}: got ${JSON.stringify(got.map((x) => [x.id, x.distance_m]))}, brute force ${JSON.stringify(want.map((x) => [x.id, +x.d.toFixed(1)]))}`);
}

export async function nearestEqualsBruteForce(ctx) {
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (const as of ['admin', 'kunshan']) {
    const all = await everything(ctx, as);
    ctx.require(all.length >= (as === 'admin' ? 40 : 4), `${as} sees the demo resources: ${all.length}`);
    if (as === 'kunshan') ctx.check(all.every((x) => x.region.startsWith('320583')), 'kunshan lists only Kunshan');
    for (let t = 0; t < 12; t++) {
      const lon = +(120.3 + rnd() * 0.9).toFixed(6), lat = +(30.9 + rnd() * 1.0).toFixed(6);
      const kind = KINDS[t % KINDS.length], n = 1 + Math.floor(rnd() * 6);
      const r = await ctx.request(as, 'GET', `/api/v1/resources/nearest?lon=${lon}&lat=${lat}&kind=${kind}&n=${n}`);
      if (!ctx.expect(r, { status: 200, json: { origin: { lon, lat }, items: { $type: 'array' } } }, `${as} nearest ${kind}`)) continue;
      same(ctx, r.json.items, brute(all, lon, lat, kind, n), `${as} ${n} nearest ${kind} to ${lon},${lat}`);
      // every kind at once: n of each, kind by kind
      const a = await ctx.request(as, 'GET', `/api/v1/resources/nearest?lon=${lon}&lat=${lat}&n=2`);
      for (const k of KINDS) same(ctx, a.json.items.filter((x) => x.kind === k), brute(all, lon, lat, k, 2), `${as} 2 nearest of every kind (${k})`);
      const radius = 5000 + Math.floor(rnd() * 20000);
      const w = await ctx.request(as, 'GET', `/api/v1/resources/nearest?lon=${lon}&lat=${lat}&kind=${kind}&n=100&radius_m=${radius}`);
      same(ctx, w.json.items, brute(all, lon, lat, kind, 100, radius), `${as} ${kind} within ${radius} m`);
    }
  }
  for (const [q, field] of [['lon=120.6', 'lat'], ['lon=200&lat=31', 'lon'], ['lon=120.6&lat=31.3&kind=castle', 'kind'],
    ['lon=120.6&lat=31.3&n=0', 'n'], ['lon=120.6&lat=31.3&n=1.5', 'n'], ['', 'lon'], ['risk=abc', 'risk']]) {
    ctx.expect(await ctx.request('admin', 'GET', `/api/v1/resources/nearest?${q}`), { status: 400, json: { error: { field } } }, `bad ${q}`);
  }
}

const KS = { lon: 120.955, lat: 31.384 };

export async function resourcesKeepToScope(ctx) {
  const total = async () => (await ctx.request('admin', 'GET', '/api/v1/resources?limit=1')).json.total;
  const t0 = await total();
  const mk = (as, body) => ctx.request(as, 'POST', '/api/v1/resources', { name: `避难场所${ctx.uniq()}`, kind: 'shelter', quantity: 800, measure: '人', ...KS, region: '320583', ...body });
  const s = await mk('kunshan', { contact_name: '王五', contact_phone: '0512-1234' });
  ctx.expect(s, { status: 201, json: { kind: 'shelter', region: '320583', unit_id: null, available: true, quantity: 800, version: 1 } }, 'kunshan registers a shelter');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/resources/${s.json.id}`), { status: 403, json: { error: { code: 'forbidden', params: { rule: 'resource_scope' } } } }, 'wujiang reads a Kunshan resource');
  ctx.expect(await ctx.request('t_ajj', 'GET', `/api/v1/resources/${s.json.id}`), { status: 200 }, 'a city department reads every department\'s resources');
  ctx.expect(await ctx.request('wujiang', 'PATCH', `/api/v1/resources/${s.json.id}`, { name: 'x' }), { status: 403 }, 'wujiang changes it');
  ctx.expect(await mk('kunshan', { region: '320509', lon: 120.632, lat: 31.008 }), { status: 403, json: { error: { field: 'region', params: { rule: 'resource_scope' } } } }, 'kunshan registers in Wujiang');
  ctx.expect(await mk('t_ksajj', { dept: 'AJJ' }), { status: 201, json: { dept: 'AJJ' } }, 'the district AJJ registers its own');
  ctx.expect(await mk('t_ksajj', { dept: 'ZJJ' }), { status: 403 }, 'the district AJJ registers for ZJJ');
  ctx.expect(await mk('t_ksajj', {}), { status: 403 }, 'the district AJJ registers for no department');
  ctx.expect(await mk('t_expert', {}), { status: 403 }, 'the expert registers');
  ctx.expect(await mk('t_unit', {}), { status: 403 }, 'a unit registers a territory\'s resource');
  const own = await mk('t_unit', { unit_id: ctx.vars.ks_unit_id, kind: 'team', region: undefined });
  ctx.expect(own, { status: 201, json: { unit_id: ctx.vars.ks_unit_id, kind: 'team', owner: { $type: 'string' } } }, 'a unit registers its own team');
  ctx.expect(await mk('t_unit', { unit_id: ctx.vars.wj_unit_id, kind: 'team', region: undefined }), { status: 403 }, 'a unit registers for another unit');
  const ul = await ctx.request('t_unit', 'GET', '/api/v1/resources?limit=500');
  ctx.check(ul.status === 200 && ul.json.items.length >= 1 && ul.json.items.every((x) => x.unit_id === ctx.vars.ks_unit_id), `a unit lists only its own: ${ul.text.slice(0, 200)}`);
  ctx.expect(await ctx.request('t_unit', 'GET', `/api/v1/resources/${s.json.id}`), { status: 403 }, 'a unit reads the district\'s shelter');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/resources?region=320509'), { status: 403 }, 'kunshan asks for Wujiang');
  ctx.check(await total() === t0 + 3, 'the refused writes wrote nothing');
  for (const [body, field] of [[{ kind: 'castle' }, 'kind'], [{ lon: undefined }, 'lon'], [{ region: undefined }, 'region'],
    [{ lon: 120.632, lat: 31.008 }, 'lon'], [{ quantity: -1 }, 'quantity'], [{ available: 'yes' }, 'available'], [{ colour: 'red' }, 'colour']]) {
    ctx.expect(await mk('kunshan', body), { status: 400, json: { error: { field } } }, `bad ${field}`);
  }
  const p = await ctx.request('kunshan', 'PATCH', `/api/v1/resources/${s.json.id}`, { available: false, quantity: 500, version: 1 });
  ctx.expect(p, { status: 200, json: { available: false, quantity: 500, version: 2 } }, 'kunshan marks it unavailable');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `/api/v1/resources/${s.json.id}`, { name: 'x', version: 1 }), { status: 409 }, 'a stale version');
  const n = await ctx.request('kunshan', 'GET', `/api/v1/resources/nearest?lon=${KS.lon}&lat=${KS.lat}&kind=shelter&n=100`);
  ctx.check(n.status === 200 && !n.json.items.some((x) => x.id === s.json.id), 'an unavailable shelter is not offered');
  const na = await ctx.request('kunshan', 'GET', `/api/v1/resources/nearest?lon=${KS.lon}&lat=${KS.lat}&kind=shelter&n=1&available=all`);
  ctx.expect(na, { status: 200, json: { items: [{ id: s.json.id, distance_m: 0 }] } }, 'available=all offers it, at 0 m');
  ctx.expect(await ctx.request('kunshan', 'DELETE', `/api/v1/resources/${s.json.id}`), { status: 200, json: { status: 'archived' } }, 'archive');
  const gone = await ctx.request('kunshan', 'GET', `/api/v1/resources/nearest?lon=${KS.lon}&lat=${KS.lat}&kind=shelter&n=1&available=all`);
  ctx.check(gone.status === 200 && gone.json.items.every((x) => x.id !== s.json.id), 'an archived resource is not offered');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/audit?entity=resource&id=${s.json.id}`),
    { status: 200, json: { items: [{ action: 'create' }, { action: 'update' }, { action: 'archive' }] } }, 'audited');
}

export async function resourcesImportAndExport(ctx) {
  const tag = ctx.uniq();
  const csv = `名称,类型,行政区划,主管部门,经度,纬度,数量,计量单位,联系电话,可用\n导入物资库${tag},物资储备库,320583,LSJ,120.96,31.39,100,件,0512-1,是\n导入专家${tag},expert,320583,,120.95,31.38,1,人,,否\n`;
  const r = await ctx.request('kunshan', 'POST', '/api/v1/resources/import', undefined, { raw: csv, contentType: 'text/csv' });
  ctx.expect(r, { status: 200, json: { imported: 2 } }, 'import two');
  const l = await ctx.request('kunshan', 'GET', `/api/v1/resources?q=${encodeURIComponent(tag)}`);
  ctx.expect(l, { status: 200, json: { total: 2, items: [{ kind: 'depot', dept: 'LSJ', quantity: 100, available: true }, { kind: 'expert', available: false }] } }, 'imported rows');
  const bad = `名称,类型,行政区划,经度,纬度\n坏行${tag},castle,320583,120.96,31.39\n越界${tag},shelter,320509,120.632,31.008\n`;
  const b = await ctx.request('kunshan', 'POST', '/api/v1/resources/import', undefined, { raw: bad, contentType: 'text/csv' });
  ctx.expect(b, { status: 422, json: { error: { code: 'invalid_rows' }, rows: [{ row: 2, field: 'kind' }, { row: 3, field: 'region' }] } }, 'bad rows');
  const l2 = await ctx.request('kunshan', 'GET', `/api/v1/resources?q=${encodeURIComponent(tag)}`);
  ctx.check(l2.json.total === 2, 'nothing of the bad import was written');
  ctx.expect(await ctx.request('t_expert', 'POST', '/api/v1/resources/import', undefined, { raw: csv, contentType: 'text/csv' }), { status: 403 }, 'the expert imports');
  const e = await ctx.request('kunshan', 'GET', `/api/v1/resources?q=${encodeURIComponent(tag)}&format=csv`);
  ctx.check(e.status === 200 && /^\uFEFF?名称,类型,所属单位ID,行政区划/.test(e.text) && e.text.includes(`导入物资库${tag},物资储备库`), `CSV export: ${e.status} ${e.text.slice(0, 200)}`);
  const x = await ctx.request('kunshan', 'GET', '/api/v1/resources?format=xlsx');
  ctx.check(x.status === 200 && /spreadsheetml/.test(x.headers['content-type'] || ''), `XLSX export: ${x.status}`);
  // the export imports back
  const back = e.text.replace(/^\uFEFF/, '').replaceAll(`${tag}`, `${tag}再`);
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/resources/import', undefined, { raw: back, contentType: 'text/csv' }), { status: 200, json: { imported: 2 } }, 'the export imports back');
  // the same table from the command line
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-res-'));
  const file = path.join(dir, 'resources.csv');
  fs.writeFileSync(file, csv.replaceAll(tag, `${tag}命令行`));
  const c = ctx.cli(['import', 'resources', file, '--db', ctx.server.db]);
  ctx.check(c.ok && /imported 2 resources/.test(c.out), `cityrisk import resources: ${c.status} ${c.out}`);
  // SQLite's checkpoint after the commit is timed on a line of its own; PostgreSQL has none of ours
  const pgDb = /^postgres/.test(ctx.server.db);
  ctx.check(/^written into the database file \(checkpoint\) in \d+\.\d\d s more$/m.test(c.out) === !pgDb,
    `the checkpoint's line ${pgDb ? 'absent on PostgreSQL' : 'on SQLite'}: ${c.out}`);
  const l3 = await ctx.request('kunshan', 'GET', `/api/v1/resources?q=${encodeURIComponent(`${tag}命令行`)}`);
  ctx.expect(l3, { status: 200, json: { total: 2 } }, 'the command line imported them');
  const n = await ctx.request('kunshan', 'GET', '/api/v1/resources/nearest?lon=120.96&lat=31.39&kind=depot&n=100&radius_m=1');
  ctx.check(n.status === 200 && n.json.items.some((x) => x.name === `导入物资库${tag}命令行`), 'the nearest index sees a row another process wrote');
  const bad2 = ctx.cli(['import', 'castles', file, '--db', ctx.server.db]);
  ctx.check(bad2.status === 2, `unknown register: ${bad2.status}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

export async function nearestOfARiskPoint(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `资源测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  const risk = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/risks`, {
    name: `储罐${ctx.uniq()}`, place: '罐区', method: 'lec', inputs: { L: 6, E: 6, C: 7 }, accident_types: [8],
    owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾', lon: 120.955, lat: 31.384,
  });
  ctx.require(risk.status === 201, `risk: ${risk.status} ${risk.text}`);
  const dep = await ctx.request('kunshan', 'POST', '/api/v1/resources', { name: `近旁物资库${ctx.uniq()}`, kind: 'depot', region: '320583', lon: 120.956, lat: 31.384 });
  ctx.require(dep.status === 201, `depot: ${dep.text}`);
  const want = haversine(120.955, 31.384, 120.956, 31.384);
  const r = await ctx.request('kunshan', 'GET', `/api/v1/resources/nearest?risk=${risk.json.id}&kind=depot&n=1`);
  ctx.expect(r, { status: 200, json: { origin: { lon: 120.955, lat: 31.384 }, items: [{ id: dep.json.id }] } }, 'the depot next door');
  ctx.check(r.json && Math.abs(r.json.items[0].distance_m - want) < 0.1, `at ${want.toFixed(1)} m: ${r.text.slice(0, 300)}`);
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/resources/nearest?risk=${risk.json.id}`), { status: 403 }, 'wujiang asks about a Kunshan risk point');
  const inst = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/installations`, { name: '储罐区', kind: 'storage', exposed_500m: 10, inventory: [{ cas: '7782-50-5', q: 10 }] });
  ctx.require(inst.status === 201, `installation: ${inst.text}`);
  const ri = await ctx.request('kunshan', 'GET', `/api/v1/resources/nearest?installation=${inst.json.id}&kind=depot&n=1`);
  ctx.expect(ri, { status: 200, json: { items: [{ id: dep.json.id }] } }, 'the nearest depot of a major hazard source');
}
