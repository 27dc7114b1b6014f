// Requests that fetch() would normalise or refuse to send, written byte for byte on a socket:
// path traversal, malformed request lines, oversized headers. The server must answer (or
// close) without leaking files and stay up.
import { connect } from 'node:net';

function raw(ctx, bytes, timeoutMs = 10_000) {
  const { hostname, port } = new URL(ctx.base);
  return new Promise((resolve) => {
    const chunks = [];
    const s = connect({ host: hostname, port: Number(port) }, () => s.end(bytes));
    s.on('data', (d) => chunks.push(d));
    const done = (error) => {
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : 0, text, error });
    };
    s.on('end', () => done(null));
    s.on('error', (e) => done(e.code || e.message));
    s.setTimeout(timeoutMs, () => { s.destroy(); done('timeout'); });
  });
}

const req = (line, headers = '') => `${line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`;

export async function pathTraversalLeaksNothing(ctx) {
  const paths = ['/api/v1/../../../../etc/passwd', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/css/..%2f..%2f..%2fMakefile',
    '/css/../../Makefile', '/%2e%2e%2fMakefile', '/....//....//etc/passwd'];
  for (const p of paths) {
    const r = await raw(ctx, req(`GET ${p} HTTP/1.1`));
    ctx.check(!/root:.*:0:0:/.test(r.text), `GET ${p}: the answer contains /etc/passwd`);
    ctx.check(!/\$\(CC\)|^cityrisk:/m.test(r.text), `GET ${p}: the answer contains the Makefile`);
    ctx.check(r.status !== 0 || r.error === null, `GET ${p}: no HTTP answer (${r.error})`);
  }
  const api = await raw(ctx, req('GET /api/v1/../../etc/passwd HTTP/1.1'));
  ctx.check([400, 401, 404].includes(api.status), `GET /api/v1/../../etc/passwd: status ${api.status}, expected 400/401/404`);
}

export async function malformedRequestsDoNotKillTheServer(ctx) {
  const bad = [
    'GARBAGE\r\n\r\n',
    'GET\r\n\r\n',
    'GET /api/v1/session HTTP/9.9\r\nHost: x\r\n\r\n',
    req('GET /api/v1/session HTTP/1.1', `X-Big: ${'a'.repeat(200_000)}\r\n`),
    req('GET /api/v1/session HTTP/1.1', `Cookie: cr_session=${'A'.repeat(10_000)}\r\n`),
    req('GET /api/v1/units?limit=5&limit=6&region=%ZZ HTTP/1.1'),
    req('GET /api/v1/units/%00 HTTP/1.1'),
    req('POST /api/v1/units HTTP/1.1', 'Content-Length: 10\r\nContent-Type: application/json\r\n') + '{"a":',
    req('POST /api/v1/units HTTP/1.1', 'Content-Length: -1\r\n'),
    req('POST /api/v1/units HTTP/1.1', 'Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n') + 'zz\r\n',
    req('POST /api/v1/session HTTP/1.1', 'Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n') +
      '200000\r\n' + 'x'.repeat(100),
  ];
  for (const b of bad) await raw(ctx, b, 5_000);
  const r = await ctx.request('admin', 'GET', '/api/v1/session');
  ctx.expect(r, { status: 200 }, 'the server still answers after malformed requests');
}

export async function chunkedBodyOverTheLimit(ctx) {
  // 2 MiB in chunks, no Content-Length: the 1 MiB limit must hold for chunked bodies too.
  const chunk = 'x'.repeat(64 * 1024);
  let body = '';
  for (let i = 0; i < 32; i++) body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  body += '0\r\n\r\n';
  const jar = [];
  const login = await ctx.request('chunk', 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { csrf: false });
  const cookie = (login.setCookies || []).map((c) => c.split(';')[0]).join('; ');
  jar.push(cookie);
  const r = await raw(ctx, req('POST /api/v1/units HTTP/1.1',
    `Cookie: ${cookie}\r\nX-CSRF-Token: ${login.json && login.json.csrf}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n`) + body);
  ctx.check(r.status === 413 || (r.status === 0 && r.error), `chunked 2 MiB body: status ${r.status} (${r.error}), expected 413`);
}
