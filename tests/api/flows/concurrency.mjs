// Parallel writes: the thread-pool server and its store must serialise them correctly.

const body = (ctx, cc, name) => ({ credit_code: cc, name, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384, size_class: 'below', employees: 1 });

async function total(ctx) {
  return (await ctx.request('admin', 'GET', '/api/v1/units?limit=1')).json.total;
}

export async function parallelCreatesAllLand(ctx) {
  const t0 = await total(ctx);
  const rs = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    ctx.request('admin', 'POST', '/api/v1/units', body(ctx, ctx.creditCode(), `并发创建${i}-${ctx.uniq()}`))));
  rs.forEach((r, i) => ctx.expect(r, { status: 201 }, `parallel create ${i}`));
  const ids = new Set(rs.filter((r) => r.status === 201).map((r) => r.json.id));
  ctx.check(ids.size === rs.filter((r) => r.status === 201).length, 'two parallel creates got the same id');
  ctx.check((await total(ctx)) === t0 + ids.size, `total grew by ${(await total(ctx)) - t0}, expected ${ids.size}`);
}

export async function parallelDuplicateCodeOnlyOnce(ctx) {
  const cc = ctx.creditCode();
  const rs = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    ctx.request(i % 2 ? 'admin' : 'kunshan', 'POST', '/api/v1/units', body(ctx, cc, `并发重复${i}-${ctx.uniq()}`))));
  const st = rs.map((r) => r.status || r.error);
  ctx.check(st.filter((s) => s === 201).length === 1, `exactly one create should win, statuses: ${st.join(',')}`);
  ctx.check(st.filter((s) => s === 409).length === 9, `the others should be 409, statuses: ${st.join(',')}`);
}

export async function parallelPatchesSameVersionOneWins(ctx) {
  const c = await ctx.request('admin', 'POST', '/api/v1/units', body(ctx, ctx.creditCode(), `并发修改${ctx.uniq()}`));
  ctx.require(c.status === 201, `create failed: ${c.status} ${c.text}`);
  const v = c.json.version;
  const rs = await Promise.all(Array.from({ length: 10 }, (_, i) =>
    ctx.request('admin', 'PATCH', `/api/v1/units/${c.json.id}`, { employees: 100 + i, version: v })));
  const st = rs.map((r) => r.status || r.error);
  ctx.check(st.filter((s) => s === 200).length === 1, `exactly one PATCH with version ${v} should win, statuses: ${st.join(',')}`);
  ctx.check(st.filter((s) => s === 409).length === 9, `the others should be 409, statuses: ${st.join(',')}`);
  const after = (await ctx.request('admin', 'GET', `/api/v1/units/${c.json.id}`)).json;
  const winner = rs.find((r) => r.status === 200);
  if (winner) ctx.check(after.employees === winner.json.employees, `stored employees ${after.employees}, winner wrote ${winner.json.employees}`);
  const audit = (await ctx.request('admin', 'GET', `/api/v1/audit?entity=unit&id=${c.json.id}`)).json;
  ctx.check(audit && audit.items && audit.items.length === 2, `audit should hold create + 1 update, has ${audit && audit.items && audit.items.length}`);
}

export async function parallelReadsDuringImport(ctx) {
  const rows = Array.from({ length: 300 }, (_, i) => `${ctx.creditCode()},并发导入${i}-${ctx.uniq()},C01,320583,地址${i},120.955,31.384,below,3,联系人,13300000000`).join('\n');
  const imp = ctx.request('admin', 'POST', '/api/v1/units/import', undefined, { raw: `credit_code,name,sector,region,address,lon,lat,size_class,employees,contact_name,contact_phone\n${rows}\n`, contentType: 'text/csv' });
  const reads = Array.from({ length: 20 }, () => ctx.request('kunshan', 'GET', '/api/v1/units?q=并发导入&limit=1'));
  const [ri, ...rr] = await Promise.all([imp, ...reads]);
  ctx.expect(ri, { status: 200, json: { imported: 300 } }, 'import of 300 rows');
  for (const r of rr) {
    ctx.expect(r, { status: 200 }, 'read during import');
    if (r.json) ctx.check(r.json.total === 0 || r.json.total === 300, `a reader saw a half-done import: total ${r.json.total}`);
  }
}
