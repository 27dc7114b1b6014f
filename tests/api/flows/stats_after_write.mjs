// Statistics right after a write count the changed point where it now is: the city's table by
// grade and district, Kunshan's own, the department's, a sector filter and the overview, each
// asked (and cached) before the write and again at once after it — a risk raised to grade Ⅰ, a
// new point of grade Ⅳ, an archived one, a hidden hazard filed, the unit moved to another
// district. The figures come from the risk index's running totals and from hazard figures kept
// across writes to other tables (docs/PERFORMANCE.md), so each step also checks them against
// the risk list's totals, which SQL counts, and every figure a step must not move stays.

async function figures(ctx, dept) {
  const get = async (as, path) => {
    const r = await ctx.request(as, 'GET', path);
    ctx.require(r.status === 200, `${as} ${path}: ${r.status} ${r.text}`);
    return r.json;
  };
  const cell = (rows, match) => rows.filter((r) => Object.entries(match).every(([k, v]) => r[k] === v)).reduce((a, r) => a + r.count, 0);
  const city = await get('admin', '/api/v1/stats/risks?by=grade,district');
  const ks = await get('kunshan', '/api/v1/stats/risks?by=grade');
  const byDept = await get('admin', '/api/v1/stats/risks?by=dept,grade');
  const sector = await get('admin', '/api/v1/stats/risks?by=grade&sector=C01&region=320583');
  const ov = await get('admin', '/api/v1/stats/overview');
  const ksOv = await get('kunshan', '/api/v1/stats/overview');
  const ksHz = await get('kunshan', '/api/v1/stats/hazards?by=source');
  const f = { ksUnits: ksOv.units, ksRed: ksOv.units_by_rating.red, cityUnits: ov.units,
    hzFound: ov.hazards.found, ksHzFound: ksOv.hazards.found, ksHzStats: ksHz.total.found };
  for (let g = 1; g <= 4; g++) {
    f[`city_ks_${g}`] = cell(city.rows, { grade: g, district: '320583' });
    f[`city_wj_${g}`] = cell(city.rows, { grade: g, district: '320509' });
    f[`ks_${g}`] = cell(ks.rows, { grade: g });
    f[`dept_${g}`] = cell(byDept.rows, { grade: g, dept });
    f[`sector_${g}`] = cell(sector.rows, { grade: g });
    f[`overview_${g}`] = ov.risks_by_grade[String(g)];
    f[`ksov_${g}`] = ksOv.risks_by_grade[String(g)];
  }
  return f;
}

// What a step must have changed: {key: delta}; every other figure stays.
function expectDelta(ctx, before, after, delta, what) {
  for (const k of Object.keys(before)) {
    const want = before[k] + (delta[k] || 0);
    ctx.check(after[k] === want, `${what}: ${k} ${after[k]}, expected ${want} (${before[k]} before)`);
  }
}

// The list's total (SQL) for the same question as a statistic's cell.
async function listTotal(ctx, as, query) {
  const r = await ctx.request(as, 'GET', `/api/v1/risks?limit=1&${query}`);
  ctx.require(r.status === 200, `list ${query}: ${r.status}`);
  return r.json.total;
}

