// Emergency plans (应急预案): a unit's plans cover its own risk points and major hazard sources;
// a major hazard source without a plan is listed until one covers it (一对一) and again when
// that plan is archived; a plan past its review (3 years) or drill cut-off is listed overdue;
// plans follow the unit's scope (a Wujiang account 403, the unit itself writes its own).

async function unitWithSource(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `预案测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  const inst = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/installations`, {
    name: `液氯储罐区${ctx.uniq()}`, kind: 'storage', exposed_500m: 10, inventory: [{ cas: '7782-50-5', q: 10 }],
  });
  ctx.require(inst.status === 201 && inst.json.major === true, `installation: ${inst.text}`);
  const risk = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/risks`, {
    name: `储罐${ctx.uniq()}`, place: '罐区', method: 'lec', inputs: { L: 6, E: 6, C: 7 }, accident_types: [8],
    owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '中毒',
  });
  ctx.require(risk.status === 201, `risk: ${risk.text}`);
  return { unit: u.json, inst: inst.json, risk: risk.json };
}

const gaps = (ctx, as = 'kunshan') => ctx.request(as, 'GET', '/api/v1/plans/gaps');

export async function everyMajorSourceHasItsPlan(ctx) {
  const { unit, inst, risk } = await unitWithSource(ctx);
  let g = await gaps(ctx);
  ctx.check(g.status === 200 && g.json.sources_without_plan.some((s) => s.id === inst.id && s.unit_id === unit.id), `the new source is listed without a plan: ${g.text.slice(0, 300)}`);
  const today = g.json.today;
  const p = await ctx.request('kunshan', 'POST', `/api/v1/units/${unit.id}/plans`, {
    name: '液氯泄漏专项应急预案', type: '专项应急预案', risk_ids: [risk.id], installation_ids: [inst.id],
    issued_on: '2024-03-01', reviewed_on: today, drilled_on: today,
  });
  ctx.expect(p, { status: 201, json: { type: 'special', type_cn: '专项应急预案', installation_ids: [inst.id], risk_ids: [risk.id],
    review_overdue: false, drill_overdue: false, review_due: { $type: 'string' }, region: '320583' } }, 'a special plan covers the source');
  g = await gaps(ctx);
  ctx.check(!g.json.sources_without_plan.some((s) => s.id === inst.id), 'covered: no longer listed');
  ctx.check(!g.json.overdue.some((x) => x.id === p.json.id), 'a fresh plan is not overdue');
  const l = await ctx.request('kunshan', 'GET', `/api/v1/units/${unit.id}/plans`);
  ctx.expect(l, { status: 200, json: { items: [{ id: p.json.id, name: '液氯泄漏专项应急预案' }] } }, 'the unit\'s plans');
  // an on-site plan drilled seven months ago and a plan reviewed more than three years ago
  const old = await ctx.request('kunshan', 'POST', `/api/v1/units/${unit.id}/plans`, {
    name: '储罐区现场处置方案', type: 'onsite', issued_on: '2022-01-10', reviewed_on: '2022-01-10', drilled_on: '2022-06-01',
  });
  ctx.expect(old, { status: 201, json: { review_overdue: true, drill_overdue: true, review_due: '2025-01-10', drill_due: '2022-12-01' } }, 'an old on-site plan');
  g = await gaps(ctx);
  ctx.check(g.json.overdue.some((x) => x.id === old.json.id && x.drill_overdue && x.review_overdue), 'the old plan is listed overdue');
  const fix = await ctx.request('kunshan', 'PATCH', `/api/v1/plans/${old.json.id}`, { reviewed_on: today, drilled_on: today, version: 1 });
  ctx.expect(fix, { status: 200, json: { review_overdue: false, drill_overdue: false, version: 2 } }, 'reviewed and drilled today');
  g = await gaps(ctx);
  ctx.check(!g.json.overdue.some((x) => x.id === old.json.id), 'no longer overdue');
  // archiving the covering plan lists the source again
  ctx.expect(await ctx.request('kunshan', 'DELETE', `/api/v1/plans/${p.json.id}`), { status: 200, json: { status: 'archived' } }, 'archive');
  g = await gaps(ctx);
  ctx.check(g.json.sources_without_plan.some((s) => s.id === inst.id), 'the source is listed again');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/audit?entity=plan&id=${p.json.id}`), { status: 200, json: { items: [{ action: 'create' }, { action: 'archive' }] } }, 'audited');
}

