// Emergency capability assessments (应急能力评估): the checklist comes from data/; a unit scored
// with every item full gets 100 and 强, one drill a year (of the two Kunshan asks) makes the
// drills item weak and lowers the score by exactly its weight's half; the history is newest
// first; districts and departments assess only their own; bad answers are refused naming them.

async function checklist(ctx) {
  const r = await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments/checklist');
  ctx.require(r.status === 200 && r.json.items.length >= 10, `checklist: ${r.status} ${r.text.slice(0, 200)}`);
  return r.json;
}

function answers(cl, subject, over = {}) {
  const a = {};
  for (const it of cl.items) if (it.subjects.includes(subject)) a[it.code] = it.kind === 'count' ? it.required : 2;
  return { ...a, ...over };
}

export async function capabilityScoresFromTheChecklist(ctx) {
  const cl = await checklist(ctx);
  const drills = cl.items.find((i) => i.code === 'drills_per_year');
  ctx.check(drills && drills.kind === 'count' && drills.required === 2 && drills.area === 'drills', `two drills a year: ${JSON.stringify(drills)}`);
  const unitItems = cl.items.filter((i) => i.subjects.includes('unit'));
  const total = unitItems.reduce((s, i) => s + i.weight, 0);
  const uid = ctx.vars.ks_unit_id;
  const full = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'unit', unit_id: uid, answers: answers(cl, 'unit'), assessed_on: '2025-06-30' });
  ctx.expect(full, { status: 201, json: { subject: 'unit', unit_id: uid, score: 100, level: 'strong', level_cn: '强', weak: { $len: 0 }, region: { $type: 'string' }, checklist: cl.version } }, 'all full');
  const one = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'unit', unit_id: uid, answers: answers(cl, 'unit', { drills_per_year: 1 }) });
  const want = Math.round(1000 * (total - drills.weight / 2) / total) / 10;
  ctx.expect(one, { status: 201, json: { score: want, weak: [{ code: 'drills_per_year', area: 'drills' }] } }, `one drill a year: ${want}`);
  // 分项得分: each area over its own items; only the drills area loses, by the item's half weight
  const drillItems = unitItems.filter((i) => i.area === 'drills');
  const dw = drillItems.reduce((x, i) => x + i.weight, 0);
  const wantDrills = Math.round(1000 * (dw - drills.weight / 2) / dw) / 10;
  const areaOrder = [...new Set(unitItems.map((i) => i.area))];
  ctx.expect(one, { json: { areas: areaOrder.map((a) => ({ area: a, score: a === 'drills' ? wantDrills : 100 })) } }, `areas: drills ${wantDrills}, the others 100`);
  ctx.check(one.json.areas.find((a) => a.area === 'drills').area_cn === '演练', 'areas are named in Chinese');
  const none = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'unit', unit_id: uid, answers: Object.fromEntries(unitItems.map((i) => [i.code, 0])) });
  ctx.expect(none, { status: 201, json: { score: 0, level: 'weak', level_cn: '弱', weak: { $len: unitItems.length } } }, 'nothing');
  const h = await ctx.request('kunshan', 'GET', `/api/v1/capability-assessments?unit_id=${uid}&limit=3`);
  ctx.expect(h, { status: 200, json: { items: [{ id: none.json.id }, { id: one.json.id }, { id: full.json.id }] } }, 'the history, newest first');
  ctx.expect(await ctx.request('t_unit', 'GET', `/api/v1/capability-assessments?unit_id=${uid}&limit=1`), { status: 200, json: { items: [{ id: none.json.id }] } }, 'the unit reads its own history');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/audit?entity=capability&id=${one.json.id}`), { status: 200, json: { items: [{ action: 'create' }] } }, 'audited');
  // a district and a department
  const d = await ctx.request('kunshan', 'POST', '/api/v1/capability-assessments', { subject: 'district', region: '320583', answers: answers(cl, 'district', { shelter: 1 }) });
  ctx.expect(d, { status: 201, json: { subject: 'district', region: '320583', unit_id: null, weak: [{ code: 'shelter' }] } }, 'kunshan assesses itself, shelters half done: weak');
  ctx.check(d.json && d.json.weak.length === 1, 'only the shelters are weak');
  const dh = await ctx.request('admin', 'GET', '/api/v1/capability-assessments?subject=district&region=320583&limit=1');
  ctx.expect(dh, { status: 200, json: { items: [{ id: d.json.id }] } }, 'the district\'s history');
  const dp = await ctx.request('t_ksajj', 'POST', '/api/v1/capability-assessments', { subject: 'dept', region: '320583', dept: 'AJJ', answers: answers(cl, 'dept') });
  ctx.expect(dp, { status: 201, json: { subject: 'dept', dept: 'AJJ', score: 100 } }, 'the district AJJ assesses itself');
}

export async function capabilityKeepsToScope(ctx) {
  const cl = await checklist(ctx);
  const count = async () => (await ctx.request('admin', 'GET', '/api/v1/capability-assessments?limit=1')).json.total;
  const n0 = await count();
  const post = (as, body) => ctx.request(as, 'POST', '/api/v1/capability-assessments', body);
  ctx.expect(await post('wujiang', { subject: 'district', region: '320583', answers: answers(cl, 'district') }), { status: 403, json: { error: { params: { rule: 'capability_scope' } } } }, 'wujiang assesses Kunshan');
  ctx.expect(await post('wujiang', { subject: 'unit', unit_id: ctx.vars.ks_unit_id, answers: answers(cl, 'unit') }), { status: 403 }, 'wujiang assesses a Kunshan unit');
  ctx.expect(await post('t_ksajj', { subject: 'dept', region: '320583', dept: 'ZJJ', answers: answers(cl, 'dept') }), { status: 403 }, 'the district AJJ assesses ZJJ');
  ctx.expect(await post('t_ksajj', { subject: 'district', region: '320583', answers: answers(cl, 'district') }), { status: 403 }, 'the district AJJ assesses the district');
  ctx.expect(await post('t_expert', { subject: 'district', region: '320583', answers: answers(cl, 'district') }), { status: 403 }, 'the expert assesses');
  ctx.expect(await post('t_unit', { subject: 'unit', unit_id: ctx.vars.wj_unit_id, answers: answers(cl, 'unit') }), { status: 403 }, 'a unit assesses another');
  for (const [body, field, extra] of [
    [{ subject: 'town', region: '320583', answers: {} }, 'subject'],
    [{ subject: 'district', region: '320583', answers: answers(cl, 'district', { plan_system: 3 }) }, 'answers', { params: { item: 'plan_system' } }],
    [{ subject: 'district', region: '320583', answers: answers(cl, 'district', { drills_per_year: -1 }) }, 'answers', { params: { item: 'drills_per_year' } }],
    [{ subject: 'district', region: '320583', answers: { plan_system: 2 } }, 'answers'],
    [{ subject: 'district', region: '320583', answers: answers(cl, 'district', { nonsense: 1 }) }, 'answers'],
    [{ subject: 'district', region: '320583100', answers: answers(cl, 'district') }, 'region'],
    [{ subject: 'district', region: '320583', answers: answers(cl, 'district'), assessed_on: '2999-01-01' }, 'assessed_on'],
    [{ subject: 'unit', answers: answers(cl, 'unit') }, 'unit_id']]) {
    ctx.expect(await post('kunshan', body), { status: 400, json: { error: { field, ...(extra || {}) } } }, `bad ${field}`);
  }
  ctx.check(await count() === n0, 'the refused assessments wrote nothing');
  const k = await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments?limit=500');
  ctx.check(k.status === 200 && k.json.items.every((x) => x.region.startsWith('320583')), 'kunshan reads only Kunshan');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/capability-assessments?region=320509'), { status: 403 }, 'kunshan asks for Wujiang');
}
