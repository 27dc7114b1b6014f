// Everyday polish (issue 9, item 4): units found by credit code, a unit account that cannot move
// itself, the hazard's next step and who takes it, accounts with a real name and phone shown on
// hazards, a public report's one photo, 培训教育 as a kind of control measure.
import { requestFrom as from } from '../lib/requests.mjs';

// Requests from another loopback address (requestFrom), so the reports here have a quota of their own.

const future = (days) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

export async function unitsFoundByCreditCode(ctx) {
  const u = await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.ks_unit_id}`);
  ctx.require(u.status === 200, `unit: ${u.status}`);
  const code = u.json.credit_code;
  const q = (s) => ctx.request('admin', 'GET', `/api/v1/units?q=${encodeURIComponent(s)}&limit=100`);
  const whole = await q(code);
  ctx.expect(whole, { status: 200, json: { total: 1, items: [{ id: ctx.vars.ks_unit_id, credit_code: code }] } }, 'the whole code finds its unit');
  ctx.expect(await q(code.toLowerCase()), { status: 200, json: { total: 1 } }, 'in small letters too');
  ctx.expect(await q(` ${code} `), { status: 200, json: { total: 1 } }, 'with spaces around it');
  const pre = await q(code.slice(0, 10));
  ctx.expect(pre, { status: 200, json: { total: { $gte: 1 }, items: { $contains: { id: ctx.vars.ks_unit_id }, $each: { credit_code: { $re: `^${code.slice(0, 10)}` } } } } }, 'a prefix of ten characters');
  const six = await q(code.slice(0, 6));
  ctx.expect(six, { status: 200, json: { items: { $min_len: 1, $each: { credit_code: { $re: `^${code.slice(0, 6)}` } } } } }, 'a prefix of six characters');
  ctx.expect(await ctx.request('kunshan', 'GET', `/api/v1/units?q=${code}`), { status: 200, json: { total: 1 } }, 'a district finds its own unit by code');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/units?q=${code}`), { status: 200, json: { total: 0 } }, 'and another district does not');
  ctx.expect(await q(u.json.name), { status: 200, json: { items: { $contains: { id: ctx.vars.ks_unit_id } } } }, 'names are still searched');
  ctx.expect(await q(code.slice(0, 17) + (code[17] === 'X' ? 'Y' : 'X')), { status: 200, json: { items: { $not_contains: { id: ctx.vars.ks_unit_id } } } }, 'another code does not match');
}

export async function unitAccountCannotMoveItself(ctx) {
  const U = `/api/v1/units/${ctx.vars.ks_unit_id}`;
  const u = (await ctx.request('admin', 'GET', U)).json;
  const depts = (await ctx.request('admin', 'GET', '/api/v1/departments')).json.items;
  const other = depts.find((d) => d.code !== u.dept).code;
  const town = u.region.length === 9 && u.region.endsWith('100') ? '320583101' : '320583100';
  ctx.expect(await ctx.request('t_unit', 'PATCH', U, { region: town }), { status: 403, json: { error: { code: 'forbidden', field: 'region', params: { rule: 'unit_own_place' } } } }, 'its own 区县/街道');
  ctx.expect(await ctx.request('t_unit', 'PATCH', U, { region: '320509', lon: 120.645, lat: 31.139 }), { status: 403, json: { error: { field: 'region' } } }, 'another district');
  ctx.expect(await ctx.request('t_unit', 'PATCH', U, { dept: other }), { status: 403, json: { error: { code: 'forbidden', field: 'dept', params: { rule: 'unit_own_place' } } } }, 'its own 监管部门');
  ctx.expect(await ctx.request('t_unit', 'PATCH', U, { region: u.region, dept: u.dept, address: u.address }), { status: 200, json: { region: u.region, dept: u.dept } }, 'sending them unchanged is fine');
  const after = (await ctx.request('admin', 'GET', U)).json;
  ctx.check(after.region === u.region && after.dept === u.dept, 'nothing moved');
}

