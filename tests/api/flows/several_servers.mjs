// Several servers on one database (docs/OPERATIONS.md "Several servers"): a second `cityrisk
// serve` on the test database takes the sessions made on the first, and each sees what is written
// through the other within a second — in its unit list (the in-memory unit index), its
// statistics (the risk index's running totals and the answer cache) and a record page. On
// PostgreSQL the news travels by LISTEN/NOTIFY, on SQLite by the file's data version.
import { withSecondServer, within } from '../lib/second_server.mjs';

export async function secondServerSeesWritesWithinASecond(ctx) {
  await withSecondServer(ctx, [], {}, async (base2) => {
    const on2 = (as, method, path, body) => ctx.request(as, method, path, body, { base: base2 });
    const who = await on2('kunshan', 'GET', '/api/v1/session');
    ctx.require(who.status === 200 && who.json.user.login === 'kunshan', `the first server's session on the second: ${who.status} ${who.text}`);

    // the second server's caches are warm before the write
    const name = `双机测试${ctx.uniq()}`;
    const listed = (r) => r.status === 200 && r.json.total === 1 && r.json.items[0].name === name;
    const search = () => on2('kunshan', 'GET', `/api/v1/units?q=${encodeURIComponent(name)}`);
    ctx.require(!listed(await search()), 'the unit is not there before it is made');
    const stats = await on2('kunshan', 'GET', '/api/v1/stats/risks?by=grade');
    ctx.require(stats.status === 200, `stats on the second: ${stats.status}`);
    const units0 = (await on2('kunshan', 'GET', '/api/v1/units?limit=1')).json.total;

    // a unit and a risk point written through the first server
    const u = await ctx.request('kunshan', 'POST', '/api/v1/units', {
      credit_code: ctx.creditCode('320583'), name, sector: 'C01', region: '320583',
      lon: 120.955, lat: 31.384, size_class: 'below', employees: 20,
    });
    ctx.require(u.status === 201, `unit through the first: ${u.status} ${u.text}`);
    let ms = await within(search, listed);
    ctx.check(ms >= 0, 'the second server lists the new unit within 1 s');
    ms = await within(() => on2('kunshan', 'GET', '/api/v1/units?limit=1'), (r) => r.json && r.json.total === units0 + 1);
    ctx.check(ms >= 0, `the second server's unit total moves from ${units0} to ${units0 + 1} within 1 s`);
    const risk = await ctx.request('kunshan', 'POST', `/api/v1/units/${u.json.id}/risks`, {
      name: `双机风险${ctx.uniq()}`, place: '车间', method: 'lec', inputs: { L: 3, E: 6, C: 7 }, accident_types: [8],
      owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
    });
    ctx.require(risk.status === 201, `risk through the first: ${risk.status} ${risk.text}`);
    const g = risk.json.grade;
    const count = (r, grade) => (r.json.rows.find((x) => x.grade === grade) || { count: 0 }).count;
    const was = count(stats, g);
    ms = await within(() => on2('kunshan', 'GET', '/api/v1/stats/risks?by=grade'), (r) => r.status === 200 && count(r, g) === was + 1);
    ctx.check(ms >= 0, `the second server's grade ${g} count moves from ${was} to ${was + 1} within 1 s`);

    // and the other way: an edit through the second, read on the first
    const v = (await on2('kunshan', 'GET', `/api/v1/units/${u.json.id}`)).json;
    const p = await on2('kunshan', 'PATCH', `/api/v1/units/${u.json.id}`, { employees: 77, version: v.version });
    ctx.require(p.status === 200, `edit through the second: ${p.status} ${p.text}`);
    ms = await within(() => ctx.request('kunshan', 'GET', `/api/v1/units/${u.json.id}`), (r) => r.json && r.json.employees === 77);
    ctx.check(ms >= 0, 'the first server shows the edit made through the second within 1 s');
    const q = await ctx.request('kunshan', 'GET', `/api/v1/units?q=${encodeURIComponent(name)}`);
    ctx.check(q.json && q.json.items[0] && q.json.items[0].employees === 77, `the first server's list shows it: ${q.text}`);

    // a stale version is refused whichever server answers
    const stale = await ctx.request('kunshan', 'PATCH', `/api/v1/units/${u.json.id}`, { employees: 78, version: v.version });
    ctx.check(stale.status === 409, `a stale version through the first: ${stale.status}`);
  });
}
