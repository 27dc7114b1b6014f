// Hidden hazards (事故隐患): the closed loop end to end, the risk point forced to grade Ⅰ while a
// 重大隐患 on it is open, separation of duties, scope, attachments, public reports, statistics
// and escalation. docs/HAZARDS.md states the rules these walk through.

const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇, Kunshan

async function post(ctx, as, path, body, label, expect) {
  const r = await ctx.request(as, 'POST', path, body);
  ctx.expect(r, expect, label);
  return r;
}

async function step(ctx, as, id, body, expect, label) {
  return post(ctx, as, `/api/v1/hazards/${id}/transition`, body, label || `${as}: → ${body.to}`, expect);
}

async function getHazard(ctx, id, as = 'admin') {
  const r = await ctx.request(as, 'GET', `/api/v1/hazards/${id}`);
  ctx.require(r.status === 200, `GET hazard ${id} as ${as}: ${r.status} ${r.text}`);
  return r.json;
}

async function future(days) {
  const d = new Date(Date.now() + 8 * 3600e3 + days * 86400e3);
  return d.toISOString().slice(0, 10);
}

// A unit of dept AJJ (sector C01) in 玉山镇 with one low (Ⅳ) risk point.
async function unitWithRisk(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `隐患测试化工${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 20, address: '测试路1号', ...YS,
  });
  ctx.require(u.status === 201 && u.json.dept === 'AJJ', `create unit: ${u.status} ${u.text}`);
  const k = await ctx.request('admin', 'POST', `/api/v1/units/${u.json.id}/risks`, {
    name: '储罐区泄漏', method: 'lec', inputs: { L: 1, E: 3, C: 7 },
  });
  ctx.require(k.status === 201, `create risk: ${k.status} ${k.text}`);
  ctx.require(k.json.grade === 4, `risk should grade Ⅳ: ${k.text}`);
  return { unit: u.json, risk: k.json };
}

export async function majorHazardFoundToClosed(ctx) {
  const { unit, risk } = await unitWithRisk(ctx);
  const H = '/api/v1/hazards';
  const c = await post(ctx, 't_ksajj', H, {
    unit_id: unit.id, risk_id: risk.id, source: 'inspection', grade: 'major',
    description: '储罐区可燃气体报警系统失效', location: '罐区', found_by: '执法大队',
  }, 'district dept records a major hazard', { status: 201, json: { state: 'found', grade: 'major', overdue: false, unit_id: unit.id, risk_id: risk.id, dept: 'AJJ' } });
  ctx.require(c.status === 201, 'no hazard');
  const id = c.json.id;
  const riskNow = async () => (await ctx.request('admin', 'GET', `/api/v1/risks/${risk.id}`)).json;

  let k = await riskNow();
  ctx.check(k.grade === 1 && k.open_major_hazards === 1, `risk point is grade Ⅰ while the major hazard is open: ${JSON.stringify({ grade: k.grade, open: k.open_major_hazards })}`);
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/units/${unit.id}/rating`), { status: 200, json: { color: 'red' } }, 'unit is red with an open 重大隐患');

  // An illegal jump changes nothing.
  await step(ctx, 'admin', id, { to: 'closed' }, { status: 409, json: { error: { code: 'illegal_transition' } } });
  await step(ctx, 'admin', id, { to: 'rectifying', measures: 'x', responsible: 'y', funds_cny: 1, deadline: await future(30) }, { status: 409 });
  ctx.check((await getHazard(ctx, id)).state === 'found', 'still found after refused steps');

  await step(ctx, 't_yushan', id, { to: 'registered', comment: '已核实' }, { status: 200, json: { state: 'registered' } });
  // Listing (挂牌督办) comes with the assessment of a major hazard; a street may not assess one.
  await step(ctx, 't_yushan', id, { to: 'assessed', supervised_by: 'AWB', deadline: await future(30) }, { status: 403 }, 'street may not assess a major hazard');
  await step(ctx, 't_unit', id, { to: 'assessed' }, { status: 403 }, 'another unit may not touch it');
  await step(ctx, 't_ksajj', id, { to: 'assessed', deadline: await future(30) }, { status: 400, json: { error: { code: 'required', field: 'supervised_by' } } });
  await step(ctx, 't_ksajj', id, { to: 'assessed', deadline: await future(30), supervised_by: 'ZJJ' }, { status: 400, json: { error: { field: 'supervised_by' } } });
  await step(ctx, 't_ksajj', id, { to: 'assessed', deadline: '2001-01-01', supervised_by: 'AWB' }, { status: 400, json: { error: { field: 'deadline' } } });
  await step(ctx, 't_ksajj', id, { to: 'assessed', deadline: await future(30), supervised_by: 'AWB', evidence: 'x' }, { status: 400, json: { error: { field: 'evidence' } } }, 'a step refuses fields it does not take');
  await step(ctx, 't_ksajj', id, { to: 'assessed', deadline: await future(30), supervised_by: 'AWB' }, { status: 200, json: { state: 'assessed', supervised_by: 'AWB', listed: true, due_soon: false } });
  ctx.expect(await ctx.request('admin', 'GET', `${H}?listed=1&supervised_by=AWB&limit=500&unit_id=${unit.id}`), { status: 200, json: { items: { $contains: { id } } } }, 'on the city office list');

  // Rectification plan: every field named when missing.
  const plan = { to: 'rectifying', measures: '更换报警探头并联锁切断', responsible: '张建国', funds_cny: 120000 };
  for (const f of ['measures', 'responsible', 'funds_cny']) {
    const b = { ...plan };
    delete b[f];
    await step(ctx, 'kunshan', id, b, { status: 400, json: { error: { code: 'required', field: f } } }, `rectifying without ${f}`);
  }
  await step(ctx, 'kunshan', id, plan, { status: 200, json: { state: 'rectifying', funds_cny: 120000, responsible: '张建国' } });
  await step(ctx, 'kunshan', id, { to: 'rectified' }, { status: 400, json: { error: { field: 'evidence' } } });
  const rect = await step(ctx, 'kunshan', id, { to: 'rectified', evidence: '探头已更换，联调记录附后' }, { status: 200, json: { state: 'rectified', rectified_by: { $type: 'integer' } } });

  // The rectifier cannot verify its own work.
  await step(ctx, 'kunshan', id, { to: 'verified' }, { status: 403, json: { error: { code: 'separation_of_duties', field: 'to' } } }, 'rectifier verifying');
  // A rejection goes back one step and needs its reason.
  await step(ctx, 't_ajj', id, { to: 'rectifying' }, { status: 400, json: { error: { field: 'comment' } } });
  await step(ctx, 't_ajj', id, { to: 'rectifying', comment: '缺少检测报告' }, { status: 200, json: { state: 'rectifying', rectified_by: null } });
  await step(ctx, 'kunshan', id, { to: 'rectified', evidence: '补充检测报告' }, { status: 200, json: { state: 'rectified', rectified_by: rect.json && rect.json.rectified_by } });
  await step(ctx, 't_ajj', id, { to: 'verified', comment: '现场验收合格' }, { status: 200, json: { state: 'verified' } });

  k = await riskNow();
  ctx.check(k.grade === 1, `still grade Ⅰ until closure: ${k.grade}`);
  // Closure of a major hazard listed by the city office is the city office's.
  await step(ctx, 't_ajj', id, { to: 'closed' }, { status: 403 }, 'department closing a city-listed hazard');
  await step(ctx, 'kunshan', id, { to: 'closed' }, { status: 403 }, 'district closing a city-listed hazard');
  await step(ctx, 'admin', id, { to: 'closed', comment: '销号' }, { status: 200, json: { state: 'closed', closed_at: { $type: 'string' }, overdue: false } });

  k = await riskNow();
  ctx.check(k.grade === 4 && k.grade === k.assessed_grade && k.open_major_hazards === 0, `risk returns to its assessed grade after closure: ${JSON.stringify({ grade: k.grade, assessed: k.assessed_grade, open: k.open_major_hazards })}`);
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/units/${unit.id}/rating`), { status: 200, json: { color: { $ne: 'red' } } }, 'unit no longer red');

  // Closed is final.
  await step(ctx, 'admin', id, { to: 'verified', comment: 'x' }, { status: 409, json: { error: { code: 'illegal_transition' } } });
  ctx.expect(await ctx.request('admin', 'PATCH', `${H}/${id}`, { description: 'x' }), { status: 409 }, 'a closed hazard cannot change');

  const h = await getHazard(ctx, id);
  ctx.check(h.events.map((e) => e.to).join(',') === 'found,registered,assessed,rectifying,rectified,rectifying,rectified,verified,closed', `events: ${h.events.map((e) => e.to)}`);
  ctx.check(h.events.find((e) => e.comment === '缺少检测报告'), 'the rejection reason is kept');
  const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=hazard&id=${id}`);
  const actions = (a.json && a.json.items || []).map((x) => x.action);
  for (const want of ['create', 'state:registered', 'state:assessed', 'state:rectifying', 'state:rectified', 'reject:rectifying', 'state:verified', 'state:closed'])
    ctx.check(actions.includes(want), `audit has ${want}: ${actions}`);
}

