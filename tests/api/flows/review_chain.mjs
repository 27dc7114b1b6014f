// The review chain of a unit's risk list (风险清单审核), driven through every step with the right
// users: the unit submits, the street checks, the district department reviews, the city
// department re-assesses a list with public-safety points, the list is published and reopened
// by a change report. At each step every wrong user gets 403 and nothing changes (same state,
// same version, no new step). docs/REVIEWS.md states the rules.

const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇, Kunshan
const KS = { region: '320583', lon: 120.955, lat: 31.384 }; // Kunshan, no town

async function freshUnit(ctx, where, tag) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `审核链${tag}${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 30, address: '审核路1号', ...where,
  });
  ctx.require(u.status === 201 && u.json.dept === 'AJJ', `create unit: ${u.status} ${u.text}`);
  return u.json;
}

// An account of `role` and a private session logged in as it.
async function account(ctx, role, extra) {
  const login = `rv.${role}.${ctx.uniq()}`.toLowerCase();
  const r = await ctx.request('admin', 'POST', '/api/v1/users', { login, role, password: 'review-pw-1', ...extra });
  ctx.require(r.status === 201, `create ${role} account: ${r.status} ${r.text}`);
  const s = await ctx.request(login, 'POST', '/api/v1/session', { login, password: 'review-pw-1' }, { csrf: false });
  ctx.require(s.status === 200, `log in ${login}: ${s.status} ${s.text}`);
  return login;
}

const status = async (ctx, unitId) => {
  const r = await ctx.request('admin', 'GET', `/api/v1/units/${unitId}/review`);
  ctx.require(r.status === 200, `GET review status: ${r.status} ${r.text}`);
  return r.json;
};

// Every session in `wrong` tries the action; each must get 403 and leave the list as it was.
async function refuseAll(ctx, unitId, wrong, act, label) {
  const before = await status(ctx, unitId);
  for (const as of wrong) {
    const r = await act(as);
    ctx.expect(r, { status: 403, json: { error: { code: 'forbidden' } } }, `${label}: ${as} is refused`);
  }
  const after = await status(ctx, unitId);
  ctx.check(after.state === before.state, `${label}: state ${before.state} → ${after.state} after refusals`);
  const v = (s) => (s.review ? `${s.review.version}/${s.review.steps.length}` : 'none');
  ctx.check(v(after) === v(before), `${label}: report changed by refused users (${v(before)} → ${v(after)})`);
}

const decide = (ctx, as, id, decision, comment) =>
  ctx.request(as, 'POST', `/api/v1/reviews/${id}/decision`, comment === undefined ? { decision } : { decision, comment });

const mine = async (ctx, as) => {
  const r = await ctx.request(as, 'GET', '/api/v1/reviews?mine=1&limit=500');
  ctx.require(r.status === 200, `mine as ${as}: ${r.status} ${r.text}`);
  return r.json.items.map((x) => x.id);
};

export async function wholeChainWithWrongUsers(ctx) {
  const unit = await freshUnit(ctx, YS, '镇');
  // a grade Ⅰ point: the list may affect public safety, so the city department re-assesses it
  const k = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/risks`, {
    name: '液氨储罐区', method: 'lec', inputs: { L: 6, E: 6, C: 40 },
  });
  ctx.require(k.status === 201 && k.json.grade === 1, `grade Ⅰ point: ${k.status} ${k.text}`);
  const me = await account(ctx, 'unit', { unit_id: unit.id });
  const street2 = await account(ctx, 'street', { region: '320583101' });
  const wjDept = await account(ctx, 'district_dept', { region: '320509', dept: 'AJJ' });
  const zjj = await account(ctx, 'city_dept', { dept: 'ZJJ' });
  const everyone = ['admin', 'kunshan', 'wujiang', 't_ajj', 't_ksajj', 't_yushan', 't_unit', 't_expert', me, street2, wjDept, zjj];
  const except = (...ok) => everyone.filter((x) => !ok.includes(x));

  let s = await status(ctx, unit.id);
  ctx.expect({ status: 200, json: s }, { json: { state: 'draft', next: { actor: 'unit' }, review: null, owed: [{ kind: 'initial', late: false }] } }, 'a new unit: draft, the unit acts, the initial report is owed');
  const own = await ctx.request(me, 'GET', `/api/v1/units/${unit.id}/review`);
  ctx.expect(own, { status: 200, json: { may_submit: true, may_decide: false, next: { actor_cn: '本单位' } } }, 'the unit sees it may submit');

  // submit: only the unit itself
  await refuseAll(ctx, unit.id, except(me), (as) => ctx.request(as, 'POST', `/api/v1/units/${unit.id}/submit`, {}), 'submit');
  let r = await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, { note: '书面报告已于上周报送' });
  ctx.expect(r, { status: 201, json: { state: 'submitted', waiting_on: 'street', kind: 'initial', public_safety: true, risk_count: 1, public_count: 1, next: { actor: 'street' } } }, 'the unit submits');
  ctx.require(r.status === 201, 'submitted');
  const id = r.json.id;
  ctx.expect(await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, {}), { status: 409, json: { error: { field: 'state' } } }, 'no second submission while the street holds it');
  ctx.check((await mine(ctx, 't_yushan')).includes(id), 'the street\'s queue holds the report');
  for (const as of ['t_ksajj', 't_ajj', street2, 'admin', me]) ctx.check(!(await mine(ctx, as)).includes(id), `${as}'s queue must not hold it yet`);

  // the street: the wrong ones first, then a return without and with a comment
  await refuseAll(ctx, unit.id, except('t_yushan'), (as) => decide(ctx, as, id, 'approve'), 'street check');
  ctx.expect(await decide(ctx, 't_yushan', id, 'return'), { status: 400, json: { error: { field: 'comment', code: 'required' } } }, 'a return needs a comment');
  ctx.expect(await decide(ctx, 't_yushan', id, 'maybe'), { status: 400, json: { error: { field: 'decision' } } }, 'an unknown decision');
  r = await decide(ctx, 't_yushan', id, 'return', '地址不全\n请补充门牌号');
  ctx.expect(r, { status: 200, json: { state: 'returned', waiting_on: 'unit', next: { actor: 'unit' } } }, 'the street returns it');
  s = await status(ctx, unit.id);
  const last = s.review.steps[s.review.steps.length - 1];
  ctx.check(last.action === 'return' && last.comment === '地址不全\n请补充门牌号' && last.login === 't_yushan', `the return and its comment are on the report: ${JSON.stringify(last)}`);
  ctx.check((await mine(ctx, me)).includes(id), 'the returned report waits on the unit');
  await refuseAll(ctx, unit.id, except(me), (as) => ctx.request(as, 'POST', `/api/v1/units/${unit.id}/submit`, {}), 'resubmit');
  r = await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, { note: '已补充门牌号' });
  ctx.expect(r, { status: 201, json: { id, state: 'submitted', kind: 'initial' } }, 'the unit resubmits the same report');

  // street → district department → city department
  ctx.expect(await decide(ctx, 't_yushan', id, 'approve'), { status: 200, json: { state: 'street_checked', waiting_on: 'district_dept' } }, 'the street approves');
  ctx.check((await mine(ctx, 't_ksajj')).includes(id), 'the district department\'s queue holds it');
  await refuseAll(ctx, unit.id, except('t_ksajj'), (as) => decide(ctx, as, id, 'approve'), 'district department review');
  ctx.expect(await decide(ctx, 't_ksajj', id, 'approve', '同意'), { status: 200, json: { state: 'dept_reviewed', waiting_on: 'city_dept' } }, 'the district department approves; public safety sends it up');
  ctx.check((await mine(ctx, 't_ajj')).includes(id), 'the city department\'s queue holds it');
  ctx.check(!(await mine(ctx, zjj)).includes(id), 'another city department\'s queue does not');
  await refuseAll(ctx, unit.id, except('t_ajj'), (as) => decide(ctx, as, id, 'return', '不同意'), 'city department re-assessment');
  ctx.expect(await decide(ctx, 't_ajj', id, 'approve', '复评通过'), { status: 200, json: { state: 'published', waiting_on: 'none', published_at: { $type: 'string' } } }, 'the city department publishes');
  ctx.expect(await decide(ctx, 't_ajj', id, 'approve'), { status: 409, json: { error: { field: 'state' } } }, 'a published report takes no decision');
  s = await status(ctx, unit.id);
  ctx.expect({ status: 200, json: s }, { json: { state: 'published', state_cn: '已发布', next: { actor: 'none' }, owed: [] } }, 'published, nothing owed');
  ctx.check(s.review.steps.map((x) => x.action).join(',') === 'submit,return,resubmit,approve,approve,approve', `the steps: ${s.review.steps.map((x) => x.action)}`);

  // every step is in the audit trail
  const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=review&id=${id}`);
  ctx.expect(a, { status: 200, json: { items: { $len: 6 } } }, 'six audit entries');
  if (a.status === 200) ctx.check(a.json.items.map((x) => x.action).join(',') === 'submit,return,resubmit,approve,approve,approve', `audit actions: ${a.json.items.map((x) => x.action)}`);

  // a published list is reopened by the unit's next report: a change report
  r = await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, {});
  ctx.expect(r, { status: 201, json: { kind: 'change', state: 'submitted', waiting_on: 'street' } }, 'a change report reopens the list');
  ctx.check(r.json && r.json.id !== id, 'as a new report');
  const list = await ctx.request('t_ksajj', 'GET', `/api/v1/reviews?unit_id=${unit.id}`);
  ctx.expect(list, { status: 200, json: { total: 1, items: [{ kind: 'change' }] } }, 'lists show each unit\'s latest report');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/reviews/${id}`), { status: 403 }, 'another district cannot read it');
  ctx.expect(await ctx.request('t_expert', 'GET', `/api/v1/reviews/${id}`), { status: 200, json: { id, may_decide: false } }, 'the expert reads it');
}

