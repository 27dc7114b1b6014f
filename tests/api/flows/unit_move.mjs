// Issue 7 item 2, for every register that hangs off a unit: when a unit moves from Kunshan
// (玉山镇) to Wujiang, its emergency plans, dynamic reports, own resources and capability
// assessments go with it in the same write — Wujiang reads and lists them, Kunshan no longer
// does, and each record carries the new region. (Risk points, hazards and installations: see
// hazards.mjs:districtMoveTakesHazardsAlong and installations.mjs:installationsFollowTheirUnit.)

const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇

function answers(cl) {
  const a = {};
  for (const it of cl.items) if (it.subjects.includes('unit')) a[it.code] = it.kind === 'count' ? it.required : 2;
  return a;
}

export async function unitMoveTakesItsRegistersAlong(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `搬迁测试化工${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 30, address: '测试路9号', ...YS,
  });
  ctx.require(u.status === 201, `create unit: ${u.status} ${u.text}`);
  const unit = u.json;
  const made = async (what, path, body) => {
    const r = await ctx.request('kunshan', 'POST', path, body);
    ctx.require(r.status === 201 && r.json.region === YS.region, `kunshan files ${what}: ${r.status} ${r.text}`);
    return r.json;
  };
  const plan = await made('a plan', `/api/v1/units/${unit.id}/plans`, { name: '综合应急预案', type: 'comprehensive', issued_on: '2025-01-01' });
  const dyn = await made('a dynamic report', '/api/v1/dynamic-reports', {
    unit_id: unit.id, kind: 'hot_work', title: '储罐区动火检修', description: '检修管线',
    start: '2027-03-02T08:00', end: '2027-03-03T18:00', place: '2号罐区', risks: '火灾', measures: '动火监护',
  });
  const res = await made('a resource', '/api/v1/resources', { unit_id: unit.id, name: `企业救援队${ctx.uniq()}`, kind: 'team', quantity: 12, measure: '人', lon: YS.lon, lat: YS.lat });
  const cl = await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments/checklist');
  ctx.require(cl.status === 200, `checklist: ${cl.status}`);
  const cap = await made('a capability assessment', '/api/v1/capability-assessments', { subject: 'unit', unit_id: unit.id, answers: answers(cl.json), assessed_on: '2025-06-30' });

  const one = {
    plan: `/api/v1/plans/${plan.id}`, dynamic_report: `/api/v1/dynamic-reports/${dyn.id}`,
    resource: `/api/v1/resources/${res.id}`,
  };
  const lists = {
    plan: [`/api/v1/units/${unit.id}/plans`, plan.id],
    dynamic_report: [`/api/v1/dynamic-reports?unit_id=${unit.id}`, dyn.id],
    resource: [`/api/v1/resources?unit_id=${unit.id}`, res.id],
    capability: [`/api/v1/capability-assessments?subject=unit&unit_id=${unit.id}`, cap.id],
  };
  const listed = async (as, what) => {
    const r = await ctx.request(as, 'GET', lists[what][0]);
    return r.status === 200 && r.json.items.some((x) => x.id === lists[what][1]);
  };
  for (const what of Object.keys(lists)) ctx.check(!(await listed('wujiang', what)), `before the move Wujiang does not list the ${what}`);

  const wj = await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.wj_unit_id}`);
  ctx.require(wj.status === 200, `a Wujiang point: ${wj.text}`);
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/units/${unit.id}`, { region: '320509', lon: wj.json.lon, lat: wj.json.lat }),
    { status: 200, json: { region: '320509' } }, 'move the unit to Wujiang');

  for (const [what, path] of Object.entries(one)) {
    ctx.expect(await ctx.request('admin', 'GET', path), { status: 200, json: { region: '320509' } }, `the ${what} carries the new region`);
    ctx.expect(await ctx.request('wujiang', 'GET', path), { status: 200, json: { region: '320509' } }, `wujiang reads the ${what}`);
    ctx.expect(await ctx.request('kunshan', 'GET', path), { status: 403, json: { error: { code: 'forbidden' } } }, `kunshan no longer reads the ${what}`);
  }
  for (const what of Object.keys(lists)) {
    ctx.check(await listed('wujiang', what), `wujiang lists the ${what}`);
    // a unit's plans are read through the unit (403); the other lists narrow to the caller's scope
    ctx.expect(await ctx.request('kunshan', 'GET', lists[what][0]), what === 'plan' ? { status: 403, json: { error: { code: 'forbidden' } } }
      : { status: 200, json: { items: [], total: 0 } }, `kunshan no longer lists the ${what}`);
  }
  const c = await ctx.request('wujiang', 'GET', lists.capability[0]);
  ctx.expect(c, { status: 200, json: { items: [{ id: cap.id, region: '320509' }] } }, 'the capability assessment carries the new region');
  ctx.expect(await ctx.request('wujiang', 'PATCH', one.plan, { drilled_on: '2025-06-01' }), { status: 200, json: { drilled_on: '2025-06-01' } }, 'wujiang edits the plan');
  ctx.expect(await ctx.request('kunshan', 'PATCH', one.plan, { drilled_on: '2025-07-01' }), { status: 403 }, 'kunshan no longer edits it');
}

// The unit list finds a unit by its district and sector after it moved and changed sector, and
// no longer by the old ones (the in-memory index walks per-sector and per-district id lists;
// a unit that moved stays in its old lists and must be checked out there).
export async function unitListFollowsAMoveAndASectorChange(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `索引测试单位${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 30, address: '测试路10号', ...YS,
  });
  ctx.require(u.status === 201, `create unit: ${u.status} ${u.text}`);
  const id = u.json.id;
  // a later unit already in Wujiang and C02, so the moved one goes in before it in those lists
  const later = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320509'), name: `索引测试单位${ctx.uniq()}`, sector: 'C02',
    size_class: 'below', employees: 30, address: '测试路11号', region: '320509001', lon: 120.645, lat: 31.161,
  });
  ctx.require(later.status === 201 && later.json.id > id, `create the later unit: ${later.status} ${later.text}`);
  const page = (q) => ctx.request('admin', 'GET', `/api/v1/units?limit=1&after=${id - 1}&${q}`);
  const has = async (q, want, what) => {
    const r = await page(q);
    ctx.require(r.status === 200, `${q}: ${r.status}`);
    ctx.check((r.json.items[0]?.id === id) === want, `${what}: ${q} → ${JSON.stringify(r.json.items.map((x) => x.id))}`);
  };
  await has('region=320583&sector=C01', true, 'Kunshan C01 finds it');
  await has('region=320583100&sector=C01', true, 'its town and C01 find it');
  await has('region=320509&sector=C01', false, 'Wujiang does not');
  const moved = await ctx.request('admin', 'PATCH', `/api/v1/units/${id}`, { region: '320509001', sector: 'C02', lon: 120.645, lat: 31.161, version: u.json.version });
  ctx.require(moved.status === 200 && moved.json.region === '320509001' && moved.json.sector === 'C02', `move: ${moved.status} ${moved.text}`);
  await has('region=320583&sector=C01', false, 'after the move Kunshan C01 does not');
  await has('region=320583', false, 'nor Kunshan alone');
  await has('sector=C01', false, 'nor C01 alone');
  await has('region=320509&sector=C02', true, 'Wujiang C02 does');
  await has('region=320509001', true, 'and its new town');
  await has('region=3205&sector=C02', true, 'and the city with C02');
}