export async function unitSelfCheckLoop(ctx) {
  const H = '/api/v1/hazards';
  const ks = ctx.vars.ks_unit_id;
  await post(ctx, 't_unit', H, { source: 'inspection', grade: 'general', description: 'x' }, 'a unit does not record inspections', { status: 403, json: { error: { field: 'source' } } });
  await post(ctx, 't_unit', H, { unit_id: ctx.vars.wj_unit_id, source: 'self_check', grade: 'general', description: 'x' }, 'a unit records only its own', { status: 403 });
  const c = await post(ctx, 't_unit', H, { source: 'self_check', grade: 'general', description: '灭火器压力不足', location: '仓库' }, 'unit self-check', { status: 201, json: { unit_id: ks, state: 'found', source: 'self_check', found_by: 't_unit' } });
  ctx.require(c.status === 201, 'no hazard');
  const id = c.json.id;
  await step(ctx, 't_unit', id, { to: 'registered' }, { status: 200 });
  await step(ctx, 't_unit', id, { to: 'assessed' }, { status: 403 }, 'a unit does not assess');
  await step(ctx, 't_expert', id, { to: 'assessed' }, { status: 403 }, 'experts are read-only');
  await step(ctx, 'wujiang', id, { to: 'assessed' }, { status: 403 }, 'another district');
  await step(ctx, 'kunshan', id, { to: 'assessed', deadline: await future(10) }, { status: 200, json: { due_soon: false, days_left: 10 } });
  ctx.expect(await ctx.request('t_unit', 'PATCH', `${H}/${id}`, { deadline: await future(60) }), { status: 403 }, 'a unit cannot move its own deadline after assessment');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `${H}/${id}`, { description: '改' }), { status: 409, json: { error: { field: 'description' } } }, 'assessed: only the deadline changes');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `${H}/${id}`, { deadline: await future(5) }), { status: 200, json: { deadline: await future(5), due_soon: true } }, 'regulator moves the deadline');
  await step(ctx, 't_unit', id, { to: 'rectifying', measures: '更换灭火器', responsible: '李明', funds_cny: 800 }, { status: 200, json: { state: 'rectifying', deadline: await future(5) } });
  await step(ctx, 't_unit', id, { to: 'rectified', evidence: '已更换' }, { status: 200 });
  await step(ctx, 't_unit', id, { to: 'verified' }, { status: 403 }, 'a unit never verifies');
  // Which streets may verify is streetVerifiesOnlyInItsTown's business, on units of known towns.
  await step(ctx, 'kunshan', id, { to: 'verified' }, { status: 200, json: { state: 'verified' } });
  await step(ctx, 't_unit', id, { to: 'closed' }, { status: 403 }, 'a unit does not close');
  await step(ctx, 'kunshan', id, { to: 'closed' }, { status: 200, json: { state: 'closed' } });

  const mine = await ctx.request('t_unit', 'GET', `${H}?limit=500`);
  ctx.expect(mine, { status: 200, json: { items: { $each: { unit_id: ks } } } }, 'a unit lists only its own');
  ctx.expect(await ctx.request('t_unit', 'GET', `${H}?unit_id=${ctx.vars.wj_unit_id}`), { status: 403 }, 'unit filter outside scope');
  ctx.expect(await ctx.request('wujiang', 'GET', `${H}/${id}`), { status: 403 }, 'another district cannot read');
  ctx.expect(await ctx.request('t_expert', 'GET', `${H}/${id}`), { status: 200, json: { contact: { $absent: true } } }, 'experts read');
  const w = await ctx.request('wujiang', 'GET', `${H}?limit=500`);
  ctx.expect(w, { status: 200, json: { items: { $each: { region: { $re: '^320509' } } } } }, 'district lists its territory');
  const d = await ctx.request('t_ajj', 'GET', `${H}?limit=500`);
  ctx.expect(d, { status: 200, json: { items: { $each: { dept: 'AJJ' } } } }, 'department lists its industry');
}

