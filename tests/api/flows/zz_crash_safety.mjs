// Impossible to lose data: the server is killed (SIGKILL, no chance to clean up) in the middle
// of a burst of writes. Every write it had acknowledged must be there after a restart, nothing
// half-written may appear, and `cityrisk check` must find the database and its audit chain whole.

export async function killedMidWriteLosesNothing(ctx) {
  const server = ctx.server;
  const base = await ctx.request('admin', 'GET', '/api/v1/units?limit=1');
  ctx.require(base.status === 200, 'list before');
  // four writers in a loop; the kill comes once a dozen writes are acknowledged, so it lands
  // while others are in flight
  const acked = [];
  let killed = false;
  const lane = async () => {
    while (!killed) {
      let r;
      try {
        r = await ctx.request('admin', 'POST', '/api/v1/units', {
          credit_code: ctx.creditCode('320583'), name: `断电测试${ctx.uniq()}`, sector: 'F02',
          region: '320583100', lon: 120.98, lat: 31.385, size_class: 'below', employees: 5,
        }, { timeout: 10_000 });
      } catch { return; }
      if (r.status === 201) acked.push(r.json.id);
      else if (!killed) return;
      if (acked.length >= 12 && !killed) {
        killed = true;
        server.proc.kill('SIGKILL');
      }
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  await server.exited;
  ctx.check(acked.length > 0, 'some writes were acknowledged before the kill');
  // the database on disk, with the server down
  const check = ctx.cli(['check', '--db', server.db]);
  ctx.check(check.ok, `cityrisk check after the kill: ${check.out}`);
  const err = await server.start();
  ctx.require(!err, `restart: ${err}`);
  for (const id of acked) {
    const r = await ctx.request('admin', 'GET', `/api/v1/units/${id}`);
    ctx.expect(r, { status: 200, json: { id } }, `acknowledged unit ${id} after the restart`);
    const h = await ctx.request('admin', 'GET', `/api/v1/audit?entity=unit&id=${id}`);
    ctx.expect(h, { status: 200, json: { items: { $contains: { action: 'create' } } } }, `its audit entry`);
  }
  const after = await ctx.request('admin', 'GET', '/api/v1/units?limit=1');
  ctx.check(after.json.total >= base.json.total + acked.length,
    `total after restart ${after.json.total} ≥ ${base.json.total} + ${acked.length} acknowledged`);
}
