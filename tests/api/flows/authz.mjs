// Authorisation matrix: every role × the unit endpoints, on four units with known territory
// (Kunshan / Wujiang) and industry (AJJ via C01 / ZJJ via E01); every role × account creation
// and management for every target role and territory; every role × catalogue writes for its
// own and another department. Every expected status comes from the access-policy table in
// docs/SECURITY.md (read below), so the table and the code cannot drift apart. A refused write
// must change nothing (same version, same total, same account list).

import { readFileSync } from 'node:fs';

const KS = { region: '320583', lon: 120.955, lat: 31.384 };
const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇
const WJ = { region: '320509', lon: 120.632, lat: 31.008 };

const KINDS = {
  ks_ajj: { ...YS, sector: 'C01' }, // Kunshan, 玉山镇, AJJ
  ks_zjj: { ...KS, sector: 'E01' }, // Kunshan (district level), ZJJ
  wj_ajj: { ...WJ, sector: 'C01' },
  wj_zjj: { ...WJ, sector: 'E01' },
};
const KIND_DEPT = { ks_ajj: 'AJJ', ks_zjj: 'ZJJ', wj_ajj: 'AJJ', wj_zjj: 'ZJJ' };

// The sessions of tests/api/README.md, one per role: city, district ×2, city_dept,
// district_dept, street, unit (bound to a unit that is none of the four), expert.
const ROLES = ['admin', 'kunshan', 'wujiang', 't_ajj', 't_ksajj', 't_yushan', 't_unit', 't_expert'];
const DEPT_ROLES = ['city_dept', 'district_dept'];

// ---- the policy table of docs/SECURITY.md: policy['unit read'].district = {scope, roles}
const POLICY = (() => {
  const text = readFileSync(new URL('../../../docs/SECURITY.md', import.meta.url), 'utf8');
  const at = text.indexOf('<!-- policy-table');
  if (at < 0) throw new Error('docs/SECURITY.md has no <!-- policy-table --> marker');
  const rows = [];
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (!line.startsWith('|')) { if (rows.length) break; continue; }
    rows.push(line.split('|').slice(1, -1).map((c) => c.trim()));
  }
  const [head, , ...body] = rows;
  const roles = head.slice(2);
  const policy = {};
  for (const r of body) {
    const row = (policy[`${r[0]} ${r[1]}`] = {});
    roles.forEach((role, i) => {
      const cell = r[i + 2];
      const m = /^(all|own|—)(?: \(([a-z_, ]+)\))?$/.exec(cell);
      if (!m) throw new Error(`docs/SECURITY.md policy table: cannot read cell '${cell}' (${r[0]} ${r[1]}, ${role})`);
      row[role] = { scope: m[1] === '—' ? 'none' : m[1], roles: m[2] ? m[2].split(',').map((x) => x.trim()) : null };
    });
  }
  return policy;
})();

// Whether the record {region, dept, unit_id} lies inside the actor's territory: its region
// prefix, its department for department roles, its unit for unit accounts.
function inside(actor, rec) {
  return (rec.region || '').startsWith(actor.region) &&
    (!DEPT_ROLES.includes(actor.role) || rec.dept === actor.dept) &&
    (actor.role !== 'unit' || rec.unit_id === actor.unit_id);
}

// What the table allows `actor` (a /session user) to do with a record; targetRole for accounts.
function allowed(resource, action, actor, isInside, targetRole) {
  const row = POLICY[`${resource} ${action}`];
  if (!row || !row[actor.role]) throw new Error(`docs/SECURITY.md policy table has no cell for ${resource} ${action} × ${actor.role}`);
  const { scope, roles } = row[actor.role];
  if (scope === 'none') return false;
  if (roles && !roles.includes(targetRole)) return false;
  return scope === 'all' || isInside;
}

async function profiles(ctx) {
  const who = {};
  for (const role of ROLES) {
    const r = await ctx.request(role, 'GET', '/api/v1/session');
    ctx.require(r.status === 200, `${role}: GET /session ${r.status}`);
    who[role] = r.json.user;
  }
  return who;
}

// Which of the four units each role may read, and what each may write, by the table.
async function unitPolicy(ctx) {
  const who = await profiles(ctx);
  const rec = (kind) => ({ region: KINDS[kind].region, dept: KIND_DEPT[kind], unit_id: -1 });
  const may = (action, role, kind) => allowed('unit', action, who[role], inside(who[role], rec(kind)));
  const READ = Object.fromEntries(ROLES.map((role) => [role, Object.keys(KINDS).filter((k) => may('read', role, k))]));
  return { who, READ, may };
}

// Writes: allowed by the table "must" succeed, anything else 403.
function writeExpect(P, action, role, kind, okStatus) {
  if (P.may(action, role, kind)) return { want: 'must', ex: { status: okStatus } };
  return { want: 'no', ex: { status: 403, json: { error: { code: { $type: 'string' } } } } };
}

