#!/usr/bin/env node
// API test runner: builds a demo database, starts a real `cityrisk serve` on a free loopback
// port, runs every case in tests/api/cases/*.json and every flow in tests/api/flows/*.mjs,
// stops the server with SIGTERM and checks that it exited cleanly (ASan/UBSan quiet).
// Prints `api: N passed, N failed` last and exits non-zero on any failure. See README.md.

import { spawn, spawnSync } from 'node:child_process';
import { startPgCluster } from './lib/pg_cluster.mjs';
import { closeServerTmp, reportsLeft, serverTmp } from './lib/server_tmp.mjs';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { match, jsonPath } from './lib/match.mjs';
import { creditCode, creditCodeBad, uniq } from './lib/gen.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');

// ---------------------------------------------------------------- options
const opts = { bin: 'build/san/cityrisk', filter: null, keep: false, verbose: false, keepGoing: false, pg: null };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--bin') opts.bin = process.argv[++i];
  else if (a === '--filter') opts.filter = process.argv[++i];
  else if (a === '--keep') opts.keep = true;
  else if (a === '--keep-going') opts.keepGoing = true;
  else if (a === '-v' || a === '--verbose') opts.verbose = true;
  // --pg postgres://USER@HOST:PORT: the same suite on PostgreSQL, in a database of its own
  // made for the run (and dropped after it, unless --keep); --pg own: on a throwaway server
  // started for the run (lib/pg_cluster.mjs).
  else if (a === '--pg') opts.pg = process.argv[++i].replace(/\/+$/, '');
  else { console.error(`usage: run.mjs [--bin PATH] [--filter SUBSTRING] [--keep] [--keep-going] [-v] [--pg postgres://USER@HOST:PORT]`); process.exit(2); }
}
const BIN = resolve(ROOT, opts.bin);
const ENV = {
  ...process.env,
  CITYRISK_PWHASH: 'fast',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS || 'print_stacktrace=1',
};

// Users the cases log in as. Demo users come from `cityrisk demo`; the others are added here.
const USERS = {
  admin: { password: 'admin123' },
  kunshan: { password: 'kunshan123' },
  wujiang: { password: 'wujiang123' },
  t_ajj: { password: 't-ajj-pw', role: 'city_dept', dept: 'AJJ' },
  t_ksajj: { password: 't-ksajj-pw', role: 'district_dept', region: '320583', dept: 'AJJ' },
  t_yushan: { password: 't-yushan-pw', role: 'street', region: '320583100' }, // 玉山镇
  t_expert: { password: 't-expert-pw', role: 'expert' },
  t_unit: { password: 't-unit-pw', role: 'unit', unit: 'ks_unit_id' }, // bound after the look-up
};

// ---------------------------------------------------------------- results
const results = [];
function record(name, ok, detail = '') {
  results.push({ name, ok, detail });
  if (ok) { if (opts.verbose) console.log(`ok   ${name}`); }
  else console.log(`FAIL ${name}\n${indent(detail)}`);
}
const indent = (s) => String(s).split('\n').map((l) => '     ' + l).join('\n');
const trunc = (s, n = 700) => (s && s.length > n ? s.slice(0, n) + `… (${s.length} chars)` : s);

// Report files a server stopped cleanly left in its TMPDIR (lib/server_tmp.mjs), checked at the end.
const reportsLeftBehind = [];