export async function badInputWritesNothing(ctx) {
  const H = '/api/v1/hazards';
  const base = { unit_id: ctx.vars.ks_unit_id, source: 'inspection', grade: 'general', description: '测试' };
  const before = (await ctx.request('admin', 'GET', `${H}?limit=1`)).json.total;
  const bad = [
    [{ ...base, colour: 'red' }, 'colour'], [{ ...base, grade: '重大' }, 'grade'],
    [{ ...base, source: 'rumour' }, 'source'], [{ ...base, source: 'public_report' }, 'source'],
    [{ ...base, description: '' }, 'description'], [{ ...base, unit_id: undefined }, 'unit_id'],
    [{ ...base, unit_id: 99999999 }, 'unit_id'], [{ ...base, lon: 120.9 }, 'lat'],
    [{ ...base, deadline: '2024-02-30' }, 'deadline'], [{ ...base, found_at: '2999-01-01' }, 'found_at'],
    [{ ...base, risk_id: 99999999 }, 'risk_id'], [{ ...base, description: 'x'.repeat(1001) }, 'description'],
  ];
  for (const [body, field] of bad) {
    const r = await ctx.request('admin', 'POST', H, body);
    ctx.expect(r, { status: 400, json: { error: { field } } }, `bad ${field}`);
  }
  ctx.expect(await ctx.request('admin', 'GET', `${H}?limit=1`), { json: { total: before } }, 'nothing written');
  for (const [q, field] of [['state=open', 'state'], ['grade=x', 'grade'], ['limit=0', 'limit'], ['overdue=maybe', 'overdue'], ['escalation=mars', 'escalation'], ['region=32x', 'region'], ['unit_id=-1', 'unit_id']])
    ctx.expect(await ctx.request('admin', 'GET', `${H}?${q}`), { status: 400, json: { error: { field } } }, q);
  ctx.expect(await ctx.request('kunshan', 'GET', `${H}?region=320509`), { status: 403 }, 'region outside scope');
  ctx.expect(await ctx.request('admin', 'POST', `${H}/99999999/transition`, { to: 'registered' }), { status: 404 }, 'no such hazard');
  ctx.expect(await ctx.request('admin', 'POST', `${H}/1/transition`, { to: 'reopened' }), { status: 400, json: { error: { code: 'invalid', field: 'to' } } }, 'unknown state');
  ctx.expect(await ctx.request(null, 'GET', H), { status: 401 }, 'anonymous list');
  ctx.expect(await ctx.request(null, 'POST', H, base, { csrf: false }), { status: 401 }, 'anonymous create');
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201d0a3e1c50000000049454e44ae426082', 'hex');

export async function attachmentsAreWhitelisted(ctx) {
  const c = await ctx.request('kunshan', 'POST', '/api/v1/hazards', { unit_id: ctx.vars.ks_unit_id, source: 'grid_patrol', grade: 'general', description: '配电箱未接地' });
  ctx.require(c.status === 201, `create: ${c.status} ${c.text}`);
  const A = `/api/v1/hazards/${c.json.id}/attachments`;
  const up = (as, raw, contentType, name = 'photo.png') => ctx.request(as, 'POST', `${A}?name=${encodeURIComponent(name)}`, undefined, { raw, contentType });
  const ok = await up('kunshan', PNG, 'image/png', '../../现场照片.png');
  ctx.expect(ok, { status: 201, json: { content_type: 'image/png', size: PNG.length, name: '现场照片.png', sha256: { $re: '^[0-9a-f]{64}$' } } }, 'png stored');
  const { createHash } = await import('node:crypto');
  ctx.check(ok.json && ok.json.sha256 === createHash('sha256').update(PNG).digest('hex'), 'sha256 of the content');
  const pdf = await up('t_unit', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1'), 'application/pdf', 'report.pdf');
  ctx.expect(pdf, { status: 201, json: { content_type: 'application/pdf' } }, 'the unit attaches a pdf');
  const refused = [
    [Buffer.from('MZ\x90\x00\x03\x00\x00\x00PE', 'latin1'), 'application/octet-stream', 'windows executable'],
    [Buffer.from('\x7fELF\x02\x01\x01', 'latin1'), 'application/octet-stream', 'ELF executable'],
    [Buffer.from('<html><script>alert(1)</script></html>'), 'image/png', 'HTML claiming to be PNG'],
    [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png', 'SVG'],
    [Buffer.from('#!/bin/sh\nrm -rf /\n'), 'application/octet-stream', 'shell script'],
  ];
  for (const [raw, ct, label] of refused) ctx.expect(await up('kunshan', raw, ct), { status: 415 }, label);
  ctx.expect(await up('kunshan', PNG, 'application/json'), { status: 415 }, 'json content type');
  ctx.expect(await up('kunshan', Buffer.alloc(0), 'image/png'), { status: 400 }, 'empty body');
  ctx.expect(await up('kunshan', PNG, 'image/png', 'a\u0001b.png'), { status: 400, json: { error: { field: 'name' } } }, 'control character in name');
  ctx.expect(await up('wujiang', PNG, 'image/png'), { status: 403 }, 'outside scope');
  ctx.expect(await up('t_expert', PNG, 'image/png'), { status: 403 }, 'expert');
  const big = Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024)]);
  ctx.expect(await up('kunshan', big, 'image/png'), { status: 413 }, 'over 10 MiB');

  const g = await ctx.request('t_unit', 'GET', `${A}/${ok.json.id}`);
  ctx.expect(g, { status: 200, json_body: false, headers: { 'content-type': 'image/png', 'content-disposition': { $re: '^attachment; filename="hazard-\\d+-\\d+\\.png"$' }, 'x-content-type-options': 'nosniff' } }, 'download');
  ctx.check(g.text.length > 0, 'download has a body');
  ctx.expect(await ctx.request('wujiang', 'GET', `${A}/${ok.json.id}`), { status: 403 }, 'download outside scope');
  ctx.expect(await ctx.request(null, 'GET', `${A}/${ok.json.id}`), { status: 401 }, 'anonymous download');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/hazards/1/attachments/${ok.json.id}`), { status: 404, json: { error: { code: 'not_found' } } }, 'attachment of another hazard');
  const h = await getHazard(ctx, c.json.id);
  ctx.check(h.attachments.length === 2, `two attachments listed: ${h.attachments.length}`);
}

export async function publicReportsAndRateLimit(ctx) {
  const R = '/api/v1/public/reports';
  const anon = (body) => ctx.request(null, 'POST', R, body, { csrf: false });
  const good = { description: '路边液化气钢瓶堆放', address: '玉山镇人民路88号', lon: 120.957, lat: 31.386, contact: '13800000000' };
  ctx.expect(await anon({ address: 'x', lon: 120.957, lat: 31.386 }), { status: 400, json: { error: { field: 'description' } } }, 'missing description');
  ctx.expect(await anon({ ...good, lon: 122.9, lat: 31.0 }), { status: 400, json: { error: { field: 'lon' } } }, 'point in the sea');
  const r = await anon(good);
  ctx.expect(r, { status: 201, json: { id: { $type: 'integer' }, state: 'found' } }, 'report filed');
  ctx.check(r.json && Object.keys(r.json).sort().join() === 'id,state', `the answer reveals nothing else: ${r.text}`);
  const id = r.json && r.json.id;
  ctx.expect(await ctx.request(null, 'GET', `/api/v1/hazards/${id}`), { status: 401 }, 'the public cannot read it back');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/hazards/${id}`), { status: 200, json: { source: 'public_report', unit_id: null, region: '320583', state: 'found', contact: '13800000000' } }, 'regulator sees the report');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/hazards?unit_id=none&limit=500'), { status: 200, json: { items: { $contains: { id } } } }, 'district triage list');
  ctx.expect(await ctx.request('t_ajj', 'GET', `/api/v1/hazards/${id}`), { status: 403 }, 'departments see reports once matched to a unit');
  await step(ctx, 'kunshan', id, { to: 'registered' }, { status: 400, json: { error: { field: 'unit_id' } } }, 'a report needs its unit first');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `/api/v1/hazards/${id}`, { unit_id: ctx.vars.wj_unit_id }), { status: 403 }, 'a unit outside scope');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `/api/v1/hazards/${id}`, { unit_id: ctx.vars.ks_unit_id }), { status: 200, json: { unit_id: ctx.vars.ks_unit_id } }, 'matched to its unit');
  await step(ctx, 'kunshan', id, { to: 'registered', comment: '举报属实' }, { status: 200 });
  ctx.expect(await ctx.request('t_unit', 'GET', `/api/v1/hazards/${id}`), { status: 200, json: { source: 'public_report', contact: { $absent: true } } }, 'the unit never learns who reported it');
  // 5 accepted reports per address per 10 minutes; the two refused above cost nothing.
  for (const n of ['second', 'third', 'fourth', 'fifth']) ctx.expect(await anon(good), { status: 201 }, n);
  ctx.expect(await anon(good), { status: 429, json: { error: { code: 'rate_limited' } } }, 'sixth is refused');
}