function unitBody(ctx, kind, tag) {
  return {
    credit_code: ctx.creditCode(KINDS[kind].region.slice(0, 6)), name: `权限矩阵${tag}${ctx.uniq()}`,
    size_class: 'below', employees: 9, address: '测试地址', ...KINDS[kind],
  };
}

async function total(ctx) {
  const r = await ctx.request('admin', 'GET', '/api/v1/units?limit=1');
  return r.json && r.json.total;
}

async function makeUnits(ctx, tag) {
  const ids = {};
  for (const kind of Object.keys(KINDS)) {
    const r = await ctx.request('admin', 'POST', '/api/v1/units', unitBody(ctx, kind, tag));
    ctx.require(r.status === 201, `admin could not create a ${kind} unit: ${r.status} ${r.text}`);
    ids[kind] = r.json;
  }
  return ids;
}

export async function referenceDataReadableByEveryRole(ctx) {
  for (const role of ROLES) {
    for (const p of ['/api/v1/regions', '/api/v1/regions?parent=3205', '/api/v1/regions/320583', '/api/v1/geo/districts?city=3205',
      '/api/v1/sectors', '/api/v1/departments', '/api/v1/accident-types', '/api/v1/session']) {
      ctx.expect(await ctx.request(role, 'GET', p), { status: 200 }, role);
    }
  }
}

export async function policyTableIsComplete(ctx) {
  const cols = ['city', 'city_dept', 'district', 'district_dept', 'street', 'unit', 'expert'];
  for (const key of ['unit read', 'unit create', 'unit edit', 'unit archive', 'audit read', 'account create', 'account manage', 'catalogue read', 'catalogue write', 'qra compute',
    'review read', 'review submit', 'verification record', 'progress read', 'report read']) {
    ctx.check(POLICY[key], `docs/SECURITY.md policy table has no row '${key}'`);
    for (const c of cols) ctx.check(POLICY[key] && POLICY[key][c], `docs/SECURITY.md policy table: '${key}' has no ${c} cell`);
  }
  for (const key of ['dynamic_report create', 'alert read', 'alert ack', 'webhook manage', 'cap_alert draft', 'cap_alert approve', 'signal post']) {
    ctx.check(POLICY[key], `docs/SECURITY.md policy table has no row '${key}'`);
    for (const c of cols) ctx.check(POLICY[key] && POLICY[key][c], `docs/SECURITY.md policy table: '${key}' has no ${c} cell`);
  }
  for (const key of Object.keys(POLICY)) ctx.check(/^(unit|audit|account|catalogue|qra|review|verification|progress|report|dynamic_report|alert|webhook|cap_alert|signal) /.test(key), `docs/SECURITY.md policy table row '${key}' is not checked by the matrix`);
}

export async function listsStayInScope(ctx) {
  const { READ } = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '列表');
  const pred = {
    admin: () => true, t_expert: () => true,
    kunshan: (u) => u.region.startsWith('320583'),
    wujiang: (u) => u.region.startsWith('320509'),
    t_ajj: (u) => u.dept === 'AJJ',
    t_ksajj: (u) => u.dept === 'AJJ' && u.region.startsWith('320583'),
    t_yushan: (u) => u.region.startsWith('320583100'),
    t_unit: (u) => u.id === ctx.vars.ks_unit_id,
  };
  for (const role of ROLES) {
    const r = await ctx.request(role, 'GET', '/api/v1/units?limit=500&q=权限矩阵列表');
    if (!ctx.expect(r, { status: 200, json: { items: { $type: 'array' } } }, `${role} list`)) continue;
    for (const u of r.json.items) ctx.check(pred[role](u), `${role} lists unit ${u.id} (region ${u.region}, dept ${u.dept}) outside its scope`);
    for (const [kind, u] of Object.entries(units)) {
      const listed = r.json.items.some((x) => x.id === u.id);
      ctx.check(listed === READ[role].includes(kind), `${role}: ${kind} unit ${u.id} ${listed ? 'listed but must not be' : 'not listed but readable'}`);
    }
  }
}

export async function readMatrix(ctx) {
  const { READ } = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '读');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const may = READ[role].includes(kind);
      const r = await ctx.request(role, 'GET', `/api/v1/units/${u.id}`);
      ctx.expect(r, may ? { status: 200, json: { id: u.id } } : { status: 403, json: { error: { code: { $type: 'string' } } } }, `${role} reads ${kind}`);
    }
  }
}

