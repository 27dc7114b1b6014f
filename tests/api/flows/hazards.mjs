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
  await step(ctx, 'kunshan', id, { to: 'verified' }, { status: { $in: [403, 409] }, json: { error: { code: 'separation_of_duties' } } }, 'rectifier verifying');
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
  await step(ctx, 't_yushan', id, { to: 'verified' }, { status: { $in: [200, 403] } }, 'street verifies when in its town');
  const now = await getHazard(ctx, id);
  if (now.state === 'rectified') await step(ctx, 'kunshan', id, { to: 'verified' }, { status: 200 });
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
    ctx.expect(r, { status: { $in: [400, 403] }, json: { error: { field } } }, `bad ${field}`);
  }
  ctx.expect(await ctx.request('admin', 'GET', `${H}?limit=1`), { json: { total: before } }, 'nothing written');
  for (const [q, field] of [['state=open', 'state'], ['grade=x', 'grade'], ['limit=0', 'limit'], ['overdue=maybe', 'overdue'], ['escalation=mars', 'escalation'], ['region=32x', 'region'], ['unit_id=-1', 'unit_id']])
    ctx.expect(await ctx.request('admin', 'GET', `${H}?${q}`), { status: 400, json: { error: { field } } }, q);
  ctx.expect(await ctx.request('kunshan', 'GET', `${H}?region=320509`), { status: 403 }, 'region outside scope');
  ctx.expect(await ctx.request('admin', 'POST', `${H}/99999999/transition`, { to: 'registered' }), { status: 404 }, 'no such hazard');
  ctx.expect(await ctx.request('admin', 'POST', `${H}/1/transition`, { to: 'reopened' }), { status: { $in: [400, 404] }, json: { error: { field: { $in: ['to', 'id'] } } } }, 'unknown state');
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
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/hazards/1/attachments/${ok.json.id}`), { status: { $in: [403, 404] } }, 'attachment of another hazard');
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
  const soon = await ctx.request('admin', 'GET', '/api/v1/hazards?due_soon=1&limit=500');
  ctx.expect(soon, { status: 200, json: { items: { $each: { due_soon: true } } } }, 'due soon list');
}
