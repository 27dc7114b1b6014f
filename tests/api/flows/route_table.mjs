// The authorisation matrix over every endpoint, read from the one route table (src/http/routes.c):
// anonymous callers get 401 on everything not public; every write without the CSRF header gets
// 403; the read-only expert gets 403 on every write; and no route answers 5xx to any of them.

import fs from 'node:fs';

function routes() {
  const text = fs.readFileSync('src/http/routes.c', 'utf8');
  const out = [];
  const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*\w+,\s*(CR_\w+)/g;
  let m;
  while ((m = re.exec(text))) out.push({ method: m[1], path: m[2], access: m[3] });
  return out;
}

function concrete(path, ctx) {
  return path.replace('{code}', '320583').replace('{aid}', '1').replace('{name}', 'targets')
    .replace('{id}', String(ctx.vars.ks_unit_id || 1));
}

const PUBLIC_POST_BODY = { description: 'x' }; // public routes get a body they will refuse (400)

export async function everyRouteIsGuarded(ctx) {
  const all = routes();
  ctx.require(all.length > 40, `routes.c should list the API (found ${all.length})`);
  for (const rt of all) {
    const path = concrete(rt.path, ctx);
    const write = rt.method !== 'GET';
    const body = write ? (rt.access === 'CR_PUBLIC' ? PUBLIC_POST_BODY : {}) : undefined;
    // anonymous
    const anon = await ctx.request(null, rt.method, path, body, { csrf: false });
    if (rt.access === 'CR_PUBLIC')
      ctx.check(anon.status > 0 && anon.status < 500, `${rt.method} ${rt.path} public: got ${anon.status}`);
    else
      ctx.expect(anon, { status: 401 }, `${rt.method} ${rt.path} anonymous`);
    /* POST /assess is a read (it grades and stores nothing): no CSRF, experts allowed */
    if (!write || rt.access === 'CR_PUBLIC' || rt.access === 'CR_READ')
      continue;
    // a logged-in user without the CSRF header
    const nocsrf = await ctx.request('t_expert', rt.method, path, body, { csrf: false });
    ctx.expect(nocsrf, { status: 403 }, `${rt.method} ${rt.path} without X-CSRF-Token`);
    if (rt.access === 'CR_WRITE') {
      const expert = await ctx.request('t_expert', rt.method, path, body);
      ctx.expect(expert, { status: 403 }, `${rt.method} ${rt.path} as the read-only expert`);
    }
  }
  // reads as the expert and as a unit user never fail on the server side (the event stream
  // never ends by itself: tests/api/flows/alerts.mjs reads it)
  for (const rt of all.filter((r) => r.method === 'GET' && r.path !== '/api/v1/events')) {
    for (const who of ['t_expert', 't_unit']) {
      const r = await ctx.request(who, 'GET', concrete(rt.path, ctx));
      ctx.check(r.status > 0 && r.status < 500, `GET ${rt.path} as ${who}: got ${r.status} ${r.text.slice(0, 120)}`);
    }
  }
}
