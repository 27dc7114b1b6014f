// Without a session every endpoint but POST /api/v1/session answers 401 (JSON), whatever the body.

const ENDPOINTS = (v) => [
  ['GET', '/api/v1/session'],
  ['DELETE', '/api/v1/session'],
  ['GET', '/api/v1/regions'],
  ['GET', '/api/v1/regions?parent=3205'],
  ['GET', '/api/v1/regions/320583'],
  ['GET', '/api/v1/geo/districts?city=3205'],
  ['GET', '/api/v1/sectors'],
  ['GET', '/api/v1/departments'],
  ['GET', '/api/v1/accident-types'],
  ['GET', '/api/v1/units'],
  ['GET', '/api/v1/units?region=320583&limit=1'],
  ['POST', '/api/v1/units', { name: 'x' }],
  ['GET', `/api/v1/units/${v.ks_unit_id}`],
  ['PATCH', `/api/v1/units/${v.ks_unit_id}`, { name: 'x' }],
  ['DELETE', `/api/v1/units/${v.ks_unit_id}`],
  ['POST', '/api/v1/units/import', 'csv'],
  ['GET', `/api/v1/audit?entity=unit&id=${v.ks_unit_id}`],
];

export async function anonymousGets401Everywhere(ctx) {
  for (const [method, path, body] of ENDPOINTS(ctx.vars)) {
    const o = body === 'csv' ? { raw: 'credit_code,name\n', contentType: 'text/csv' } : {};
    for (const csrf of [false, 'forged-token']) {
      const r = await ctx.request(null, method, path, body === 'csv' ? undefined : body, { ...o, csrf });
      ctx.expect(r, { status: 401, json: { error: { code: { $type: 'string' }, message: { $type: 'string' } } } }, `anonymous, csrf ${csrf}`);
    }
  }
  const r = await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.ks_unit_id}`);
  ctx.expect(r, { status: 200, json: { status: 'active' } }, 'the unit survived the anonymous DELETE');
}

export async function loginIsTheOnlyAnonymousWrite(ctx) {
  const r = await ctx.request('anon', 'POST', '/api/v1/session', { login: 't_expert', password: ctx.users.t_expert.password }, { csrf: false });
  ctx.expect(r, { status: 200, json: { user: { role: 'expert' } } }, 'login without CSRF');
}
