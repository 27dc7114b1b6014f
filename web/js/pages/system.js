// system — 系统运行 (#/system): the city office's view of how the system runs, from GET
// /api/v1/system (the figures /metrics gives): the server, the database and its registers, the
// read replica, memory against the --cache-mb budget as a bar, requests by class, the audit
// chain checked on demand (POST /api/v1/audit/verify) and how backups are made. It loads once
// and on the refresh button only: no timer, so an open page costs the server nothing.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Progress, errorText, formatBytes, formatNumber, formatTime } from '../ui.js';

function Facts({ items, testid }) {
  return html`<dl class="facts" data-testid=${testid}>${items.map(([label, value, id]) => html`
    <div key=${label}><dt>${label}</dt><dd data-testid=${id}>${value}</dd></div>`)}</dl>`;
}

function uptime(s) {
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  return d ? t('system.uptime.dhm', { d, h, m }) : t('system.uptime.hm', { h, m });
}

function ServerPanel({ server }) {
  return html`<section class="panel" aria-labelledby="sys-server"><h2 id="sys-server">${t('system.server')}</h2>
    <${Facts} testid="system-server" items=${[
      [t('system.version'), server.version, 'system-version'],
      [t('system.startedAt'), formatTime(server.started_at), 'system-started'],
      [t('system.uptime'), uptime(server.uptime_seconds), 'system-uptime'],
    ]} /></section>`;
}

function DatabasePanel({ db }) {
  const r = db.registers;
  const items = [
    [t('system.backend'), db.backend === 'postgresql' ? 'PostgreSQL' : 'SQLite', 'system-backend'],
    [t('system.location'), html`<span class="mono">${db.location}</span>`, 'system-location'],
    [t('system.size'), formatBytes(db.size_bytes), 'system-size'],
  ];
  if (db.backend === 'sqlite') items.push([t('system.wal'), formatBytes(db.wal_bytes), 'system-wal']);
  items.push([t('system.schema'), String(db.schema_version), 'system-schema'],
    [t('system.units'), formatNumber(r.units), 'system-units'],
    [t('system.risks'), formatNumber(r.risk_points), 'system-risks'],
    [t('system.openHazards'), formatNumber(r.open_hazards), 'system-open-hazards']);
  return html`<section class="panel" aria-labelledby="sys-db" data-testid="system-database"><h2 id="sys-db">${t('system.database')}</h2>
    <${Facts} items=${items} /></section>`;
}

function ReplicaPanel({ replica }) {
  return html`<section class="panel" aria-labelledby="sys-replica" data-testid="system-replica"><h2 id="sys-replica">${t('system.replica')}</h2>
    ${replica.configured ? html`<${Facts} items=${[
      [t('system.location'), html`<span class="mono">${replica.location}</span>`, 'system-replica-location'],
      [t('system.replica.state'), html`<span class=${replica.up ? 'tag' : 'tag down'}>${t(replica.up ? 'system.replica.up' : 'system.replica.down')}</span>`, 'system-replica-state'],
      [t('system.replica.lag'), t('system.replica.lagMs', { ms: formatNumber(replica.lag_ms) }), 'system-replica-lag'],
    ]} />` : html`<p data-testid="system-replica-none">${t('system.replica.none')}</p>`}</section>`;
}

// Resident memory as one bar: the process's own (anonymous) memory and the mapped database file
// side by side, with a mark where the cache budget ends; the scale fits whichever is longer.
function MemoryBar({ m }) {
  const full = Math.max(m.resident_bytes, m.anonymous_bytes + m.file_bytes, m.cache_budget_bytes, 1);
  const pct = (v) => `${Math.max(0, (100 * v) / full).toFixed(2)}%`;
  const label = t('system.memory.bar', { rss: formatBytes(m.resident_bytes), anon: formatBytes(m.anonymous_bytes),
    file: formatBytes(m.file_bytes), budget: formatBytes(m.cache_budget_bytes) });
  return html`
    <div class="membar" role="img" aria-label=${label} data-testid="system-memory-bar">
      <span class="anon" style=${{ width: pct(m.anonymous_bytes) }}></span><span class="file" style=${{ width: pct(m.file_bytes) }}></span>
      ${m.cache_budget_bytes > 0 ? html`<span class="budget" style=${{ left: pct(m.cache_budget_bytes) }} title=${t('system.memory.budget')}></span>` : ''}
    </div>
    <ul class="membar-legend">
      <li><span class="swatch anon"></span>${t('system.memory.anonymous')} ${formatBytes(m.anonymous_bytes)}</li>
      <li><span class="swatch file"></span>${t('system.memory.file')} ${formatBytes(m.file_bytes)}</li>
      <li><span class="swatch budget"></span>${t('system.memory.budget')} ${formatBytes(m.cache_budget_bytes)}</li>
    </ul>`;
}

