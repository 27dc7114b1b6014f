// GB 18218 installations drive direct determination: an installation that crosses S ≥ 1 makes
// its unit's risk points grade Ⅰ; lowering the inventory (or archiving it) undoes it; every step
// is versioned and in the audit trail, for the installation and for each re-graded point.

async function freshUnit(ctx) {
  const r = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: ctx.creditCode('320583'), name: `危化储存${ctx.uniq()}`, sector: 'C01',
    region: '320583', lon: 120.955, lat: 31.384, size_class: 'above', employees: 80,
  });
  ctx.require(r.status === 201, `create unit: ${r.status} ${r.text}`);
  return r.json;
}

const risk = (ctx, unitId) => ctx.request('admin', 'POST', `/api/v1/units/${unitId}/risks`, {
  name: `氯气储罐区${ctx.uniq()}`, method: 'lec', inputs: { L: 1, E: 1, C: 15 },
});

export async function thresholdDrivesDirectDetermination(ctx) {
  const unit = await freshUnit(ctx);
  const p = await risk(ctx, unit.id);
  ctx.require(p.status === 201 && p.json.grade === 4, `a low point: ${p.status} ${p.text}`);
  const rid = p.json.id;
  const getRisk = async () => (await ctx.request('admin', 'GET', `/api/v1/risks/${rid}`)).json;

  // Below the threshold: 4 t chlorine (Q 5) → S 0.8, not a source; the point stays Ⅳ.
  const c = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '液氯储罐', kind: 'storage', exposed_500m: 60, inventory: [{ cas: '7782-50-5', q: 4 }],
  });
  ctx.expect(c, { status: 201, json: { S: { $approx: [0.8, 1e-9] }, major: false, grade: null, alpha: 1.5 } }, 'below S = 1');
  ctx.require(c.status === 201, 'installation created');
  const iid = c.json.id;
  ctx.expect({ status: 200, json: await getRisk() }, { json: { grade: 4, direct_rule: null } }, 'the point is still Ⅳ');

  // Crossing it: 12 t → S 2.4, R = 1.5 × 4 × 2.4 = 14.4 → 三级; the point becomes Ⅰ.
  const up = await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { inventory: [{ cas: '7782-50-5', q: 12 }], version: c.json.version });
  ctx.expect(up, { status: 200, json: { S: { $approx: [2.4, 1e-9] }, R: { $approx: [14.4, 1e-9] }, grade: 3, grade_cn: '三级', major: true } }, 'crosses S = 1');
  let r = await getRisk();
  ctx.expect({ status: 200, json: r }, { json: { grade: 1, assessed_grade: 4, direct_rule: { $re: 'major hazard source' }, explain: { $re: '三级' } } }, 'the point is Ⅰ by direct determination');
  const units = await ctx.request('admin', 'GET', `/api/v1/units/${unit.id}/rating`);
  ctx.expect(units, { status: 200, json: { color: 'red' } }, 'the unit rating follows');
  // The source is on the 重大危险源清单 of its district, with its grade and S/R as its feature.
  const inList = async () => {
    const l = await ctx.request('admin', 'GET', `/api/v1/lists/hazard-sources?region=${unit.region.slice(0, 6)}&limit=500`);
    return l.status === 200 ? l.json.items.find((x) => x.id === iid) : undefined;
  };
  const entry = await inList();
  ctx.check(entry !== undefined, 'the source is on the hazard-sources list');
  if (entry) ctx.check(JSON.stringify(entry).includes('三级') && JSON.stringify(entry).includes('S = 2.40'), `its grade and S: ${JSON.stringify(entry)}`);

  // Lowering the inventory undoes it.
  const down = await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { inventory: [{ cas: '7782-50-5', q: 2 }] });
  ctx.expect(down, { status: 200, json: { grade: null, major: false } }, 'back below S = 1');
  r = await getRisk();
  ctx.expect({ status: 200, json: r }, { json: { grade: 4, direct_rule: null } }, 'the point is Ⅳ again');
  ctx.check((await inList()) === undefined, 'below S = 1 it leaves the hazard-sources list');

  // Crossing again, then archiving the installation, undoes it too.
  await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { inventory: [{ name: '氯', q: 6 }] });
  ctx.expect({ status: 200, json: await getRisk() }, { json: { grade: 1 } }, 'Ⅰ again');
  const del = await ctx.request('admin', 'DELETE', `/api/v1/installations/${iid}`);
  ctx.expect(del, { status: 200, json: { status: 'archived' } }, 'archived');
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/installations/${iid}`), { status: 409 }, 'archived twice');
  ctx.expect({ status: 200, json: await getRisk() }, { json: { grade: 4 } }, 'Ⅳ after archiving');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/units/${unit.id}/installations`), { status: 200, json: { items: { $len: 0 } } }, 'no active installation');

  // The trail: the installation's steps and each re-grading of the point.
  const ia = await ctx.request('admin', 'GET', `/api/v1/audit?entity=installation&id=${iid}`);
  ctx.expect(ia, { status: 200, json: { items: { $len: 5 } } }, 'installation audit: create, 3 updates, archive');
  const actions = (ia.json && ia.json.items || []).map((e) => e.action).sort().join();
  ctx.check(actions === 'archive,create,update,update,update', `installation audit actions: ${actions}`);
  const ra = await ctx.request('admin', 'GET', `/api/v1/audit?entity=risk&id=${rid}`);
  const regrades = (ra.json && ra.json.items || []).filter((e) => e.action === 'installation');
  ctx.check(regrades.length === 4, `risk audit: 4 re-gradings by installation, got ${regrades.length}`);
  const hist = await ctx.request('admin', 'GET', `/api/v1/risks/${rid}/history`);
  const steps = (hist.json && hist.json.items || []).filter((v) => v.action === 'installation').map((v) => `${v.old_grade}>${v.new_grade}`);
  ctx.check(steps.join() === '4>1,1>4,4>1,1>4', `risk versions by installation: ${steps.join()}`);
}

