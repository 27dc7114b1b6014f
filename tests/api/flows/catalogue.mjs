// Risk points in bulk: from industry catalogue entries and by copying points to other units (all
// or nothing, scope-checked), and the quarterly dynamic-update view that shows new and raised ones.

async function newUnit(ctx, as, region, sector, lon, lat) {
  const r = await ctx.request(as, 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode(region), name: `批量风险${ctx.uniq()}`, sector, region,
    lon, lat, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(r.status === 201, `could not create a unit: ${r.status} ${r.text}`);
  return r.json.id;
}
const ksUnit = (ctx, as = 'admin') => newUnit(ctx, as, '320583', 'C01', 120.955, 31.384);
const wjUnit = (ctx) => newUnit(ctx, 'admin', '320509', 'C01', 120.632, 31.008);

async function risks(ctx, unitId) {
  const r = await ctx.request('admin', 'GET', `/api/v1/units/${unitId}/risks?limit=500`);
  ctx.require(r.status === 200, `list risks: ${r.status}`);
  return r.json.items;
}

async function catalogueC01(ctx) {
  const r = await ctx.request('admin', 'GET', '/api/v1/catalogue?sector=C01');
  ctx.require(r.status === 200 && r.json.items.length >= 2, 'the C01 catalogue should hold seeded entries');
  return r.json.items;
}

export async function fromCatalogueCreatesGradedPoints(ctx) {
  const unit = await ksUnit(ctx);
  const entries = await catalogueC01(ctx);
  const red = entries.find((e) => e.grade === 1);
  ctx.require(red, 'a grade Ⅰ entry in C01');
  const other = entries.find((e) => e.id !== red.id);
  const r = await ctx.request('kunshan', 'POST', `/api/v1/units/${unit}/risks/from-catalogue`, { entries: [red.id, other.id] });
  ctx.expect(r, { status: 201, json: { items: [
    { unit_id: unit, name: red.name, place: red.place, method: red.method, inputs: red.inputs,
      accident_types: red.accident_types, measures: red.measures, grade: 1, color: 'red',
      control_level: 'unit', region: '320583', dept: 'AJJ' },
    { unit_id: unit, name: other.name, grade: other.grade },
  ] } }, 'from-catalogue');
  const rating = await ctx.request('kunshan', 'GET', `/api/v1/units/${unit}/rating`);
  ctx.expect(rating, { status: 200, json: { color: 'red', points_by_grade: { 1: { $gte: 1 } } } }, 'unit rating follows');
  if (r.json && r.json.items) {
    const h = await ctx.request('admin', 'GET', `/api/v1/risks/${r.json.items[0].id}/history`);
    ctx.expect(h, { status: 200, json: { items: [{ version: 1, action: 'from_catalogue', old_grade: null, new_grade: 1, login: 'kunshan' }] } }, 'versioned');
    const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=risk&id=${r.json.items[0].id}`);
    ctx.expect(a, { status: 200, json: { items: [{ action: 'from_catalogue', login: 'kunshan' }] } }, 'audited');
  }
}

export async function fromCatalogueAllOrNothing(ctx) {
  const unit = await ksUnit(ctx);
  const [e] = await catalogueC01(ctx);
  const rs = [
    [{ entries: [e.id, 99999999] }, 404, 'entries'],
    [{ entries: [e.id, e.id] }, 400, 'entries'],
    [{ entries: [] }, 400, 'entries'],
    [{ entries: ['1'] }, 400, 'entries'],
    [{}, 400, 'entries'],
    [{ entries: [e.id], extra: 1 }, 400, 'extra'],
  ];
  for (const [body, status, field] of rs) {
    const r = await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks/from-catalogue`, body);
    ctx.expect(r, { status, json: { error: { field } } }, JSON.stringify(body));
  }
  // an archived entry
  const add = await ctx.request('t_ajj', 'POST', '/api/v1/catalogue', { sector: 'C01', name: `将归档${ctx.uniq()}`, method: 'ls', inputs: { L: 1, S: 1 } });
  ctx.require(add.status === 201, `add entry: ${add.status} ${add.text}`);
  await ctx.request('t_ajj', 'DELETE', `/api/v1/catalogue/${add.json.id}`);
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks/from-catalogue`, { entries: [e.id, add.json.id] }),
    { status: 409, json: { error: { field: 'entries' } } }, 'archived entry');
  ctx.check((await risks(ctx, unit)).length === 0, 'a refused call created points');
  ctx.expect(await ctx.request('t_expert', 'POST', `/api/v1/units/${unit}/risks/from-catalogue`, { entries: [e.id] }), { status: 403 }, 'expert');
  ctx.expect(await ctx.request('wujiang', 'POST', `/api/v1/units/${unit}/risks/from-catalogue`, { entries: [e.id] }), { status: 403 }, 'another district');
  ctx.check((await risks(ctx, unit)).length === 0, 'a refused call created points');
  const u = await ctx.request('admin', 'GET', `/api/v1/units/${unit}`);
  ctx.expect(u, { json: { rating: 'unassessed' } }, 'rating untouched');
}

async function sourcePoints(ctx) {
  const unit = await ksUnit(ctx);
  const mk = (name, inputs, extra = {}) => ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks`, {
    name, place: '罐区', method: 'lec', inputs, accident_types: [8], owner_name: '张三', owner_rank: 'gm',
    measures: { engineering: ['围堰'] }, consequences: '火灾', impact_radius_m: 120, exposed_people: 7, ...extra });
  const a = await mk(`源点A${ctx.uniq()}`, { L: 6, E: 6, C: 7 });
  const b = await mk(`源点B${ctx.uniq()}`, { L: 1, E: 6, C: 7 }, { direct: { mandatory_violation: true } });
  ctx.require(a.status === 201 && b.status === 201, `source points: ${a.status} ${b.status} ${a.text}`);
  return { unit, a: a.json, b: b.json };
}

