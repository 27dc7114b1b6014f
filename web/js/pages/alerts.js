// alerts — early warning in the UI: one live stream (GET /api/v1/events, Server-Sent Events) per
// page load shared by the header badge and the alerts page, the badge (open alerts, no sound),
// and the alerts page (#/alerts): filters, each alert's reason and records, acknowledge, close.
// It must not decide who receives an alert: the server sends only the caller's.

import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { useDistricts } from '../refdata.js';
import { Banner, Progress, Select, errorText, formatTime } from '../ui.js';

export const ALERT_ROLES = ['city', 'city_dept', 'district', 'district_dept', 'street'];
const WEBHOOK_ROLES = ['city', 'city_dept', 'district', 'district_dept'];
const RULES = ['dynamic_report', 'zero_risk', 'owner_rank', 'overdue_major', 'new_grade1', 'signal', 'monitoring', 'review_overdue', 'report_late'];
const LEVELS = ['blue', 'yellow', 'orange', 'red'];
const STATES = ['open', 'acked', 'closed'];

// ---- the one stream: listeners get each alert as it arrives, and the connection state
const listeners = new Set();
let source = null;
let live = false;
function notify(kind, value) { for (const fn of listeners) fn(kind, value); }
function openStream() {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/v1/events');
  source.onopen = () => { live = true; notify('live', true); };
  source.onerror = () => { live = false; notify('live', false); };
  source.addEventListener('alert', (e) => {
    try { notify('alert', JSON.parse(e.data)); } catch (_) { /* a malformed event is skipped */ }
  });
}
function useAlertStream(fn) {
  useEffect(() => {
    openStream();
    listeners.add(fn);
    // the stream may have opened between this component's render (which read `live`) and now;
    // without this the page stayed "offline" on a live stream
    fn('live', live);
    return () => listeners.delete(fn);
  }, []);
}
export function closeAlertStream() {
  if (source) source.close();
  source = null;
  live = false;
}

// The header badge: the caller's open alerts, counted up as new ones arrive.
export function AlertBadge({ user }) {
  const [open, setOpen] = useState(null);
  const [fresh, setFresh] = useState(false);
  const allowed = ALERT_ROLES.includes(user.role);
  useEffect(() => {
    if (!allowed) return;
    api.get('/alerts', { state: 'open', limit: 1, subscribed: 1 }).then((r) => setOpen((n) => (n === null ? r.total : Math.max(n, r.total)))).catch(() => {});
  }, []);
  useAlertStream((kind) => {
    if (kind !== 'alert') return;
    setOpen((n) => (n || 0) + 1);
    setFresh(true);
  });
  if (!allowed) return '';
  const n = open || 0;
  return html`<a class=${`alert-badge${fresh ? ' fresh' : ''}`} href="#/alerts" data-testid="alert-badge"
      aria-label=${t('alerts.badge.label', { n })} onClick=${() => setFresh(false)}>
      <span class="label">${t('nav.alerts')}</span> <span class="count" data-testid="alert-count">${n}</span></a>`;
}

function Links({ links }) {
  const unit = (links || []).find((l) => l.entity === 'unit');
  const to = (l) => (l.entity === 'unit' ? `#/units/${l.id}` : l.entity === 'risk' ? `#/risks/${l.id}`
    : l.entity === 'hazard' ? `#/hazards/${l.id}` : l.entity === 'installation' ? (unit ? `#/units/${unit.id}` : '#/map')
      : l.entity === 'signal' ? '#/signals' : `#/dynamic-reports?id=${l.id}`);
  return html`<ul class="alert-links">${(links || []).map((l) => html`
    <li key=${`${l.entity}-${l.id}`}><span class="muted">${t(`alerts.entity.${l.entity}`)}</span> <a href=${to(l)}>${l.label || l.id}</a></li>`)}</ul>`;
}

