// Sessions: a logout kills the session on the server, and a CSRF token belongs to its session.

export async function logoutInvalidatesTheCookieOnTheServer(ctx) {
  const a = await ctx.request('s', 'POST', '/api/v1/session', { login: 'kunshan', password: 'kunshan123' }, { csrf: false });
  ctx.require(ctx.expect(a, { status: 200 }, 'login'), 'login failed');
  const cookie = (a.setCookies || []).map((c) => c.split(';')[0]).find((c) => c.startsWith('cr_session='));
  ctx.require(cookie, `no cr_session cookie in ${JSON.stringify(a.setCookies)}`);
  const csrf = a.json.csrf;
  const out = await ctx.request(null, 'DELETE', '/api/v1/session', undefined, { headers: { cookie }, csrf });
  ctx.expect(out, { status: 200, json: { ok: true } }, 'logout');
  const replay = await ctx.request(null, 'GET', '/api/v1/session', undefined, { headers: { cookie } });
  ctx.expect(replay, { status: 401 }, 'old cookie replayed after logout');
  const write = await ctx.request(null, 'PATCH', `/api/v1/units/${ctx.vars.ks_unit_id}`, { contact_phone: '13000000000' }, { headers: { cookie }, csrf });
  ctx.expect(write, { status: 401 }, 'old cookie + old token replayed for a write');
}

export async function csrfTokenOfAnotherSessionIsRefused(ctx) {
  const a = await ctx.request('s1', 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { csrf: false });
  const b = await ctx.request('s2', 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { csrf: false });
  ctx.require(a.status === 200 && b.status === 200, 'logins failed');
  ctx.check(a.json.csrf !== b.json.csrf, 'two sessions got the same CSRF token');
  const r = await ctx.request('s1', 'PATCH', `/api/v1/units/${ctx.vars.ks_unit_id}`, { contact_phone: '13000000001' }, { csrf: b.json.csrf });
  ctx.expect(r, { status: 403, json: { error: { code: 'csrf' } } }, "s1's cookie with s2's token");
}

export async function sessionsAreIndependent(ctx) {
  // Logging in again must not log out the shared sessions; a second login gives a new cookie.
  const a = await ctx.request('s1', 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { csrf: false });
  const b = await ctx.request('s2', 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { csrf: false });
  const ca = (a.setCookies || []).find((c) => c.startsWith('cr_session='));
  const cb = (b.setCookies || []).find((c) => c.startsWith('cr_session='));
  ctx.check(ca && cb && ca.split(';')[0] !== cb.split(';')[0], 'two logins got the same session cookie');
  await ctx.request('s1', 'DELETE', '/api/v1/session');
  ctx.expect(await ctx.request('s2', 'GET', '/api/v1/session'), { status: 200 }, 'the other session survives a logout');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/session'), { status: 200 }, 'the shared admin session survives');
}
