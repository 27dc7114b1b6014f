// The demo through PostgreSQL's bulk path (plain inserts held and sent as COPY, the big tables'
// indexes and keys set aside and made again: docs/PERFORMANCE.md "Province scale on PostgreSQL")
// writes the same city as SQLite's row-by-row path: `cityrisk demo --scale 0.01 --seed 7` into a
// fresh PostgreSQL database and a fresh SQLite file gives equal counts in every table the demo
// writes, the same units (codes, ratings, owner flags), risk points (unit, grade, owner check),
// versions, hazards, events, reports and their steps, installations and audit entries (ids too),
// the same indexes back on the big tables, the same `/stats/risks?by=grade,district` answer from a
// server on each, and a copy whose audit chain verifies and whose `check` is clean. PostgreSQL runs
// only: the SQLite run has no PostgreSQL to compare with.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabaseBeside, isPg, newDatabaseBeside, psqlAt } from '../lib/pg_cluster.mjs';
import { withSecondServer } from '../lib/second_server.mjs';
import { sqlite } from '../lib/sqlite.mjs';

const TABLES = ['units', 'risks', 'risk_versions', 'hazards', 'hazard_events', 'reviews', 'review_steps',
  'verifications', 'installations', 'installation_versions', 'targets', 'resources', 'regions', 'audit', 'users'];

// Each row as text, in key order, on both databases (integers and text only: no float
// spelling): the units' held ratings, the hazards' top risk points, the re-graded points'
// versions, the review steps the demo numbers itself, the audit entries.
const ROWS = {
  units: ["id || ':' || credit_code || ':' || rating || ':' || rating_reason || ':' || owner_flags || ':' || dept || ':' || region", 'id'],
  risks: ["id || ':' || unit_id || ':' || grade || ':' || owner_ok || ':' || control_level || ':' || owner_rank || ':' || open_major_hazards || ':' || coalesce(direct_rule, '')", 'id'],
  risk_versions: ["risk_id || ':' || version || ':' || action || ':' || coalesce(old_grade, 0) || ':' || new_grade", 'risk_id, version'],
  hazards: ["id || ':' || unit_id || ':' || coalesce(risk_id, 0) || ':' || grade || ':' || state", 'id'],
  hazard_events: ["hazard_id || ':' || to_state", 'id'],
  reviews: ["id || ':' || unit_id || ':' || state || ':' || risk_count || ':' || public_count", 'id'],
  review_steps: ["review_id || ':' || seq || ':' || role || ':' || action || ':' || from_state || ':' || to_state", 'review_id, seq'],
  installations: ["id || ':' || unit_id || ':' || grade", 'id'],
  audit: ["id || ':' || entity || ':' || entity_id || ':' || action || ':' || login", 'id'],
};