function AlertItem({ a, onChange, fresh }) {
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState('');
  async function step(what) {
    setBusy(true); setErr('');
    try { onChange(await api.post(`/alerts/${a.id}/${what}`, {})); } catch (e) { setErr(errorText(e, 'alert')); }
    setBusy(false);
  }
  return html`
    <li class=${`alert-item level-${a.level}${fresh ? ' fresh' : ''}`} data-testid="alert-item" data-rule=${a.rule} data-id=${a.id}>
      <div class="alert-head">
        <span class=${`level level-${a.level}`}>${t(`alerts.level.${a.level}`)}</span>
        <strong class="alert-title">${a.title}</strong>
        <span class="muted">${t(`alerts.rule.${a.rule}`)} · ${a.region_name || a.region} · ${formatTime(a.created_at)}</span>
      </div>
      <p class="alert-why"><span class="muted">${t('alerts.why')}：</span>${a.why}</p>
      <${Links} links=${a.links} />
      <div class="alert-actions">
        <span class="muted" data-testid="alert-state">${t(`alerts.state.${a.state}`)}${a.state === 'acked' ? ` · ${t('alerts.ackedBy', { who: a.acked_by, at: formatTime(a.acked_at) })}` : ''}${a.state === 'closed' ? ` · ${t('alerts.closedBy', { who: a.closed_by, at: formatTime(a.closed_at) })}` : ''}</span>
        ${a.state === 'open' ? html`<button type="button" disabled=${busy} onClick=${() => step('ack')} data-testid="alert-ack">${t('alerts.ack')}</button>` : ''}
        ${a.state !== 'closed' ? html`<button type="button" disabled=${busy} onClick=${() => step('close')} data-testid="alert-close">${t('alerts.close')}</button>` : ''}
      </div>
      ${err ? html`<${Banner}>${err}<//>` : ''}
    </li>`;
}

// 订阅: the part of the territory, the rules and the lowest level the stream and badge carry.
function Subscription({ user }) {
  const districts = useDistricts().filter((d) => d.code.startsWith(user.region) || user.region.startsWith(d.code));
  const [sub, setSub] = useState(undefined);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState('');
  const [form, setForm] = useState({ region: '', rules: [], min_level: 'blue' });
  useEffect(() => {
    api.get('/alerts/subscription').then((r) => {
      setSub(r.subscription);
      if (r.subscription) setForm({ region: r.subscription.region === user.region ? '' : r.subscription.region, rules: r.subscription.rules, min_level: r.subscription.min_level });
    }).catch(() => setSub(null));
  }, []);
  async function save(clear) {
    setError('');
    try {
      const body = { rules: form.rules, min_level: form.min_level };
      if (form.region) body.region = form.region;
      const r = clear ? await api.del('/alerts/subscription') : await api.request('PUT', '/alerts/subscription', { body });
      setSub(r.subscription);
      closeAlertStream(); // the stream reads the subscription when it opens
      location.reload();
    } catch (e) { setError(errorText(e, 'alert')); }
  }
  const toggle = (r) => setForm((f) => ({ ...f, rules: f.rules.includes(r) ? f.rules.filter((x) => x !== r) : [...f.rules, r] }));
  if (sub === undefined) return '';
  return html`
    <details class="subscription" open=${open} onToggle=${(e) => setOpen(e.currentTarget.open)} data-testid="alert-subscription">
      <summary>${sub ? t('alerts.sub.on', { n: sub.rules.length || t('alerts.filter.all') }) : t('alerts.sub.off')}</summary>
      <div class="filters">
        <label for="sub-region">${t('alerts.sub.region')}</label>
        <${Select} id="sub-region" value=${form.region} empty=${t('alerts.filter.all')} options=${districts.map((d) => ({ value: d.code, label: d.name }))}
          onChange=${(v) => setForm((f) => ({ ...f, region: v }))} />
        <label for="sub-level">${t('alerts.sub.level')}</label>
        <${Select} id="sub-level" value=${form.min_level} options=${LEVELS.map((v) => ({ value: v, label: t(`alerts.level.${v}`) }))}
          onChange=${(v) => setForm((f) => ({ ...f, min_level: v }))} />
      </div>
      <div class="check-grid">${RULES.map((r) => html`<label key=${r}><input type="checkbox" checked=${form.rules.includes(r)} onChange=${() => toggle(r)} /> ${t(`alerts.rule.${r}`)}</label>`)}</div>
      <p class="hint">${t('alerts.sub.hint')}</p>
      ${error ? html`<${Banner}>${error}<//>` : ''}
      <button type="button" class="primary" onClick=${() => save(false)} data-testid="sub-save">${t('alerts.sub.save')}</button>
      ${sub ? html` <button type="button" onClick=${() => save(true)}>${t('alerts.sub.clear')}</button>` : ''}
    </details>`;
}

export function AlertsPage({ user }) {
  const [state, setState] = useState('open');
  const [rule, setRule] = useState('');
  const [page, setPage] = useState({ items: [], next: null, total: 0 });
  const [fresh, setFresh] = useState(new Set());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState('');
  const [info, setInfo] = useState('');
  const [isLive, setLive] = useState(live);

  // A first page asked for before a live alert came may answer after it: the alerts that came
  // while it was on its way (kept in arrived) stay on top of it, and only the latest load counts.
  const seq = useRef(0);
  const arrived = useRef([]);
  async function load(after) {
    const mine = ++seq.current;
    if (!after) arrived.current = [];
    setLoading(true);
    try {
      const r = await api.get('/alerts', { state: state || undefined, rule: rule || undefined, after, limit: 50 });
      if (mine !== seq.current) return;
      const extra = after ? [] : arrived.current.filter((a) => !r.items.some((x) => x.id === a.id));
      setPage((p) => (after ? { ...r, items: [...p.items, ...r.items] } : { ...r, items: [...extra, ...r.items], total: r.total + extra.length }));
      setError('');
    } catch (e) { if (mine === seq.current) setError(errorText(e, 'alert')); }
    if (mine === seq.current) setLoading(false);
  }
  useEffect(() => { load(); }, [state, rule]);
  useAlertStream((kind, value) => {
    if (kind === 'live') { setLive(value); return; }
    if ((state && state !== 'open') || (rule && value.rule !== rule)) return;
    arrived.current = [value, ...arrived.current.filter((x) => x.id !== value.id)];
    setPage((p) => (p.items.some((x) => x.id === value.id) ? p : { ...p, items: [value, ...p.items], total: p.total + 1 }));
    setFresh((s) => new Set([...s, value.id]));
  });
  const replace = (a) => setPage((p) => ({ ...p, items: p.items.map((x) => (x.id === a.id ? a : x)) }));
  async function evaluate() {
    try {
      const r = await api.post('/alerts/evaluate', {});
      setInfo(t('alerts.evaluated', { n: r.raised }));
      load();
    } catch (e) { setError(errorText(e, 'alert')); }
  }
  const opt = (prefix, list) => list.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return html`
    <section class="page alerts-page" aria-labelledby="alerts-title">
      <header class="page-head">
        <h1 id="alerts-title">${t('alerts.title')}</h1>
        <span class=${`live-dot${isLive ? ' on' : ''}`} data-testid="alerts-live">${isLive ? t('alerts.live') : t('alerts.offline')}</span>
        <a class="button" href="#/dynamic-reports">${t('alerts.report')}</a>
        ${WEBHOOK_ROLES.includes(user.role) ? html`<a class="button" href="#/webhooks">${t('alerts.webhooks')}</a>
          <a class="button" href="#/cap">${t('alerts.cap')}</a>
          <a class="button" href="#/signals">${t('alerts.signals')}</a>` : ''}
        ${user.role === 'city' ? html`<button type="button" onClick=${evaluate} data-testid="alerts-evaluate">${t('alerts.evaluate')}</button>` : ''}
      </header>
      <${Subscription} user=${user} />
      <div class="filters">
        <label for="al-state">${t('alerts.filter.state')}</label>
        <${Select} id="al-state" value=${state} empty=${t('alerts.filter.all')} options=${opt('alerts.state', STATES)} onChange=${setState} />
        <label for="al-rule">${t('alerts.filter.rule')}</label>
        <${Select} id="al-rule" value=${rule} empty=${t('alerts.filter.all')} options=${opt('alerts.rule', RULES)} onChange=${setRule} />
      </div>
      ${info ? html`<${Banner} kind="info">${info}<//>` : ''}
      ${error ? html`<${Banner}>${error}<//>` : ''}
      <p class="muted" data-testid="alerts-total">${t('alerts.total', { n: page.total })}</p>
      ${loading && !page.items.length ? html`<${Progress} />` : ''}
      ${!loading && !page.items.length ? html`<p>${t('alerts.empty')}</p>` : ''}
      <ul class="alert-list" data-testid="alert-list">
        ${page.items.map((a) => html`<${AlertItem} key=${a.id} a=${a} fresh=${fresh.has(a.id)} onChange=${replace} />`)}
      </ul>
      ${page.next ? html`<button type="button" onClick=${() => load(page.next)}>${t('alerts.more')}</button>` : ''}
    </section>`;
}