// A unit's history follows "unit read": whoever reads the unit reads exactly its one entry (the
// city office created it), anyone else 403 unit_scope. Any other record's history follows
// "audit read". One outcome per role and record, both from docs/SECURITY.md.
export async function auditReadMatrix(ctx) {
  const { who, READ } = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '痕迹');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const a = await ctx.request(role, 'GET', `/api/v1/audit?entity=unit&id=${u.id}`);
      ctx.expect(a, READ[role].includes(kind)
        ? { status: 200, json: { items: [{ entity: 'unit', entity_id: String(u.id), action: 'create', login: 'admin', after: { id: u.id, name: u.name } }] } }
        : { status: 403, json: { error: { code: 'forbidden', field: 'id', params: { rule: 'unit_scope' } } } },
      `${role} reads the history of ${kind} (${READ[role].includes(kind) ? 'may' : 'may not'})`);
    }
  }
  // Another record's history: a hazard of a Kunshan unit that every regulator of Kunshan reads.
  const h = await ctx.request('admin', 'POST', '/api/v1/hazards', { unit_id: units.ks_ajj.id, source: 'inspection', grade: 'general', description: '痕迹矩阵隐患' });
  ctx.require(h.status === 201, `admin records a hazard: ${h.status} ${h.text}`);
  for (const role of ROLES) {
    const ok = allowed('audit', 'read', who[role], true);
    const a = await ctx.request(role, 'GET', `/api/v1/audit?entity=hazard&id=${h.json.id}`);
    ctx.expect(a, ok ? { status: 200, json: { items: [{ entity: 'hazard', entity_id: String(h.json.id), action: 'create', login: 'admin' }] } }
      : { status: 403, json: { error: { code: 'forbidden', field: 'entity' } } }, `${role} reads the history of a hazard (${ok ? 'may' : 'may not'})`);
  }
}

export async function createMatrix(ctx) {
  const P = await unitPolicy(ctx);
  let expected = await total(ctx);
  for (const role of ROLES) {
    for (const kind of Object.keys(KINDS)) {
      const { want, ex } = writeExpect(P, 'create', role, kind, 201);
      const r = await ctx.request(role, 'POST', '/api/v1/units', unitBody(ctx, kind, '建'));
      ctx.expect(r, ex, `${role} creates ${kind} (${want})`);
      if (r.status === 201) expected++;
      const t = await total(ctx);
      ctx.check(t === expected, `${role} creates ${kind}: total ${t}, expected ${expected} (status ${r.status})`);
      expected = t;
    }
  }
}

export async function editMatrix(ctx) {
  const P = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '改');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const before = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}`)).json;
      const { want, ex } = writeExpect(P, 'edit', role, kind, 200);
      const phone = `1390000${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
      const r = await ctx.request(role, 'PATCH', `/api/v1/units/${u.id}`, { contact_phone: phone });
      ctx.expect(r, ex, `${role} edits ${kind} (${want})`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}`)).json;
      if (r.status === 200) ctx.check(after.contact_phone === phone, `${role} edits ${kind}: 200 but the phone is ${after.contact_phone}`);
      else ctx.check(after.version === before.version && after.contact_phone === before.contact_phone,
        `${role} edits ${kind}: refused (${r.status}) but the unit changed (version ${before.version} → ${after.version})`);
    }
  }
}

export async function archiveMatrix(ctx) {
  const P = await unitPolicy(ctx);
  for (const role of ROLES) {
    const units = await makeUnits(ctx, `删${role}`);
    for (const [kind, u] of Object.entries(units)) {
      const { want, ex } = writeExpect(P, 'archive', role, kind, 200);
      const r = await ctx.request(role, 'DELETE', `/api/v1/units/${u.id}`);
      ctx.expect(r, want === 'no' ? ex : { status: 200, json: { id: u.id, status: 'archived' } }, `${role} archives ${kind} (${want})`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}`)).json;
      const archived = after && after.status === 'archived';
      ctx.check(archived === (r.status === 200), `${role} archives ${kind}: status ${r.status} but the unit is ${after && after.status}`);
    }
  }
}

export async function unitAndExpertImportsRefused(ctx) {
  const csv = `credit_code,name,sector,region,address,lon,lat,size_class,employees,contact_name,contact_phone\n${ctx.creditCode()},矩阵导入${ctx.uniq()},C01,320583,地址,120.955,31.384,below,3,联系人,13300000000\n`;
  const t0 = await total(ctx);
  for (const role of ['t_unit', 't_expert']) {
    const r = await ctx.request(role, 'POST', '/api/v1/units/import', undefined, { raw: csv, contentType: 'text/csv' });
    ctx.expect(r, { status: 403 }, `${role} imports`);
  }
  ctx.check((await total(ctx)) === t0, 'a refused import changed the total');
}

// ---- accounts: every role creates and manages accounts of every role, inside and outside it
async function accountTargets(ctx) {
  const towns = await ctx.request('admin', 'GET', '/api/v1/regions?parent=320509');
  ctx.require(towns.status === 200 && towns.json.items.length > 0, `Wujiang's towns: ${towns.status}`);
  const unitOf = async (id) => {
    const r = await ctx.request('admin', 'GET', `/api/v1/units/${id}`);
    ctx.require(r.status === 200, `unit ${id}: ${r.status}`);
    return { role: 'unit', unit_id: id, region: r.json.region, dept: r.json.dept, send: { unit_id: id } };
  };
  const t = (role, region, dept = '') => ({ role, region, dept, send: { region, ...(dept ? { dept } : {}) } });
  return [
    t('city', '3205'), t('city_dept', '3205', 'AJJ'), t('expert', '3205'),
    t('district', '320583'), t('district', '320509'),
    t('district_dept', '320583', 'AJJ'), t('district_dept', '320509', 'AJJ'),
    t('street', '320583100'), t('street', towns.json.items[0].code),
    await unitOf(ctx.vars.ks_unit_id), await unitOf(ctx.vars.wj_unit_id),
  ];
}