export async function statisticsAndEscalation(ctx) {
  const S = '/api/v1/stats/hazards';
  for (const by of ['district', 'dept', 'sector', 'source', 'month']) {
    const r = await ctx.request('admin', 'GET', `${S}?by=${by}`);
    ctx.expect(r, { status: 200, json: { by, items: { $min_len: 1, $each: { key: { $type: 'string' }, found: { $type: 'integer' }, closed: { $type: 'integer' }, overdue: { $type: 'integer' }, closure_rate: { $type: 'number' } } }, total: { found: { $gt: 0 } } } }, `by ${by}`);
    if (r.json && r.json.items) {
      const sum = r.json.items.reduce((a, x) => a + x.found, 0);
      ctx.check(sum === r.json.total.found, `by ${by}: items add up to the total (${sum} vs ${r.json.total.found})`);
    }
  }
  ctx.expect(await ctx.request('admin', 'GET', `${S}?by=colour`), { status: 400, json: { error: { field: 'by' } } }, 'bad by');
  ctx.expect(await ctx.request('admin', 'GET', S), { status: 400, json: { error: { field: 'by' } } }, 'missing by');
  ctx.expect(await ctx.request('kunshan', 'GET', `${S}?by=district`), { status: 200, json: { items: { $each: { key: '320583' } } } }, 'district sees its own');
  ctx.expect(await ctx.request('admin', 'GET', `${S}?by=source`), { status: 200, json: { items: { $contains: { key: 'self_check' } } } }, 'by source');

  // The demo holds overdue hazards; the server escalated them at start, before any page was open.
  const od = await ctx.request('admin', 'GET', '/api/v1/hazards?overdue=1&limit=500');
  ctx.expect(od, { status: 200, json: { total: { $gt: 0 }, items: { $each: { overdue: true, state: { $in: ['found', 'registered', 'assessed', 'rectifying'] } } } } }, 'overdue list');
  const esc = await ctx.request('admin', 'GET', '/api/v1/hazards?escalation=department&limit=500');
  ctx.expect(esc, { status: 200, json: { total: { $gt: 0 }, items: { $each: { escalation: { $in: ['department', 'city'] }, escalated_at: { $type: 'string' } } } } }, 'escalated without anyone asking');
  if (esc.json && esc.json.items && esc.json.items[0]) {
    const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=hazard&id=${esc.json.items[0].id}`);
    ctx.expect(a, { status: 200, json: { items: { $contains: { action: 'escalate', login: 'system' } } } }, 'escalation audited as system');
  }
}

// ?due_soon=1 holds a hazard whose deadline is 3 days away and not one 30 days away (nor one
// without a deadline), so the check cannot pass on an empty list.
export async function dueSoonListHoldsWhatIsDueSoon(ctx) {
  const H = '/api/v1/hazards';
  const { unit } = await unitWithRisk(ctx);
  const mk = async (deadline, label) => {
    const body = { unit_id: unit.id, source: 'inspection', grade: 'general', description: `期限测试${label}` };
    if (deadline) body.deadline = deadline;
    const r = await post(ctx, 'kunshan', H, body, `record hazard ${label}`, { status: 201, json: { state: 'found' } });
    ctx.require(r.status === 201, `create ${label}: ${r.text}`);
    return r.json;
  };
  const soon = await mk(await future(3), 'due in 3 days');
  const later = await mk(await future(30), 'due in 30 days');
  const none = await mk(null, 'without deadline');
  ctx.check(soon.due_soon === true && soon.days_left === 3, `due in 3 days is due soon: ${JSON.stringify(soon)}`);
  ctx.check(later.due_soon === false, 'due in 30 days is not due soon');
  const mine = await ctx.request('kunshan', 'GET', `${H}?due_soon=1&unit_id=${unit.id}&limit=500`);
  ctx.expect(mine, { status: 200, json: { total: 1, items: [{ id: soon.id, due_soon: true, days_left: 3 }] } }, 'the unit\'s due-soon list is exactly the hazard due in 3 days');
  const all = await ctx.request('admin', 'GET', `${H}?due_soon=1&limit=500`);
  ctx.expect(all, { status: 200, json: { total: { $gte: 1 }, items: { $contains: { id: soon.id }, $each: { due_soon: true, overdue: false, days_left: { $gte: 0, $lte: 7 } } } } }, 'the city\'s due-soon list holds it and only hazards due soon');
  ctx.expect(all, { json: { items: { $not_contains: { id: { $in: [later.id, none.id] } } } } }, 'hazards not due soon are absent');
  // Once the rectification is reported the clock stops and it leaves the list.
  await step(ctx, 'kunshan', soon.id, { to: 'registered' }, { status: 200 });
  await step(ctx, 'kunshan', soon.id, { to: 'assessed' }, { status: 200 });
  await step(ctx, 'kunshan', soon.id, { to: 'rectifying', measures: 'x', responsible: 'y', funds_cny: 1 }, { status: 200, json: { due_soon: true } });
  await step(ctx, 'kunshan', soon.id, { to: 'rectified', evidence: 'z' }, { status: 200, json: { due_soon: false } });
  ctx.expect(await ctx.request('kunshan', 'GET', `${H}?due_soon=1&unit_id=${unit.id}`), { status: 200, json: { total: 0, items: [] } }, 'rectified: no longer due soon');
}

// A unit in town `region` of Kunshan with a 一般隐患 that kunshan rectified (so kunshan cannot
// verify it; any other regulator in scope can).
async function rectifiedHazardIn(ctx, region, grade = 'general') {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `隐患镇街测试${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 10, address: '测试路2号', ...YS, region,
  });
  ctx.require(u.status === 201 && u.json.region === region, `create unit in ${region}: ${u.status} ${u.text}`);
  const c = await post(ctx, 'kunshan', '/api/v1/hazards', { unit_id: u.json.id, source: 'inspection', grade, description: '安全出口堵塞' }, `record a hazard in ${region}`, { status: 201, json: { region } });
  ctx.require(c.status === 201, `create hazard: ${c.text}`);
  const id = c.json.id;
  await step(ctx, 'kunshan', id, { to: 'registered' }, { status: 200 });
  await step(ctx, 'kunshan', id, grade === 'major' ? { to: 'assessed', supervised_by: 'AWB', deadline: await future(20) } : { to: 'assessed' }, { status: 200 });
  await step(ctx, 'kunshan', id, { to: 'rectifying', measures: '清理通道', responsible: '王强', funds_cny: 0, deadline: await future(20) }, { status: 200 });
  await step(ctx, 'kunshan', id, { to: 'rectified', evidence: '已清理' }, { status: 200, json: { state: 'rectified' } });
  return { unit: u.json, id };
}

