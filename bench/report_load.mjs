// report_load.mjs — docs/PERFORMANCE.md "Reports": the city's risk assessment report over HTTP on
// a running server (cold, then warm), and the answer times of other requests made while two
// reports are being set. Usage: node bench/report_load.mjs http://127.0.0.1:PORT [login password]
const [base = 'http://127.0.0.1:18080', login = 'admin', password = 'admin123'] = process.argv.slice(2);

const s = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
const cookie = s.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const h = { cookie };
const timed = async (path) => {
  const t = performance.now();
  const r = await fetch(`${base}${path}`, { headers: h });
  const n = (await r.arrayBuffer()).byteLength;
  return { path, status: r.status, ms: performance.now() - t, bytes: n };
};

for (const [label, path] of [['city pdf (first)', '/api/v1/reports/city?format=pdf'], ['city pdf (again)', '/api/v1/reports/city?format=pdf'],
  ['city html', '/api/v1/reports/city?format=html'], ['district 320583 pdf', '/api/v1/reports/district/320583?format=pdf'],
  ['industry C pdf', '/api/v1/reports/industry/C?format=pdf']]) {
  const r = await timed(path);
  console.log(`${label}: ${r.status} ${(r.ms / 1000).toFixed(2)} s, ${r.bytes} bytes`);
}

// Two reports at once (the slots' limit), and other requests meanwhile.
let running = 2;
const reports = ['/api/v1/reports/city?format=pdf', '/api/v1/reports/district/320509?format=html']
  .map((p) => timed(p).then((r) => { running--; return r; }));
const others = [];
while (running > 0) {
  for (const p of ['/api/v1/stats/overview', '/api/v1/units?limit=20&region=320583', '/api/v1/risks?limit=20&grade=1']) {
    const r = await timed(p);
    if (running > 0) others.push(r);
  }
}
const done = await Promise.all(reports);
const ms = others.map((o) => o.ms).sort((a, b) => a - b);
const q = (f) => ms[Math.min(ms.length - 1, Math.floor(f * ms.length))];
console.log(`two reports at once: ${done.map((d) => `${d.status} ${(d.ms / 1000).toFixed(2)} s`).join(', ')}`);
console.log(`other requests meanwhile: ${ms.length}, all 200: ${others.every((o) => o.status === 200)}, median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms`);
const slow = others.reduce((a, b) => (b.ms > a.ms ? b : a), others[0]);
console.log(`slowest: ${slow.path} ${slow.ms.toFixed(1)} ms`);