export async function accountsCarryNameAndPhone(ctx) {
  const login = `t_p9${ctx.uniq()}`.toLowerCase().replace(/[^a-z0-9_]/g, '').slice(0, 40);
  const made = await ctx.request('admin', 'POST', '/api/v1/users', { login, role: 'district', region: '320583', password: 'pass-word-9', name: '王建国', phone: '0512-5761 2345' });
  ctx.expect(made, { status: 201, json: { login, name: '王建国', phone: '0512-5761 2345' } }, 'created with name and phone');
  ctx.require(made.status === 201, 'no account');
  const list = await ctx.request('admin', 'GET', '/api/v1/users');
  ctx.expect(list, { status: 200, json: { items: { $contains: { login, name: '王建国', phone: '0512-5761 2345' } } } }, 'listed with them');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/users/${made.json.id}`, { phone: '13900001111' }), { status: 200, json: { name: '王建国', phone: '13900001111' } }, 'phone changed, name kept');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/users/${made.json.id}`, { phone: '139<script>' }), { status: 400, json: { error: { field: 'phone' } } }, 'a phone is digits');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/users/${made.json.id}`, { name: 'x'.repeat(31) }), { status: 400, json: { error: { field: 'name' } } }, 'a name is short');
  ctx.expect(await ctx.request('wujiang', 'PATCH', `/api/v1/users/${made.json.id}`, { name: '李四' }), { status: 403 }, 'only its administrators change it');
  const audit = await ctx.request('admin', 'GET', `/api/v1/audit?entity=user&id=${made.json.id}`);
  if (audit.status === 200) ctx.expect(audit, { json: { items: { $contains: { action: 'contact' } } } }, 'audited');
  // 发现人/责任人: a hazard shows the real name of the account whose login it names.
  const h = await ctx.request('admin', 'POST', '/api/v1/hazards', { unit_id: ctx.vars.ks_unit_id, source: 'inspection', grade: 'general', description: '配电箱未接地', location: '车间', found_by: login });
  ctx.require(h.status === 201, `hazard: ${h.status} ${h.text}`);
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/hazards/${h.json.id}`), { status: 200, json: { found_by: login, found_by_name: '王建国' } }, 'found_by shows the name');
  const h2 = await ctx.request('admin', 'POST', '/api/v1/hazards', { unit_id: ctx.vars.ks_unit_id, source: 'inspection', grade: 'general', description: '消防栓被遮挡', location: '仓库', found_by: '执法大队' });
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/hazards/${h2.json.id}`), { status: 200, json: { found_by: '执法大队', found_by_name: { $absent: true } } }, 'a name that is no login stays as it is');
}

export async function hazardSaysWhoTakesTheNextStep(ctx) {
  const unit = (await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.ks_unit_id}`)).json;
  const H = '/api/v1/hazards';
  const get = async (id, as = 'admin') => (await ctx.request(as, 'GET', `${H}/${id}`)).json;
  const go = async (id, body, as = 'admin') => {
    const r = await ctx.request(as, 'POST', `${H}/${id}/transition`, body);
    ctx.require(r.status === 200, `→ ${body.to} as ${as}: ${r.status} ${r.text}`);
  };
  const g = await ctx.request('admin', 'POST', H, { unit_id: unit.id, source: 'inspection', grade: 'general', description: '安全出口锁闭', location: '厂房', found_by: '执法' });
  ctx.require(g.status === 201, `hazard: ${g.text}`);
  let h = await get(g.json.id, 't_expert');
  ctx.check(h.actions.length === 0, 'the expert can do nothing');
  ctx.expect({ status: 200, json: h }, { json: { next_step: { to: 'registered', by_role: 'unit', by_name: unit.name } } }, 'found: the unit registers it');
  await go(g.json.id, { to: 'registered' });
  ctx.expect({ status: 200, json: await get(g.json.id, 't_unit') }, { json: { actions: [], next_step: { to: 'assessed', by_role: 'district', by_name: '昆山市' } } }, 'registered: 昆山市 assesses it, the unit waits');
  await go(g.json.id, { to: 'assessed' });
  await go(g.json.id, { to: 'rectifying', measures: '拆除锁具', responsible: '厂长', funds_cny: 100, deadline: future(20) });
  await go(g.json.id, { to: 'rectified', evidence: '已拆除' }, 't_unit');
  ctx.expect({ status: 200, json: await get(g.json.id, 't_unit') }, { json: { next_step: { to: 'verified', by_role: 'district', by_name: '昆山市', to_cn: { $type: 'string' } } } }, 'rectified: 昆山市 verifies');
  await go(g.json.id, { to: 'verified' }, 'kunshan');
  await go(g.json.id, { to: 'closed' }, 'kunshan');
  ctx.expect({ status: 200, json: await get(g.json.id) }, { json: { state: 'closed', next_step: null } }, 'closed: no next step');

  // A 重大隐患 listed by the city office is closed by the city.
  const m = await ctx.request('admin', 'POST', H, { unit_id: unit.id, source: 'inspection', grade: 'major', description: '液氨储罐无泄漏报警', location: '罐区', found_by: '执法' });
  ctx.require(m.status === 201, `major: ${m.text}`);
  await go(m.json.id, { to: 'registered' });
  await go(m.json.id, { to: 'assessed', supervised_by: 'AWB', deadline: future(30) });
  await go(m.json.id, { to: 'rectifying', measures: '加装报警', responsible: '厂长', funds_cny: 5000 });
  await go(m.json.id, { to: 'rectified', evidence: '已加装' }, 't_unit');
  await go(m.json.id, { to: 'verified' }, 'kunshan');
  const city = (await ctx.request('admin', 'GET', '/api/v1/regions/3205')).json;
  ctx.expect({ status: 200, json: await get(m.json.id, 'kunshan') }, { json: { actions: [], next_step: { to: 'closed', by_role: 'city', by_name: city ? city.name : { $type: 'string' } } } }, 'listed by AWB: the city closes it');

  // Listed by its department: that department closes it.
  const d = await ctx.request('admin', 'POST', H, { unit_id: unit.id, source: 'inspection', grade: 'major', description: '粉尘除尘系统失效', location: '车间', found_by: '执法' });
  await go(d.json.id, { to: 'registered' });
  await go(d.json.id, { to: 'assessed', supervised_by: unit.dept, deadline: future(30) });
  const dept = (await ctx.request('admin', 'GET', '/api/v1/departments')).json.items.find((x) => x.code === unit.dept);
  ctx.expect({ status: 200, json: await get(d.json.id) }, { json: { next_step: { to: 'rectifying', by_role: 'unit' } } }, 'assessed: the unit plans');
  await go(d.json.id, { to: 'rectifying', measures: '更换', responsible: '厂长', funds_cny: 10 });
  await go(d.json.id, { to: 'rectified', evidence: '已换' }, 't_unit');
  await go(d.json.id, { to: 'verified' }, 'kunshan');
  ctx.expect({ status: 200, json: await get(d.json.id) }, { json: { next_step: { to: 'closed', by_role: 'dept', by_name: dept.name_cn } } }, 'listed by a department: it closes it');
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

