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

// `cityrisk qra run FILE.json` is the same computation offline (issue 12 contract): the same
// body gives the same grid size, maximum, contours, F-N curve and verdict as POST /qra/risk, its
// --grid file holds nx·ny doubles whose largest is that maximum (to the answer's 10 digits), and the grid does not depend
// on the thread count; an unreadable file is an error naming it.
export async function qraCliMatchesTheApi(ctx) {
  const { spawnSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const body = {
    scenarios: [
      { lon: 120.600, lat: 31.300, frequency_per_year: 1e-4, model: 'pool_fire',
        inputs: { pool_diameter_m: 20, heat_of_combustion_kj_kg: 43700, burning_rate_kg_m2_s: 0.06 } },
      { lon: 120.605, lat: 31.300, frequency_per_year: 1e-5, model: 'plume',
        inputs: { release_rate_kg_s: 2, wind_speed_m_s: 3, substance: 'chlorine' } },
      { lon: 120.600, lat: 31.305, frequency_per_year: 1e-5, model: 'bleve', inputs: { mass_kg: 20000 } },
    ],
    weather: [
      { stability: 'D', wind_speed_m_s: 4, probability: 0.7, wind_rose: [1, 1, 2, 2, 1, 1, 1, 1] },
      { stability: 'F', wind_speed_m_s: 1.5, probability: 0.3 },
    ],
    population: [{ lon: 120.601, lat: 31.3045, people: 300, protection_class: 1, name: 'school' }],
    cell_m: 10,
  };
  const api = await ctx.request('kunshan', 'POST', '/api/v1/qra/risk', body, { csrf: false });
  ctx.expect(api, { status: 200 }, 'the risk by the API');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cr-qra-'));
  const file = path.join(dir, 'case.json');
  fs.writeFileSync(file, JSON.stringify(body));
  const run = (threads) => {
    const grid = path.join(dir, `grid-${threads}.bin`);
    const r = spawnSync(ctx.bin, ['qra', 'run', file, '--threads', String(threads), '--grid', grid],
      { env: ctx.env, encoding: 'utf8', timeout: 120_000, maxBuffer: 512 * 1024 * 1024 });
    return { r, grid };
  };
  const one = run(1), two = run(2);
  ctx.require(one.r.status === 0 && two.r.status === 0, `qra run: ${one.r.status} ${one.r.stderr}`);
  ctx.check(/qra: [0-9.]+ s, grid \d+ × \d+ cells/.test(one.r.stderr), `it reports its time and grid: ${one.r.stderr}`);
  const cli = JSON.parse(one.r.stdout), a = api.json;
  for (const k of ['nx', 'ny', 'x0_m', 'y0_m', 'cell_m', 'max_ir_per_year']) {
    ctx.check(cli.grid[k] === a.grid[k], `grid.${k}: ${cli.grid[k]} offline, ${a.grid[k]} by the API`);
  }
  ctx.check(a.grid.max_ir_per_year > 1e-5, `a real maximum: ${a.grid.max_ir_per_year}`);
  ctx.check(JSON.stringify(cli.fn) === JSON.stringify(a.fn), 'the same F-N curve, lines and verdict');
  ctx.check(a.fn.points.length > 0 && ['acceptable', 'alarp', 'unacceptable'].includes(a.fn.verdict), `a verdict: ${a.fn.verdict}`);
  ctx.check(JSON.stringify(cli.contours) === JSON.stringify(a.contours), 'the same contours');
  ctx.check(a.contours.features.length === 5 && a.contours.features.some((f) => f.geometry.coordinates.length > 0),
    'five contour levels, some drawn');
  ctx.check(JSON.stringify(cli.population) === JSON.stringify(a.population), 'the same population rows');
  const b1 = fs.readFileSync(one.grid), b2 = fs.readFileSync(two.grid);
  ctx.check(b1.length === a.grid.nx * a.grid.ny * 8, `the grid file holds nx·ny doubles: ${b1.length}`);
  ctx.check(b1.equals(b2), 'the grid is the same on 1 and 2 threads, bit for bit');
  const cells = new Float64Array(b1.buffer, b1.byteOffset, b1.length / 8);
  let max = 0;
  for (const v of cells) if (v > max) max = v;
  // the answer prints reals to 10 significant digits
  ctx.check(Math.abs(max - a.grid.max_ir_per_year) <= 5e-10 * max, `its largest cell is the maximum: ${max} and ${a.grid.max_ir_per_year}`);
  const bad = spawnSync(ctx.bin, ['qra', 'run', path.join(dir, 'missing.json')], { env: ctx.env, encoding: 'utf8' });
  ctx.check(bad.status === 1 && /cannot read .*missing\.json/.test(bad.stderr), `a missing file: ${bad.status} ${bad.stderr}`);
  fs.rmSync(dir, { recursive: true, force: true });
}