export async function districtLevelUnitWithoutPublicPoints(ctx) {
  // No town: the district checks; nothing public: the district department publishes.
  const unit = await freshUnit(ctx, KS, '区');
  const me = await account(ctx, 'unit', { unit_id: unit.id });
  let r = await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, {});
  ctx.expect(r, { status: 201, json: { waiting_on: 'district', public_safety: false, risk_count: 0 } }, 'a unit without a town waits on the district');
  const id = r.json.id;
  ctx.expect(await decide(ctx, 't_yushan', id, 'approve'), { status: 403 }, 'a street does not check it');
  ctx.expect(await decide(ctx, 'wujiang', id, 'approve'), { status: 403 }, 'another district does not');
  ctx.expect(await decide(ctx, 'kunshan', id, 'approve'), { status: 200, json: { state: 'street_checked' } }, 'its district does');
  ctx.expect(await decide(ctx, 't_ksajj', id, 'approve'), { status: 200, json: { state: 'published' } }, 'no public point: the district department publishes');
}

export async function badInputChangesNothing(ctx) {
  const unit = await freshUnit(ctx, YS, '坏');
  const me = await account(ctx, 'unit', { unit_id: unit.id });
  ctx.expect(await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, { kind: 'x' }), { status: 400, json: { error: { field: 'kind' } } }, 'unknown field');
  ctx.expect(await ctx.request(me, 'POST', `/api/v1/units/${unit.id}/submit`, { note: 5 }), { status: 400, json: { error: { field: 'note' } } }, 'a number for a note');
  ctx.expect({ status: 200, json: await status(ctx, unit.id) }, { json: { state: 'draft' } }, 'still draft');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/reviews?state=closed'), { status: 400, json: { error: { field: 'state' } } }, 'an unknown state filter');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/reviews/999999/decision', { decision: 'approve' }), { status: 404 }, 'no such report');
  const city = await mine(ctx, 'admin');
  ctx.check(city.length === 0, 'the city office waits on no report');
}
