// PostgreSQL restarted under a running server (a failover, a maintenance restart): the server's
// connections are cut, and it opens them again on the next request without an error to the
// user, its prepared statements prepared again; a write after it is audited as usual. Runs only
// on a PostgreSQL server of the run's own (`run.mjs --pg own`, as `make test` does).
export async function serverReconnectsAfterPostgresRestarts(ctx) {
  if (!ctx.pgRestart) return;
  const before = await ctx.request('kunshan', 'GET', '/api/v1/risks?limit=3');
  ctx.require(before.status === 200, `before: ${before.status}`);
  ctx.pgRestart();
  // every pool thread's connection was cut: each of these requests may land on any of them
  for (let i = 0; i < 12; i++) {
    const r = await ctx.request('kunshan', 'GET', `/api/v1/risks?limit=3&after=${i}`);
    ctx.check(r.status === 200, `request ${i + 1} after the restart: ${r.status} ${r.text.slice(0, 200)}`);
  }
  const u = await ctx.request('kunshan', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `重连测试${ctx.uniq()}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 5,
  });
  ctx.check(u.status === 201, `a write after the restart: ${u.status} ${u.text}`);
  const audit = await ctx.request('admin', 'GET', `/api/v1/audit?entity=unit&id=${u.json && u.json.id}`);
  ctx.check(audit.status === 200 && audit.json.items.length === 1, `its audit entry: ${audit.status} ${audit.text.slice(0, 200)}`);
}
