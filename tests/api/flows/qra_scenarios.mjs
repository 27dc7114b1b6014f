// A major hazard source's QRA scenarios: stored on its installation (create, change with
// optimistic locking, archive), each checked as POST /qra/consequence checks a scenario (bad
// input names its field and writes nothing), every write in the audit trail, read and written
// under the installation's unit; and the individual-risk contours and F-N curve of all of them.

const LON = 120.9312, LAT = 31.3711;

async function installation(ctx, unitId, extra = {}) {
  const r = await ctx.request('admin', 'POST', `/api/v1/units/${unitId}/installations`, {
    name: `液化烃储罐区${ctx.uniq()}`, kind: 'storage', exposed_500m: 30,
    inventory: [{ cas: '7782-50-5', q: 12 }], lon: LON, lat: LAT, ...extra,
  });
  ctx.require(r.status === 201, `installation: ${r.status} ${r.text}`);
  return r.json;
}

export async function qraScenariosOfAnInstallation(ctx) {
  const inst = await installation(ctx, ctx.vars.ks_unit_id);
  const base = `/api/v1/installations/${inst.id}/qra-scenarios`;
  const list = async (who = 'admin') => ctx.request(who, 'GET', base);

  // a fireball at the installation's own position, and a multi-energy VCE 100 m east
  const a = await ctx.request('admin', 'POST', base, { name: '球罐 BLEVE', model: 'bleve', inputs: { mass_kg: 20000 }, frequency_per_year: 1e-6 });
  ctx.expect(a, { status: 201, json: { installation_id: inst.id, name: '球罐 BLEVE', model: 'bleve', frequency_per_year: 1e-6,
    position: 'installation', lon: LON, lat: LAT, version: 1, status: 'active',
    consequence: { model: 'bleve', fireball_diameter_m: { $approx: [157.44, 0.01] }, distances: { $len: 6 } } } }, 'a BLEVE at the installation');
  const b = await ctx.request('admin', 'POST', base, { name: '管廊泄漏 VCE', model: 'vce',
    inputs: { method: 'multi_energy', cloud_volume_m3: 1000, charge_strength: 7, distance_m: 100 }, frequency_per_year: 1e-5, lon: 120.9322, lat: LAT });
  ctx.expect(b, { status: 201, json: { position: 'own', lon: 120.9322, inputs: { method: 'multi_energy', charge_strength: 7 },
    consequence: { overpressure_kpa: { $approx: [7.9195, 0.0001] } } } }, 'a multi-energy VCE at its own position');
  ctx.require(a.status === 201 && b.status === 201, 'both scenarios stored');

  // bad input names the field and stores nothing
  for (const [body, field, code] of [
    [{ name: 'x', model: 'vce', inputs: { heat_of_combustion_kj_kg: 46350 }, frequency_per_year: 1e-5 }, 'inputs.mass_kg', 'required'],
    [{ name: 'x', model: 'vce', inputs: { method: 'multi_energy', cloud_volume_m3: 10 }, frequency_per_year: 1e-5 }, 'inputs.charge_strength', 'required'],
    [{ name: 'x', model: 'tsunami', inputs: {}, frequency_per_year: 1e-5 }, 'model', 'invalid'],
    [{ name: 'x', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 0 }, 'frequency_per_year', 'invalid'],
    [{ name: 'x', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 2 }, 'frequency_per_year', 'invalid'],
    [{ name: 'x', model: 'bleve', inputs: { mass_kg: 10 } }, 'frequency_per_year', 'required'],
    [{ name: '', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 1e-5 }, 'name', 'required'],
    [{ name: 'x', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 1e-5, lon: LON }, 'lat', 'required'],
    [{ name: 'x', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 1e-5, colour: 'red' }, 'colour', 'unknown_field'],
  ]) {
    ctx.expect(await ctx.request('admin', 'POST', base, body), { status: 400, json: { error: { code, field } } }, `refused: ${field}`);
  }
  const l = await list();
  ctx.expect(l, { status: 200, json: { items: [{ id: a.json.id, name: '球罐 BLEVE' }, { id: b.json.id, name: '管廊泄漏 VCE' }] } }, 'two scenarios, oldest first');
  ctx.check(l.json.items.length === 2, `nothing else stored: ${l.json.items.length}`);

  // a change with its version; a stale version is 409 and changes nothing
  const p = await ctx.request('admin', 'PATCH', `/api/v1/qra-scenarios/${a.json.id}`, { frequency_per_year: 2e-6, version: 1 });
  ctx.expect(p, { status: 200, json: { frequency_per_year: 2e-6, version: 2, position: 'installation', model: 'bleve' } }, 'the frequency changed');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/qra-scenarios/${a.json.id}`, { name: '旧版本', version: 1 }),
    { status: 409, json: { error: { code: 'version_conflict' } } }, 'a stale version');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/qra-scenarios/${a.json.id}`, { inputs: { mass_kg: -5 } }),
    { status: 400, json: { error: { field: 'inputs.mass_kg' } } }, 'a bad change names its field');
  const again = await ctx.request('admin', 'GET', base);
  ctx.check(again.json.items[0].name === '球罐 BLEVE' && again.json.items[0].version === 2, `the refused changes wrote nothing: ${JSON.stringify(again.json.items[0])}`);

  // the audit trail holds each write, with who and before/after
  const audit = await ctx.request('admin', 'GET', `/api/v1/audit?entity=qra_scenario&id=${a.json.id}`);
  ctx.expect(audit, { status: 200, json: { items: [{ action: 'create' }, { action: 'update' }] } }, 'create and update audited');
  const upd = audit.json && audit.json.items.find((x) => x.action === 'update');
  ctx.check(upd && upd.before.frequency_per_year === 1e-6 && upd.after.frequency_per_year === 2e-6, `before and after: ${JSON.stringify(upd).slice(0, 300)}`);

  // the risk of both: contours at five levels, an F-N curve with its verdict
  const risk = await ctx.request('admin', 'GET', `/api/v1/installations/${inst.id}/qra-risk?cell_m=20`);
  ctx.expect(risk, { status: 200, json: { installation: { id: inst.id, lon: LON, lat: LAT }, scenarios: { $len: 2 },
    grid: { cell_m: 20 }, contours: { type: 'FeatureCollection', features: { $len: 5 } },
    fn: { verdict: { $re: '^(acceptable|alarp|unacceptable)$' } } } }, 'the installation\'s risk');
  const c6 = risk.json && risk.json.contours.features.find((f) => f.properties.level_per_year === 1e-6);
  ctx.check(c6 && c6.geometry.coordinates.length > 10, `the 1e-6 contour is drawn: ${c6 && c6.geometry.coordinates.length} segments`);
  // the fireball kills nearly everyone under it (2e-6 a year); the strength-7 VCE (1 bar at most)
  // kills no one by the lung-haemorrhage probit, so it adds nothing
  ctx.check(risk.json && risk.json.grid.max_ir_per_year > 1.9e-6 && risk.json.grid.max_ir_per_year <= 2e-6 * (1 + 1e-9),
    `the largest IR is the fireball's 2e-6 a year: ${risk.json && risk.json.grid.max_ir_per_year}`);
  // `cityrisk qra installation ID` answers the same from the database, as the system user
  const cli = ctx.cli(['qra', 'installation', String(inst.id), '--cell', '20', '--db', ctx.server.db]);
  ctx.check(cli.ok, `qra installation: ${cli.status} ${cli.out.slice(0, 300)}`);
  const off = cli.ok ? JSON.parse(cli.out.slice(0, cli.out.lastIndexOf('}') + 1)) : {};
  ctx.check(off.grid && risk.json && off.grid.max_ir_per_year === risk.json.grid.max_ir_per_year && off.grid.nx === risk.json.grid.nx,
    `the same grid offline: ${off.grid && off.grid.max_ir_per_year}`);
  ctx.check(risk.json && JSON.stringify(off.fn) === JSON.stringify(risk.json.fn), 'the same F-N curve offline');
  const none = ctx.cli(['qra', 'installation', '999999999', '--db', ctx.server.db]);
  ctx.check(none.status === 2 && /999999999/.test(none.out), `an unknown installation: ${none.status} ${none.out}`);
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/installations/${inst.id}/qra-risk?cell_m=0.5`),
    { status: 400, json: { error: { field: 'cell_m' } } }, 'a bad cell size');

  // scope: the unit account reads its own unit's scenarios; another district is refused; the
  // read-only expert reads but may not write
  ctx.expect(await list('t_unit'), { status: 200, json: { items: { $len: 2 } } }, 'the unit reads its scenarios');
  ctx.expect(await list('wujiang'), { status: 403, json: { error: { code: 'forbidden' } } }, 'another district may not');
  ctx.expect(await ctx.request('wujiang', 'DELETE', `/api/v1/qra-scenarios/${a.json.id}`), { status: 403 }, 'nor archive one');
  ctx.expect(await ctx.request('t_expert', 'POST', base, { name: 'x', model: 'bleve', inputs: { mass_kg: 10 }, frequency_per_year: 1e-5 }),
    { status: 403 }, 'the expert may not add');
  ctx.expect(await ctx.request('t_unit', 'GET', `/api/v1/installations/${inst.id}/qra-risk?cell_m=20`), { status: 200, json: { scenarios: { $len: 2 } } },
    'the unit computes its risk without the registry\'s targets');

  // archive: gone from the list, a second archive is 409, an empty installation has no risk
  ctx.expect(await ctx.request('t_unit', 'DELETE', `/api/v1/qra-scenarios/${b.json.id}`), { status: 200, json: { status: 'archived' } }, 'the unit archives one');
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/qra-scenarios/${b.json.id}`), { status: 409 }, 'already archived');
  ctx.expect(await list(), { status: 200, json: { items: [{ id: a.json.id }] } }, 'one left');
  ctx.check((await list()).json.items.length === 1, 'the archived one is not listed');
  const empty = await installation(ctx, ctx.vars.ks_unit_id);
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/installations/${empty.id}/qra-risk`),
    { status: 409, json: { error: { field: 'scenarios', params: { rule: 'qra_no_scenarios' } } } }, 'no scenario, no risk');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/installations/999999999/qra-scenarios'), { status: 404 }, 'an unknown installation');
}
