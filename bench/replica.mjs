// replica.mjs — list reads with --db-read against the same reads on the primary alone, in one
// run: a throwaway cluster (tests/api/lib/pg_cluster.mjs) with the demo city at SCALE and a
// streaming standby of it, two `cityrisk serve --threads 4` (one with --db-read on the standby),
// and wrk -t2 -c32 -d15s (after 5 s of warm-up) on the unit list (bench/units_mix.lua) and the
// risk point list (bench/risks_mix.lua) through each. Prints one table; the database rows each
// served are read from pg_stat_database (tup_returned + tup_fetched) on the primary and the
// standby. `node bench/replica.mjs [SCALE]` (default 0.01), from the repository root.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPgCluster, newDatabaseBeside, psqlAt } from '../tests/api/lib/pg_cluster.mjs';

const scale = process.argv[2] || '0.01';
const cluster = await startPgCluster();
const servers = [];
try {
  const db = newDatabaseBeside(`${cluster.url}/postgres`, 'bench');
  const demo = spawnSync('./cityrisk', ['demo', '--db', db, '--scale', scale], { encoding: 'utf8' });
  if (demo.status !== 0) throw new Error(`demo: ${demo.stdout}${demo.stderr}`);
  const standby = await cluster.startStandby();
  const readUrl = db.replace(/@[^/]+/, `@127.0.0.1:${standby.port}`);
  for (let i = 0; i < 100 && psqlAt(readUrl, 'SELECT count(*) FROM risks') !== psqlAt(db, 'SELECT count(*) FROM risks'); i++) await sleep(100);

  const start = async (port, extra) => {
    const p = spawn('./cityrisk', ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', '4', ...extra], { stdio: 'ignore' });
    servers.push(p);
    for (let i = 0; i < 300; i++) {
      try { await fetch(`http://127.0.0.1:${port}/api/v1/config`); break; } catch { await sleep(100); }
    }
    const r = await fetch(`http://127.0.0.1:${port}/api/v1/session`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin123' }),
    });
    return `Cookie: ${r.headers.get('set-cookie').split(';')[0]}`;
  };
  const primaryOnly = await start(18190, []);
  const withReplica = await start(18191, ['--db-read', readUrl]);
  const tuples = (url) => Number(psqlAt(url, 'SELECT tup_returned + tup_fetched FROM pg_stat_database WHERE datname = current_database()'));
  const wrk = (port, cookie, script, secs) => {
    const r = spawnSync('wrk', ['-t2', '-c32', `-d${secs}s`, '--latency', '-H', cookie, '-s', script, `http://127.0.0.1:${port}`], { encoding: 'utf8' });
    const rps = (r.stdout.match(/Requests\/sec:\s+([\d.]+)/) || [])[1];
    const p99 = (r.stdout.match(/\s99%\s+(\S+)/) || [])[1];
    const non2xx = (r.stdout.match(/Non-2xx or 3xx responses: (\d+)/) || [0, '0'])[1];
    return { rps, p99, non2xx };
  };
  console.log(`| list (scale ${scale}) | server | requests/s | p99 | non-2xx | rows read on the primary | rows read on the standby |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, script] of [['unit list', 'bench/units_mix.lua'], ['risk point list', 'bench/risks_mix.lua']]) {
    for (const [label, port, cookie] of [['primary only', 18190, primaryOnly], ['--db-read standby', 18191, withReplica]]) {
      wrk(port, cookie, script, 5);
      await sleep(1500); // the statistics of the warm-up are flushed
      const p0 = tuples(db), s0 = tuples(readUrl);
      const m = wrk(port, cookie, script, 15);
      await sleep(1500);
      const p1 = tuples(db), s1 = tuples(readUrl);
      console.log(`| ${name} | ${label} | ${m.rps} | ${m.p99} | ${m.non2xx} | ${p1 - p0} | ${s1 - s0} |`);
    }
  }
  const metrics = await (await fetch('http://127.0.0.1:18191/metrics')).text();
  console.log(metrics.split('\n').filter((l) => /^cityrisk_db_(replica|read)/.test(l)).join('\n'));
} finally {
  for (const p of servers) p.kill('SIGTERM');
  await sleep(500);
  cluster.stop();
}