export async function demoThroughCopyWritesWhatSqliteWrites(ctx) {
  if (!isPg(ctx.server.db)) return;
  const dir = mkdtempSync(join(tmpdir(), 'cr-democopy-'));
  const pg = newDatabaseBeside(ctx.server.db, 'cr_demo_copy');
  const lite = join(dir, 'demo.db');
  try {
    // 64 KiB held rows at a time instead of 16 MiB: some 200 sends, each made by the sender
    // thread while the load makes the next rows (store/pg.c send_behind), so the rows below also
    // prove that rows sent behind the load's back go in whole and in order
    const a = ctx.cli(['demo', '--db', pg, '--scale', '0.01', '--seed', '7'], undefined, { CITYRISK_PG_COPY_BYTES: '65536' });
    ctx.require(a.ok && /phases \(s\): .*risk points/.test(a.out), `demo on PostgreSQL: ${a.out.slice(-1500)}`);
    const b = ctx.cli(['demo', '--db', lite, '--scale', '0.01', '--seed', '7']);
    ctx.require(b.ok, `demo on SQLite: ${b.out.slice(-1500)}`);

    for (const t of TABLES) {
      const p = psqlAt(pg, `SELECT count(*) FROM ${t}`);
      const s = sqlite(lite, `SELECT count(*) FROM ${t}`);
      ctx.check(p === s && Number(p) >= 0, `${t}: ${p} rows on PostgreSQL, ${s} on SQLite`);
    }
    ctx.check(Number(psqlAt(pg, 'SELECT count(*) FROM risks')) > 1000, 'risk points were written');
    for (const [t, [expr, order]] of Object.entries(ROWS)) {
      const p = psqlAt(pg, `SELECT string_agg(${expr}, ',' ORDER BY ${order}) FROM ${t}`);
      const s = sqlite(lite, `SELECT group_concat(x, ',') FROM (SELECT ${expr} AS x FROM ${t} ORDER BY ${order})`);
      ctx.check(p.length > 20 && p === s, `${t}' rows: ${p.length} characters on PostgreSQL, ${s.length} on SQLite, equal: ${p === s}`);
    }
    // some points were re-graded by a major hazard source and by an open major hazard, some
    // hazards tied to a point, some reports walked past their first step
    const shapes = psqlAt(pg, "SELECT (SELECT count(*) FROM risk_versions WHERE action = 'installation') || ':' || (SELECT count(*) FROM risk_versions WHERE action = 'hazard') || ':' || (SELECT count(*) FROM hazards WHERE risk_id IS NOT NULL) || ':' || (SELECT count(*) FROM review_steps WHERE seq > 1)");
    ctx.check(shapes.split(':').every((n) => Number(n) > 0), `re-graded by installation:by hazard:hazards on a point:later review steps = ${shapes}`);
    // the load analyzed its own tables, not the system catalogues (whose shared ones a second
    // load on the same cluster would wait for until this one's commit; those are the whole
    // cluster's, so the database's own catalogues, e.g. pg_class, tell)
    const analyzed = psqlAt(pg, "SELECT count(*) FILTER (WHERE last_analyze IS NOT NULL) || '/' || count(*) FROM pg_stat_user_tables WHERE relname IN ('units', 'risks', 'hazards')");
    ctx.check(analyzed === '3/3', `units, risks and hazards analyzed by the load: ${analyzed}`);
    const catalogue = psqlAt(pg, "SELECT count(*) FROM pg_stat_sys_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.last_analyze IS NOT NULL AND NOT c.relisshared");
    ctx.check(catalogue === '0', `system catalogues analyzed by the load: ${catalogue} (none expected)`);
    // the indexes and keys set aside for the load are back, each once
    const idx = psqlAt(pg, "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('units','risks','risk_versions')");
    const want = psqlAt(ctx.server.db, "SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('units','risks','risk_versions')");
    ctx.check(idx === want && idx.includes('risks_unit'), `indexes of the big tables: ${idx} (the test database has ${want})`);
    // every foreign key, those of the later phases' tables (set aside alone) too
    const keysSql = "SELECT string_agg(conrelid::regclass || '.' || conname, ',' ORDER BY conname) FROM pg_constraint WHERE contype='f'";
    const keys = psqlAt(pg, keysSql);
    ctx.check(keys === psqlAt(ctx.server.db, keysSql) && keys.includes('risks_unit_id_fkey') && keys.includes('hazard_events_hazard_id_fkey') && keys.includes('reviews_unit_id_fkey'), `foreign keys: ${keys}`);

    const ver = ctx.cli(['audit', 'verify', '--db', pg]);
    ctx.check(ver.status === 0 && ver.out.includes('intact'), `audit verify: ${ver.status} ${ver.out}`);
    const chk = ctx.cli(['check', '--db', pg]);
    ctx.check(chk.ok && chk.out.includes('is whole'), `check: ${chk.out}`);

    const stats = {};
    for (const [name, db] of [['pg', pg], ['lite', lite]]) {
      await withSecondServer(ctx, [], {}, async (base) => {
        const login = await ctx.request(`dc_${name}`, 'POST', '/api/v1/session', { login: 'admin', password: 'admin123' }, { base, csrf: false });
        ctx.require(login.status === 200, `log-in (${name}): ${login.status} ${login.text}`);
        const r = await ctx.request(`dc_${name}`, 'GET', '/api/v1/stats/risks?by=grade,district', undefined, { base });
        ctx.require(r.status === 200, `stats (${name}): ${r.status} ${r.text}`);
        stats[name] = r.json;
      }, db);
    }
    const total = (j) => (j.items || j.rows || []).reduce((n, x) => n + (x.count || 0), 0);
    ctx.check(JSON.stringify(stats.pg) === JSON.stringify(stats.lite) && total(stats.pg) > 1000,
      `stats/risks?by=grade,district: ${JSON.stringify(stats.pg).slice(0, 300)} vs ${JSON.stringify(stats.lite).slice(0, 300)}`);
  } finally {
    dropDatabaseBeside(pg, 'cr_demo_copy');
    rmSync(dir, { recursive: true, force: true });
  }
}
