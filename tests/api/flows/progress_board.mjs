// Progress (挂图作战), reporting cycles and on-site verification (核查): the board's counts move by
// exactly one as a fresh unit registers, reports, is published and verified; rates, completion
// and ranking are consistent; the board exports as XLSX and CSV; owed and late reports follow
// the due dates of docs/METHODS.md; verifications take their level from the role.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇, Kunshan

function today(offsetDays = 0) {
  return new Date(Date.now() + 8 * 3600e3 + offsetDays * 86400e3).toISOString().slice(0, 10);
}

async function freshUnit(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `进度测试${ctx.uniq()}`, sector: 'C01',
    size_class: 'below', employees: 12, address: '进度路2号', ...YS,
  });
  ctx.require(u.status === 201, `create unit: ${u.status} ${u.text}`);
  const login = `pg.unit.${ctx.uniq()}`.toLowerCase();
  const a = await ctx.request('admin', 'POST', '/api/v1/users', { login, role: 'unit', unit_id: u.json.id, password: 'progress-pw-1' });
  ctx.require(a.status === 201, `unit account: ${a.status} ${a.text}`);
  const s = await ctx.request(login, 'POST', '/api/v1/session', { login, password: 'progress-pw-1' }, { csrf: false });
  ctx.require(s.status === 200, 'unit log-in');
  return { unit: u.json, login };
}

const kunshan = async (ctx) => {
  const r = await ctx.request('admin', 'GET', '/api/v1/progress?by=district');
  ctx.require(r.status === 200, `progress: ${r.status} ${r.text}`);
  return r.json.items.find((x) => x.key === '320583');
};

export async function boardCountsMoveByOne(ctx) {
  const b = await ctx.request('admin', 'GET', '/api/v1/progress?by=district');
  ctx.expect(b, { status: 200, json: { by: 'district', items: { $min_len: 10 }, total: { units: { $gte: 100 } } } }, 'the city board');
  const items = b.json.items;
  for (const [i, x] of items.entries()) {
    ctx.check(x.rank === i + 1, `rank ${x.rank} at ${i}`);
    ctx.check(Math.abs(x.reported_rate - x.reported / x.units) < 1e-4, `${x.key}: reported_rate ${x.reported_rate} ≠ ${x.reported}/${x.units}`);
    ctx.check(Math.abs(x.completion - (x.reported_rate + x.reviewed_rate + x.verified_rate) / 3) < 2e-4, `${x.key}: completion ${x.completion}`);
    ctx.check(x.reviewed <= x.reported && x.reported <= x.units, `${x.key}: reviewed ≤ reported ≤ units`);
    if (i) ctx.check(items[i - 1].completion >= x.completion, `ranked by completion at ${x.key}`);
  }
  // the demo spreads the districts out: the best and the worst differ by at least 20 points
  ctx.check(items[0].completion - items[items.length - 1].completion >= 0.2, `demo spread: ${items[0].completion} … ${items[items.length - 1].completion}`);
  ctx.check(items.some((x) => x.name === '昆山市'), 'district names');

  const k0 = await kunshan(ctx);
  const { unit, login } = await freshUnit(ctx);
  const k1 = await kunshan(ctx);
  ctx.check(k1.units === k0.units + 1 && k1.reported === k0.reported, `registering: units ${k0.units} → ${k1.units}, reported ${k0.reported} → ${k1.reported}`);
  const sub = await ctx.request(login, 'POST', `/api/v1/units/${unit.id}/submit`, {});
  ctx.require(sub.status === 201, `submit: ${sub.status} ${sub.text}`);
  const k2 = await kunshan(ctx);
  ctx.check(k2.reported === k1.reported + 1 && k2.reviewed === k1.reviewed, `reporting: reported ${k1.reported} → ${k2.reported}`);
  for (const as of ['t_yushan', 't_ksajj']) {
    const d = await ctx.request(as, 'POST', `/api/v1/reviews/${sub.json.id}/decision`, { decision: 'approve' });
    ctx.require(d.status === 200, `${as} approves: ${d.status} ${d.text}`);
  }
  const k3 = await kunshan(ctx);
  ctx.check(k3.reviewed === k2.reviewed + 1, `publishing: reviewed ${k2.reviewed} → ${k3.reviewed}`);
  const v = await ctx.request('t_yushan', 'POST', `/api/v1/units/${unit.id}/verifications`, { result: 'pass', findings: '现场一致', checked_on: today() });
  ctx.require(v.status === 201, `verify: ${v.status} ${v.text}`);
  const k4 = await kunshan(ctx);
  ctx.check(k4.verified === k3.verified + 1 && k4.verified_town === k3.verified_town + 1, `verifying: verified ${k3.verified} → ${k4.verified}`);

  // a department sees its own department only; a district its own towns
  ctx.expect(await ctx.request('t_ksajj', 'GET', '/api/v1/progress?by=dept'), { status: 200, json: { items: [{ key: 'AJJ' }] } }, 'district department: its department');
  const towns = await ctx.request('kunshan', 'GET', '/api/v1/progress?by=town');
  ctx.expect(towns, { status: 200, json: { by: 'town', items: { $min_len: 2 } } }, 'the district by town');
  if (towns.status === 200) ctx.check(towns.json.items.every((x) => x.key.startsWith('320583')), 'only its towns');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/progress?by=county'), { status: 400, json: { error: { field: 'by' } } }, 'an unknown grouping');
  ctx.expect(await ctx.request('t_unit', 'GET', '/api/v1/progress'), { status: 403 }, 'a unit has no board');
}

