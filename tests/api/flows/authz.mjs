// Authorisation matrix: every role × the unit endpoints, on four units with known territory
// (Kunshan / Wujiang) and industry (AJJ via C01 / ZJJ via E01). "must" cells need that exact
// status; "may" cells (policy not fixed by docs/API.md) accept success or 403. A refused write
// must change nothing (same version, same total).

const KS = { region: '320583', lon: 120.955, lat: 31.384 };
const YS = { region: '320583100', lon: 120.957, lat: 31.386 }; // 玉山镇
const WJ = { region: '320509', lon: 120.632, lat: 31.008 };

const KINDS = {
  ks_ajj: { ...YS, sector: 'C01' }, // Kunshan, 玉山镇, AJJ
  ks_zjj: { ...KS, sector: 'E01' }, // Kunshan (district level), ZJJ
  wj_ajj: { ...WJ, sector: 'C01' },
  wj_zjj: { ...WJ, sector: 'E01' },
};

// Which of the four units each role may read.
const READ = {
  admin: ['ks_ajj', 'ks_zjj', 'wj_ajj', 'wj_zjj'], // city
  kunshan: ['ks_ajj', 'ks_zjj'], // district 320583
  wujiang: ['wj_ajj', 'wj_zjj'], // district 320509
  t_ajj: ['ks_ajj', 'wj_ajj'], // city_dept AJJ
  t_ksajj: ['ks_ajj'], // district_dept 320583 AJJ
  t_yushan: ['ks_ajj'], // street 320583100
  t_unit: [], // unit bound to another unit
  t_expert: ['ks_ajj', 'ks_zjj', 'wj_ajj', 'wj_zjj'], // expert
};
// Writes (create, edit, archive): "must" succeed, "may" succeed or be refused, anything else 403.
const WRITE_MUST = { admin: Object.keys(KINDS), kunshan: ['ks_ajj', 'ks_zjj'], wujiang: ['wj_ajj', 'wj_zjj'] };
const WRITE_MAY = { t_ajj: ['ks_ajj', 'wj_ajj'], t_ksajj: ['ks_ajj'], t_yushan: ['ks_ajj'] };
const ROLES = Object.keys(READ);

function writeExpect(role, kind, okStatus) {
  if ((WRITE_MUST[role] || []).includes(kind)) return { want: 'must', ex: { status: okStatus } };
  if ((WRITE_MAY[role] || []).includes(kind)) return { want: 'may', ex: { status: { $in: [okStatus, 403] } } };
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

export async function listsStayInScope(ctx) {
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
  const units = await makeUnits(ctx, '读');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const may = READ[role].includes(kind);
      const r = await ctx.request(role, 'GET', `/api/v1/units/${u.id}`);
      ctx.expect(r, may ? { status: 200, json: { id: u.id } } : { status: 403, json: { error: { code: { $type: 'string' } } } }, `${role} reads ${kind}`);
    }
  }
}

export async function auditReadMatrix(ctx) {
  // Whoever cannot read a unit cannot read its trail either; the city office reads every trail.
  const units = await makeUnits(ctx, '痕迹');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const a = await ctx.request(role, 'GET', `/api/v1/audit?entity=unit&id=${u.id}`);
      if (role === 'admin') ctx.expect(a, { status: 200, json: { items: { $min_len: 1 } } }, `${role} reads the audit of ${kind}`);
      else if (!READ[role].includes(kind)) ctx.expect(a, { one_of: [{ status: 403 }, { status: 200, json: { items: { $len: 0 } } }] }, `${role} reads the audit of ${kind}`);
    }
  }
}

export async function createMatrix(ctx) {
  let expected = await total(ctx);
  for (const role of ROLES) {
    for (const kind of Object.keys(KINDS)) {
      const { want, ex } = writeExpect(role, kind, 201);
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
  const units = await makeUnits(ctx, '改');
  for (const role of ROLES) {
    for (const [kind, u] of Object.entries(units)) {
      const before = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}`)).json;
      const { want, ex } = writeExpect(role, kind, 200);
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
  for (const role of ROLES) {
    const units = await makeUnits(ctx, `删${role}`);
    for (const [kind, u] of Object.entries(units)) {
      const { want, ex } = writeExpect(role, kind, 200);
      const r = await ctx.request(role, 'DELETE', `/api/v1/units/${u.id}`);
      ctx.expect(r, want === 'no' ? ex : { status: want === 'must' ? { $in: [200, 204] } : { $in: [200, 204, 403] }, json_body: false }, `${role} archives ${kind} (${want})`);
      const after = (await ctx.request('admin', 'GET', `/api/v1/units/${u.id}`)).json;
      const archived = after && after.status === 'archived';
      ctx.check(archived === (r.status === 200 || r.status === 204), `${role} archives ${kind}: status ${r.status} but the unit is ${after && after.status}`);
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
