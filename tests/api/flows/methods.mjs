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
  // Each colour is the one its measure reaches on the thresholds given.
  const t = d.json.thresholds;
  for (const i of items) {
    const want = i.measure >= t.red ? 'red' : i.measure >= t.orange ? 'orange' : i.measure >= t.yellow ? 'yellow' : 'blue';
    ctx.check(i.color === want, `${i.name}: ${i.measure} → ${i.color}, thresholds say ${want}`);
  }
  for (const level of ['town', 'grid']) {
    const r = await ctx.request('admin', 'GET', `/api/v1/areas/risk?level=${level}`);
    ctx.expect(r, { status: 200, json: { city_level: d.json.city_level, city: { level: d.json.city_level } } }, `city level at ${level} level`);
  }
  const o = await ctx.request('admin', 'GET', '/api/v1/stats/overview');
  ctx.expect(o, { status: 200, json: { city_level: d.json.city_level } }, 'overview shows the same city level');
}