export async function copyToUnits(ctx) {
  const src = await sourcePoints(ctx);
  const t1 = await ksUnit(ctx), t2 = await ksUnit(ctx);
  const r = await ctx.request('kunshan', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id, src.b.id], unit_ids: [t1, t2] });
  ctx.expect(r, { status: 201, json: { created: 4 } }, 'copy 2 × 2');
  for (const t of [t1, t2]) {
    const items = await risks(ctx, t);
    ctx.check(items.length === 2, `unit ${t} should hold 2 copies, has ${items.length}`);
    const a = items.find((x) => x.name === src.a.name), b = items.find((x) => x.name === src.b.name);
    ctx.check(a && b, 'both points copied');
    if (a) {
      const errs = ctx.match(a, { grade: 2, score: 252, method: 'lec', inputs: src.a.inputs, place: '罐区', accident_types: [8],
        measures: src.a.measures, consequences: '火灾', impact_radius_m: 120, owner_name: '', owner_rank: '',
        exposed_people: null, unit_id: t, region: '320583', status: 'active' });
      ctx.check(errs.length === 0, `copy A: ${errs.join('; ')}`);
    }
    if (b) ctx.check(b.grade === 1 && b.assessed_grade === 4 && typeof b.direct_rule === 'string', `copy B keeps direct determination: ${JSON.stringify(b)}`);
    const rating = await ctx.request('admin', 'GET', `/api/v1/units/${t}/rating`);
    ctx.expect(rating, { json: { color: 'red' } }, 'target rating refreshed');
  }
}

