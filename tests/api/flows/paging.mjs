// Cursor paging: following `next` visits every item exactly once, and `next` is null at the end.

async function walk(ctx, as, query, limit, list = 'units') {
  const seen = new Map();
  let after = null, pages = 0, total = null;
  for (;;) {
    const path = `/api/v1/${list}?${query}${query ? '&' : ''}limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const r = await ctx.request(as, 'GET', path);
    if (!ctx.expect(r, { status: 200, json: { items: { $max_len: limit }, total: { $type: 'integer' }, next: { $type: ['string', 'null'] } } }, `page ${pages + 1}`)) return null;
    pages++;
    if (total === null) total = r.json.total;
    ctx.check(r.json.total === total, `${path}: total changed between pages (${total} → ${r.json.total})`);
    for (const it of r.json.items) {
      ctx.check(!seen.has(it.id), `${path}: unit ${it.id} seen twice (first on page ${seen.get(it.id)})`);
      seen.set(it.id, pages);
    }
    if (r.json.next === null) {
      ctx.check(r.json.items.length <= limit, 'last page too long');
      break;
    }
    ctx.check(r.json.items.length === limit, `${path}: a page before the last has ${r.json.items.length} items, not ${limit}`);
    after = r.json.next;
    if (pages > 10000) { ctx.check(false, 'more than 10000 pages: next never becomes null'); break; }
  }
  ctx.check(seen.size === total, `${list}?${query} limit=${limit}: visited ${seen.size} items in ${pages} pages, total says ${total}`);
  return { ids: [...seen.keys()], pages, total };
}

export async function pagingVisitsEveryItemOnce(ctx) {
  const small = await walk(ctx, 'admin', 'region=320583', 7);
  const big = await walk(ctx, 'admin', 'region=320583', 500);
  ctx.require(small && big, 'paging failed');
  ctx.check(small.pages > 1, `region=320583 limit=7 fitted on one page (${small.total} units): not a paging test`);
  const a = [...small.ids].sort((x, y) => x - y), b = [...big.ids].sort((x, y) => x - y);
  ctx.check(JSON.stringify(a) === JSON.stringify(b), 'limit=7 and limit=500 visit different sets of units');
  ctx.check(JSON.stringify(small.ids) === JSON.stringify(big.ids), 'limit=7 and limit=500 visit units in a different order');
}

export async function pagingWholeCityAndFilters(ctx) {
  const all = await walk(ctx, 'admin', '', 100);
  ctx.require(all, 'paging failed');
  const r = await ctx.request('admin', 'GET', '/api/v1/units?limit=1');
  ctx.check(r.json && r.json.total === all.total, 'total with limit=1 differs from the number of units visited');
  await walk(ctx, 'admin', 'dept=AJJ', 13);
  await walk(ctx, 'admin', 'size_class=below&region=3205', 50);
  await walk(ctx, 'kunshan', '', 11);
  await walk(ctx, 't_ajj', '', 17);
}

export async function pagingIsStableWhileUnitsAreAdded(ctx) {
  // Items created during a walk may or may not appear, but nothing seen before may repeat or vanish.
  const first = await ctx.request('admin', 'GET', '/api/v1/units?region=320583&limit=5');
  ctx.require(first.status === 200 && first.json.next, 'need a second page');
  const cc = ctx.creditCode();
  const c = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: cc, name: `翻页中新增${ctx.uniq()}`, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384,
    size_class: 'below', employees: 3,
  });
  ctx.expect(c, { status: 201 }, 'create during the walk');
  const seen = new Set(first.json.items.map((u) => u.id));
  let after = first.json.next;
  while (after) {
    const r = await ctx.request('admin', 'GET', `/api/v1/units?region=320583&limit=50&after=${encodeURIComponent(after)}`);
    if (!ctx.expect(r, { status: 200 }, 'next page')) return;
    for (const u of r.json.items) { ctx.check(!seen.has(u.id), `unit ${u.id} repeated after a concurrent insert`); seen.add(u.id); }
    after = r.json.next;
  }
}

export async function pagingCursorBelongsToItsQuery(ctx) {
  // A cursor is opaque; reusing it with the same query is fine, and the last page's next is null.
  const r = await ctx.request('admin', 'GET', '/api/v1/units?region=320583&limit=3');
  ctx.require(r.status === 200 && r.json.next, 'need a next cursor');
  const again = await ctx.request('admin', 'GET', `/api/v1/units?region=320583&limit=3&after=${encodeURIComponent(r.json.next)}`);
  const again2 = await ctx.request('admin', 'GET', `/api/v1/units?region=320583&limit=3&after=${encodeURIComponent(r.json.next)}`);
  ctx.check(JSON.stringify(again.json) === JSON.stringify(again2.json), 'the same cursor gave two different pages');
  const ids1 = new Set(r.json.items.map((u) => u.id));
  ctx.check(again.json && again.json.items.every((u) => !ids1.has(u.id)), 'page 2 repeats page 1');
}

// Every register pages the same way: risk points, hazards and the units' full-text search each
// walk several pages (the shared helper fetches limit + 1 rows to know a next page exists).
export async function pagingEveryRegister(ctx) {
  for (const [list, query, limit] of [['risks', 'region=320583', 9], ['hazards', '', 5], ['units', 'q=' + encodeURIComponent('精密机械') + '&region=320583', 3]]) {
    const w = await walk(ctx, 'admin', query, limit, list);
    ctx.require(w, `paging ${list} failed`);
    ctx.check(w.pages > 1, `${list}?${query} limit=${limit} fitted on one page (${w.total} items): not a paging test`);
  }
}
