// Grading methods and superposition through the API: the MES bands, direct determination raising
// the inherent grade with the residual one, and the district map and city level of the demo city
// (docs/METHODS.md).

async function unitInKunshan(ctx) {
  const r = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `方法${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(r.status === 201, `could not create a unit: ${r.status} ${r.text}`);
  return r.json.id;
}

// risk-methods.md (corrected): MES Ⅲ starts at 50; 40 and 48 lie in the classic 20–48 band, Ⅳ.
export async function mesBandsFollowTheClassicTable(ctx) {
  const unit = await unitInKunshan(ctx);
  for (const [inputs, grade] of [[{ M: 5, E: 1, S: 8 }, 4], [{ M: 3, E: 2, S: 8 }, 4], [{ M: 5, E: 10, S: 1 }, 3]]) {
    const r = await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks`, { name: `MES${ctx.uniq()}`, method: 'mes', inputs });
    ctx.expect(r, { status: 201, json: { grade, assessed_grade: grade } }, `MES ${JSON.stringify(inputs)}`);
  }
}

// A direct determination holds whatever the controls: the inherent grade rises with the residual
// one, and a major hazard source of any grade (here 三级) is determined directly by default.
export async function directDeterminationRaisesInherentGrade(ctx) {
  const unit = await unitInKunshan(ctx);
  let r = await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks`, {
    name: `直接判定${ctx.uniq()}`, method: 'lec', inputs: { L: 1, E: 6, C: 7 },
    inherent_inputs: { L: 3, E: 6, C: 7 }, direct: { major_hazard_source_grade: 3 },
  });
  ctx.expect(r, { status: 201, json: { assessed_grade: 4, grade: 1, inherent_grade: 1, direct_rule: { $re: 'major hazard source' } } }, 'GB 18218 三级 source: direct Ⅰ, inherent Ⅰ');
  const id = r.json && r.json.id;
  r = await ctx.request('admin', 'PATCH', `/api/v1/risks/${id}`, { direct: { mandatory_violation: false } });
  ctx.expect(r, { status: 200, json: { grade: 4, inherent_grade: 3, direct_rule: null } }, 'rule gone: inherent back to its own inputs');
  r = await ctx.request('admin', 'PATCH', `/api/v1/risks/${id}`, { direct: { mandatory_violation: true } });
  ctx.expect(r, { status: 200, json: { grade: 1, inherent_grade: 1 } }, 'mandatory violation: inherent Ⅰ too');
  r = await ctx.request('admin', 'GET', `/api/v1/risks/${id}`);
  ctx.expect(r, { status: 200, json: { grade: 1, inherent_grade: 1 } }, 'stored');
}

// The district map must tell districts apart, and the city level must not depend on the level
// asked for (at town or grid level with quantile thresholds it used to be red by construction).
export async function districtColoursDifferAndCityLevelIsOneLevel(ctx) {
  const d = await ctx.request('admin', 'GET', '/api/v1/areas/risk?level=district');
  ctx.require(d.status === 200, `districts: ${d.status} ${d.text}`);
  const items = d.json.items;
  ctx.check(items.length === 10, `ten Suzhou districts: ${items.length}`);
  const colours = new Set(items.map((i) => i.color));
  ctx.check(colours.size >= 2, `districts do not all share one colour: ${[...colours]}`);
  ctx.expect(d, { status: 200, json: {
    thresholds: { red: { $type: 'number' }, orange: { $type: 'number' }, yellow: { $type: 'number' }, measure: 'density', rule: 'ratio' },
    city: { level: d.json.city_level, rule: 'density', density: { $type: 'number' }, thresholds: { red: 100, orange: 30, yellow: 5 } },
    items: { $len: 10, $each: { index: { $type: 'number' }, density: { $type: 'number' }, measure: { $type: 'number' }, ratio: { $type: 'number' } } },
  } }, 'the index and thresholds behind each colour');
  // The numbers behind each colour, from the documented method applied to counts read elsewhere:
  // index = 100·nⅠ + 30·nⅡ + 5·nⅢ + 1·nⅣ from the risk statistics; the reference density is Σ index
  // ÷ Σ km² of the ten districts; thresholds 2×, 1×, 0.5× of it; the city's level from that same
  // density on 100 / 30 / 5 per km² (docs/METHODS.md "Area superposition").
  const counts = await ctx.request('admin', 'GET', '/api/v1/stats/risks?by=district,grade');
  ctx.require(counts.status === 200, `risk statistics: ${counts.status} ${counts.text}`);
  const W = { 1: 100, 2: 30, 3: 5, 4: 1 };
  const index = {};
  for (const row of counts.json.rows) index[row.district] = (index[row.district] || 0) + W[row.grade] * row.count;
  const near = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  let sumIndex = 0, sumKm2 = 0;
  for (const i of items) {
    ctx.check(i.index === index[i.code], `${i.name}: index ${i.index}, the statistics give ${index[i.code]}`);
    sumIndex += i.index;
    sumKm2 += i.index / i.density;
  }
  const ref = sumIndex / sumKm2;
  const t = d.json.thresholds;
  ctx.check(near(t.orange, ref) && near(t.red, 2 * ref) && near(t.yellow, 0.5 * ref), `district thresholds ${JSON.stringify(t)} against the reference density ${ref}`);
  ctx.check(d.json.city.index === sumIndex && near(d.json.city.density, ref), `city index ${d.json.city.index} / density ${d.json.city.density}: want ${sumIndex} / ${ref}`);
  const cityWant = ref >= 100 ? 'red' : ref >= 30 ? 'orange' : ref >= 5 ? 'yellow' : 'blue';
  ctx.check(d.json.city_level === cityWant, `city level ${d.json.city_level} at ${ref} per km²: want ${cityWant}`);
  for (const i of items) {
    const ratio = i.density / ref;
    ctx.check(near(i.ratio, ratio) && i.measure === i.density, `${i.name}: ratio ${i.ratio}, measure ${i.measure}; want ${ratio}, ${i.density}`);
    const want = ratio >= 2 ? 'red' : ratio >= 1 ? 'orange' : ratio >= 0.5 ? 'yellow' : 'blue';
    ctx.check(i.color === want, `${i.name}: density ${i.density} is ${ratio.toFixed(3)}× the city's → ${want}, got ${i.color}`);
  }
  for (const level of ['town', 'grid']) {
    const r = await ctx.request('admin', 'GET', `/api/v1/areas/risk?level=${level}`);
    ctx.expect(r, { status: 200, json: { city_level: d.json.city_level, city: { level: d.json.city_level } } }, `city level at ${level} level`);
  }
  const o = await ctx.request('admin', 'GET', '/api/v1/stats/overview');
  ctx.expect(o, { status: 200, json: { city_level: d.json.city_level } }, 'overview shows the same city level');
}