export async function copyAllOrNothing(ctx) {
  const src = await sourcePoints(ctx);
  const ok = await ksUnit(ctx), wj = await wjUnit(ctx), wj2 = await wjUnit(ctx);
  const r = await ctx.request('kunshan', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id], unit_ids: [ok, wj, wj2] });
  ctx.expect(r, { status: 403, json: { error: { code: 'forbidden', field: 'unit_ids', message: { $re: `${wj}.*${wj2}` } } } }, 'one forbidden target');
  for (const t of [ok, wj, wj2]) ctx.check((await risks(ctx, t)).length === 0, `unit ${t} got points from a refused copy`);
  // a source outside the caller's scope
  const wjsrc = await ctx.request('admin', 'POST', `/api/v1/units/${wj}/risks`, { name: '吴江源点', method: 'ls', inputs: { L: 2, S: 2 } });
  ctx.require(wjsrc.status === 201, 'wujiang source');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id, wjsrc.json.id], unit_ids: [ok] }),
    { status: 403, json: { error: { field: 'risk_ids' } } }, 'unreadable source');
  ctx.expect(await ctx.request('kunshan', 'POST', '/api/v1/risks/copy', { risk_ids: [99999999], unit_ids: [ok] }),
    { status: 404, json: { error: { field: 'risk_ids' } } }, 'missing source');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id], unit_ids: [ok, 99999999] }),
    { status: 404, json: { error: { field: 'unit_ids' } } }, 'missing target');
  ctx.check((await risks(ctx, ok)).length === 0, 'refused copies wrote nothing');
  // the unit itself may copy between its own points but not to another unit
  ctx.expect(await ctx.request('t_unit', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id], unit_ids: [ctx.vars.ks_unit_id] }),
    { status: 403 }, 'a unit user cannot read another unit\'s point');
  ctx.expect(await ctx.request('t_expert', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id], unit_ids: [ok] }), { status: 403 }, 'expert');
}

export async function copyBoundsAndShape(ctx) {
  const src = await sourcePoints(ctx);
  const many = Array.from({ length: 5001 }, (_, i) => i + 1);
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id, src.b.id], unit_ids: many }),
    { status: 413, json: { error: { code: 'too_large', field: 'unit_ids' } } }, 'more than 10,000 points');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/risks/copy', { risk_ids: [src.a.id], unit_ids: Array.from({ length: 10001 }, (_, i) => i + 1) }),
    { status: 413 }, 'more than 10,000 units');
  for (const [body, field] of [
    [{ risk_ids: [src.a.id] }, 'unit_ids'],
    [{ unit_ids: [src.unit] }, 'risk_ids'],
    [{ risk_ids: [], unit_ids: [src.unit] }, 'risk_ids'],
    [{ risk_ids: [src.a.id, src.a.id], unit_ids: [src.unit] }, 'risk_ids'],
    [{ risk_ids: [src.a.id], unit_ids: [0] }, 'unit_ids'],
    [{ risk_ids: [src.a.id], unit_ids: [1.5] }, 'unit_ids'],
    [{ risk_ids: src.a.id, unit_ids: [src.unit] }, 'risk_ids'],
    [{ risk_ids: [src.a.id], unit_ids: [src.unit], grade: 1 }, 'grade'],
  ]) {
    ctx.expect(await ctx.request('admin', 'POST', '/api/v1/risks/copy', body), { status: 400, json: { error: { field } } }, JSON.stringify(body));
  }
  ctx.check((await risks(ctx, src.unit)).length === 2, 'bad copies wrote nothing');
}

function quarterOf(d) {
  const t = new Date(d.getTime() + 8 * 3600e3);
  return `${t.getUTCFullYear()}Q${Math.floor(t.getUTCMonth() / 3) + 1}`;
}