// The street 玉山镇 (t_yushan) verifies a hazard of a unit in 玉山镇 and is refused one in 巴城镇.
export async function streetVerifiesOnlyInItsTown(ctx) {
  const inTown = await rectifiedHazardIn(ctx, '320583100');
  const outside = await rectifiedHazardIn(ctx, '320583101');
  await step(ctx, 't_yushan', outside.id, { to: 'verified' }, { status: 403, json: { error: { code: 'forbidden' } } }, 'street verifying in another town');
  ctx.expect(await ctx.request('t_yushan', 'GET', `/api/v1/hazards/${outside.id}`), { status: 403 }, 'street reading another town\'s hazard');
  ctx.check((await getHazard(ctx, outside.id)).state === 'rectified', 'the refused step changed nothing');
  await step(ctx, 't_yushan', inTown.id, { to: 'verified', comment: '镇街验收' }, { status: 200, json: { state: 'verified' } }, 'street verifies in its town');
}

// Issue 7 item 2, between towns: a unit moved into 玉山镇 brings its hazards into the street's
// reach, and a unit moved out takes them away.
export async function townMoveTakesHazardsAlong(ctx) {
  const H = '/api/v1/hazards';
  const comes = await rectifiedHazardIn(ctx, '320583101');
  const goes = await rectifiedHazardIn(ctx, '320583100');
  await step(ctx, 't_yushan', comes.id, { to: 'verified' }, { status: 403 }, 'before the move: not the street\'s');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `/api/v1/units/${comes.unit.id}`, { region: '320583100' }), { status: 200, json: { region: '320583100' } }, 'move into 玉山镇');
  ctx.expect(await ctx.request('kunshan', 'PATCH', `/api/v1/units/${goes.unit.id}`, { region: '320583101' }), { status: 200, json: { region: '320583101' } }, 'move out of 玉山镇');
  ctx.expect(await ctx.request('t_yushan', 'GET', `${H}/${comes.id}`), { status: 200, json: { region: '320583100' } }, 'the street reads the hazard that came');
  ctx.expect(await ctx.request('t_yushan', 'GET', `${H}?unit_id=${comes.unit.id}`), { status: 200, json: { total: 1, items: [{ id: comes.id }] } }, 'and lists it');
  await step(ctx, 't_yushan', comes.id, { to: 'verified' }, { status: 200, json: { state: 'verified' } }, 'and verifies it');
  ctx.expect(await ctx.request('t_yushan', 'GET', `${H}/${goes.id}`), { status: 403 }, 'the hazard that went is out of reach');
  ctx.expect(await ctx.request('t_yushan', 'GET', `${H}?unit_id=${goes.unit.id}`), { status: 200, json: { total: 0 } }, 'and out of its list');
  await step(ctx, 't_yushan', goes.id, { to: 'verified' }, { status: 403 }, 'and its steps');
  ctx.expect(await ctx.request('admin', 'GET', `${H}/${goes.id}`), { status: 200, json: { region: '320583101', state: 'rectified' } }, 'the hazard carries the new town');
}