function MemoryPanel({ m }) {
  return html`<section class="panel" aria-labelledby="sys-mem" data-testid="system-memory"><h2 id="sys-mem">${t('system.memory')}</h2>
    <${MemoryBar} m=${m} />
    <${Facts} items=${[
      [t('system.memory.resident'), formatBytes(m.resident_bytes), 'system-rss'],
      [t('system.memory.anonymous'), formatBytes(m.anonymous_bytes), 'system-anon'],
      [t('system.memory.file'), formatBytes(m.file_bytes), 'system-file'],
      [t('system.memory.budget'), formatBytes(m.cache_budget_bytes), 'system-budget'],
      [t('system.memory.indexes'), formatBytes(m.risk_index_bytes + m.unit_index_bytes), 'system-indexes'],
    ]} />
    <p class="hint">${t('system.memory.hint')}</p></section>`;
}

function RequestsPanel({ q }) {
  return html`<section class="panel" aria-labelledby="sys-req" data-testid="system-requests"><h2 id="sys-req">${t('system.requests')}</h2>
    <div class="table-wrap"><table class="data">
      <thead><tr><th scope="col">${t('system.requests.class')}</th><th scope="col" class="num">${t('system.requests.count')}</th></tr></thead>
      <tbody>${['1xx', '2xx', '3xx', '4xx', '5xx'].map((c) => html`<tr key=${c} data-testid="system-class" data-class=${c}>
        <td>${c}</td><td class="num">${formatNumber(q.by_class[c])}</td></tr>`)}</tbody>
    </table></div>
    <${Facts} items=${[
      [t('system.requests.connections'), formatNumber(q.connections), 'system-connections'],
      [t('system.requests.streams'), formatNumber(q.event_streams), 'system-streams'],
      [t('system.requests.slow'), formatNumber(q.slow_running + q.slow_queued), 'system-slow'],
    ]} /></section>`;
}

// 审计链: recomputing it reads every entry (seconds on a province's chain), so the button waits
// for one answer at a time and shows the progress bar meanwhile.
function AuditPanel() {
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  async function verify() {
    setRunning(true);
    setError(null);
    try { setResult(await api.verifyAuditChain()); } catch (e) { setResult(null); setError(e); }
    setRunning(false);
  }
  const at = result ? formatTime(result.checked_at) : '';
  return html`<section class="panel" aria-labelledby="sys-audit" data-testid="system-audit"><h2 id="sys-audit">${t('system.audit')}</h2>
    <p class="hint">${t('system.audit.intro')}</p>
    <div class="head-actions"><button type="button" class="primary" onClick=${verify} disabled=${running}
      data-testid="system-verify">${t('system.audit.verify')}</button></div>
    ${running ? html`<${Progress} label=${t('system.audit.running')} />` : ''}
    ${result && !running ? html`<div class=${`banner ${result.intact ? 'ok' : 'error'}`} role="status" data-testid="system-verify-result"
      data-intact=${result.intact ? '1' : '0'} data-first-broken=${result.first_broken ?? ''}>${result.intact
      ? t('system.audit.intact', { n: formatNumber(result.entries), at })
      : t('system.audit.broken', { id: result.first_broken, n: formatNumber(result.entries), at })}</div>` : ''}
    <${Banner} testid="system-verify-error">${error ? errorText(error) : ''}<//></section>`;
}

function BackupPanel({ db }) {
  const section = db.backend === 'postgresql' ? 'Backups on PostgreSQL' : 'Backups and restore';
  return html`<section class="panel" aria-labelledby="sys-backup" data-testid="system-backup"><h2 id="sys-backup">${t('system.backup')}</h2>
    <p>${t('system.backup.how')}</p>
    <pre class="mono">cityrisk backup --db ${db.location} FILE</pre>
    <p class="hint">${t('system.backup.docs', { section })}</p></section>`;
}

export function SystemPage() {
  const [status, setStatus] = useState(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  const [loadedAt, setLoadedAt] = useState(null);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    api.systemStatus().then((s) => { if (alive) { setStatus(s); setLoadedAt(Date.now()); setError(null); setLoading(false); } })
      .catch((e) => { if (alive) { setError(e); setLoading(false); } });
    return () => { alive = false; };
  }, [tick]);
  return html`
    <section class="page system-page">
      <div class="page-head">
        <div><h1>${t('system.title')}</h1><p class="sub">${t('system.intro')}</p>
          ${loadedAt ? html`<p class="sub" data-testid="system-loaded-at">${t('system.loadedAt', { at: formatTime(loadedAt) })}</p>` : ''}</div>
        <div class="head-actions"><button type="button" onClick=${() => setTick((n) => n + 1)} disabled=${loading}
          data-testid="system-refresh">${t('system.refresh')}</button></div>
      </div>
      ${loading ? html`<${Progress} />` : ''}
      <${Banner} testid="system-error">${error ? errorText(error) : ''}<//>
      ${status ? html`
        <${ServerPanel} server=${status.server} />
        <${DatabasePanel} db=${status.database} />
        <${ReplicaPanel} replica=${status.replica} />
        <${MemoryPanel} m=${status.memory} />
        <${RequestsPanel} q=${status.requests} />
        <${AuditPanel} />
        <${BackupPanel} db=${status.database} />` : ''}
    </section>`;
}
