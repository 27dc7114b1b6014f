// GET /api/v1/openapi.json is built from the route table (src/http/routes.c): every route and
// only those is in it, each path with exactly the route table's methods, and the document has
// the shape of OpenAPI 3.1 (schemas, error responses, the session cookie and the CSRF header).

import fs from 'node:fs';

function routes() {
  const text = fs.readFileSync('src/http/routes.c', 'utf8');
  const out = [];
  const re = /\{\s*"([A-Z]+)",\s*"([^"]+)",\s*\w+,\s*(CR_\w+)/g;
  let m;
  while ((m = re.exec(text))) out.push({ method: m[1].toLowerCase(), path: m[2], access: m[3] });
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Every "$ref" in the document points at something the document defines.
function refs(v, out = []) {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) (k === '$ref' ? out.push(x) : refs(x, out));
  return out;
}

export async function documentsEveryRoute(ctx) {
  const res = await ctx.request(null, 'GET', '/api/v1/openapi.json');
  ctx.require(res.status === 200 && res.json, `openapi.json anonymously: ${res.status}`);
  const doc = res.json;
  ctx.check(doc.openapi === '3.1.0', `openapi is ${doc.openapi}`);
  ctx.check(doc.info && typeof doc.info.title === 'string' && typeof doc.info.version === 'string', 'info.title and info.version');
  ctx.require(doc.paths && typeof doc.paths === 'object', 'paths');
  ctx.require(doc.components && doc.components.schemas, 'components.schemas');

  const table = routes();
  ctx.require(table.length > 40, `routes.c should list the API (found ${table.length})`);
  const want = new Map();
  for (const r of table) {
    if (!want.has(r.path)) want.set(r.path, new Set());
    want.get(r.path).add(r.method);
  }
  for (const [path, methods] of want) {
    const item = doc.paths[path];
    ctx.check(item, `route ${path} is missing from the document`);
    if (!item) continue;
    const got = new Set(Object.keys(item).filter((k) => METHODS.includes(k)));
    ctx.check([...methods].every((m) => got.has(m)) && got.size === methods.size,
      `${path}: methods ${[...got].sort()} but the route table has ${[...methods].sort()}`);
  }
  for (const path of Object.keys(doc.paths))
    ctx.check(want.has(path), `the document has ${path}, which is not in the route table`);

  // operations: responses, security as the route's access says, path parameters declared
  const ids = new Set();
  for (const r of table) {
    const op = doc.paths[r.path] && doc.paths[r.path][r.method];
    if (!op) continue;
    ctx.check(typeof op.operationId === 'string' && !ids.has(op.operationId), `${r.method} ${r.path}: operationId unique`);
    ids.add(op.operationId);
    ctx.check(op.responses && Object.keys(op.responses).some((c) => /^2\d\d$/.test(c)), `${r.method} ${r.path}: a 2xx response`);
    ctx.check(op.responses && op.responses['4XX'], `${r.method} ${r.path}: error responses`);
    const names = (op.security || []).flatMap((s) => Object.keys(s)).sort().join(',');
    const expected = { CR_PUBLIC: '', CR_READ: 'session', CR_WRITE: 'csrf,session', CR_CSRF: 'csrf,session' }[r.access];
    ctx.check(Array.isArray(op.security) && names === expected, `${r.method} ${r.path}: security ${names} for ${r.access}`);
    const inPath = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
    const declared = (op.parameters || []).filter((p) => p.in === 'path').map((p) => p.name).sort().join(',');
    ctx.check(inPath === declared, `${r.method} ${r.path}: path parameters ${declared}`);
  }

  // the main entities, the list page and the error shape
  const S = doc.components.schemas;
  for (const name of ['Unit', 'RiskPoint', 'Hazard', 'Account', 'CatalogueEntry', 'ListPage', 'Error', 'ErrorBody'])
    ctx.check(S[name] && S[name].type === 'object' && S[name].properties, `schema ${name}`);
  for (const f of ['code', 'field', 'message', 'params'])
    ctx.check(S.Error && S.Error.properties[f], `Error has ${f}`);
  for (const f of ['items', 'next', 'total'])
    ctx.check(S.ListPage && S.ListPage.properties[f], `ListPage has ${f}`);
  for (const ref of refs(doc)) {
    const m = /^#\/components\/(schemas|responses)\/(\w+)$/.exec(ref);
    ctx.check(m && doc.components[m[1]] && doc.components[m[1]][m[2]], `$ref ${ref} resolves`);
  }

  // the session cookie and the CSRF header
  const sec = doc.components.securitySchemes || {};
  ctx.check(sec.session && sec.session.type === 'apiKey' && sec.session.in === 'cookie' && sec.session.name === 'cr_session', 'securitySchemes.session: cookie cr_session');
  ctx.check(sec.csrf && sec.csrf.type === 'apiKey' && sec.csrf.in === 'header' && sec.csrf.name === 'X-CSRF-Token', 'securitySchemes.csrf: header X-CSRF-Token');

  // and a logged-in user gets the same document
  const as = await ctx.request('t_unit', 'GET', '/api/v1/openapi.json');
  ctx.check(as.status === 200 && as.text === res.text, 'the same document for a logged-in user');
}