export async function publicReportWithOnePhoto(ctx) {
  const R = '/api/v1/public/reports';
  const good = { description: '河边堆放液化气钢瓶', address: '玉山镇人民路99号', lon: 120.957, lat: 31.386 };
  const send = (body) => from(ctx, '127.0.0.7', 'POST', R, body);
  ctx.expect(await send({ ...good, photo: Buffer.from('%PDF-1.4 x').toString('base64') }), { status: 415, json: { error: { field: 'photo' } } }, 'a PDF is no photo');
  ctx.expect(await send({ ...good, photo: Buffer.from('<svg onload=alert(1)>').toString('base64') }), { status: 415, json: { error: { field: 'photo' } } }, 'nor is SVG');
  ctx.expect(await send({ ...good, photo: '!!not base64!!' }), { status: 400, json: { error: { field: 'photo' } } }, 'bad base64');
  const big = Buffer.alloc((2 << 20) + 16, 0); Buffer.from('\x89PNG\r\n\x1a\n', 'latin1').copy(big);
  ctx.expect(await send({ ...good, photo: big.toString('base64') }), { status: 413, json: { error: { field: 'photo' } } }, 'over 2 MiB');
  ctx.expect(await send({ ...good, photo: PNG, photo_name: 'a"b.png' }), { status: 400, json: { error: { field: 'name' } } }, 'a quote in the name');
  const r = await send({ ...good, photo: PNG, photo_name: 'C:\\相册\\现场.png' });
  ctx.expect(r, { status: 201, json: { state: 'found' } }, 'a report with its photo');
  ctx.require(r.status === 201, 'no report');
  const h = (await ctx.request('admin', 'GET', `/api/v1/hazards/${r.json.id}`)).json;
  ctx.expect({ status: 200, json: h }, { json: { source: 'public_report', attachments: [{ name: '现场.png', content_type: 'image/png', size: Buffer.from(PNG, 'base64').length }] } }, 'the photo is the hazard\'s attachment');
  const a = await ctx.request('admin', 'GET', `/api/v1/hazards/${r.json.id}/attachments/${h.attachments[0].id}`);
  ctx.check(a.status === 200, `download: ${a.status}`);
  const plain = await send(good);
  ctx.expect(plain, { status: 201 }, 'a photo is optional');
  ctx.expect({ status: 200, json: (await ctx.request('admin', 'GET', `/api/v1/hazards/${plain.json.id}`)).json }, { json: { attachments: [] } }, 'no photo, no attachment');
  // The refused ones cost nothing: three more fill the quota of five.
  for (let i = 0; i < 3; i++) ctx.check((await send({ ...good, photo: PNG })).status === 201, `report ${i + 3}`);
  ctx.expect(await send({ ...good, photo: PNG }), { status: 429 }, 'a photo does not get round the quota');
}

export async function trainingIsAKindOfMeasure(ctx) {
  const k = await ctx.request('admin', 'POST', `/api/v1/units/${ctx.vars.ks_unit_id}/risks`, {
    name: `有限空间作业${ctx.uniq()}`, method: 'lec', inputs: { L: 1, E: 3, C: 7 },
    measures: { engineering: ['强制通风'], training: ['有限空间作业专项培训', '应急演练'] },
  });
  ctx.expect(k, { status: 201, json: { measures: { training: ['有限空间作业专项培训', '应急演练'] } } }, '培训教育 measures are kept');
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/units/${ctx.vars.ks_unit_id}/risks`, { name: 'x', method: 'lec', inputs: { L: 1, E: 3, C: 7 }, measures: { drills: ['x'] } }),
    { status: 400, json: { error: { field: 'measures.drills' } } }, 'an unknown kind is refused');
}