const logins = async (ctx) => (await ctx.request('admin', 'GET', '/api/v1/users')).json.items.map((a) => a.login);
const describeTarget = (x) => `${x.role}@${x.region}${x.dept ? '/' + x.dept : ''}`;

export async function accountCreateMatrix(ctx) {
  const who = await profiles(ctx);
  const targets = await accountTargets(ctx);
  let known = (await logins(ctx)).length;
  for (const role of ROLES) {
    for (const x of targets) {
      const ok = allowed('account', 'create', who[role], inside(who[role], x), x.role);
      const login = `mx.${role.replace('_', '')}.${ctx.uniq()}`.toLowerCase();
      const r = await ctx.request(role, 'POST', '/api/v1/users', { login, role: x.role, ...x.send, password: 'matrix-pw-1' });
      const label = `${role} creates ${describeTarget(x)}`;
      ctx.expect(r, ok ? { status: 201, json: { login, role: x.role, region: x.region } }
        : { status: 403, json: { error: { code: 'forbidden', field: { $type: 'string' } } } }, label);
      const now = (await logins(ctx)).length;
      ctx.check(now === known + (r.status === 201 ? 1 : 0), `${label}: ${now - known} accounts added (status ${r.status})`);
      known = now;
      if (r.status === 201) {
        // The creator finds it in its own list, with the territory that decides over it.
        const mine = await ctx.request(role, 'GET', '/api/v1/users');
        ctx.expect(mine, { status: 200, json: { items: { $contains: { login, region: x.region } } } }, `${label}: in the creator's list`);
      }
    }
  }
}

export async function accountManageMatrix(ctx) {
  const who = await profiles(ctx);
  const targets = await accountTargets(ctx);
  for (const x of targets) {
    const r = await ctx.request('admin', 'POST', '/api/v1/users', { login: `mm.${ctx.uniq()}`.toLowerCase(), role: x.role, ...x.send, password: 'matrix-pw-1' });
    ctx.require(r.status === 201, `admin creates ${describeTarget(x)}: ${r.status} ${r.text}`);
    x.id = r.json.id;
    x.login = r.json.login;
  }
  for (const role of ROLES) {
    const list = await ctx.request(role, 'GET', '/api/v1/users');
    const canList = POLICY['account manage'][who[role].role].scope !== 'none';
    ctx.expect(list, { status: canList ? 200 : 403 }, `${role} lists accounts`);
    for (const x of targets) {
      const ok = allowed('account', 'manage', who[role], inside(who[role], x), x.role);
      const label = `${role} manages ${describeTarget(x)}`;
      if (list.status === 200) ctx.check(list.json.items.some((a) => a.id === x.id) === ok, `${label}: ${ok ? 'not listed' : 'listed'}`);
      const d = await ctx.request(role, 'PATCH', `/api/v1/users/${x.id}`, { disabled: true });
      ctx.expect(d, ok ? { status: 200, json: { disabled: true } } : { status: 403 }, `${label} (disable)`);
      const p = await ctx.request(role, 'PATCH', `/api/v1/users/${x.id}`, { password: 'matrix-pw-2' });
      ctx.expect(p, { status: ok ? 200 : 403 }, `${label} (password reset)`);
      const a = (await ctx.request('admin', 'GET', '/api/v1/users')).json.items.find((y) => y.id === x.id);
      ctx.check(a && a.disabled === ok, `${label}: disabled is ${a && a.disabled} after status ${d.status}`);
      if (ok) await ctx.request('admin', 'PATCH', `/api/v1/users/${x.id}`, { disabled: false });
    }
  }
}

// ---- catalogues: every role writes entries of its own department (AJJ) and another's (JYJ)
const ENTRY = {
  AJJ: { sector: 'C01', name: '矩阵目录C01', method: 'lec', inputs: { L: 1, E: 6, C: 7 } },
  JYJ: { sector: 'P02', name: '矩阵目录P02', method: 'ls', inputs: { L: 2, S: 3 } },
};

