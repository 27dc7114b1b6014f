// Temporary folders for the servers a test harness starts (tests/api and tests/browser): each
// server gets TMPDIR= a folder of its own inside the run's folder — report jobs write
// cityrisk-report-<id>.pdf there — and the folder is removed once the server has exited, so a
// server the harness kills leaves nothing in /tmp. A server stopped cleanly (SIGTERM, exit 0)
// removes its report files itself; what it left is reported, and the run fails on it.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const REPORT_RE = /^cityrisk-report-/;

// A new folder under parent (made if missing) for one server's TMPDIR.
export function serverTmp(parent) {
  mkdirSync(parent, { recursive: true });
  return mkdtempSync(join(parent, 'server-'));
}

// The cityrisk-report-* files under dir (any depth), as paths relative to it.
export function reportsLeft(dir) {
  let names;
  try { names = readdirSync(dir, { recursive: true }); } catch { return []; }
  return names.filter((n) => REPORT_RE.test(n.split('/').pop()));
}

// After a server has exited: the report files a clean exit left (none when it was killed:
// a killed server cannot remove them), then its folder is removed.
export function closeServerTmp(dir, clean) {
  const left = clean ? reportsLeft(dir).map((n) => join(dir, n)) : [];
  rmSync(dir, { recursive: true, force: true });
  return left;
}
