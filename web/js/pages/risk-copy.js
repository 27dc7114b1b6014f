// risk-copy — "复制到其他单位": copies the risk points ticked on a unit's page to many units at once
// (POST /api/v1/risks/copy, all or nothing). The panel finds target units with GET /units
// (name, district, sector; 20 at a time, in the user's scope — the server decides which units
// are shown), the user ticks several ("select all shown" for a sector's units), and the result or
// the server's refusal is shown. Chosen targets are kept across searches.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Select, errorText } from '../ui.js';
import * as refdata from '../refdata.js';
import { sectorOptions } from './units.js';

const LIMIT = 20;
const SEARCH_DELAY = 250;

// Roles that cannot add risk points to other units: the expert reads only, a unit has one unit.
export const canCopyRisks = (user) => !user || !['expert', 'unit'].includes(user.role);

export function RiskCopyPanel({ unitId, riskIds, onClose, onCopied }) {
  const [districts, setDistricts] = useState([]);
  const [sectors, setSectors] = useState([]);
  const [filters, setFilters] = useState(null); // null until the source unit is known
  const [found, setFound] = useState({ items: [], more: false, state: 'idle' });
  const [searchError, setSearchError] = useState(null);
  const [chosen, setChosen] = useState(() => new Map()); // id → unit
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null); // {created} or {error}

  // Reference data and the source unit: its district and sector are the first filters.
  useEffect(() => {
    let alive = true;
    Promise.all([
      refdata.districts().catch(() => []),
      refdata.sectors().catch(() => []),
      api.getUnit(unitId).catch(() => null),
    ]).then(([d, s, unit]) => {
      if (!alive) return;
      setDistricts(d);
      setSectors(s);
      setFilters({ q: '', region: unit && unit.region ? unit.region.slice(0, 6) : '', sector: unit ? unit.sector || '' : '' });
    });
    return () => { alive = false; };
  }, [unitId]);

  // Search a moment after the last filter change.
  const key = JSON.stringify(filters);
  useEffect(() => {
    if (!filters) return undefined;
    let alive = true;
    setFound((f) => ({ ...f, state: 'busy' }));
    const timer = setTimeout(() => {
      api.listUnits({ q: filters.q.trim(), region: filters.region, sector: filters.sector, status: 'active', limit: LIMIT })
        .then((r) => {
          if (!alive) return;
          const items = (r.items || []).filter((u) => String(u.id) !== String(unitId));
          setFound({ items, more: !!r.next, state: 'ok' });
          setSearchError(null);
        })
        .catch((e) => {
          if (!alive) return;
          setFound({ items: [], more: false, state: 'error' });
          setSearchError(e);
        });
    }, SEARCH_DELAY);
    return () => { alive = false; clearTimeout(timer); };
  }, [key]);

  const setFilter = (k) => (v) => setFilters((f) => ({ ...f, [k]: v }));
  const toggle = (u, on) => setChosen((m) => {
    const n = new Map(m);
    if (on) n.set(u.id, u); else n.delete(u.id);
    return n;
  });
  const selectAllShown = () => setChosen((m) => {
    const n = new Map(m);
    for (const u of found.items) n.set(u.id, u);
    return n;
  });

  async function copy() {
    setBusy(true);
    setResult(null);
    try {
      const r = await api.copyRisks(riskIds.map(Number), [...chosen.keys()].map(Number));
      setResult({ created: r.created });
      setChosen(new Map());
      if (onCopied) onCopied(r);
    } catch (e) {
      setResult({ error: e });
    }
    setBusy(false);
  }

  // Targets the server named in its refusal ("… units: 12, 34").
  const refused = new Set();
  if (result && result.error && result.error.field === 'unit_ids') {
    for (const m of String(result.error.message).matchAll(/\d+/g)) if (chosen.has(Number(m[0]))) refused.add(Number(m[0]));
  }
  const errorMsg = result && result.error ? errorText(result.error, 'risk') : '';

  return html`
    <section class="panel copy-panel" aria-labelledby="copy-title" data-testid="copy-panel">
      <header class="page-head">
        <h3 id="copy-title">${t('copy.title', { n: riskIds.length })}</h3>
        <button type="button" onClick=${onClose} data-testid="copy-close">${t('copy.close')}</button>
      </header>
      <p class="hint">${t('copy.hint')}</p>
      ${filters ? html`
        <form class="filters" aria-label=${t('copy.find')} onSubmit=${(e) => e.preventDefault()}>
          <${Field} id="copy-q" label=${t('units.q')}>
            <input id="copy-q" type="search" value=${filters.q} placeholder=${t('units.q.placeholder')}
              onInput=${(e) => setFilter('q')(e.currentTarget.value)} />
          <//>
          <${Field} id="copy-region" label=${t('units.district')}>
            <${Select} id="copy-region" value=${filters.region} empty=${t('copy.anyDistrict')}
              options=${districts.map((d) => ({ value: d.code, label: d.name }))} onChange=${setFilter('region')} />
          <//>
          <${Field} id="copy-sector" label=${t('units.sector')}>
            <${Select} id="copy-sector" value=${filters.sector} empty=${t('copy.anySector')}
              options=${sectorOptions(sectors)} onChange=${setFilter('sector')} />
          <//>
        </form>` : ''}
      <${Banner}>${searchError ? errorText(searchError, 'risk') : ''}<//>
      <div class="copy-found" data-testid="copy-found" data-state=${found.state} aria-busy=${found.state === 'busy' ? 'true' : 'false'}>
        <div class="head-actions">
          <span class="total">${found.state === 'ok' ? t(found.more ? 'copy.foundMore' : 'copy.found', { n: found.items.length, limit: LIMIT }) : ''}</span>
          <button type="button" onClick=${selectAllShown} disabled=${!found.items.length} data-testid="copy-select-all">${t('copy.selectAll')}</button>
        </div>
        <ul class="copy-list">
          ${found.items.map((u) => html`
            <li key=${u.id} data-testid="copy-unit" data-id=${u.id} data-region=${u.region}>
              <label class="inline"><input type="checkbox" checked=${chosen.has(u.id)}
                onChange=${(e) => toggle(u, e.currentTarget.checked)} />
                ${u.name}<span class="sub"> · ${u.region_name || u.region} · ${u.sector}</span></label>
            </li>`)}
        </ul>
      </div>
      ${chosen.size ? html`
        <div class="copy-chosen" data-testid="copy-chosen">
          <strong>${t('copy.chosen', { n: chosen.size })}</strong>
          <ul class="chips">
            ${[...chosen.values()].map((u) => html`
              <li key=${u.id} data-testid="copy-chosen-unit" data-id=${u.id} data-refused=${refused.has(u.id) ? '1' : undefined}
                class=${refused.has(u.id) ? 'refused' : ''}>
                ${u.name}${refused.has(u.id) ? html` <span class="field-error">${t('copy.refusedUnit')}</span>` : ''}
                <button type="button" class="link" aria-label=${t('copy.remove', { name: u.name })}
                  onClick=${() => toggle(u, false)}>×</button>
              </li>`)}
          </ul>
        </div>` : ''}
      <${Banner} testid="copy-error">${errorMsg ? html`${errorMsg}<br />${t('copy.nothingCreated')}` : ''}<//>
      <${Banner} kind="info" testid="copy-result">${result && !result.error ? t('copy.done', { n: result.created }) : ''}<//>
      <div class="form-actions">
        <button type="button" class="primary" onClick=${copy} disabled=${busy || !chosen.size || !riskIds.length} data-testid="copy-submit">
          ${busy ? t('copy.busy') : t('copy.submit', { r: riskIds.length, u: chosen.size })}</button>
      </div>
    </section>`;
}