export async function plansFollowTheUnit(ctx) {
  const { unit, inst } = await unitWithSource(ctx);
  const other = await unitWithSource(ctx);
  const body = { name: '综合应急预案', type: 'comprehensive', issued_on: '2025-01-01' };
  ctx.expect(await ctx.request('wujiang', 'POST', `/api/v1/units/${unit.id}/plans`, body), { status: 403 }, 'wujiang adds a plan to a Kunshan unit');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/units/${unit.id}/plans`), { status: 403 }, 'wujiang reads them');
  ctx.expect(await ctx.request('t_expert', 'POST', `/api/v1/units/${unit.id}/plans`, body), { status: 403 }, 'the expert adds one');
  ctx.expect(await ctx.request('t_expert', 'GET', `/api/v1/units/${unit.id}/plans`), { status: 200 }, 'the expert reads them');
  ctx.expect(await ctx.request('t_unit', 'POST', `/api/v1/units/${unit.id}/plans`, body), { status: 403 }, 'another unit adds one');
  const own = await ctx.request('t_unit', 'POST', `/api/v1/units/${ctx.vars.ks_unit_id}/plans`, body);
  ctx.expect(own, { status: 201, json: { unit_id: ctx.vars.ks_unit_id } }, 'the unit adds its own');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/plans/${own.json.id}`), { status: 403 }, 'wujiang reads a Kunshan plan');
  ctx.expect(await ctx.request('wujiang', 'PATCH', `/api/v1/plans/${own.json.id}`, { name: 'x' }), { status: 403 }, 'wujiang changes it');
  const w = await gaps(ctx, 'wujiang');
  ctx.check(w.status === 200 && w.json.sources_without_plan.every((s) => s.region.startsWith('320509')), 'wujiang sees only its sources');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/plans/gaps?region=320509'), { status: 403 }, 'kunshan asks for Wujiang');
  const tu = await gaps(ctx, 't_unit');
  ctx.check(tu.status === 200 && tu.json.sources_without_plan.every((s) => s.unit_id === ctx.vars.ks_unit_id), 'a unit sees only its own gaps');
  for (const [b, field] of [[{ type: 'special' }, 'name'], [{ name: 'x', type: 'drill' }, 'type'],
    [{ name: 'x', type: 'special', installation_ids: [other.inst.id] }, 'installation_ids'],
    [{ name: 'x', type: 'special', risk_ids: [other.risk.id] }, 'risk_ids'], [{ name: 'x', type: 'special', risk_ids: 'a' }, 'risk_ids'],
    [{ name: 'x', type: 'special', drilled_on: '2999-01-01' }, 'drilled_on'], [{ name: 'x', type: 'special', issued_on: '2025-02-30' }, 'issued_on'],
    [{ name: 'x', type: 'special', colour: 1 }, 'colour']]) {
    ctx.expect(await ctx.request('kunshan', 'POST', `/api/v1/units/${unit.id}/plans`, b), { status: 400, json: { error: { field } } }, `bad ${field}`);
  }
  const l = await ctx.request('kunshan', 'GET', `/api/v1/units/${unit.id}/plans`);
  ctx.expect(l, { status: 200, json: { items: { $len: 0 } } }, 'nothing was written');
  ctx.check(inst.id > 0, 'the source exists');
}

// 《生产安全事故应急预案管理办法》 第三十三条: a key unit (here 危险化学品生产, C01) drills every plan at
// least every half year (第二款); any other unit (a school, P02) its comprehensive plan yearly
// (第一款). The same comprehensive plan, drilled on the first of the month seven months ago, is
// overdue at the first and listed in the gaps, and not at the second.
export async function drillsAreDueByUnitKind(ctx) {
  const { unit: chem } = await unitWithSource(ctx);
  const school = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `预案学校${ctx.uniq()}`, sector: 'P02', region: '320583',
    lon: 120.956, lat: 31.385, size_class: 'below', employees: 80, address: '测试地址',
  });
  ctx.require(school.status === 201, `school: ${school.text}`);
  const today = (await gaps(ctx)).json.today;
  const ym = (months) => {
    const [y, m] = today.split('-').map(Number);
    const k = y * 12 + (m - 1) + months;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}-01`;
  };
  const body = { name: '综合应急预案', type: 'comprehensive', issued_on: ym(-12), reviewed_on: ym(-12), drilled_on: ym(-7) };
  const k = await ctx.request('kunshan', 'POST', `/api/v1/units/${chem.id}/plans`, body);
  ctx.expect(k, { status: 201, json: { unit_sector: 'C01', key_unit: true, drill_months: 6, drill_due: ym(-1), drill_overdue: true, review_overdue: false } }, 'a key unit\'s comprehensive plan is due half a year after its drill');
  const o = await ctx.request('kunshan', 'POST', `/api/v1/units/${school.json.id}/plans`, body);
  ctx.expect(o, { status: 201, json: { unit_sector: 'P02', key_unit: false, drill_months: 12, drill_due: ym(5), drill_overdue: false } }, 'a school\'s comprehensive plan is due a year after its drill');
  const g = await gaps(ctx);
  const late = g.json.overdue.find((x) => x.id === k.json.id);
  ctx.check(late && late.drill_overdue === true && late.drill_months === 6, `the key unit's plan is listed overdue: ${JSON.stringify(late)}`);
  ctx.check(!g.json.overdue.some((x) => x.id === o.json.id), 'the school\'s plan is not listed');
  const onsite = await ctx.request('kunshan', 'POST', `/api/v1/units/${school.json.id}/plans`, { ...body, name: '现场处置方案', type: 'onsite' });
  ctx.expect(onsite, { status: 201, json: { key_unit: false, drill_months: 6, drill_due: ym(-1), drill_overdue: true } }, 'an on-site plan is half-yearly at any unit');
  ctx.check((await gaps(ctx)).json.overdue.some((x) => x.id === onsite.json.id), 'the school\'s on-site plan is listed');
}
