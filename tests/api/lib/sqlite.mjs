// The sqlite3 shell on a test database, for flows that look beneath the API (the audit chain, a
// migration's or a copy's rows, a backup): the output trimmed, or `ERROR <stderr>`.
import { spawnSync } from 'node:child_process';

export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', [db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout.trim() : `ERROR ${r.stderr}`;
}