function finish(tmp) {
  if (tmp) {
    const shared = ENV.TMPDIR ? reportsLeft(ENV.TMPDIR).map((n) => join(ENV.TMPDIR, n)) : [];
    const left = [...reportsLeftBehind, ...shared];
    record('temp files: no cityrisk-report-* left by a server stopped cleanly', left.length === 0,
      `left: ${left.join(', ')}`);
    if (ENV.TMPDIR) rmSync(ENV.TMPDIR, { recursive: true, force: true });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (tmp) {
    if (failed || opts.keep) console.log(`(temp dir kept: ${tmp})`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  pgDrop();
  console.log(`api${opts.pg ? ' (PostgreSQL)' : ''}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// ---------------------------------------------------------------- PostgreSQL
// A fresh database on the --pg server: UTF-8 with byte-order collation, as SQLite compares text.
let pgName = null;
function psql(sql) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${opts.pg}/postgres`, '-c', sql],
    { encoding: 'utf8', timeout: 60_000 });
  return { ok: r.status === 0, out: (r.stdout || '') + (r.stderr || '') };
}
function pgDatabase() {
  pgName = `cityrisk_api_${process.pid}`;
  psql(`DROP DATABASE IF EXISTS ${pgName}`);
  const r = psql(`CREATE DATABASE ${pgName} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  record('setup: PostgreSQL database', r.ok, r.out);
  if (!r.ok) finish(null);
  return `${opts.pg}/${pgName}`;
}
let pgCluster = null;
function pgDrop() {
  if (pgName && !opts.keep) psql(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
  if (pgCluster) pgCluster.stop();
}

// ---------------------------------------------------------------- processes
function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
  });
}

function cli(args, input, env) {
  const r = spawnSync(BIN, args, { env: env ? { ...ENV, ...env } : ENV, cwd: ROOT, input, encoding: 'utf8', timeout: 300_000 });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  return { ok: r.status === 0 && !r.error, status: r.status, signal: r.signal, error: r.error, out };
}

const SAN_RE = /runtime error|AddressSanitizer|LeakSanitizer/;

class Server {
  constructor(db, tmp) { this.db = db; this.tmp = tmp; this.n = 0; }
  async start() {
    this.n++;
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.stderr = '';
    this.exit = null;
    const serverDir = serverTmp(ENV.TMPDIR);
    // 127.0.0.9 stands for a reverse proxy: flows send X-Forwarded-For from that address.
    this.proc = spawn(BIN, ['serve', '--db', this.db, '--listen', `127.0.0.1:${this.port}`, '--trusted-proxy', '127.0.0.9'],
      { env: { ...ENV, TMPDIR: serverDir }, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (d) => { if (opts.verbose) process.stdout.write(`[server] ${d}`); });
    this.proc.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((res) => this.proc.on('exit', (code, signal) => {
      this.exit = { code, signal };
      reportsLeftBehind.push(...closeServerTmp(serverDir, code === 0));
      if (existsSync(this.tmp)) writeFileSync(join(this.tmp, `server-${this.n}.stderr`), this.stderr);
      res(this.exit);
    }));
    this.proc.on('error', (e) => { this.stderr += `spawn error: ${e.message}\n`; });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.exit) return `server exited during start-up (${fmtExit(this.exit)})\n${this.tail()}`;
      try {
        await fetch(`${this.base}/api/v1/session`, { signal: AbortSignal.timeout(2000) });
        return null;
      } catch { await sleep(100); }
    }
    this.proc.kill('SIGKILL');
    return `server did not answer GET /api/v1/session within 60 s\n${this.tail()}`;
  }
  get alive() { return this.exit === null; }
  tail(n = 3000) { return this.stderr ? `stderr (last part):\n${this.stderr.slice(-n)}` : '(stderr empty)'; }
  // SIGTERM, then wait; returns null when the exit was clean, else a description.
  async stop() {
    if (!this.alive) return `server was not running at shutdown (${fmtExit(this.exit)})`;
    this.proc.kill('SIGTERM');
    const t = await Promise.race([this.exited, sleep(30_000).then(() => null)]);
    if (!t) { this.proc.kill('SIGKILL'); await this.exited; return `server did not exit within 30 s of SIGTERM\n${this.tail()}`; }
    const problems = [];
    if (t.code !== 0) problems.push(`exit ${fmtExit(t)} (expected code 0)`);
    if (SAN_RE.test(this.stderr)) problems.push('sanitizer report in stderr');
    return problems.length ? `${problems.join('; ')}\n${this.tail(6000)}` : null;
  }
}
const fmtExit = (e) => (e ? (e.signal ? `signal ${e.signal}` : `code ${e.code}`) : 'running');

// ---------------------------------------------------------------- HTTP + sessions
class Client {
  constructor(server) { this.server = server; this.jars = new Map(); }
  jar(name) {
    if (!this.jars.has(name)) this.jars.set(name, { cookies: new Map(), csrf: null });
    return this.jars.get(name);
  }
  // as: session name or null (anonymous). body: JS value sent as JSON, unless opts.raw (string/Buffer).
  async request(as, method, path, body, o = {}) {
    const jar = as == null ? null : this.jar(as);
    const headers = {};
    let payload;
    if (o.raw !== undefined) payload = o.raw;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) {
      const ct = o.contentType === undefined ? 'application/json' : o.contentType;
      if (ct !== null) headers['content-type'] = ct;
      if (typeof payload === 'string') payload = Buffer.from(payload, 'utf8');
    }
    if (jar && jar.cookies.size) headers.cookie = [...jar.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const write = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    if (typeof o.csrf === 'string') headers['x-csrf-token'] = o.csrf;
    else if ((o.csrf === true || (o.csrf === undefined && write)) && jar && jar.csrf) headers['x-csrf-token'] = jar.csrf;
    Object.assign(headers, o.headers || {});
    const url = (o.base || this.server.base) + path; // o.base: another server on the same database
    const res = { method, path, as, status: 0, headers: {}, text: '', json: undefined, error: null };
    try {
      const r = await fetch(url, { method, headers, body: payload, redirect: 'manual',
        signal: AbortSignal.timeout(o.timeout || 30_000) });
      res.status = r.status;
      r.headers.forEach((v, k) => { res.headers[k] = v; });
      res.setCookies = r.headers.getSetCookie();
      // o.binary keeps the bytes (PDF, XLSX) in res.body; text would mangle them.
      if (o.binary) res.body = Buffer.from(await r.arrayBuffer());
      res.text = o.binary ? res.body.toString('latin1') : await r.text();
      try { res.json = JSON.parse(res.text); } catch { res.json = undefined; }
    } catch (e) {
      res.error = `${e.name}: ${e.message}${e.cause ? ` (${e.cause.code || e.cause.message})` : ''}`;
      return res;
    }
    if (jar) {
      for (const c of res.setCookies) {
        const [nv, ...attrs] = c.split(';');
        const i = nv.indexOf('=');
        const k = nv.slice(0, i).trim(), v = nv.slice(i + 1).trim();
        const expired = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || v === '';
        if (expired) jar.cookies.delete(k); else jar.cookies.set(k, v);
      }
      if (res.json && typeof res.json.csrf === 'string') jar.csrf = res.json.csrf;
      if (method === 'DELETE' && path.startsWith('/api/v1/session') && res.status === 200) jar.csrf = null;
    }
    return res;
  }
  async login(name, password) {
    const jar = this.jar(name);
    jar.cookies.clear(); jar.csrf = null;
    return this.request(name, 'POST', '/api/v1/session', { login: name, password }, { csrf: false });
  }
  dropPrivate() { for (const k of [...this.jars.keys()]) if (!(k in USERS)) this.jars.delete(k); }
}

function describe(res) {
  if (res.error) return `${res.method} ${res.path} as ${res.as}: no HTTP answer: ${res.error}`;
  return `${res.method} ${res.path} as ${res.as} → ${res.status} ${trunc(res.text, 600)}`;
}

// ---------------------------------------------------------------- templates
// "{{name}}", "{{name+1}}", "{{$credit_code}}", "{{$credit_code_bad}}", "{{$uniq}}".
function evalVar(expr, vars) {
  expr = expr.trim();
  if (expr === '$credit_code') return creditCode();
  if (expr.startsWith('$credit_code:')) return creditCode(expr.slice(13));
  if (expr === '$credit_code_bad') return creditCodeBad();
  if (expr === '$uniq') return uniq();
  const m = /^([A-Za-z_][\w]*)\s*(?:([+-])\s*(\d+))?$/.exec(expr);
  if (!m) throw new Error(`bad template {{${expr}}}`);
  if (!(m[1] in vars)) throw new Error(`undefined variable {{${m[1]}}} (known: ${Object.keys(vars).join(', ')})`);
  let v = vars[m[1]];
  if (m[2]) { v = Number(v) + (m[2] === '+' ? 1 : -1) * Number(m[3]); }
  return v;
}
function tmpl(x, vars) {
  if (typeof x === 'string') {
    const whole = /^\{\{([^{}]+)\}\}$/.exec(x);
    if (whole) return evalVar(whole[1], vars);
    return x.replace(/\{\{([^{}]+)\}\}/g, (_, e) => String(evalVar(e, vars)));
  }
  if (Array.isArray(x)) return x.map((y) => tmpl(y, vars));
  if (x && typeof x === 'object') {
    const o = {};
    for (const [k, v] of Object.entries(x)) o[k] = tmpl(v, vars);
    return o;
  }
  return x;
}

// ---------------------------------------------------------------- expectations
// Returns a list of mismatch strings.
function checkExpect(res, ex = {}) {
  if (res.error) return [`no HTTP answer: ${res.error}`];
  if (ex.one_of) {
    const tries = ex.one_of.map((alt) => checkExpect(res, alt));
    if (tries.some((t) => t.length === 0)) return [];
    return [`none of the alternatives matched: ${tries.map((t) => t[0]).join(' | ')}`];
  }
  const errs = [];
  const st = ex.status === undefined ? { $gte: 200, $lt: 300 } : ex.status;
  errs.push(...match(res.status, st, 'status'));
  if (ex.json_body !== false && ex.text === undefined && res.json === undefined) {
    errs.push(`body is not JSON: ${JSON.stringify(trunc(res.text, 200))}`);
  }
  if (ex.json !== undefined) {
    if (res.json === undefined) { if (ex.json_body === false || ex.text !== undefined) errs.push('body is not JSON'); }
    else errs.push(...match(res.json, ex.json, '$'));
  }
  if (ex.headers) errs.push(...match(res.headers, ex.headers, 'headers'));
  if (ex.set_cookie) errs.push(...match(res.setCookies || [], ex.set_cookie, 'set-cookie'));
  if (ex.text !== undefined) errs.push(...match(res.text, ex.text, 'text'));
  return errs;
}

// ---------------------------------------------------------------- data cases
function buildBody(step) {
  if (step.body_file !== undefined) return { raw: readFileSync(resolve(HERE, step.body_file)) };
  if (step.body_raw !== undefined) return { raw: step.body_raw };
  if (step.body_base64 !== undefined) return { raw: Buffer.from(step.body_base64, 'base64') };
  if (step.body_size !== undefined) {
    // A syntactically valid JSON object of exactly body_size bytes.
    const pre = '{"name":"', post = '"}';
    return { raw: pre + 'x'.repeat(step.body_size - pre.length - post.length) + post };
  }
  if (step.body !== undefined) return { body: step.body };
  return {};
}

async function runDataCase(client, name, data, globals) {
  const steps = Array.isArray(data) ? data : data.steps || [data];
  const vars = { ...globals, ...(data.vars || {}) };
  const failed = [];
  for (let i = 0; i < steps.length; i++) {
    const label = `step ${i + 1}/${steps.length}${steps[i].name ? ` (${steps[i].name})` : ''}`;
    let step;
    try {
      for (const [k, v] of Object.entries(steps[i].let || {})) vars[k] = tmpl(v, vars);
      step = tmpl({ ...steps[i], let: undefined, expect: undefined }, vars);
      step.expect = steps[i].expect || {};
    } catch (e) { failed.push(`${label}: ${e.message}`); if (opts.keepGoing) continue; break; }
    const as = 'as' in step ? step.as : 'admin';
    const method = (step.method || 'GET').toUpperCase();
    let path = step.path;
    if (step.query) path += (path.includes('?') ? '&' : '?') + new URLSearchParams(step.query).toString();
    const b = buildBody(step);
    const res = await client.request(as, method, path, b.body, {
      raw: b.raw, contentType: step.content_type, csrf: step.csrf, headers: step.headers,
    });
    let errs;
    try {
      const ex = tmpl(step.expect, vars);
      errs = checkExpect(res, ex);
      const save = { ...(step.expect.save || {}), ...(step.save || {}) };
      if (!errs.length) {
        for (const [k, p] of Object.entries(save)) {
          const v = jsonPath(res.json, p);
          if (v === undefined) errs.push(`save ${k}: nothing at ${p}`); else vars[k] = v;
        }
      }
    } catch (e) { errs = [e.message]; }
    if (errs.length) {
      failed.push(`${label}: ${method} ${path} as ${as}\n  expected: ${trunc(JSON.stringify(steps[i].expect), 500)}\n` +
        `  got: ${res.error ? res.error : `${res.status} ${trunc(res.text, 700)}`}\n  ${errs.slice(0, 8).join('\n  ')}`);
      if (!opts.keepGoing) break;
      if (res.error) { await sleep(200); if (!client.server.alive) break; }
    }
  }
  return failed.length ? failed.join('\n') : null;
}

// ---------------------------------------------------------------- flows
function flowContext(client, globals) {
  const failures = [];
  const ctx = {
    vars: { ...globals },
    users: USERS,
    base: client.server.base,
    creditCode, creditCodeBad, uniq, match,
    // For the crash-safety flow: the server process, the database file, and the CLI; for
    // flows that start a server of their own: the binary and its environment.
    server: client.server, cli, bin: BIN, env: ENV, freePort,
    // On a PostgreSQL server of the run's own: cuts every connection (tests/api/flows/pg_restart.mjs).
    pgRestart: pgCluster ? () => pgCluster.restart() : null,
    // On a PostgreSQL server of the run's own: a streaming standby of it (tests/api/flows/read_replica.mjs).
    pgStandby: pgCluster ? () => pgCluster.startStandby() : null,
    // Ends the flow when the server has died, so one crash is reported once.
    request: async (as, method, path, body, o) => {
      const res = await client.request(as, method, path, body, o);
      if (res.error && !client.server.alive) { await sleep(0); throw new Error(`server died; last request: ${describe(res)}`); }
      if (res.error) { await sleep(50); if (!client.server.alive) throw new Error(`server died; last request: ${describe(res)}`); }
      return res;
    },
    // Records a failure (and continues) when res does not meet the expectation; returns ok.
    expect(res, ex, label = '') {
      const errs = checkExpect(res, ex);
      if (errs.length) failures.push(`${label ? label + ': ' : ''}${describe(res)}\n  expected ${trunc(JSON.stringify(ex), 300)}\n  ${errs.slice(0, 5).join('\n  ')}`);
      return errs.length === 0;
    },
    check(cond, msg) { if (!cond) failures.push(msg); return !!cond; },
    // Throws (ends the flow) when the condition is false.
    require(cond, msg) { if (!cond) throw new Error(msg); },
    failures,
  };
  return ctx;
}

// ---------------------------------------------------------------- main
async function main() {
  if (!existsSync(BIN)) {
    record('setup: binary', false, `${BIN} does not exist (build it: make ${opts.bin})`);
    finish(null);
  }
  if (opts.pg === 'own') {
    try { pgCluster = await startPgCluster(); opts.pg = pgCluster.url; }
    catch (e) { record('setup: PostgreSQL server', false, e.message); finish(null); }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'cityrisk-api-'));
  // Everything the run starts (the CLI, servers, flows' own servers) keeps its temporary files
  // in the run's folder; each server in a folder of its own (lib/server_tmp.mjs).
  ENV.TMPDIR = join(tmp, 'tmp');
  mkdirSync(ENV.TMPDIR);
  const db = opts.pg ? pgDatabase() : join(tmp, 't.db');

  const demo = cli(['demo', '--db', db, '--scale', '0.01', '--seed', '7']);
  record('setup: cityrisk demo', demo.ok, `exit ${demo.status ?? demo.signal} ${demo.error || ''}\n${trunc(demo.out, 3000)}`);
  if (!opts.pg && !existsSync(db)) finish(tmp);

  const addUser = (login) => {
    const u = USERS[login];
    const args = ['user', 'add', login, '--role', u.role];
    if (u.region) args.push('--region', u.region);
    if (u.dept) args.push('--dept', u.dept);
    if (u.unit) args.push('--unit', String(globals[u.unit]));
    args.push('--password-stdin', '--db', db);
    const r = cli(args, u.password + '\n');
    record(`setup: user add ${login} (${u.role})`, r.ok, `${BIN} ${args.join(' ')}\nexit ${r.status ?? r.signal}\n${trunc(r.out, 2000)}`);
  };
  const globals = {};
  for (const login of Object.keys(USERS)) if (USERS[login].role && !USERS[login].unit) addUser(login);

  // Phase 1: start, look up demo units the cases refer to, stop (a restart is also tested).
  const server = new Server(db, tmp);
  let err = await server.start();
  record('setup: server start (look-up)', !err, err);
  if (err) finish(tmp);
  const client = new Client(server);
  const lr = await client.login('admin', USERS.admin.password);
  record('setup: look-up login admin', lr.status === 200, describe(lr));
  await lookups(client, globals);
  err = await server.stop();
  record('server: clean exit after look-up phase (SIGTERM)', !err, err);
  for (const login of Object.keys(USERS)) if (USERS[login].unit) {
    if (globals[USERS[login].unit] === undefined) record(`setup: user add ${login}`, false, `no ${USERS[login].unit} found`);
    else addUser(login);
  }

  // Phase 2: the test server.
  err = await server.start();
  record('setup: server start', !err, err);
  if (err) finish(tmp);
  const loginAll = async () => {
    for (const [login, u] of Object.entries(USERS)) {
      const r = await client.login(login, u.password);
      if (r.status !== 200) record(`setup: login ${login}`, false, describe(r));
    }
  };
  await loginAll();

  // Collect cases and flows.
  const caseDir = join(HERE, 'cases'), flowDir = join(HERE, 'flows');
  const work = [];
  for (const f of readdirSync(caseDir).filter((f) => f.endsWith('.json')).sort()) {
    work.push({ name: `cases/${f}`, kind: 'data', file: join(caseDir, f) });
  }
  for (const f of readdirSync(flowDir).filter((f) => f.endsWith('.mjs')).sort()) {
    const mod = await import(pathToFileURL(join(flowDir, f)).href);
    for (const [fn, impl] of Object.entries(mod)) {
      if (typeof impl === 'function') work.push({ name: `flows/${f}:${fn}`, kind: 'flow', impl });
    }
  }

  for (const w of work) {
    if (opts.filter && !w.name.includes(opts.filter)) continue;
    const errOffset = server.stderr.length;
    let detail = null;
    const t0 = Date.now();
    try {
      if (w.kind === 'data') {
        let data;
        try { data = JSON.parse(readFileSync(w.file, 'utf8')); }
        catch (e) { detail = `cannot parse case file: ${e.message}`; }
        if (!detail) detail = await runDataCase(client, w.name, data, globals);
      } else {
        const ctx = flowContext(client, globals);
        try { await w.impl(ctx); } catch (e) { ctx.failures.push(`aborted: ${/^server died/.test(e.message) ? e.message : e.stack || e}`); }
        if (ctx.failures.length) detail = ctx.failures.slice(0, 25).join('\n') +
          (ctx.failures.length > 25 ? `\n… and ${ctx.failures.length - 25} more` : '');
      }
    } catch (e) { detail = `runner error: ${e.stack || e}`; }
    client.dropPrivate();
    // A dying server may take a moment to exit: give it that, so the crash is pinned to this case.
    if (detail && /no HTTP answer|server died/.test(detail)) await Promise.race([server.exited, sleep(2000)]);
    else await sleep(20);
    const newErr = server.stderr.slice(errOffset);
    if (!server.alive) {
      const ext = server.exit.code === 0 || server.exit.signal === 'SIGTERM'
        ? ' — the runner did not stop it: something else on this machine sent it a signal' : '';
      detail = `SERVER CRASHED during this case (${fmtExit(server.exit)}${ext})\n${detail || ''}\n${server.tail(6000)}`;
    } else if (SAN_RE.test(newErr)) {
      detail = `sanitizer report in server stderr during this case:\n${trunc(newErr, 6000)}\n${detail || ''}`;
    }
    if (opts.verbose) console.log(`     ${w.name} ${Date.now() - t0} ms`);
    record(w.name, !detail, detail);
    if (!server.alive) {
      console.log(`     restarting the server after the crash in ${w.name}`);
      const e2 = await server.start();
      if (e2) { record('setup: server restart after crash', false, e2); finish(tmp); }
      await loginAll();
    }
  }

  err = await server.stop();
  record('server: clean exit (SIGTERM, code 0, no sanitizer report)', !err, err);
  finish(tmp);
}

// Demo units the cases refer to as {{ks_unit_id}}, {{wj_unit_id}}, {{ajj_unit_id}}, {{other_dept_unit_id}}.
async function lookups(client, globals) {
  const find = async (label, path, pick = (items) => items[0]) => {
    const r = await client.request('admin', 'GET', path);
    const it = r.status === 200 && r.json && Array.isArray(r.json.items) ? pick(r.json.items) : undefined;
    record(`setup: look up ${label}`, !!it, describe(r));
    return it;
  };
  const ks = await find('a Kunshan unit', '/api/v1/units?region=320583&limit=20');
  if (ks) globals.ks_unit_id = ks.id;
  const wj = await find('a Wujiang unit', '/api/v1/units?region=320509&limit=1');
  if (wj) globals.wj_unit_id = wj.id;
  const aj = await find('an AJJ unit', '/api/v1/units?dept=AJJ&limit=1');
  if (aj) globals.ajj_unit_id = aj.id;
  const ot = await find('a non-AJJ Kunshan unit', '/api/v1/units?region=320583&limit=200', (items) => items.find((u) => u.dept !== 'AJJ' && u.id !== globals.ks_unit_id));
  if (ot) globals.other_dept_unit_id = ot.id;
}

main().catch((e) => { record('runner', false, e.stack || String(e)); finish(null); });