export async function boardExports(ctx) {
  const x = await ctx.request('admin', 'GET', '/api/v1/progress?by=district&format=xlsx');
  ctx.expect(x, { status: 200, json_body: false }, 'xlsx');
  ctx.check((x.headers['content-type'] || '').includes('spreadsheetml'), `xlsx type ${x.headers['content-type']}`);
  ctx.check((x.headers['content-disposition'] || '').includes('progress-district-'), `xlsx name ${x.headers['content-disposition']}`);
  const c = await ctx.request('admin', 'GET', '/api/v1/progress?by=sector&format=csv');
  ctx.expect(c, { status: 200, json_body: false }, 'csv');
  const lines = c.text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  ctx.check(lines[0].startsWith('排名,名称,代码,登记单位数'), `csv header: ${lines[0]}`);
  ctx.check(lines.length >= 3 && lines[1].startsWith('1,'), `csv rows: ${lines.slice(0, 3)}`);
  // the same table from the command line, by town of Kunshan
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-progress-')), 'p.csv');
  const cl = ctx.cli(['export', 'progress', 'town', '--region', '320583', '--format', 'csv', '--db', ctx.server.db, '--out', out]);
  ctx.require(cl.ok, `cityrisk export progress: ${cl.status} ${cl.out}`);
  const api = await ctx.request('admin', 'GET', '/api/v1/progress?by=town&region=320583');
  const cli = fs.readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  ctx.check(cli.length - 1 === api.json.items.length && cli[1].split(',')[2] === api.json.items[0].key, `CLI rows ${cli.length - 1} vs API ${api.json.items.length}: ${cli[1]}`);
  const a = await ctx.request('admin', 'GET', '/api/v1/audit?entity=progress_export&id=0');
  ctx.expect(a, { status: 200, json: { items: { $min_len: 3 } } }, 'exports are audited');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/progress?format=pdf'), { status: 400, json: { error: { field: 'format' } } }, 'unknown format');
}