export async function catalogueWriteMatrix(ctx) {
  const who = await profiles(ctx);
  // Issue 7 item 7: besides the eight sessions, a city department account the city office
  // narrowed to Kunshan. Catalogues are city-wide: "own" needs the department and the whole city.
  const narrow = `mx.narrowajj.${ctx.uniq()}`.toLowerCase();
  const n = await ctx.request('admin', 'POST', '/api/v1/users', { login: narrow, role: 'city_dept', region: '320583', dept: 'AJJ', password: 'narrow-pw-1' });
  ctx.require(n.status === 201, `admin creates a city_dept account for Kunshan: ${n.status} ${n.text}`);
  ctx.require((await ctx.request('narrow', 'POST', '/api/v1/session', { login: narrow, password: 'narrow-pw-1' }, { csrf: false })).status === 200, 'the narrow account logs in');
  who.narrow = (await ctx.request('narrow', 'GET', '/api/v1/session')).json.user;
  const fresh = async (dept) => {
    const r = await ctx.request('admin', 'POST', '/api/v1/catalogue', ENTRY[dept]);
    ctx.require(r.status === 201 && r.json.dept === dept, `admin adds a ${dept} entry: ${r.status} ${r.text}`);
    return r.json;
  };
  for (const role of [...ROLES, 'narrow']) {
    for (const dept of Object.keys(ENTRY)) {
      const u = who[role];
      const ok = allowed('catalogue', 'write', u, DEPT_ROLES.includes(u.role) && u.dept === dept && u.region.length <= 4);
      const label = `${role} writes a ${dept} entry`;
      const refused = { status: 403, json: { error: { code: 'forbidden' } } };
      const before = (await ctx.request('admin', 'GET', `/api/v1/catalogue?sector=${ENTRY[dept].sector}`)).json.items.length;
      const c = await ctx.request(role, 'POST', '/api/v1/catalogue', ENTRY[dept]);
      ctx.expect(c, ok ? { status: 201 } : refused, `${label} (create)`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/catalogue?sector=${ENTRY[dept].sector}`)).json.items.length;
      ctx.check(after === before + (c.status === 201 ? 1 : 0), `${label} (create): ${after - before} entries added (status ${c.status})`);
      const e = await fresh(dept);
      const place = `矩阵${ctx.uniq()}`;
      const p = await ctx.request(role, 'PATCH', `/api/v1/catalogue/${e.id}`, { place });
      ctx.expect(p, ok ? { status: 200, json: { place } } : refused, `${label} (edit)`);
      const d = await ctx.request(role, 'DELETE', `/api/v1/catalogue/${e.id}`);
      ctx.expect(d, ok ? { status: 200 } : refused, `${label} (archive)`);
      const now = (await ctx.request('admin', 'GET', `/api/v1/catalogue/${e.id}`)).json;
      ctx.check(now.place === (p.status === 200 ? place : '') && now.status === (d.status === 200 ? 'archived' : 'active'),
        `${label}: entry is place '${now.place}', ${now.status} after edit ${p.status}, archive ${d.status}`);
      if (now.status === 'active') await ctx.request('admin', 'DELETE', `/api/v1/catalogue/${e.id}`);
      if (c.status === 201) await ctx.request('admin', 'DELETE', `/api/v1/catalogue/${c.json.id}`);
    }
  }
}

// Installations (重大危险源) follow their unit's row of the table: read with "unit read", every
// write with "unit edit"; a refused write changes nothing.
export async function installationMatrix(ctx) {
  const P = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '危险源');
  const body = (tag) => ({ name: `储罐区${tag}`, kind: 'storage', exposed_500m: 10,
    inventory: [{ cas: '7782-50-5', q: 1 }] });
  const made = {};
  for (const [kind, u] of Object.entries(units)) {
    const r = await ctx.request('admin', 'POST', `/api/v1/units/${u.id}/installations`, body('管理员'));
    ctx.require(r.status === 201, `admin adds an installation to ${kind}: ${r.status} ${r.text}`);
    made[kind] = r.json;
  }
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const mayRead = P.READ[role].includes(kind);
      const refused = { status: 403, json: { error: { code: 'forbidden' } } };
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/units/${u.id}/installations`),
        mayRead ? { status: 200, json: { items: { $min_len: 1 } } } : refused, `${role} lists the installations of ${kind}`);
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/installations/${made[kind].id}`),
        mayRead ? { status: 200, json: { id: made[kind].id } } : refused, `${role} reads an installation of ${kind}`);
      const add = writeExpect(P, 'edit', role, kind, 201);
      ctx.expect(await ctx.request(role, 'POST', `/api/v1/units/${u.id}/installations`, body(role)), add.ex,
        `${role} adds an installation to ${kind} (${add.want})`);
      const before = (await ctx.request('admin', 'GET', `/api/v1/installations/${made[kind].id}`)).json;
      const edit = writeExpect(P, 'edit', role, kind, 200);
      const r = await ctx.request(role, 'PATCH', `/api/v1/installations/${made[kind].id}`, { name: `改${role}` });
      ctx.expect(r, edit.ex, `${role} changes an installation of ${kind} (${edit.want})`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/installations/${made[kind].id}`)).json;
      if (r.status !== 200) ctx.check(after.version === before.version, `${role} changes ${kind}: refused but the installation changed`);
      if (role === 't_expert' || !P.may('edit', role, kind)) {
        ctx.expect(await ctx.request(role, 'DELETE', `/api/v1/installations/${made[kind].id}`), refused,
          `${role} archives an installation of ${kind}`);
      }
    }
  }
  // The unit account edits its own unit's installations.
  const own = await ctx.request('t_unit', 'POST', `/api/v1/units/${ctx.vars.ks_unit_id}/installations`, body('本单位'));
  ctx.expect(own, { status: 201, json: { unit_id: ctx.vars.ks_unit_id } }, 't_unit adds to its own unit');
  if (own.status === 201) {
    ctx.expect(await ctx.request('t_unit', 'PATCH', `/api/v1/installations/${own.json.id}`, { exposed_500m: 3 }),
      { status: 200, json: { exposed_500m: 3 } }, 't_unit changes its own installation');
    ctx.expect(await ctx.request('t_unit', 'DELETE', `/api/v1/installations/${own.json.id}`),
      { status: 200, json: { status: 'archived' } }, 't_unit archives its own installation');
  }
}