export async function stalePatchAndValidation(ctx) {
  const unit = await freshUnit(ctx);
  const c = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '甲醇罐区', inventory: [{ cas: '67-56-1', q: 800, category: 'W5.3' }],
  });
  ctx.expect(c, { status: 201, json: { kind: 'storage', S: 1.6, grade: 4, lon: 120.955 } }, 'defaults');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { name: 'x', version: 99 }),
    { status: 409, json: { error: { code: 'version_conflict' } } }, 'stale version');
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { inventory: [{ cas: '67-56-1', q: 800 }] }),
    { status: 400, json: { error: { field: 'inventory[0].category' } } }, 'a bad line names itself');
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, { name: 'x', inventory: [] }),
    { status: 400, json: { error: { field: 'inventory' } } }, 'no lines');
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, { name: 'x', kind: 'pipeline', inventory: [{ name: '氨', q: 1 }] }),
    { status: 400, json: { error: { field: 'kind' } } }, 'bad kind');
  ctx.expect(await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, { inventory: [{ name: '氨', q: 1 }] }),
    { status: 400, json: { error: { field: 'name' } } }, 'no name');
  ctx.expect(await ctx.request('admin', 'GET', '/api/v1/installations/999999999'), { status: 404 }, 'unknown id');
}

export async function installationsFollowTheirUnit(ctx) {
  const unit = await freshUnit(ctx);
  const c = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '氨罐', inventory: [{ name: '氨', q: 20 }],
  });
  ctx.require(c.status === 201, `installation: ${c.status} ${c.text}`);
  ctx.expect(c, { json: { region: '320583', dept: unit.dept } }, 'the unit\'s place');
  const moved = await ctx.request('admin', 'PATCH', `/api/v1/units/${unit.id}`, { region: '320509', lon: 120.632, lat: 31.008 });
  ctx.expect(moved, { status: 200, json: { region: '320509' } }, 'the unit moves to Wujiang');
  ctx.expect(await ctx.request('admin', 'GET', `/api/v1/installations/${c.json.id}`), { status: 200, json: { region: '320509' } }, 'the installation follows');
  ctx.expect(await ctx.request('kunshan', 'GET', `/api/v1/installations/${c.json.id}`), { status: 403 }, 'Kunshan no longer reads it');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/installations/${c.json.id}`), { status: 200 }, 'Wujiang does');
}

export async function mapLayerOfSourcesByGrade(ctx) {
  const unit = await freshUnit(ctx);
  const big = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '光气装置', kind: 'production', exposed_500m: 200, inventory: [{ cas: '75-44-5', q: 3 }],
  });
  ctx.expect(big, { status: 201, json: { grade: 1, R: 400 } }, 'phosgene 3 t: S 10, R = 2 × 20 × 10 = 400 → 一级');
  const small = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '小储罐', inventory: [{ name: '氨', q: 1 }],
  });
  ctx.expect(small, { status: 201, json: { major: false } }, 'not a source');
  const m = await ctx.request('kunshan', 'GET', '/api/v1/map/installations');
  ctx.expect(m, { status: 200, json: { type: 'FeatureCollection', features: { $contains: { properties: { id: big.json.id, grade: 1, grade_cn: '一级' } } } } }, 'Kunshan sees its source');
  ctx.expect(m, { json: { features: { $not_contains: { properties: { id: small.json.id } } } } }, 'not the installation below S = 1');
  ctx.expect(await ctx.request('wujiang', 'GET', '/api/v1/map/installations'),
    { status: 200, json: { features: { $not_contains: { properties: { id: big.json.id } } } } }, 'Wujiang does not');
  ctx.expect(await ctx.request('wujiang', 'GET', '/api/v1/map/installations?region=320583'), { status: 403 }, 'nor may ask for it');
}

// A major hazard source joins the exposure index like a risk point: the targets within its
// radius (500 m by default, GB 18218's α zone; its impact_radius_m when given), kept current on
// every write — a PATCH widening the radius, lowering it below S = 1, and archiving it.
export async function majorSourceReachesTargets(ctx) {
  const unit = await freshUnit(ctx);
  const tg = async (dlon) => {
    const r = await ctx.request('kunshan', 'POST', '/api/v1/targets', {
      name: `危源旁学校${ctx.uniq()}`, kind: 'school', region: '320583', lon: unit.lon + dlon, lat: unit.lat, people_day: 900, people_night: 20,
    });
    ctx.require(r.status === 201, `target: ${r.status} ${r.text}`);
    return r.json;
  };
  const near = await tg(0.003); // ~285 m east
  const far = await tg(0.006); // ~570 m east
  const c = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, {
    name: '液氯储罐', exposed_500m: 60, inventory: [{ cas: '7782-50-5', q: 12 }],
  });
  ctx.require(c.status === 201 && c.json.major, `a major hazard source: ${c.status} ${c.text}`);
  ctx.expect(c, { json: { impact_radius_m: null } }, 'no radius of its own');
  const iid = c.json.id;
  const expo = () => ctx.request('kunshan', 'GET', `/api/v1/exposure?source=${iid}&kind=installation`);
  const ids = (r) => (r.json && r.json.targets || []).map((x) => x.id);
  let e = await expo();
  ctx.expect(e, { status: 200, json: { source: { kind: 'installation', id: iid, name: '液氯储罐', unit_id: unit.id, grade: 3, radius_m: 500 } } }, 'the source at 500 m');
  const hit = e.json && e.json.targets.find((x) => x.id === near.id);
  ctx.check(hit && hit.distance_m > 280 && hit.distance_m < 290 && hit.name === near.name && hit.people_day === 900,
    `the near school at ~285 m: ${JSON.stringify(hit)}`);
  ctx.check(!ids(e).includes(far.id), 'the school at ~570 m is beyond 500 m');
  const back = await ctx.request('kunshan', 'GET', `/api/v1/exposure?target=${near.id}`);
  ctx.check(back.status === 200 && back.json.sources.some((s) => s.kind === 'installation' && s.id === iid && s.name === '液氯储罐' && s.unit_name === unit.name),
    `the target names the installation reaching it: ${back.text.slice(0, 400)}`);

  const wide = await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { impact_radius_m: 800 });
  ctx.expect(wide, { status: 200, json: { impact_radius_m: 800, version: 2 } }, 'an impact radius of 800 m');
  e = await expo();
  ctx.expect(e, { status: 200, json: { source: { radius_m: 800 } } }, 'the index follows the PATCH');
  ctx.check(ids(e).includes(near.id) && ids(e).includes(far.id), `both schools within 800 m: ${ids(e)}`);
  ctx.expect(await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { impact_radius_m: 0 }),
    { status: 400, json: { error: { field: 'impact_radius_m' } } }, 'a radius of 0 m is refused');

  const low = await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { inventory: [{ cas: '7782-50-5', q: 2 }] });
  ctx.expect(low, { status: 200, json: { major: false } }, 'below S = 1');
  ctx.expect(await expo(), { status: 200, json: { source: { radius_m: null }, targets: { $len: 0 }, count: 0 } }, 'no longer a source');
  await ctx.request('admin', 'PATCH', `/api/v1/installations/${iid}`, { inventory: [{ cas: '7782-50-5', q: 12 }], impact_radius_m: null });
  e = await expo();
  ctx.check(e.status === 200 && e.json.source.radius_m === 500 && ids(e).includes(near.id), `a source again at 500 m: ${e.text.slice(0, 200)}`);
  ctx.expect(await ctx.request('admin', 'DELETE', `/api/v1/installations/${iid}`), { status: 200 }, 'archived');
  ctx.expect(await expo(), { status: 200, json: { source: { radius_m: null }, targets: { $len: 0 } } }, 'archived: gone from the index');
  const gone = await ctx.request('kunshan', 'GET', `/api/v1/exposure?target=${near.id}`);
  ctx.check(gone.status === 200 && !gone.json.sources.some((s) => s.kind === 'installation' && s.id === iid), 'the target no longer lists it');
  ctx.expect(await ctx.request('wujiang', 'GET', `/api/v1/exposure?source=${iid}&kind=installation`), { status: 403 }, 'Wujiang may not read it');
}

// α from the people within 500 m: without an entered count the assessment counts the vulnerable
// targets there (each at the larger of its day and night population) and says so; an entered
// count wins and the computed one stays beside it; null clears the entry. Counted as a
// difference, so the demo's own targets nearby do not matter.
export async function alphaFromTargetsWithin500m(ctx) {
  const unit = await freshUnit(ctx);
  const inv = [{ cas: '7782-50-5', q: 12 }]; // S 2.4, Σβq/Q 9.6
  const c = await ctx.request('admin', 'POST', `/api/v1/units/${unit.id}/installations`, { name: '液氯罐组', inventory: inv });
  ctx.require(c.status === 201, `installation: ${c.status} ${c.text}`);
  ctx.expect(c, { json: { exposed_basis: 'computed', exposed_entered: null } }, 'no count entered: computed');
  const n0 = c.json.exposed_counted, k0 = c.json.exposed_targets;
  ctx.check(c.json.exposed_500m === n0, `the count used is the one computed: ${c.json.exposed_500m} vs ${n0}`);
  const mk = (dlon, day, night) => ctx.request('kunshan', 'POST', '/api/v1/targets', {
    name: `α幼儿园${ctx.uniq()}`, kind: 'kindergarten', region: '320583', lon: unit.lon + dlon, lat: unit.lat, people_day: day, people_night: night,
  });
  ctx.require((await mk(0.002, 40, 130)).status === 201, 'a target ~190 m away'); // counts 130 (night)
  ctx.require((await mk(0.0065, 5000, 5000)).status === 201, 'a target ~620 m away'); // beyond 500 m
  const p = await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { name: '液氯罐组（复核）' });
  ctx.expect(p, { status: 200, json: { exposed_basis: 'computed', exposed_counted: n0 + 130, exposed_targets: k0 + 1, exposed_500m: n0 + 130, alpha: 2, alpha_computed: 2 } },
    'the re-assessment counts the kindergarten within 500 m at its night population, not the one beyond');
  ctx.expect(p, { json: { R: { $approx: [19.2, 1e-9] } } }, 'R = 2.0 × 9.6');
  const e = await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { exposed_500m: 10 });
  ctx.expect(e, { status: 200, json: { exposed_basis: 'entered', exposed_entered: 10, exposed_500m: 10, alpha: 1, alpha_computed: 2, exposed_counted: n0 + 130, R: { $approx: [9.6, 1e-9] }, grade: 4 } },
    'an entered count wins; the computed one stays beside it');
  const k = await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { name: '液氯罐组' });
  ctx.expect(k, { status: 200, json: { exposed_basis: 'entered', exposed_entered: 10 } }, 'a PATCH of another field keeps the entry');
  const back = await ctx.request('admin', 'PATCH', `/api/v1/installations/${c.json.id}`, { exposed_500m: null });
  ctx.expect(back, { status: 200, json: { exposed_basis: 'computed', exposed_entered: null, alpha: 2 } }, 'null clears the entry');
  // The assessment alone: with a position it counts, with a count it takes it, with neither 0.
  const a = await ctx.request('admin', 'POST', '/api/v1/gb18218/assess', { inventory: inv, lon: unit.lon, lat: unit.lat });
  ctx.expect(a, { status: 200, json: { exposed_basis: 'computed', exposed_counted: n0 + 130, alpha: 2, explain: { $re: 'people within 500 m \\(computed\\)' } } }, 'assess at a position');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/gb18218/assess', { inventory: inv, lon: unit.lon, lat: unit.lat, exposed_500m: 0 }),
    { status: 200, json: { exposed_basis: 'entered', exposed_500m: 0, alpha: 0.5, exposed_counted: n0 + 130 } }, 'assess with an entered 0');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/gb18218/assess', { inventory: inv }),
    { status: 200, json: { exposed_basis: 'none', exposed_500m: 0, alpha: 0.5 } }, 'assess with neither');
  ctx.expect(await ctx.request('admin', 'POST', '/api/v1/gb18218/assess', { inventory: inv, lon: unit.lon }),
    { status: 400, json: { error: { field: 'lat' } } }, 'lon without lat');
}

// The demo city has major hazard sources: the 重大危险源清单 is not empty, each row graded, each
// with real Table 1 substances, and each a source of the exposure index at its radius.
export async function demoCityHasMajorHazardSources(ctx) {
  const l = await ctx.request('admin', 'GET', '/api/v1/lists/hazard-sources?limit=500');
  ctx.require(l.status === 200, `the list: ${l.status}`);
  const demo = l.json.items.filter((x) => /储罐区|生产装置/.test(x.name));
  ctx.check(demo.length >= 3, `demo sources on the list: ${demo.length} of ${l.json.total}`);
  ctx.check(demo.every((x) => /^[一二三四]级$/.test(x.level)), `each graded: ${demo.map((x) => x.level)}`);
  const one = demo[0];
  if (!one) return;
  const inst = await ctx.request('admin', 'GET', `/api/v1/installations/${one.id}`);
  ctx.expect(inst, { status: 200, json: { major: true, status: 'active' } }, 'the demo installation');
  ctx.check(inst.json.terms.every((t) => Number.isInteger(t.seq) && t.cas), `Table 1 substances: ${JSON.stringify(inst.json.terms)}`);
  ctx.check(['entered', 'computed'].includes(inst.json.exposed_basis), `α basis ${inst.json.exposed_basis}`);
  const e = await ctx.request('admin', 'GET', `/api/v1/exposure?source=${one.id}&kind=installation`);
  ctx.expect(e, { status: 200, json: { source: { kind: 'installation', id: one.id, radius_m: 500 } } }, 'in the exposure index');
  const risks = await ctx.request('admin', 'GET', `/api/v1/units/${inst.json.unit_id}/risks`);
  const items = (risks.json && (risks.json.items || risks.json)) || [];
  ctx.check(Array.isArray(items) && items.length > 0 && items.every((r) => r.grade === 1), `the unit's points are Ⅰ: ${items.map && items.map((r) => r.grade)}`);
}