// Issue 7 item 2, between districts: a unit with an open 重大隐患 moves from Kunshan to Wujiang.
export async function districtMoveTakesHazardsAlong(ctx) {
  const H = '/api/v1/hazards';
  const { unit, id } = await rectifiedHazardIn(ctx, '320583100', 'major');
  const PNG1 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const attach = (as) => ctx.request(as, 'POST', `${H}/${id}/attachments?name=p.png`, undefined, { raw: PNG1, contentType: 'image/png' });
  const stats = async (as) => (await ctx.request(as, 'GET', `/api/v1/stats/hazards?by=district&unit_id=${unit.id}`)).json;
  const ksBefore = await stats('kunshan');
  ctx.check(ksBefore && ksBefore.total && ksBefore.total.found === 1 && ksBefore.total.major === 1, `kunshan counts the hazard before the move: ${JSON.stringify(ksBefore && ksBefore.total)}`);

  const wj = await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.wj_unit_id}`);
  ctx.require(wj.status === 200 && typeof wj.json.lon === 'number', `a Wujiang point: ${wj.text}`);
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/units/${unit.id}`, { region: '320509', lon: wj.json.lon, lat: wj.json.lat }), { status: 200, json: { region: '320509' } }, 'move the unit to Wujiang');

  // Wujiang has it: reads, lists, counts, acts.
  ctx.expect(await ctx.request('wujiang', 'GET', `${H}/${id}`), { status: 200, json: { region: '320509', grade: 'major', state: 'rectified' } }, 'wujiang reads the hazard');
  ctx.expect(await ctx.request('wujiang', 'GET', `${H}?unit_id=${unit.id}`), { status: 200, json: { total: 1, items: [{ id }] } }, 'wujiang lists it');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/stats/hazards?by=district&unit_id=${unit.id}`), { status: 200, json: { total: { found: 1, major: 1, open: 1 }, items: [{ key: '320509' }] } }, 'wujiang counts it');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/units/${unit.id}/rating`), { status: 200, json: { color: 'red' } }, 'the unit is red in Wujiang');
  ctx.expect(await attach('wujiang'), { status: 201 }, 'wujiang attaches');
  await step(ctx, 'wujiang', id, { to: 'verified', comment: '吴江验收' }, { status: 200, json: { state: 'verified' } }, 'wujiang verifies');

  // Kunshan no longer does.
  ctx.expect(await ctx.request('kunshan', 'GET', `${H}/${id}`), { status: 403, json: { error: { code: 'forbidden', field: 'id' } } }, 'kunshan cannot read it');
  ctx.expect(await ctx.request('kunshan', 'GET', `${H}?unit_id=${unit.id}`), { status: 200, json: { total: 0, items: [] } }, 'kunshan does not list it');
  ctx.expect(await ctx.request('kunshan', 'GET', `/api/v1/stats/hazards?by=district&unit_id=${unit.id}`), { status: 200, json: { total: { found: 0 } } }, 'kunshan no longer counts it');
  ctx.expect(await attach('kunshan'), { status: 403, json: { error: { code: 'forbidden', field: 'id' } } }, 'kunshan cannot attach');
  await step(ctx, 'kunshan', id, { to: 'rectified', comment: 'x' }, { status: 403, json: { error: { code: 'forbidden', field: 'id' } } }, 'kunshan cannot send it back');
  await step(ctx, 'admin', id, { to: 'closed', comment: '销号' }, { status: 200, json: { state: 'closed', region: '320509' } }, 'the city office closes it');
}