// A major hazard source's QRA scenarios follow the installation's unit, as installations do:
// list, read and compute their risk with "unit read", add, change and archive with "unit edit";
// a refused write changes nothing.
export async function qraScenarioMatrix(ctx) {
  const P = await unitPolicy(ctx);
  const units = await makeUnits(ctx, 'QRA情景');
  const scenario = (tag) => ({ name: `火球${tag}`, model: 'bleve', inputs: { mass_kg: 100 }, frequency_per_year: 1e-5 });
  const made = {};
  for (const [kind, u] of Object.entries(units)) {
    const i = await ctx.request('admin', 'POST', `/api/v1/units/${u.id}/installations`, {
      name: `储罐区QRA${kind}`, kind: 'storage', exposed_500m: 10, inventory: [{ cas: '7782-50-5', q: 1 }], lon: 120.95, lat: 31.38,
    });
    ctx.require(i.status === 201, `admin adds an installation to ${kind}: ${i.status} ${i.text}`);
    const q = await ctx.request('admin', 'POST', `/api/v1/installations/${i.json.id}/qra-scenarios`, scenario('管理员'));
    ctx.require(q.status === 201, `admin adds a scenario to ${kind}: ${q.status} ${q.text}`);
    made[kind] = { inst: i.json.id, sc: q.json };
  }
  const refused = { status: 403, json: { error: { code: 'forbidden' } } };
  for (const role of ROLES) {
    for (const kind of Object.keys(units)) {
      const { inst, sc } = made[kind];
      const mayRead = P.READ[role].includes(kind);
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/installations/${inst}/qra-scenarios`),
        mayRead ? { status: 200, json: { items: { $min_len: 1 } } } : refused, `${role} lists the QRA scenarios of ${kind}`);
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/installations/${inst}/qra-risk?cell_m=20`),
        mayRead ? { status: 200, json: { scenarios: { $min_len: 1 } } } : refused, `${role} computes the QRA risk of ${kind}`);
      const add = writeExpect(P, 'edit', role, kind, 201);
      ctx.expect(await ctx.request(role, 'POST', `/api/v1/installations/${inst}/qra-scenarios`, scenario(role)), add.ex,
        `${role} adds a QRA scenario to ${kind} (${add.want})`);
      const before = (await ctx.request('admin', 'GET', `/api/v1/installations/${inst}/qra-scenarios`)).json.items.find((x) => x.id === sc.id);
      const edit = writeExpect(P, 'edit', role, kind, 200);
      const r = await ctx.request(role, 'PATCH', `/api/v1/qra-scenarios/${sc.id}`, { name: `改${role}` });
      ctx.expect(r, edit.ex, `${role} changes a QRA scenario of ${kind} (${edit.want})`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/installations/${inst}/qra-scenarios`)).json.items.find((x) => x.id === sc.id);
      if (r.status !== 200) ctx.check(after.version === before.version, `${role} changes ${kind}: refused but the scenario changed`);
      if (role === 't_expert' || !P.may('edit', role, kind)) {
        ctx.expect(await ctx.request(role, 'DELETE', `/api/v1/qra-scenarios/${sc.id}`), refused, `${role} archives a QRA scenario of ${kind}`);
      }
    }
  }
}

// QRA computes from the request and stores nothing: every role the table allows gets 200 from
// the three routes (without a CSRF token: they are reads), every other role 403.
export async function qraComputeMatrix(ctx) {
  const who = await profiles(ctx);
  const calls = [
    ['/api/v1/qra/consequence', { model: 'bleve', inputs: { mass_kg: 1000 } }],
    ['/api/v1/qra/risk', { scenarios: [{ lon: 120.6, lat: 31.3, frequency_per_year: 1e-5, model: 'vce', inputs: { mass_kg: 100, heat_of_combustion_kj_kg: 46350 } }], cell_m: 5 }],
    ['/api/v1/qra/grade', { scenario: { lon: 120.6, lat: 31.3, model: 'bleve', inputs: { mass_kg: 1000 } }, population: [{ lon: 120.6005, lat: 31.3, people: 40 }] }],
  ];
  for (const role of ROLES) {
    const ok = allowed('qra', 'compute', who[role], true);
    for (const [path, body] of calls) {
      const r = await ctx.request(role, 'POST', path, body, { csrf: false });
      ctx.expect(r, { status: ok ? 200 : 403 }, `${role} POST ${path}`);
    }
  }
}

// ---- the review chain, verification and progress: every role × the four units
export async function reviewMatrix(ctx) {
  const { who } = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '审');
  const rec = (kind) => ({ region: KINDS[kind].region, dept: KIND_DEPT[kind], unit_id: units[kind].id });
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const readOk = allowed('review', 'read', who[role], inside(who[role], rec(kind)));
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/units/${u.id}/review`), readOk ? { status: 200, json: { unit_id: u.id, state: 'draft' } } : { status: 403 }, `${role} reads the review state of ${kind}`);
      const submitOk = allowed('review', 'submit', who[role], inside(who[role], rec(kind)));
      const r = await ctx.request(role, 'POST', `/api/v1/units/${u.id}/submit`, {});
      ctx.expect(r, submitOk ? { status: 201 } : { status: 403, json: { error: { code: 'forbidden' } } }, `${role} submits ${kind}`);
      const after = await ctx.request('admin', 'GET', `/api/v1/units/${u.id}/review`);
      if (r.status !== 201) ctx.check(after.json && after.json.state === 'draft', `${role} submits ${kind}: refused but the state is ${after.json && after.json.state}`);
    }
  }
  // the unit account submits its own unit: 201 from a state a unit submits from, 409 while the
  // demo already has its list under review
  const st = await ctx.request('admin', 'GET', `/api/v1/units/${ctx.vars.ks_unit_id}/review`);
  ctx.require(st.status === 200, `the unit's review state: ${st.status}`);
  const open = ['draft', 'returned', 'published'].includes(st.json.state);
  const own = await ctx.request('t_unit', 'POST', `/api/v1/units/${ctx.vars.ks_unit_id}/submit`, {});
  ctx.expect(own, allowed('review', 'submit', who.t_unit, true) ? { status: open ? 201 : 409 } : { status: 403 }, `t_unit submits its own unit from ${st.json.state}`);
}

