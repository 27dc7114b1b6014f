// QRA with the registry's vulnerable targets: "targets": true puts the targets the caller reads
// into the population, each with its GB 36894 class (school → 1, a small residential area → 3)
// and its target_id; the ones above their individual-risk limit come first in "exceeding"; the
// grading from physics counts a target's people among the dead of the worst case.

const near = (ctx, lon, lat, extra) => ctx.request('kunshan', 'POST', '/api/v1/targets', {
  name: `QRA目标${ctx.uniq()}`, region: '320583', lon, lat, ...extra,
});

export async function qraTargetsFromTheRegistry(ctx) {
  const lon = 120.9312, lat = 31.3711;
  const school = await near(ctx, lon + 0.001, lat, { kind: 'school', people_day: 1200, people_night: 0 });
  ctx.require(school.status === 201, `school: ${school.status} ${school.text}`);
  const homes = await near(ctx, lon - 0.001, lat, { kind: 'residential', people_day: 12, people_night: 20 });
  ctx.require(homes.status === 201, `homes: ${homes.status} ${homes.text}`);
  const far = await near(ctx, lon + 0.03, lat, { kind: 'hospital', people_day: 500 });
  ctx.require(far.status === 201, `far: ${far.status} ${far.text}`);

  const body = {
    scenarios: [{ lon, lat, frequency_per_year: 1e-4, model: 'bleve', inputs: { mass_kg: 20000 } }],
    cell_m: 10, targets: true,
  };
  const r = await ctx.request('kunshan', 'POST', '/api/v1/qra/risk', body, { csrf: false });
  ctx.expect(r, { status: 200 }, 'risk with the registry targets');
  const rows = (r.json && r.json.population) || [];
  const s = rows.find((p) => p.target_id === school.json.id), h = rows.find((p) => p.target_id === homes.json.id);
  ctx.check(s && s.protection_class === 1 && s.limit_per_year === 3e-7 && s.exceeds === true && s.ir_per_year > 1e-5,
    `the school is class 1 and above 3e-7: ${JSON.stringify(s)}`);
  ctx.check(h && h.protection_class === 3 && h.limit_per_year === 1e-5 && h.exceeds === true,
    `20 residents are class 3 (limit 1e-5): ${JSON.stringify(h)}`);
  ctx.check(!rows.some((p) => p.target_id === far.json.id), 'a target beyond every reach is left out');
  const ex = (r.json && r.json.exceeding) || [];
  ctx.check(ex.length >= 2 && ex[0].ir_per_year / ex[0].limit_per_year >= ex[ex.length - 1].ir_per_year / ex[ex.length - 1].limit_per_year,
    `exceeding, worst first: ${JSON.stringify(ex.slice(0, 3))}`);
  ctx.check(ex.findIndex((p) => p.target_id === school.json.id) < ex.findIndex((p) => p.target_id === homes.json.id),
    'the school (limit 3e-7) is further above its limit than the homes (1e-5)');
  ctx.check(r.json && r.json.fn.points.length > 0 && r.json.fn.points[0].n === 1, 'the targets\' people make an F-N curve');

  const bad = await ctx.request('kunshan', 'POST', '/api/v1/qra/risk', { ...body, targets: 'yes' }, { csrf: false });
  ctx.expect(bad, { status: 400, json: { error: { field: 'targets' } } }, 'targets must be a boolean');

  const g = await ctx.request('kunshan', 'POST', '/api/v1/qra/grade', {
    scenario: { lon, lat, model: 'bleve', inputs: { mass_kg: 20000 } }, targets: true,
  }, { csrf: false });
  ctx.expect(g, { status: 200, json: { model: 'bleve', worst: null, assessment: { method: 'consequence', grade: 1 } } }, 'grade from physics with the targets');
  const hit = g.json && g.json.reached.find((p) => p.target_id === school.json.id);
  ctx.check(hit && hit.people === 1200 && hit.lethality > 0.5, `the school's 1200 people are reached: ${JSON.stringify(hit)}`);
  ctx.check(g.json && g.json.deaths >= 600 && g.json.assessment.inputs.deaths === g.json.deaths, `deaths feed the method: ${g.text.slice(0, 300)}`);
}
