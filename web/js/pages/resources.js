// resources — 应急资源 (#/resources): the register in the user's scope with kind and name filters,
// 导出 Excel/CSV of the filtered list, an import, 登记资源 and each row's 编辑 (resource-form.js,
// which also archives); and NearestResources,
// the "最近的应急资源" panel of a risk point's and a major hazard source's page
// (GET /api/v1/resources/nearest?risk=ID | installation=ID: the n nearest of each kind).

import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Progress, Select, errorText, formatNumber } from '../ui.js';
import { ExportButtons } from '../export.js';

export const RESOURCE_KINDS = ['team', 'expert', 'material', 'equipment', 'shelter', 'depot'];

// The line the list shows once after the form saved or archived a resource.
let flash = '';
export function setResourceFlash(s) { flash = s; }
const takeFlash = () => { const s = flash; flash = ''; return s; };

function quantity(x) {
  return x.quantity === null || x.quantity === undefined ? '—' : `${formatNumber(x.quantity, 0)} ${x.measure || ''}`;
}

// The nearest resources of each kind to a risk point (risk) or a source (installation).
export function NearestResources({ risk, installation, n = 3 }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.get('/resources/nearest', { risk, installation, n })
      .then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [risk, installation, n]);
  const items = (data && data.items) || [];
  const noPlace = error && error.code === 'required';
  return html`
    <section class="panel nearest" aria-labelledby="near-title" data-testid="nearest-resources">
      <h2 id="near-title">${t('near.title')}</h2>
      <p class="hint">${t('near.hint', { n })}</p>
      ${!data && !error ? html`<${Progress} />` : ''}
      ${noPlace ? html`<p class="hint" data-testid="nearest-noplace">${t('near.noPlace')}</p>` : html`<${Banner}>${error ? errorText(error, 'resource') : ''}<//>`}
      ${data && !items.length ? html`<p class="empty">${t('near.none')}</p>` : ''}
      ${items.length ? html`
        <div class="table-wrap"><table class="data" data-testid="nearest-table">
          <thead><tr><th scope="col">${t('res.kind')}</th><th scope="col">${t('res.name')}</th><th scope="col">${t('res.owner')}</th>
            <th scope="col" class="num">${t('res.quantity')}</th><th scope="col">${t('res.contact')}</th><th scope="col" class="num">${t('near.distance')}</th></tr></thead>
          <tbody>${items.map((x) => html`
            <tr key=${x.id} data-testid="nearest-row" data-id=${x.id} data-kind=${x.kind}>
              <td>${t(`rk.${x.kind}`)}</td><td>${x.name}</td><td>${x.owner || x.unit_name || ''}</td>
              <td class="num">${quantity(x)}</td><td>${[x.contact_name, x.contact_phone].filter(Boolean).join(' ')}</td>
              <td class="num" data-testid="nearest-distance">${formatNumber(x.distance_m, 0)}</td>
            </tr>`)}</tbody>
        </table></div>` : ''}
    </section>`;
}

function ImportResources({ onDone }) {
  const [msg, setMsg] = useState(null);
  const [error, setError] = useState(null);
  async function upload(e) {
    const file = e.currentTarget.files[0];
    if (!file) return;
    setMsg(null); setError(null);
    const xlsx = /\.xlsx$/i.test(file.name);
    try {
      const r = await api.request('POST', '/resources/import', { body: file, raw: true, contentType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' });
      setMsg(t('res.import.done', { n: r.imported })); onDone();
    } catch (x) { setError(x); }
  }
  return html`
    <div class="import" data-testid="resource-import">
      <label class="button">${t('res.import')}<input type="file" accept=".csv,.xlsx" class="visually-hidden" onChange=${upload} data-testid="resource-import-file" /></label>
      <p class="hint">${t('res.import.hint')}</p>
      ${msg ? html`<${Banner} kind="ok">${msg}<//>` : ''}
      <${Banner}>${error ? html`${errorText(error, 'resource')}${(error.rows || []).slice(0, 10).map((r) => html`<div>${errorText({ ...r, row: r.row }, 'resource')}</div>`)}` : ''}<//>
    </div>`;
}

export function ResourcesPage({ route }) {
  const [kind, setKind] = useState(route.query.get('kind') || '');
  const [q, setQ] = useState(route.query.get('q') || '');
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const [saved] = useState(takeFlash);
  const [tick, setTick] = useState(0);
  const user = api.currentUser() || {};
  const canWrite = user.role !== 'expert';
  const filters = { kind, q };
  // Only the latest request may fill the list: typing a filter asks once per character and a save
  // reloads, and an earlier, slower answer must not overwrite a later one.
  const seq = useRef(0);
  async function load(after) {
    const my = ++seq.current;
    try {
      const r = await api.get('/resources', { ...filters, limit: 100, after });
      if (my !== seq.current) return;
      setList((old) => (after && old ? { ...r, items: old.items.concat(r.items) } : r));
    } catch (e) { if (my === seq.current) setError(e); }
  }
  useEffect(() => { setList(null); setError(null); load(); }, [kind, q, tick]);
  return html`
    <section class="page resources" aria-labelledby="res-title" data-testid="resources-page">
      <header class="page-head">
        <h1 id="res-title">${t('res.title')}</h1>
        <${ExportButtons} path="/resources" filters=${filters} />
        ${canWrite ? html`<a class="button primary" href="#/resources/new" data-testid="res-new">${t('res.new')}</a>` : ''}
      </header>
      <form class="filters" aria-label=${t('res.filters')} onSubmit=${(e) => e.preventDefault()}>
        <${Select} id="res-f-kind" value=${kind} onChange=${setKind} empty=${t('res.kind.all')}
          options=${RESOURCE_KINDS.map((k) => ({ value: k, label: t(`rk.${k}`) }))} extra=${{ 'data-testid': 'res-filter-kind', 'aria-label': t('res.kind') }} />
        <input type="search" value=${q} placeholder=${t('res.q')} aria-label=${t('res.q')} onInput=${(e) => setQ(e.currentTarget.value)} data-testid="res-filter-q" />
      </form>
      <div class="res-list">
      <${Banner}>${error ? errorText(error, 'resource') : ''}<//>
      ${saved ? html`<${Banner} kind="ok" testid="res-saved">${saved}<//>` : ''}
      ${!list && !error ? html`<${Progress} />` : ''}
      ${list ? html`
        <p class="total" data-testid="res-total" data-total=${list.total}>${t('res.total', { n: list.total })}</p>
        <div class="table-wrap"><table class="data" data-testid="resources-table">
          <thead><tr><th scope="col">${t('res.name')}</th><th scope="col">${t('res.kind')}</th><th scope="col">${t('res.owner')}</th>
            <th scope="col">${t('res.region')}</th><th scope="col" class="num">${t('res.quantity')}</th><th scope="col">${t('res.contact')}</th><th scope="col">${t('res.available')}</th>
            ${canWrite ? html`<th scope="col"><span class="visually-hidden">${t('res.edit')}</span></th>` : ''}</tr></thead>
          <tbody>
            ${list.items.map((x) => html`<tr key=${x.id} data-testid="resource-row" data-id=${x.id}>
              <td>${x.name}</td><td>${t(`rk.${x.kind}`)}</td><td>${x.owner || x.unit_name || ''}</td><td>${x.region_name || x.region}</td>
              <td class="num">${quantity(x)}</td><td>${[x.contact_name, x.contact_phone].filter(Boolean).join(' ')}</td>
              <td>${x.available ? t('res.yes') : t('res.no')}</td>
              ${canWrite ? html`<td><a href=${`#/resources/${x.id}/edit`} data-testid="res-edit">${t('res.edit')}</a></td>` : ''}</tr>`)}
            ${list.items.length === 0 ? html`<tr><td colspan=${canWrite ? 8 : 7} class="empty">${t('res.empty')}</td></tr>` : ''}
          </tbody>
        </table></div>
        ${list.next ? html`<button type="button" onClick=${() => load(list.next)}>${t('res.more')}</button>` : ''}` : ''}
      </div>
      ${canWrite ? html`<${ImportResources} onDone=${() => setTick((k) => k + 1)} />` : ''}
    </section>`;
}