export async function verificationMatrix(ctx) {
  const { who } = await unitPolicy(ctx);
  const units = await makeUnits(ctx, '核');
  const rec = (kind) => ({ region: KINDS[kind].region, dept: KIND_DEPT[kind], unit_id: units[kind].id });
  const LEVEL = { city: 'city', city_dept: 'city', district: 'district', district_dept: 'district', street: 'town' };
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const ok = allowed('verification', 'record', who[role], inside(who[role], rec(kind)));
      const before = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}/verifications`)).json.items.length;
      const r = await ctx.request(role, 'POST', `/api/v1/units/${u.id}/verifications`, { result: 'pass', findings: '现场核查一致', checked_on: '2026-01-15' });
      ctx.expect(r, ok ? { status: 201, json: { level: LEVEL[who[role].role], unit_id: u.id } } : { status: 403 }, `${role} verifies ${kind}`);
      const now = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}/verifications`)).json.items.length;
      ctx.check(now === before + (r.status === 201 ? 1 : 0), `${role} verifies ${kind}: ${now - before} added (status ${r.status})`);
    }
  }
}

export async function progressMatrix(ctx) {
  const { who } = await unitPolicy(ctx);
  for (const role of ROLES) {
    const me = who[role];
    const ok = allowed('progress', 'read', me, true);
    for (const path of ['/api/v1/progress?by=district', '/api/v1/reporting/owed?limit=5', '/api/v1/verifications/coverage']) {
      const r = await ctx.request(role, 'GET', path);
      ctx.expect(r, { status: ok ? 200 : 403 }, `${role} GET ${path}`);
      if (r.status === 200 && path.includes('progress')) {
        ctx.check(r.json.items.length > 0, `${role}: progress by district has no groups`);
        for (const g of r.json.items) ctx.check(g.key.startsWith(me.region.slice(0, 6)) || me.region.startsWith(g.key), `${role}: progress group ${g.key} outside ${me.region}`);
      }
    }
    if (ok && DEPT_ROLES.includes(me.role)) {
      const d = await ctx.request(role, 'GET', '/api/v1/progress?by=dept');
      ctx.expect(d, { status: 200, json: { items: { $len: 1 } } }, `${role}: only its department`);
      if (d.status === 200 && d.json.items.length) ctx.check(d.json.items[0].key === me.dept, `${role}: dept ${d.json.items[0].key}`);
    }
  }
}

// Reports: the city's, a district's (Kunshan) and an industry's (C01), as HTML, for every role;
// "own" means the report's territory lies inside the account's (the industry report covers the
// account's own territory, so it is always inside).
export async function reportMatrix(ctx) {
  const who = await profiles(ctx);
  const cases = [
    ['/api/v1/reports/city?format=html', '3205'],
    ['/api/v1/reports/district/320583?format=html', '320583'],
    ['/api/v1/reports/industry/C01?format=html', null],
  ];
  for (const role of ROLES) {
    for (const [path, territory] of cases) {
      const isInside = territory === null || territory.startsWith(who[role].region || '');
      const ok = allowed('report', 'read', who[role], isInside);
      const r = await ctx.request(role, 'GET', path, undefined, { timeout: 120_000 });
      ctx.check(r.status === (ok ? 200 : 403), `${role} GET ${path}: ${r.status}, the policy table says ${ok ? 200 : 403}`);
      if (!ok) ctx.check(r.json && r.json.error && r.json.error.code === 'forbidden', `${role} GET ${path}: ${r.text.slice(0, 200)}`);
      if (ok) ctx.check(/^<!DOCTYPE html>/.test(r.text) && !(role !== 'admin' && role !== 't_expert' && role !== 't_ajj' && r.text.includes('全市')), `${role} ${path}: an HTML report in its own words`);
    }
  }
}

