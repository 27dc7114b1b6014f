// A throwaway PostgreSQL server for the tests: its own cluster in a temporary folder, listening on
// a free loopback port only, fsync off (nothing here must outlive the run), stopped and removed by
// stop(). The server refuses to run as root, so as root it runs as the `postgres` user the
// Debian package creates.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = r.status === 0 ? r.stdout.trim() : '';
  if (dir && existsSync(join(dir, 'initdb'))) return dir;
  return '/usr/lib/postgresql/15/bin';
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); });
  });
}

const asRoot = process.getuid && process.getuid() === 0;

function run(cmd, args) {
  const full = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', timeout: 120_000 });
  return { ok: r.status === 0, out: `${r.stdout || ''}${r.stderr || ''}${r.error ? r.error.message : ''}` };
}

// Starts a cluster; returns { url, stop() } or throws with what went wrong.
export async function startPgCluster() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'cityrisk-pg-'));
  chmodSync(dir, 0o777);
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const init = run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'cityrisk', '-E', 'UTF8', '--locale=C']);
  if (!init.ok) { rmSync(dir, { recursive: true, force: true }); throw new Error(`initdb: ${init.out}`); }
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  if (!start.ok) { rmSync(dir, { recursive: true, force: true }); throw new Error(`pg_ctl start: ${start.out}`); }
  return {
    url: `postgres://cityrisk@127.0.0.1:${port}`,
    dir,
    // A fast restart: every client connection is cut, as in a failover.
    restart() {
      const r = run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart']);
      if (!r.ok) throw new Error(`pg_ctl restart: ${r.out}`);
    },
    // A streaming standby of this cluster (docs/OPERATIONS.md "Read replicas"): a base backup
    // with -R (standby.signal and primary_conninfo written for it) into a folder beside the
    // primary's, started on another free loopback port, hot standby on. The primary streams to
    // it over the replication entry initdb writes into pg_hba.conf for 127.0.0.1 (trust here);
    // wal_level=replica and max_wal_senders are PostgreSQL's defaults. Returns { url, port,
    // stop(), start() }; the primary's stop() removes it with the rest.
    async startStandby() {
      const sdata = join(dir, 'standby');
      rmSync(sdata, { recursive: true, force: true });
      const bb = run(join(bin, 'pg_basebackup'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'cityrisk',
        '-D', sdata, '-R', '-X', 'stream', '-c', 'fast']);
      if (!bb.ok) throw new Error(`pg_basebackup: ${bb.out}`);
      const sport = await freePort();
      const sopts = `-p ${sport} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 -c hot_standby=on`;
      const log = join(dir, 'standby.log');
      const start = () => {
        const r = run(join(bin, 'pg_ctl'), ['-D', sdata, '-o', sopts, '-l', log, '-w', 'start']);
        if (!r.ok) throw new Error(`pg_ctl start (standby): ${r.out}`);
      };
      start();
      return {
        url: `postgres://cityrisk@127.0.0.1:${sport}`,
        port: sport,
        start,
        stop() { run(join(bin, 'pg_ctl'), ['-D', sdata, '-m', 'immediate', '-w', 'stop']); },
      };
    },
    stop() { stopPgClusterAt(dir); },
  };
}

// Stops the cluster startPgCluster made in dir and removes it (for a caller that outlived the
// process that started it: the bench).
export function stopPgClusterAt(dir) {
  if (existsSync(join(dir, 'standby', 'postmaster.pid'))) run(join(binDir(), 'pg_ctl'), ['-D', join(dir, 'standby'), '-m', 'immediate', '-w', 'stop']);
  run(join(binDir(), 'pg_ctl'), ['-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  rmSync(dir, { recursive: true, force: true });
}

// One statement's result as text (psql -At), or 'ERROR …'.
export function psqlAt(url, sql) {
  const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : `ERROR ${r.stderr}`;
}

export const isPg = (db) => /^postgres(ql)?:\/\//.test(db);

// A new empty database beside the one at url (UTF-8, byte-order collation); returns its URL.
export function newDatabaseBeside(url, name) {
  const base = url.replace(/\/[^/]*$/, '');
  psqlAt(`${base}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const r = psqlAt(`${base}/postgres`, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  if (r.startsWith('ERROR')) throw new Error(`create database ${name}: ${r}`);
  return `${base}/${name}`;
}

export function dropDatabaseBeside(url, name) {
  psqlAt(`${url.replace(/\/[^/]*$/, '')}/postgres`, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
