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

// The unit list's totals follow a new unit, a move with a sector change and an archive: each
// total is asked (and kept) before every write and again at once after it. Totals by district or
// a wider prefix, sector and status are sums the unit index keeps per district and sector (not a
// walk of its lists), so each step checks every total it must move by exactly one and every other
// one not at all; the town's total and a department's, which the index still counts by walking,
// must agree with them, and Kunshan's overview counts its units by rating from the same index.
export async function unitListTotalsFollowAMoveAndAnArchive(ctx) {
  const queries = {
    ksC01: 'region=320583&sector=C01', wjC02: 'region=320509&sector=C02', cityC01: 'region=3205&sector=C01',
    cityC02: 'region=3205&sector=C02', C01: 'sector=C01', ks: 'region=320583', wj: 'region=320509',
    all: '', ysC01: 'region=320583100&sector=C01', wjArchived: 'region=320509&status=archived',
    wjC02Archived: 'region=320509&sector=C02&status=archived', archived: 'status=archived',
    ksBelow: 'region=320583&size_class=below',
  };
  const totals = async () => {
    const t = {};
    for (const [k, q] of Object.entries(queries)) {
      const r = await ctx.request('admin', 'GET', `/api/v1/units?limit=1&${q}`);
      ctx.require(r.status === 200 && Number.isInteger(r.json.total), `${q}: ${r.status} ${r.text}`);
      t[k] = r.json.total;
    }
    const ov = await ctx.request('kunshan', 'GET', '/api/v1/stats/overview');
    ctx.require(ov.status === 200, `overview: ${ov.status}`);
    t.ksOverview = ov.json.units;
    t.ksOverviewUnassessed = ov.json.units_by_rating.unassessed;
    return t;
  };
  const step = (before, after, delta, what) => {
    for (const k of Object.keys(before)) {
      const want = before[k] + (delta[k] || 0);
      ctx.check(after[k] === want, `${what}: ${k} (${queries[k] || k}) is ${after[k]}, want ${want} (was ${before[k]})`);
    }
  };
  const t0 = await totals();
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `总数测试单位${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 30, address: '测试路12号', ...YS,
  });
  ctx.require(u.status === 201, `create unit: ${u.status} ${u.text}`);
  const t1 = await totals();
  step(t0, t1, { ksC01: 1, cityC01: 1, C01: 1, ks: 1, all: 1, ysC01: 1, ksBelow: 1, ksOverview: 1, ksOverviewUnassessed: 1 }, 'a new unit in Kunshan, C01');
  const moved = await ctx.request('admin', 'PATCH', `/api/v1/units/${u.json.id}`, { region: '320509001', sector: 'C02', lon: 120.645, lat: 31.161, version: u.json.version });
  ctx.require(moved.status === 200 && moved.json.sector === 'C02', `move: ${moved.status} ${moved.text}`);
  const t2 = await totals();
  step(t1, t2, { ksC01: -1, wjC02: 1, cityC01: -1, cityC02: 1, C01: -1, ks: -1, wj: 1, ysC01: -1, ksBelow: -1, ksOverview: -1, ksOverviewUnassessed: -1 },
    'moved to Wujiang and to C02');
  const gone = await ctx.request('admin', 'DELETE', `/api/v1/units/${u.json.id}`);
  ctx.require(gone.status === 200, `archive: ${gone.status} ${gone.text}`);
  const t3 = await totals();
  step(t2, t3, { wjC02: -1, cityC02: -1, wj: -1, all: -1, wjArchived: 1, wjC02Archived: 1, archived: 1 }, 'archived');
}
