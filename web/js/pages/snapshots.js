// snapshots — 风险快照与对比 (#/snapshots): the register's snapshots (the city office takes one as
// of a date), and two compared side by side — new, removed, raised and lowered risk points by
// district and by sector (GET /api/v1/snapshots/compare), exported as CSV or printed.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Progress, Select, errorText, formatNumber } from '../ui.js';
import { PrintButton } from '../export.js';

const COLS = ['a', 'b', 'new', 'removed', 'raised', 'lowered'];

function CompareTable({ rows, total, testid, kind }) {
  return html`
    <div class="table-wrap"><table class="data" data-testid=${testid}>
      <thead><tr><th scope="col">${t('snap.col.name')}</th>${COLS.map((c) => html`<th scope="col" class="num">${t(`snap.col.${c}`)}</th>`)}
        <th scope="col" class="num">${t('snap.col.major')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr key=${r.code} data-testid=${`${kind}-row`} data-code=${r.code}>
        <td>${r.name || r.code}</td>${COLS.map((c) => html`<td class="num" data-col=${c}>${formatNumber(r[c], 0)}</td>`)}
        <td class="num">${r.a_major} → ${r.b_major}</td></tr>`)}
        <tr class="total" data-testid=${`${kind}-total`}><th scope="row">${t('snap.total')}</th>${COLS.map((c) => html`<td class="num" data-col=${c}>${formatNumber(total[c], 0)}</td>`)}
          <td class="num">${total.a_major} → ${total.b_major}</td></tr>
      </tbody>
    </table></div>`;
}

// The comparison as CSV (UTF-8 with BOM so Excel reads the Chinese), both tables one after another.
function csvOf(cmp) {
  const q = (v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const head = [t('snap.col.name'), ...COLS.map((c) => t(`snap.col.${c}`)), t('snap.col.major')];
  const lines = [`${q(cmp.a.label)} → ${q(cmp.b.label)}`];
  for (const [title, rows] of [[t('snap.byDistrict'), cmp.by_district], [t('snap.bySector'), cmp.by_sector]]) {
    lines.push('', title, head.map(q).join(','));
    for (const r of rows) lines.push([r.name || r.code, ...COLS.map((c) => r[c]), `${r.a_major}→${r.b_major}`].map(q).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function SnapshotsPage() {
  const user = api.currentUser() || {};
  const [list, setList] = useState(null);
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [cmp, setCmp] = useState(null);
  const [label, setLabel] = useState('');
  const [asOf, setAsOf] = useState('');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    api.get('/snapshots').then((r) => {
      setList(r.items);
      if (r.items.length >= 2) { setB(String(r.items[0].id)); setA(String(r.items[1].id)); }
    }).catch(setError);
  }, [tick]);
  async function take(e) {
    e.preventDefault();
    setError(null);
    try {
      const s = await api.post('/snapshots', asOf ? { label, as_of: asOf } : { label });
      setMsg(t('snap.taken', { label: s.label, n: s.points })); setLabel(''); setTick((k) => k + 1);
    } catch (x) { setError(x); }
  }
  async function compare(e) {
    e.preventDefault();
    setError(null); setCmp(null);
    try { setCmp(await api.get('/snapshots/compare', { a, b })); } catch (x) { setError(x); }
  }
  const options = (list || []).map((s) => ({ value: String(s.id), label: `${s.label} (${s.as_of})` }));
  const csvHref = cmp ? `data:text/csv;charset=utf-8,${encodeURIComponent(csvOf(cmp))}` : '';
  return html`
    <section class="page snapshots" aria-labelledby="snap-title" data-testid="snapshots-page">
      <header class="page-head"><h1 id="snap-title">${t('snap.title')}</h1></header>
      <div>
        <${Banner}>${error ? errorText(error, 'snapshot') : ''}<//>
        ${msg ? html`<${Banner} kind="ok" testid="snap-taken">${msg}<//>` : ''}
      </div>
      ${user.role === 'city' ? html`<form class="form-grid panel" onSubmit=${take} data-testid="snap-take">
        <h2>${t('snap.take')}</h2>
        <${Field} id="snap-label" label=${t('snap.label')} required=${true}><input id="snap-label" value=${label} onInput=${(e) => setLabel(e.currentTarget.value)} data-testid="snap-label" /><//>
        <${Field} id="snap-asof" label=${t('snap.asOf')}><input id="snap-asof" type="date" value=${asOf} onInput=${(e) => setAsOf(e.currentTarget.value)} data-testid="snap-asof" /><//>
        <div class="actions"><button class="primary" type="submit" data-testid="snap-take-submit">${t('snap.take')}</button></div>
      </form>` : html`<p class="hint">${t('snap.cityOnly')}</p>`}
      <h2>${t('snap.list')}</h2>
      ${!list && !error ? html`<${Progress} />` : ''}
      ${list && !list.length ? html`<p class="empty">${t('snap.none')}</p>` : ''}
      ${list && list.length ? html`<div class="table-wrap"><table class="data" data-testid="snap-list">
        <thead><tr><th scope="col">${t('snap.label')}</th><th scope="col">${t('snap.asOf')}</th><th scope="col" class="num">${t('snap.points')}</th><th scope="col">${t('snap.by')}</th></tr></thead>
        <tbody>${list.map((s) => html`<tr key=${s.id} data-testid="snap-row" data-id=${s.id}><td>${s.label}</td><td>${s.as_of}</td><td class="num">${formatNumber(s.points, 0)}</td><td>${s.created_by}</td></tr>`)}</tbody>
      </table></div>` : ''}
      ${list && list.length >= 2 ? html`<form class="filters" onSubmit=${compare} data-testid="snap-compare-form">
        <${Select} id="snap-a" value=${a} onChange=${setA} options=${options} extra=${{ 'data-testid': 'snap-a', 'aria-label': t('snap.a') }} />
        <${Select} id="snap-b" value=${b} onChange=${setB} options=${options} extra=${{ 'data-testid': 'snap-b', 'aria-label': t('snap.b') }} />
        <button class="primary" type="submit" data-testid="snap-compare">${t('snap.compare')}</button>
      </form>` : ''}
      ${cmp ? html`<section data-testid="snap-comparison">
        <div class="head-actions no-print">
          <a class="button" href=${csvHref} download=${t('snap.file')} data-testid="snap-export">${t('snap.export')}</a><${PrintButton} />
        </div>
        <h2>${t('snap.byDistrict')}</h2>
        <${CompareTable} rows=${cmp.by_district} total=${cmp.totals} testid="snap-by-district" kind="district" />
        <h2>${t('snap.bySector')}</h2>
        <${CompareTable} rows=${cmp.by_sector} total=${cmp.totals} testid="snap-by-sector" kind="sector" />
      </section>` : ''}
    </section>`;
}