export async function changesShowNewAndRaised(ctx) {
  const unit = await ksUnit(ctx);
  const q = quarterOf(new Date());
  const before = await ctx.request('kunshan', 'GET', `/api/v1/risks/changes?quarter=${q}`);
  ctx.require(before.status === 200, `changes: ${before.status} ${before.text}`);
  const c0 = before.json.counts;
  const mk = await ctx.request('admin', 'POST', `/api/v1/units/${unit}/risks`, { name: `季度新增${ctx.uniq()}`, method: 'lec', inputs: { L: 1, E: 6, C: 7 }, reviewed_at: '2020-01-01' });
  ctx.require(mk.status === 201, `create: ${mk.status} ${mk.text}`);
  const id = mk.json.id;
  ctx.check(mk.json.grade === 4, `starts at Ⅳ: ${mk.json.grade}`);
  let r = await ctx.request('kunshan', 'GET', `/api/v1/risks/changes?quarter=${q}`);
  ctx.expect(r, { status: 200, json: {
    quarter: q, since: { $re: '^\\d{4}-(01|04|07|10)-01$' }, until: { $re: '^\\d{4}-\\d\\d-01$' },
    review_days: { $type: 'integer' }, review_cutoff: { $re: '^\\d{4}-\\d\\d-\\d\\d$' },
    counts: { new: c0.new + 1, raised: c0.raised, lowered: c0.lowered, overdue_review: c0.overdue_review + 1 },
    raised: { $not_contains: { id } },
  } }, 'a new point counts as new and, reviewed in 2020, as overdue');
  const p = await ctx.request('admin', 'PATCH', `/api/v1/risks/${id}`, { inputs: { L: 6, E: 6, C: 7 }, direct: { mandatory_violation: true }, reviewed_at: '2099-01-01' });
  ctx.expect(p, { status: 200, json: { grade: 1 } }, 'raise to Ⅰ');
  r = await ctx.request('kunshan', 'GET', '/api/v1/risks/changes');
  ctx.expect(r, { status: 200, json: {
    quarter: q,
    counts: { new: c0.new + 1, raised: c0.raised + 1, overdue_review: c0.overdue_review },
    new: { $contains: { id, unit_id: unit, old_grade: null, grade: 1, region: '320583', at: mk.json.created_at } },
    raised: { $contains: { id, old_grade: 4, grade: 1, unit_id: unit, at: { $type: 'string' } } },
    lowered: { $not_contains: { id } },
    overdue_review: { $not_contains: { id } },
  } }, 'raised point listed (default quarter)');
  const p2 = await ctx.request('admin', 'PATCH', `/api/v1/risks/${id}`, { inputs: { L: 1, E: 6, C: 7 }, direct: {} });
  ctx.expect(p2, { status: 200, json: { grade: 4 } }, 'back to Ⅳ');
  r = await ctx.request('admin', 'GET', `/api/v1/risks/changes?quarter=${q}&region=320583`);
  ctx.expect(r, { status: 200, json: { counts: { raised: c0.raised, lowered: c0.lowered },
    raised: { $not_contains: { id } }, lowered: { $not_contains: { id } },
    new: { $each: { region: { $re: '^320583' } } } } }, 'net change over the quarter: none');
  // scope: another district sees none of Kunshan's points; a department only its own
  r = await ctx.request('wujiang', 'GET', `/api/v1/risks/changes?quarter=${q}`);
  ctx.expect(r, { status: 200, json: { new: { $not_contains: { id }, $each: { region: { $re: '^320509' } } } } }, 'wujiang');
  ctx.expect(await ctx.request('wujiang', 'GET', '/api/v1/risks/changes?region=320583'), { status: 403, json: { error: { field: 'region' } } }, 'outside territory');
  ctx.expect(await ctx.request('t_ajj', 'GET', '/api/v1/risks/changes?dept=JYJ'), { status: 403, json: { error: { field: 'dept' } } }, 'outside industry');
  r = await ctx.request('t_unit', 'GET', '/api/v1/risks/changes');
  ctx.expect(r, { status: 200, json: { new: { $each: { unit_id: ctx.vars.ks_unit_id } }, raised: { $each: { unit_id: ctx.vars.ks_unit_id } } } }, 'unit sees itself');
  // a past quarter: nothing of today's
  r = await ctx.request('admin', 'GET', '/api/v1/risks/changes?quarter=2020Q1');
  ctx.expect(r, { status: 200, json: { quarter: '2020Q1', since: '2020-01-01', until: '2020-04-01',
    counts: { new: 0, raised: 0, lowered: 0, overdue_review: 0 }, new: [], raised: [] } }, 'past quarter');
  for (const bad of ['2026Q5', '2026-Q4', 'Q4', '2026Q4x', '1900Q1']) {
    ctx.expect(await ctx.request('admin', 'GET', `/api/v1/risks/changes?quarter=${bad}`), { status: 400, json: { error: { field: 'quarter' } } }, bad);
  }
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/risks/changes?region=32x'), { status: 400, json: { error: { field: 'region' } } }, 'bad region');
}