// Early warning (issue 11): every role × the four units for dynamic reports, their alerts (read,
// acknowledge) and webhooks; CAP warnings and signals are about an area, so their record is the
// unit's region with the actor's own department. Each expectation comes from the policy table; an
// allowed acknowledgement or approval may meet one already done (409), a refused one is 403.
export async function earlyWarningMatrix(ctx) {
  const who = await profiles(ctx);
  const units = await makeUnits(ctx, '预警');
  const rec = (kind) => ({ region: KINDS[kind].region, dept: KIND_DEPT[kind], unit_id: units[kind].id });
  const area = (kind, role) => ({ region: KINDS[kind].region, dept: who[role].dept, unit_id: -1 });
  const may = (resource, action, role, r) => allowed(resource, action, who[role], inside(who[role], r));
  const report = (kind) => ({ unit_id: units[kind].id, kind: 'other', title: '矩阵', start: '2027-05-01', end: '2027-05-02',
    place: '厂区', risks: '临时风险', measures: '措施' });
  for (const role of ROLES) {
    for (const kind of Object.keys(KINDS)) {
      const label = `${role} × ${kind}`;
      const ok = may('dynamic_report', 'create', role, rec(kind));
      const r = await ctx.request(role, 'POST', '/api/v1/dynamic-reports', report(kind));
      ctx.expect(r, { status: ok ? 201 : 403 }, `dynamic_report create ${label}`);
      const w = await ctx.request(role, 'POST', '/api/v1/webhooks', { name: '矩阵', url: 'http://127.0.0.1:9/m', secret: 'matrix-secret-0123456789',
        region: KINDS[kind].region, dept: KIND_DEPT[kind], active: false });
      ctx.expect(w, { status: may('webhook', 'manage', role, rec(kind)) ? 201 : 403 }, `webhook manage ${label}`);
      const c = await ctx.request(role, 'POST', '/api/v1/cap-alerts', { event: '矩阵', headline: '矩阵', area_desc: '矩阵', expires: '2099-01-01',
        region: KINDS[kind].region, circle: { lon: KINDS[kind].lon, lat: KINDS[kind].lat, radius_km: 1 } });
      ctx.expect(c, { status: may('cap_alert', 'draft', role, area(kind, role)) ? 201 : 403 }, `cap_alert draft ${label}`);
      const sg = await ctx.request(role, 'POST', '/api/v1/signals', { kind: 'weather', type: 'fog', level: 'blue', title: '矩阵',
        regions: [KINDS[kind].region], start: '2030-01-01', end: '2030-01-01' });
      ctx.expect(sg, { status: may('signal', 'post', role, area(kind, role)) ? 201 : 403 }, `signal post ${label}`);
    }
  }
  // alerts of admin's reports, and CAP drafts by t_ajj (who may not approve), one per unit
  for (const kind of Object.keys(KINDS)) {
    const r = await ctx.request('admin', 'POST', '/api/v1/dynamic-reports', report(kind));
    ctx.require(r.status === 201, `admin's report: ${r.status}`);
    const d = await ctx.request('t_ajj', 'POST', '/api/v1/cap-alerts', { event: '矩阵', headline: '矩阵', area_desc: '矩阵', expires: '2099-01-01',
      region: KINDS[kind].region, circle: { lon: KINDS[kind].lon, lat: KINDS[kind].lat, radius_km: 1 } });
    ctx.require(d.status === 201, `t_ajj's draft: ${d.status} ${d.text}`);
    for (const role of ROLES) {
      const label = `${role} × ${kind}`;
      const read = may('alert', 'read', role, rec(kind));
      ctx.expect(await ctx.request(role, 'GET', `/api/v1/alerts/${r.json.alert.id}`), { status: read ? 200 : 403 }, `alert read ${label}`);
      const ack = await ctx.request(role, 'POST', `/api/v1/alerts/${r.json.alert.id}/ack`);
      if (may('alert', 'ack', role, rec(kind))) ctx.check([200, 409].includes(ack.status), `alert ack ${label}: ${ack.status}`);
      else ctx.expect(ack, { status: 403 }, `alert ack ${label}`);
      const ap = await ctx.request(role, 'POST', `/api/v1/cap-alerts/${d.json.id}/approve`);
      if (may('cap_alert', 'approve', role, area(kind, role))) ctx.check([200, 409].includes(ap.status), `cap_alert approve ${label}: ${ap.status}`);
      else ctx.expect(ap, { status: 403 }, `cap_alert approve ${label}`);
    }
  }
}