export async function statsRightAfterAWriteCountTheChangedPoint(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `统计即时测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  const unit = u.json, dept = unit.dept;
  const risk = (inputs) => ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/risks`, {
    name: `即时风险${ctx.uniq()}`, place: '车间', method: 'lec', inputs, accident_types: [8],
    owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
  });
  const a = await risk({ L: 3, E: 6, C: 7 });
  ctx.require(a.status === 201 && a.json.grade > 1, `risk: ${a.status} ${a.text}`);
  const g0 = a.json.grade;
  const f0 = await figures(ctx, dept);
  ctx.check(f0.ks_1 === await listTotal(ctx, 'admin', 'region=320583&grade=1'), `Kunshan's grade Ⅰ ${f0.ks_1} equals the list's`);

  // Raised to grade Ⅰ: it leaves its old grade and counts under Ⅰ everywhere at once (and its
  // unit is rated red).
  const up = await ctx.request('admin', 'PATCH', `/api/v1/risks/${a.json.id}`, { inputs: { L: 10, E: 10, C: 100 } });
  ctx.expect(up, { status: 200, json: { grade: 1 } }, 'raise to grade 1');
  const f1 = await figures(ctx, dept);
  const moved = (from, to, n = 1) => Object.fromEntries(['city_ks', 'ks', 'dept', 'sector', 'overview', 'ksov']
    .flatMap((k) => [[`${k}_${from}`, -n], [`${k}_${to}`, n]]).filter(([k]) => !k.endsWith('_0')));
  expectDelta(ctx, f0, f1, { ...moved(g0, 1), ksRed: 1 }, 'after the raise'); // a grade Ⅰ point rates its unit red
  ctx.check(f1.ks_1 === await listTotal(ctx, 'admin', 'region=320583&grade=1'), `after the raise Kunshan's grade Ⅰ ${f1.ks_1} equals the list's`);
  ctx.check(f1[`dept_${g0}`] === await listTotal(ctx, 'admin', `dept=${dept}&grade=${g0}`), `the department's grade ${g0} equals the list's`);

  // A new point of grade Ⅳ.
  const b = await risk({ L: 0.5, E: 1, C: 1 });
  ctx.expect(b, { status: 201, json: { grade: 4 } }, 'a new grade 4 point');
  const f2 = await figures(ctx, dept);
  expectDelta(ctx, f1, f2, moved(0, 4), 'after the new point');

  // Archived: it counts nowhere.
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/risks/${a.json.id}`), { status: 200 }, 'archive');
  const f3 = await figures(ctx, dept);
  expectDelta(ctx, f2, f3, { ...moved(1, 0), ksRed: -1 }, 'after the archive');
  ctx.check(f3.city_ks_1 === await listTotal(ctx, 'admin', 'region=320583&grade=1'), `after the archive the city's Kunshan grade Ⅰ ${f3.city_ks_1} equals the list's`);

  // A hidden hazard filed for the unit: the hazard figures (kept across the risk writes above)
  // count it at once.
  const hz = await ctx.request('admin', 'POST', '/api/v1/hazards', { unit_id: unit.id, source: 'self_check', grade: 'general', description: '统计即时测试隐患' });
  ctx.require(hz.status === 201, `hazard: ${hz.status} ${hz.text}`);
  const f3h = await figures(ctx, dept);
  expectDelta(ctx, f3, f3h, { hzFound: 1, ksHzFound: 1, ksHzStats: 1 }, 'after the hazard');

  // The unit moves to Wujiang and takes its grade Ⅳ point along: Kunshan loses a unit and the
  // point, Wujiang's row gains the point; the city's totals stay.
  const mv = await ctx.request('admin', 'PATCH', `/api/v1/units/${unit.id}`, { region: '320509', lon: 120.645, lat: 31.16 });
  ctx.require(mv.status === 200, `move: ${mv.status} ${mv.text}`);
  const f4 = await figures(ctx, dept);
  expectDelta(ctx, f3h, f4, { city_ks_4: -1, city_wj_4: 1, ks_4: -1, sector_4: -1, ksov_4: -1, ksUnits: -1, ksHzFound: -1, ksHzStats: -1 }, 'after the move');
  ctx.check(f4.city_wj_4 === await listTotal(ctx, 'admin', 'region=320509&grade=4'), `Wujiang's grade Ⅳ ${f4.city_wj_4} equals the list's`);
  ctx.check(f4.ksUnits === (await ctx.request('admin', 'GET', '/api/v1/units?limit=1&region=320583')).json.total, `Kunshan's units ${f4.ksUnits} equal the unit list's`);
}
