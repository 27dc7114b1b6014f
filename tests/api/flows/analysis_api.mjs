// Statistics and the map answer consistently: the rows of /stats/risks add up to its total and to
// the risk list's total for the same filters; a district's statistics hold only its own points;
// map clusters' grade counts add up to their count, and the points of a small box are the
// scoped user's own.

function sum(rows) { return rows.reduce((a, r) => a + r.count, 0); }

export async function statsRowsAddUpToTheList(ctx) {
  for (const [as, q] of [['admin', ''], ['admin', 'region=320583'], ['kunshan', ''], ['t_ajj', ''], ['admin', 'grade=1']]) {
    const s = await ctx.request(as, 'GET', `/api/v1/stats/risks?by=grade${q ? '&' + q : ''}`);
    if (!ctx.expect(s, { status: 200, json: { by: ['grade'], rows: { $min_len: 1 } } }, `${as} stats ${q}`)) continue;
    ctx.check(sum(s.json.rows) === s.json.total, `${as} ${q}: rows add up to ${sum(s.json.rows)}, total says ${s.json.total}`);
    const l = await ctx.request(as, 'GET', `/api/v1/risks?limit=1${q ? '&' + q : ''}`);
    if (ctx.expect(l, { status: 200 }, `${as} risk list ${q}`))
      ctx.check(l.json.total === s.json.total, `${as} ${q}: stats total ${s.json.total}, risk list total ${l.json.total}`);
  }
}

export async function statsByDistrictStayInScope(ctx) {
  const k = await ctx.request('kunshan', 'GET', '/api/v1/stats/risks?by=district,grade');
  if (ctx.expect(k, { status: 200, json: { rows: { $min_len: 1, $each: { district: '320583' } } } }, 'kunshan by district'))
    ctx.check(k.json.rows.every((r) => r.grade >= 1 && r.grade <= 4), 'grades 1–4 only');
  const all = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=district');
  ctx.require(all.status === 200, 'admin by district');
  const ks = all.json.rows.find((r) => r.district === '320583');
  ctx.check(ks && ks.count === k.json.total, `Kunshan's row in the city's table (${ks && ks.count}) = Kunshan's own total (${k.json.total})`);
  ctx.check(all.json.rows.length >= 2, 'the city sees several districts');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/stats/risks?by=grade&region=320509'), { status: 403 }, 'kunshan asks for Wujiang');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=color'), { status: 400, json: { error: { field: 'by' } } }, 'unknown dimension');
}

// The one colour table (domain/grade.c, web/js/colors.js): a grade's colour on the map.
const COLOR = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue' };

export async function mapClustersCountTheirGrades(ctx) {
  const bbox = '119.9,30.7,121.4,32.1';
  const m = await ctx.request('admin', 'GET', `/api/v1/map/risks?bbox=${bbox}&zoom=9`);
  if (!ctx.expect(m, { status: 200, json: { type: 'FeatureCollection', features: { $min_len: 2 } } }, 'city map')) return;
  let total = 0;
  for (const f of m.json.features) {
    const p = f.properties;
    if (!p.cluster) { total += 1; continue; }
    const c = p.counts;
    const n = (c['1'] || 0) + (c['2'] || 0) + (c['3'] || 0) + (c['4'] || 0);
    ctx.check(n === p.count, `cluster at ${f.geometry.coordinates}: grade counts add to ${n}, count ${p.count}`);
    const worst = [1, 2, 3, 4].find((g) => c[String(g)] > 0);
    ctx.check(p.grade === worst, `cluster grade ${p.grade} is its most severe present grade ${worst}`);
    ctx.check(p.color === COLOR[p.grade], `cluster colour ${p.color} is grade ${p.grade}'s`);
    total += p.count;
  }
  const s = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=grade');
  ctx.check(total <= s.json.total && total > s.json.total * 0.9,
    `the city box holds ${total} of the city's ${s.json.total} points`);
  // A district sees only its own points on the map.
  const k = await ctx.request('kunshan', 'GET', `/api/v1/map/risks?bbox=${bbox}&zoom=9`);
  if (ctx.expect(k, { status: 200 }, 'kunshan map')) {
    const kn = k.json.features.reduce((a, f) => a + (f.properties.cluster ? f.properties.count : 1), 0);
    const ks = await ctx.request('kunshan', 'GET', '/api/v1/stats/risks?by=grade');
    ctx.check(kn <= ks.json.total && kn > 0, `kunshan's map holds ${kn} points, its statistics ${ks.json.total}`);
  }
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/map/risks?bbox=a&zoom=9'), { status: 400, json: { error: { field: 'bbox' } } }, 'bad bbox');
}

export async function mapPointsAtStreetZoomAreScoped(ctx) {
  const bbox = '120.9,31.3,121.0,31.4'; // Kunshan
  const a = await ctx.request('admin', 'GET', `/api/v1/map/risks?bbox=${bbox}&zoom=16`);
  if (!ctx.expect(a, { status: 200, json: { features: { $min_len: 1 } } }, 'admin street zoom')) return;
  const pts = a.json.features.filter((f) => !f.properties.cluster);
  ctx.check(pts.length > 0, 'individual points at zoom 16');
  for (const f of pts.slice(0, 5)) {
    const r = await ctx.request('admin', 'GET', `/api/v1/risks/${f.properties.id}`);
    ctx.expect(r, { status: 200, json: { grade: f.properties.grade, unit_id: f.properties.unit_id } }, `point ${f.properties.id} matches its record`);
    ctx.check(f.properties.color === COLOR[f.properties.grade], `point ${f.properties.id}: colour ${f.properties.color} is grade ${f.properties.grade}'s`);
  }
  const w = await ctx.request('wujiang', 'GET', `/api/v1/map/risks?bbox=${bbox}&zoom=16`);
  if (ctx.expect(w, { status: 200 }, 'wujiang in a Kunshan box'))
    ctx.check(w.json.features.length === 0, `Wujiang sees ${w.json.features.length} features in a Kunshan box`);
}

// Towns have no outline: each carries the mean position of its points, which lies in its
// district's box; a district sees its own towns only. /config names the annotation tile layer.
export async function townsCarryTheirCentreAndStayInScope(ctx) {
  const d = await ctx.request('admin', 'GET', '/api/v1/areas/risk?level=district');
  const t = await ctx.request('admin', 'GET', '/api/v1/areas/risk?level=town');
  if (!ctx.expect(t, { status: 200, json: { level: 'town', items: { $min_len: 10 } } }, 'city towns')) return;
  ctx.require(d.status === 200, 'city districts');
  const box = new Map(d.json.items.map((x) => [x.code, x.bbox]));
  for (const x of t.json.items) {
    const b = box.get(x.code.slice(0, 6));
    ctx.check(Array.isArray(x.centre) && x.centre.length === 2, `town ${x.code} has a centre`);
    if (!b || !Array.isArray(x.centre)) continue;
    const [lon, lat] = x.centre;
    ctx.check(lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3], `town ${x.code}'s centre ${x.centre} in its district's box ${b}`);
  }
  const k = await ctx.request('kunshan', 'GET', '/api/v1/areas/risk?level=town');
  if (ctx.expect(k, { status: 200, json: { items: { $min_len: 1 } } }, 'kunshan towns'))
    ctx.check(k.json.items.every((x) => x.code.startsWith('320583')), 'kunshan sees its own towns only');
  const c = await ctx.request(null, 'GET', '/api/v1/config');
  if (ctx.expect(c, { status: 200 }, 'config'))
    ctx.check('tile_labels_url' in c.json && 'tile_url' in c.json, `config names both tile layers: ${Object.keys(c.json)}`);
}
