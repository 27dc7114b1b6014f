// stats_after_write.mjs — docs/PERFORMANCE.md "Aggregates right after a write": answers of the
// statistics, areas, overview and hazard figures right after a write, timed (bench) or saved
// for comparison between two builds on the same database (dump, compare).
//
//   node bench/stats_after_write.mjs bench --bin ./cityrisk --db DB [--port 18790] [--runs 10] [--paths 'P1 P2']
//   node bench/stats_after_write.mjs dump --bin ./cityrisk --db DB --out FILE [--write risk|hazard|unit]
//   node bench/stats_after_write.mjs compare A.json B.json [TAG_A TAG_B]
//
// bench: for each path, `runs` times a risk PATCH then the GET; prints the median wall time and
// the server's CPU time (utime+stime from /proc) summed over the GETs. dump: starts the server,
// logs in admin, kunshan (a district), ajj (a city department) and a unit account (made on
// first use), saves every answer, makes the write if asked (each user's answers again after it).
// compare: exits 1 naming every answer that differs byte for byte.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const cmd = argv[0];
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i > 0 ? argv[i + 1] : dflt;
};

if (cmd === 'compare') {
  // compare A.json B.json [TAG_A TAG_B]: A's answers tagged TAG_A against B's tagged TAG_B.
  const [a, b] = [JSON.parse(readFileSync(argv[1], 'utf8')), JSON.parse(readFileSync(argv[2], 'utf8'))];
  const [ta = 'before', tb = 'before'] = argv.slice(3);
  let bad = 0, same = 0;
  for (const k of Object.keys(a).filter((x) => x.startsWith(`${ta} `))) {
    const kb = `${tb} ${k.slice(ta.length + 1)}`;
    if (a[k] === b[kb]) same++;
    else {
      bad++;
      console.log(`DIFFERS ${k}\n  a: ${String(a[k]).slice(0, 300)}\n  b: ${String(b[kb]).slice(0, 300)}`);
    }
  }
  if (!same) bad++;
  console.log(`${same} answers identical, ${bad} differ`);
  process.exit(bad ? 1 : 0);
}

const bin = opt('bin', './cityrisk');
const db = opt('db');
const port = Number(opt('port', '18790'));
const base = `http://127.0.0.1:${port}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const srv = spawn(bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '4'], { stdio: ['ignore', 'ignore', 'inherit'] });
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/metrics`)).status) break;
  } catch {
    if (i > 1200) throw new Error('server did not start');
    await sleep(250);
  }
}

const login = async (name, password) => {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: name, password }) });
  if (r.status !== 200) return null;
  const body = await r.json();
  return { cookie: r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), csrf: body.csrf };
};
const call = async (who, method, path, body) => {
  const r = await fetch(`${base}/api/v1/${path}`, {
    method,
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text;
};
const cpuTicks = () => {
  const f = readFileSync(`/proc/${srv.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime, stime (fields 14, 15)
};

const admin = await login('admin', 'admin123');
let flip = 0;
// A risk PATCH that moves risk 1 between grade 1 and grade 4 (LEC inputs), so the totals move.
const writeRisk = async () => {
  flip ^= 1;
  const inputs = flip ? { L: 10, E: 10, C: 100 } : { L: 0.1, E: 0.5, C: 1 };
  return call(admin, 'PATCH', 'risks/1', { method: 'lec', inputs });
};

try {
  if (cmd === 'bench') {
    const runs = Number(opt('runs', '10'));
    const hz = (await call(admin, 'GET', 'stats/hazards?by=district')).length; // warm the connection
    void hz;
    const all = ['stats/risks?by=grade,district', 'stats/risks?by=grade&region=320583', 'stats/risks?by=sector,grade&dept=AJJ', 'areas/risk?level=district', 'stats/overview'];
    for (const path of opt('paths') ? opt('paths').split(' ') : all) {
      const ms = [];
      let ticks = 0;
      await call(admin, 'GET', path); // first answer after start not measured
      for (let i = 0; i < runs; i++) {
        await writeRisk();
        const t0 = cpuTicks(), t = performance.now();
        await call(admin, 'GET', path);
        ms.push(performance.now() - t);
        ticks += cpuTicks() - t0;
      }
      ms.sort((a, b) => a - b);
      console.log(`${path}\tmedian ${ms[Math.floor(runs / 2)].toFixed(2)} ms\tmin ${ms[0].toFixed(2)} ms\tserver CPU ${(ticks * 10 / runs).toFixed(1)} ms per answer (${ticks} ticks over ${runs})`);
    }
  } else if (cmd === 'dump') {
    const out = {};
    let unitUser = await login('perfunit', 'perfunit123');
    const unitId = JSON.parse(await call(admin, 'GET', 'risks/1')).unit_id;
    if (!unitUser) {
      await call(admin, 'POST', 'users', { login: 'perfunit', role: 'unit', unit_id: unitId, password: 'perfunit123' });
      unitUser = await login('perfunit', 'perfunit123');
    }
    const users = { admin, kunshan: await login('kunshan', 'kunshan123'), ajj: await login('ajj', 'ajj12345'), unit: unitUser };
    const paths = ['stats/risks', 'stats/risks?by=grade,district', 'stats/risks?by=district,grade', 'stats/risks?by=sector',
      'stats/risks?by=section,grade', 'stats/risks?by=dept,grade', 'stats/risks?by=grade,district,sector', 'stats/risks?by=sector,dept',
      'stats/risks?by=town,grade', 'stats/risks?by=accident_type', 'stats/risks?by=quarter', 'stats/risks?by=grade&grade=1',
      'stats/risks?by=district&sector=C09', 'stats/risks?by=grade,dept&sector=C', 'stats/risks?by=grade&dept=AJJ', 'stats/risks?by=grade,sector&region=320583',
      'stats/risks?by=grade&region=320583100', 'areas/risk?level=district', 'areas/risk?level=town', 'stats/overview',
      'stats/hazards?by=district', 'stats/hazards?by=month'];
    const dumpAll = async (tag) => {
      for (const [name, who] of Object.entries(users))
        for (const p of paths) {
          try {
            out[`${tag} ${name} ${p}`] = await call(who, 'GET', p);
          } catch (e) {
            out[`${tag} ${name} ${p}`] = `error ${e.message.replace(/^.*: (\d+) .*$/s, '$1')}`;
          }
        }
    };
    await dumpAll('before');
    const w = opt('write');
    if (w === 'risk') await writeRisk();
    else if (w === 'hazard')
      await call(admin, 'POST', 'hazards', { unit_id: unitId, source: 'self_check', grade: 'major', description: '性能对比用隐患' });
    else if (w === 'unit') {
      const u = JSON.parse(await call(admin, 'GET', `units/${unitId}`));
      // to Kunshan and back (with a place inside the district's outline), in another sector
      const there = u.region.startsWith('320583') ? { region: '320582', lon: 120.513033, lat: 31.980739 } : { region: '320583', lon: 120.955, lat: 31.384 };
      await call(admin, 'PATCH', `units/${unitId}`, { ...there, sector: u.sector === 'C01' ? 'G04' : 'C01' });
    }
    if (w) await dumpAll('after');
    writeFileSync(opt('out'), JSON.stringify(out, null, 1));
    console.log(`${Object.keys(out).length} answers saved to ${opt('out')}`);
  }
} finally {
  srv.kill('SIGTERM');
  await new Promise((r) => srv.on('exit', r));
}