export async function changesListsAreCapped(ctx) {
  const r = await ctx.request('admin', 'GET', '/api/v1/risks/changes');
  ctx.expect(r, { status: 200 }, 'changes');
  if (r.json) {
    for (const k of ['new', 'raised', 'lowered', 'overdue_review']) {
      ctx.check(r.json[k].length <= 200, `${k} holds ${r.json[k].length} > 200 items`);
      ctx.check(r.json[k].length === Math.min(200, r.json.counts[k]), `${k}: ${r.json[k].length} items for count ${r.json.counts[k]}`);
      const grades = r.json[k].map((x) => x.grade);
      ctx.check(grades.every((g, i) => i === 0 || grades[i - 1] <= g), `${k} is not most severe first`);
    }
  }
}

// Issue 8 item 2: the catalogue is written through its column table like every register: a new
// entry is version 1, each change and the archive bump it, a stale version is refused whole.
export async function catalogueVersionsAndLocking(ctx) {
  const place = `版本${ctx.uniq()}`;
  const c = await ctx.request('admin', 'POST', '/api/v1/catalogue',
    { sector: 'C01', name: `版本目录${ctx.uniq()}`, place, method: 'lec', inputs: { L: 1, E: 6, C: 7 } });
  ctx.expect(c, { status: 201, json: { dept: 'AJJ', place, status: 'active', version: 1 } }, 'created at version 1');
  ctx.require(c.status === 201, `create: ${c.status} ${c.text}`);
  const id = c.json.id;
  ctx.check(c.json.updated_at === c.json.created_at, `a new entry's updated_at ${c.json.updated_at} is its created_at ${c.json.created_at}`);
  ctx.check(JSON.stringify(Object.keys(c.json).slice(0, 13)) === JSON.stringify(['id', 'dept', 'sector', 'name', 'place',
    'accident_types', 'method', 'inputs', 'measures', 'status', 'created_at', 'version', 'updated_at']),
  `entry keys in table order: ${Object.keys(c.json).join(',')}`);
  const p = await ctx.request('admin', 'PATCH', `/api/v1/catalogue/${id}`, { place: `${place}改`, version: 1 });
  ctx.expect(p, { status: 200, json: { id, place: `${place}改`, version: 2 } }, 'a change at the current version');
  ctx.check(p.json && p.json.updated_at >= c.json.updated_at, 'updated_at moves forward');
  const stale = await ctx.request('admin', 'PATCH', `/api/v1/catalogue/${id}`, { place: `${place}旧`, version: 1 });
  ctx.expect(stale, { status: 409, json: { error: { code: 'version_conflict', field: 'version' } } }, 'stale version');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/catalogue/${id}`, { version: 'x' }),
    { status: 400, json: { error: { field: 'version' } } }, 'a version that is no number');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/catalogue',
    { sector: 'C01', name: '带版本', method: 'lec', inputs: { L: 1, E: 6, C: 7 }, version: 1 }),
  { status: 400, json: { error: { field: 'version' } } }, 'a new entry takes no version');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/catalogue/${id}`),
    { status: 200, json: { place: `${place}改`, version: 2 } }, 'the refused change wrote nothing');
  const d = await ctx.request('admin', 'DELETE', `/api/v1/catalogue/${id}`);
  ctx.expect(d, { status: 200, json: { status: 'archived', version: 3 } }, 'archiving bumps the version');
  const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=catalogue&id=${id}`);
  const actions = ((a.json && a.json.items) || []).map((x) => x.action).sort();
  ctx.check(JSON.stringify(actions) === JSON.stringify(['archive', 'create', 'update']),
    `one audit entry per write, the refused one none: ${actions.join(',')}`);
}