export async function owedAndLateReports(ctx) {
  const { unit, login } = await freshUnit(ctx);
  // dept=AJJ: the bulk import flow leaves thousands of other units owing reports in 玉山镇
  const q = (as, extra = '') => ctx.request(as, 'GET', `/api/v1/reporting/owed?region=320583100&dept=AJJ&kind=initial&limit=5000${extra}`);
  let r = await q('kunshan');
  ctx.require(r.status === 200, `owed: ${r.status} ${r.text}`);
  let mine = r.json.items.find((x) => x.unit_id === unit.id);
  ctx.expect({ status: 200, json: mine || {} }, { json: { kind: 'initial', kind_cn: '首次报告', due: today(30), late: false, days_late: 0, region: '320583100' } }, 'a new unit owes its initial report in 30 days');
  r = await q('kunshan', `&as_of=${today(32)}&late=1`);
  mine = r.json && r.json.items.find((x) => x.unit_id === unit.id);
  ctx.expect({ status: 200, json: mine || {} }, { json: { late: true, days_late: 2 } }, 'two days after the due date it is late');
  ctx.check(r.json.counts.late === r.json.total && r.json.total >= 1, `late=1 lists only late ones: ${JSON.stringify(r.json.counts)}`);
  ctx.expect(await ctx.request('wujiang', 'GET', '/api/v1/reporting/owed?region=320583'), { status: 403 }, 'another district\'s region');
  ctx.expect(await q('kunshan', '&as_of=2026-02-30'), { status: 400, json: { error: { field: 'as_of' } } }, 'a bad date');
  ctx.expect(await ctx.request('kunshan', 'GET', '/api/v1/reporting/owed?kind=yearly'), { status: 400, json: { error: { field: 'kind' } } }, 'a bad kind');
  const page = await ctx.request(login, 'GET', `/api/v1/units/${unit.id}/review`);
  ctx.expect(page, { status: 200, json: { owed: [{ kind: 'initial', due: today(30) }] } }, 'the unit page shows it');
  const s = await ctx.request(login, 'POST', `/api/v1/units/${unit.id}/submit`, {});
  ctx.require(s.status === 201, 'submitted');
  r = await q('kunshan');
  ctx.check(!r.json.items.some((x) => x.unit_id === unit.id), 'after the report it owes nothing');
  // a new grade Ⅱ+ point after the report: a change report, due in 15 days
  const k = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/risks`, { name: '喷涂车间', method: 'lec', inputs: { L: 6, E: 6, C: 40 } });
  ctx.require(k.status === 201 && k.json.grade <= 2, `a grade Ⅰ/Ⅱ point: ${k.text}`);
  r = await ctx.request('kunshan', 'GET', '/api/v1/reporting/owed?region=320583100&dept=AJJ&kind=change&limit=5000');
  mine = r.json && r.json.items.find((x) => x.unit_id === unit.id);
  ctx.expect({ status: 200, json: mine || {} }, { json: { kind: 'change', due: today(15) } }, 'a change report is owed');
}

export async function verificationsByLevel(ctx) {
  const { unit } = await freshUnit(ctx);
  const path = `/api/v1/units/${unit.id}/verifications`;
  const bad = [
    [{ result: 'ok', findings: 'x', checked_on: today() }, 'result'],
    [{ result: 'pass', checked_on: today() }, 'findings'],
    [{ result: 'pass', findings: 'x', checked_on: today(2) }, 'checked_on'],
    [{ result: 'pass', findings: 'x', checked_on: '2026/01/01' }, 'checked_on'],
    [{ result: 'pass', findings: 'x', checked_on: today(), level: 'city' }, 'level'],
    [{ result: 'pass', findings: 'x', checked_on: today(), review_id: 999999 }, 'review_id'],
  ];
  for (const [body, field] of bad) ctx.expect(await ctx.request('kunshan', 'POST', path, body), { status: 400, json: { error: { field } } }, `bad ${field}`);
  ctx.expect(await ctx.request('kunshan', 'GET', path), { status: 200, json: { items: { $len: 0 } } }, 'nothing written');
  const r1 = await ctx.request('t_yushan', 'POST', path, { result: 'issues', findings: '应急通道堵塞\n已责令整改', checked_on: today(-3) });
  ctx.expect(r1, { status: 201, json: { level: 'town', result: 'issues', findings: '应急通道堵塞\n已责令整改', login: 't_yushan', review_id: null } }, 'the street checks at town level');
  const r2 = await ctx.request('t_ksajj', 'POST', path, { result: 'pass', findings: '复查合格', checked_on: today() });
  ctx.expect(r2, { status: 201, json: { level: 'district' } }, 'the district department at district level');
  const r3 = await ctx.request('t_ajj', 'POST', path, { result: 'pass', findings: '抽查合格', checked_on: today() });
  ctx.expect(r3, { status: 201, json: { level: 'city' } }, 'the city department at city level');
  ctx.expect(await ctx.request('t_expert', 'POST', path, { result: 'pass', findings: 'x', checked_on: today() }), { status: 403 }, 'an expert does not');
  const list = await ctx.request('t_unit', 'GET', path);
  ctx.expect(list, { status: 403 }, 'another unit cannot read them');
  const own = await ctx.request('kunshan', 'GET', path);
  ctx.expect(own, { status: 200, json: { items: [{ level: 'city' }, { level: 'district' }, { level: 'town' }] } }, 'newest check first');
  const cov = await ctx.request('kunshan', 'GET', '/api/v1/verifications/coverage?by=town');
  ctx.expect(cov, { status: 200, json: { items: { $contains: { key: '320583100' } }, total: { verified: { $gte: 1 } } } }, 'coverage by town');
  const a = await ctx.request('admin', 'GET', `/api/v1/audit?entity=verification&id=${r1.json.id}`);
  ctx.expect(a, { status: 200, json: { items: [{ action: 'create' }] } }, 'audited');
}
