// What flows ask of the server besides ctx.request: one request on a connection of its own from
// a chosen loopback address (a client of its own to the log-in guard, or the reverse proxy
// 127.0.0.9), and the value of one line of GET /metrics.
import { request as httpRequest } from 'node:http';

// One request from localAddress to the test server (or o.base); resolves {status, headers,
// json, text}, or {status: 0, error} when the connection fails or o.timeout (15 s) passes.
export function requestFrom(ctx, localAddress, method, path, body, headers = {}, o = {}) {
  const { hostname, port } = new URL(o.base || ctx.base);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve) => {
    const req = httpRequest({ host: hostname, port, method, path, localAddress, agent: false,
      headers: { ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...headers } },
    (res) => {
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json; try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', (e) => resolve({ status: 0, headers: {}, text: '', error: e.message }));
    req.setTimeout(o.timeout || 15_000, () => req.destroy(new Error('timeout')));
    if (data) req.write(data);
    req.end();
  });
}

// The value of the line `name value` of a /metrics text (name with its labels); NaN if absent.
export function metricValue(text, name) {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? NaN : Number(line.slice(name.length + 1));
}
