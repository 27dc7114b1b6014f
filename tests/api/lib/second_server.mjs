// A second `cityrisk serve` on the test database, for flows that need other options or
// environment than the shared server: started on a free loopback port, stopped with SIGTERM, and
// failing the flow unless it exits cleanly without a sanitizer report.
import { spawn } from 'node:child_process';
import { closeServerTmp, serverTmp } from './server_tmp.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

// Runs fn(base) against a server started with extra args and env; always stops it. db: another
// database than the test server's (a migrated copy).
export async function withSecondServer(ctx, args, env, fn, db = ctx.server.db) {
  const port = await ctx.freePort();
  const base = `http://127.0.0.1:${port}`;
  const serverDir = serverTmp(ctx.env.TMPDIR);
  const proc = spawn(ctx.bin, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...args],
    { env: { ...ctx.env, TMPDIR: serverDir, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
  try {
    let up = false;
    for (let i = 0; i < 300 && !up; i++) {
      try { await fetch(`${base}/api/v1/config`); up = true; } catch { await sleep(100); }
    }
    ctx.require(up, `second server did not start: ${stderr}`);
    await fn(base);
  } finally {
    proc.kill('SIGTERM');
    const code = await exited;
    ctx.check(code === 0 && !/runtime error|AddressSanitizer|LeakSanitizer/.test(stderr), `second server exit ${code}: ${stderr.slice(-2000)}`);
    const left = closeServerTmp(serverDir, code === 0);
    ctx.check(left.length === 0, `second server left report files after a clean stop: ${left.join(', ')}`);
  }
}

// Asks until check(answer) holds; the milliseconds it took, or -1 after limitMs.
export async function within(ask, check, limitMs = 1000, everyMs = 25) {
  const t0 = Date.now();
  for (;;) {
    const r = await ask();
    if (check(r)) return Date.now() - t0;
    if (Date.now() - t0 > limitMs) return -1;
    await sleep(everyMs);
  }
}
