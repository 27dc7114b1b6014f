// Snapshots: freeze the register, change it (a new point, an archived one, one raised, one
// lowered), freeze it again, and the comparison counts exactly those four — in the city's totals,
// in Kunshan's district row and in the sector's row; a district compares only its own; only the
// city office takes snapshots; a unit reads none.

async function unitWithRisks(ctx) {
  const u = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `快照测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  ctx.require(u.status === 201, `unit: ${u.status} ${u.text}`);
  return u.json;
}

const risk = (ctx, unit, inputs) => ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/risks`, {
  name: `快照风险${ctx.uniq()}`, place: '车间', method: 'lec', inputs, accident_types: [8],
  owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
});

const HIGH = { L: 10, E: 10, C: 100 }, LOW = { L: 0.5, E: 1, C: 1 }, MID = { L: 3, E: 6, C: 7 };

export async function snapshotsCompareCountsEachChange(ctx) {
  const unit = await unitWithRisks(ctx);
  const toRaise = await risk(ctx, unit, MID), toLower = await risk(ctx, unit, HIGH), toArchive = await risk(ctx, unit, MID);
  for (const r of [toRaise, toLower, toArchive]) ctx.require(r.status === 201, `risk: ${r.text}`);
  ctx.require(toRaise.json.grade > 1 && toLower.json.grade === 1, `grades ${toRaise.json.grade}, ${toLower.json.grade}`);
  const a = await ctx.request('admin', 'POST', '/api/v1/snapshots', { label: `年末${ctx.uniq()}` });
  ctx.expect(a, { status: 201, json: { points: { $gte: 3 }, created_by: 'admin', as_of: { $type: 'string' } } }, 'take snapshot a');
  const up = await ctx.request('admin', 'PATCH', `/api/v1/risks/${toRaise.json.id}`, { inputs: HIGH, version: toRaise.json.version });
  ctx.expect(up, { status: 200, json: { grade: 1 } }, 'raise');
  const down = await ctx.request('admin', 'PATCH', `/api/v1/risks/${toLower.json.id}`, { inputs: LOW, version: toLower.json.version });
  ctx.expect(down, { status: 200, json: { grade: 4 } }, 'lower');
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/risks/${toArchive.json.id}`), { status: 200 }, 'archive');
  ctx.expect(await risk(ctx, unit, MID), { status: 201 }, 'a new point');
  const b = await ctx.request('admin', 'POST', '/api/v1/snapshots', { label: `今日${ctx.uniq()}` });
  ctx.expect(b, { status: 201, json: { points: a.json.points } }, 'take snapshot b: one archived, one new');
  const cmp = await ctx.request('admin', 'GET', `/api/v1/snapshots/compare?a=${a.json.id}&b=${b.json.id}`);
  const four = { new: 1, removed: 1, raised: 1, lowered: 1 };
  ctx.expect(cmp, { status: 200, json: { a: { id: a.json.id }, b: { id: b.json.id }, region: '3205',
    totals: { ...four, a: a.json.points, b: b.json.points, same: a.json.points - 3 } } }, 'city totals');
  const ks = cmp.json && cmp.json.by_district.find((d) => d.code === '320583');
  ctx.check(ks && ks.name === '昆山市' && ks.new === 1 && ks.removed === 1 && ks.raised === 1 && ks.lowered === 1, `Kunshan's row: ${JSON.stringify(ks)}`);
  ctx.check(cmp.json.by_district.filter((d) => d.code !== '320583').every((d) => !d.new && !d.removed && !d.raised && !d.lowered), 'other districts unchanged');
  const c01 = cmp.json.by_sector.find((s) => s.code === 'C01');
  ctx.check(c01 && c01.raised === 1 && c01.lowered === 1 && c01.new === 1 && c01.removed === 1 && c01.name, `sector C01's row: ${JSON.stringify(c01)}`);
  const sum = (k) => cmp.json.by_district.reduce((s, d) => s + d[k], 0);
  ctx.check(sum('b') === b.json.points && sum('a') === a.json.points, 'the districts add up to the totals');
  // a district compares only its own territory; a district department only its department
  const k = await ctx.request('kunshan', 'GET', `/api/v1/snapshots/compare?a=${a.json.id}&b=${b.json.id}`);
  ctx.expect(k, { status: 200, json: { region: '320583', totals: four, by_district: [{ code: '320583' }] } }, 'kunshan compares');
  ctx.check(k.json.by_district.length === 1, 'kunshan sees one district');
  const d = await ctx.request('t_ksajj', 'GET', `/api/v1/snapshots/compare?a=${a.json.id}&b=${b.json.id}`);
  ctx.expect(d, { status: 200, json: { region: '320583', dept: 'AJJ' } }, 'the district AJJ compares');
  ctx.check(d.json.totals.b <= k.json.totals.b, 'a department sees no more than its district');
  ctx.expect(await ctx.request('kunshan', 'GET', `/api/v1/snapshots/compare?a=${a.json.id}&b=${b.json.id}&region=320509`), { status: 403 }, 'kunshan asks for Wujiang');
}

export async function snapshotsKeepToTheCityOffice(ctx) {
  const list = async () => (await ctx.request('admin', 'GET', '/api/v1/snapshots')).json.items.length;
  const n0 = await list();
  for (const role of ['kunshan', 't_ajj', 't_ksajj', 't_yushan', 't_unit', 't_expert']) {
    ctx.expect(await ctx.request(role, 'POST', '/api/v1/snapshots', { label: '越权' }), { status: 403 }, `${role} takes a snapshot`);
  }
  ctx.check(await list() === n0, 'the refused snapshots wrote nothing');
  ctx.expect(await ctx.request('t_unit', 'GET', '/api/v1/snapshots'), { status: 403, json: { error: { params: { rule: 'snapshot_scope' } } } }, 'a unit reads snapshots');
  ctx.expect(await ctx.request('t_expert', 'GET', '/api/v1/snapshots'), { status: 200 }, 'the expert reads snapshots');
  for (const [body, field] of [[{}, 'label'], [{ label: 'x', as_of: '2025-13-01' }, 'as_of'], [{ label: 'x', as_of: '2999-01-01' }, 'as_of'], [{ label: 'x', extra: 1 }, 'extra']]) {
    ctx.expect(await ctx.request('admin', 'POST', '/api/v1/snapshots', body), { status: 400, json: { error: { field } } }, `bad ${field}`);
  }
  const past = await ctx.request('admin', 'POST', '/api/v1/snapshots', { label: '去年末', as_of: '2025-12-31' });
  ctx.expect(past, { status: 201, json: { as_of: '2025-12-31', points: { $type: 'number' } } }, 'a snapshot as of last year');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/audit?entity=snapshot&id=${past.json.id}`), { status: 200, json: { items: [{ action: 'create' }] } }, 'audited');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/snapshots/compare?a=1'), { status: 400, json: { error: { field: 'b' } } }, 'no b');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/snapshots/compare?a=1&b=999999'), { status: 404 }, 'no such snapshot');
  ctx.check(await list() === n0 + 1, 'one more snapshot');
}
