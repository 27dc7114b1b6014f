// The audit trail (痕迹管理) shows a rewritten history: on a copy of the live database, editing
// one stored entry's `after`, or moving a character between two of its fields, makes
// `cityrisk check` fail and name the entry; the untouched copy checks whole.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabaseBeside, isPg, newDatabaseBeside, psqlAt } from '../lib/pg_cluster.mjs';
import { sqlite } from '../lib/sqlite.mjs';

export async function editedAuditEntryFailsCheck(ctx) {
  // a fresh change, so the newest entries are this test's
  const cc = ctx.creditCode('320583');
  const c = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: cc, name: `审计链测试${ctx.uniq()}`, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384,
    size_class: 'below', employees: 3,
  });
  ctx.require(c.status === 201, `create: ${c.status} ${c.text}`);
  const p = await ctx.request('admin', 'PATCH', `/api/v1/units/${c.json.id}`, { employees: 4, version: c.json.version });
  ctx.require(p.status === 200, `patch: ${p.status} ${p.text}`);
  if (isPg(ctx.server.db)) return pgEditedEntries(ctx, c.json.id);
  const dir = mkdtempSync(join(tmpdir(), 'cr-audit-'));
  try {
    const copy = join(dir, 'copy.db');
    ctx.require(!sqlite(ctx.server.db, `.backup '${copy}'`).startsWith('ERROR'), 'backup of the live database');
    const id = Number(sqlite(copy, `SELECT max(id) FROM audit WHERE entity='unit' AND entity_id='${c.json.id}' AND action='update'`));
    ctx.require(id > 0, 'the update has an audit entry');
    const whole = ctx.cli(['check', '--db', copy]);
    ctx.check(whole.ok, `untouched copy: ${whole.out}`);
    for (const [what, sql] of [
      ['after edited', `UPDATE audit SET after=replace(after, '"employees":4', '"employees":40') WHERE id=${id}`],
      ['a character moved from entity to entity_id', `UPDATE audit SET entity='uni', entity_id='t' || entity_id WHERE id=${id}`],
    ]) {
      const t = join(dir, 't.db');
      rmSync(t, { force: true });
      sqlite(copy, `.backup '${t}'`);
      const changed = sqlite(t, `${sql}; SELECT changes();`);
      ctx.require(changed === '1', `${what}: the edit touched ${changed} rows`);
      const r = ctx.cli(['check', '--db', t]);
      ctx.check(!r.ok, `${what}: cityrisk check passed a rewritten history`);
      ctx.check(r.out.includes(`breaks at entry ${id}`), `${what}: check should name entry ${id}: ${r.out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// On PostgreSQL the copy is a database restored from a pg_dump of the live one.
async function pgEditedEntries(ctx, unitId) {
  const dir = mkdtempSync(join(tmpdir(), 'cr-audit-'));
  const names = ['cr_audit_copy'];
  try {
    const dump = join(dir, 'live.dump');
    ctx.require(ctx.cli(['backup', '--db', ctx.server.db, dump]).ok, 'backup of the live database');
    const copyOf = (name) => {
      const url = newDatabaseBeside(ctx.server.db, name);
      const r = ctx.cli(['restore', '--db', url, dump]);
      ctx.require(r.ok, `restore into ${name}: ${r.out}`);
      return url;
    };
    const copy = copyOf(names[0]);
    const id = Number(psqlAt(copy, `SELECT max(id) FROM audit WHERE entity='unit' AND entity_id='${unitId}' AND action='update'`));
    ctx.require(id > 0, 'the update has an audit entry');
    const whole = ctx.cli(['check', '--db', copy]);
    ctx.check(whole.ok, `untouched copy: ${whole.out}`);
    let n = 0;
    for (const [what, sql] of [
      ['after edited', `UPDATE audit SET after=replace(after, '"employees":4', '"employees":40') WHERE id=${id}`],
      ['a character moved from entity to entity_id', `UPDATE audit SET entity='uni', entity_id='t' || entity_id WHERE id=${id}`],
    ]) {
      const name = `cr_audit_t${++n}`;
      names.push(name);
      const t = copyOf(name);
      ctx.require(psqlAt(t, sql) === 'UPDATE 1', `${what}: the edit touched one row`);
      const r = ctx.cli(['check', '--db', t]);
      ctx.check(!r.ok, `${what}: cityrisk check passed a rewritten history`);
      ctx.check(r.out.includes(`breaks at entry ${id}`), `${what}: check should name entry ${id}: ${r.out}`);
    }
  } finally {
    for (const n of names) dropDatabaseBeside(ctx.server.db, n);
    rmSync(dir, { recursive: true, force: true });
  }
}
