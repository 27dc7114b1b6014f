// sse_hold.mjs — holds N open event streams (GET /api/v1/events) against a running server, for
// `scripts/bench`: the streams come from 127.0.X.2, 127.0.X.3, … (60 per address, under the
// server's per-address limit; X = N's thousands + 1, so a run never meets the closed streams of
// a smaller one the server has not yet noticed), all logged in as one session. Prints how long they took to open
// and the server's resident memory; then, on a line "fire" on stdin, posts a dynamic report and
// prints when each stream had the alert: the delivery latency's percentiles over the streams
// (from the POST being sent to the event read by this process — the holder shares the machine,
// so its own reading of 5,000 sockets is in the figure); exits on "quit".
// Usage: node bench/sse_hold.mjs PORT COOKIE CSRF N SERVER_PID UNIT_ID
import http from 'node:http';
import fs from 'node:fs';
import readline from 'node:readline';

const [port, cookie, csrf, nArg, pid, unitId] = process.argv.slice(2);
const N = Number(nArg);
const PER_ADDR = 60;
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
const rss = () => (fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/) || [])[1];

const streams = [];
let opened = 0;
const t0 = Date.now();
function open(i) {
  return new Promise((resolve) => {
    const s = { got: new Map(), buf: '' };
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/events', agent,
      localAddress: `127.0.${1 + Math.floor(N / 1000)}.${2 + Math.floor(i / PER_ADDR)}`, headers: { cookie } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c) => {
        s.buf += c;
        if (!s.open && s.buf.includes(': connected')) { s.open = true; opened++; resolve(); }
        for (const m of s.buf.matchAll(/^id: (\d+)$/gm)) if (!s.got.has(Number(m[1]))) s.got.set(Number(m[1]), Date.now());
        s.buf = s.buf.slice(s.buf.lastIndexOf('\n') + 1);
      });
      res.on('error', () => {});
    });
    req.on('error', (e) => { console.error(`stream ${i}: ${e.message}`); resolve(); });
    s.req = req;
    streams.push(s);
  });
}
for (let i = 0; i < N; i += 200) await Promise.all(Array.from({ length: Math.min(200, N - i) }, (_, k) => open(i + k)));
console.log(`streams open: ${opened} of ${N} in ${Date.now() - t0} ms; server RSS ${rss()} KiB`);

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line === 'fire') {
    const body = JSON.stringify({ unit_id: Number(unitId), kind: 'event', title: '基准测试活动', start: '2027-01-01',
      end: '2027-01-01', place: '广场', risks: '人群聚集', measures: '限流' });
    const sent = Date.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/dynamic-reports`, { method: 'POST', body,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' } });
    const answered = Date.now() - sent;
    const id = (await res.json()).alert.id;
    let all = 0;
    while (Date.now() - sent < 30000) {
      all = streams.filter((s) => s.got.has(id)).length;
      if (all === opened) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = streams.filter((s) => s.got.has(id)).map((s) => s.got.get(id) - sent).sort((a, b) => a - b);
    const pct = (p) => (ms.length ? ms[Math.min(ms.length - 1, Math.ceil((p / 100) * ms.length) - 1)] : NaN);
    console.log(`alert ${id} reached ${all} of ${opened} streams; delivery ms p50 ${pct(50)} p90 ${pct(90)} p99 ${pct(99)} max ${pct(100)} (POST answered ${res.status} in ${answered} ms); server RSS ${rss()} KiB`);
  } else if (line === 'quit') break;
}
for (const s of streams) s.req.destroy();
process.exit(0);