// Issue 7 item 3: listed for the city's supervision (AWB), sent back, re-graded general by the
// district, then closed by it — 200 at every step before. Now the re-grade is the first refusal,
// and only the city lifts the listing.
export async function cityListingStaysWithTheCity(ctx) {
  const H = '/api/v1/hazards';
  const { unit } = await unitWithRisk(ctx);
  const listedAndSentBack = async () => {
    const c = await post(ctx, 'kunshan', H, { unit_id: unit.id, source: 'inspection', grade: 'major', description: '重大隐患挂牌测试' }, 'record a major hazard', { status: 201 });
    ctx.require(c.status === 201, `create: ${c.text}`);
    const id = c.json.id;
    await step(ctx, 'kunshan', id, { to: 'registered' }, { status: 200 });
    await step(ctx, 'kunshan', id, { to: 'assessed', supervised_by: 'AWB', deadline: await future(30) }, { status: 200, json: { listed: true, supervised_by: 'AWB' } }, 'district assesses major, listed by AWB');
    await step(ctx, 'kunshan', id, { to: 'registered', comment: '补充材料' }, { status: 200, json: { state: 'registered', listed: true } }, 'district sends it back');
    return id;
  };

  const id = await listedAndSentBack();
  for (const as of ['kunshan', 't_ksajj', 't_ajj', 't_yushan'])
    ctx.expect(await ctx.request(as, 'PATCH', `${H}/${id}`, { grade: 'general' }), { status: 403, json: { error: { code: 'forbidden', field: 'grade' } } }, `${as} may not re-grade a city-listed hazard`);
  ctx.expect(await ctx.request('kunshan', 'PATCH', `${H}/${id}`, { description: '补充描述' }), { status: 200, json: { grade: 'major', listed: true } }, 'other changes stay the district\'s');
  await step(ctx, 'kunshan', id, { to: 'assessed', supervised_by: 'AJJ' }, { status: 403, json: { error: { field: 'supervised_by' } } }, 'district may not list it elsewhere');
  await step(ctx, 'kunshan', id, { to: 'assessed' }, { status: 200, json: { grade: 'major', supervised_by: 'AWB' } }, 'district re-assesses, still listed');
  await step(ctx, 'kunshan', id, { to: 'rectifying', measures: 'm', responsible: 'r', funds_cny: 5 }, { status: 200 });
  await step(ctx, 'kunshan', id, { to: 'rectified', evidence: 'e' }, { status: 200 });
  await step(ctx, 't_ksajj', id, { to: 'verified' }, { status: 200 });
  await step(ctx, 'kunshan', id, { to: 'closed' }, { status: 403 }, 'district may not close a city-listed hazard');
  await step(ctx, 'admin', id, { to: 'closed', comment: '市安委办销号' }, { status: 200, json: { state: 'closed', grade: 'major', listed: true, supervised_by: 'AWB' } }, 'the city closes it');

  // The city lifts the listing by re-grading; the loop is then the district's.
  const id2 = await listedAndSentBack();
  ctx.expect(await ctx.request('admin', 'PATCH', `${H}/${id2}`, { grade: 'general' }), { status: 200, json: { grade: 'general', listed: false, supervised_by: null } }, 'the city re-grades and de-lists');
  await step(ctx, 'kunshan', id2, { to: 'assessed' }, { status: 200, json: { listed: false } });
  await step(ctx, 'kunshan', id2, { to: 'rectifying', measures: 'm', responsible: 'r', funds_cny: 5 }, { status: 200 });
  await step(ctx, 'kunshan', id2, { to: 'rectified', evidence: 'e' }, { status: 200 });
  await step(ctx, 't_ksajj', id2, { to: 'verified' }, { status: 200 });
  await step(ctx, 'kunshan', id2, { to: 'closed' }, { status: 200, json: { state: 'closed', grade: 'general', listed: false } }, 'district closes the de-listed hazard');
}
