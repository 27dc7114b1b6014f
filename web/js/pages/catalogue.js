// catalogue — the industry risk catalogues (行业风险目录, GET /api/v1/catalogue), listed by sector
// (#/catalogue?sector=C01&dept=AJJ). With a unit (#/units/ID/catalogue) the entries can be chosen
// and added to the unit as risk points (POST /api/v1/units/ID/risks/from-catalogue); the unit's
// own industry is shown first (its sector, or for a unit filed under a GB/T 4754 section the key
// sectors of that section), every industry after ticking 显示全部行业. Each entry shows the grade
// its method's inputs give (the server's `grade`).

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs, href, navigate } from '../router.js';
import { Banner, GradeBadge, Progress, Select, errorText } from '../ui.js';
import { sectorOptions, deptOptions } from './units.js';
import { useAccidentTypes, useReference } from '../refdata.js';

const inputsText = (e) => (e.inputs ? Object.entries(e.inputs).map(([k, v]) => `${k}=${v}`).join(' ') : '');

function measuresText(m) {
  if (!m) return '';
  return Object.entries(m).flatMap(([k, v]) => (v && v.length ? [`${t(`measure.${k}`)}: ${v.join('；')}`] : [])).join(' / ');
}

export function CataloguePage({ route, unitId }) {
  const pick = !!unitId;
  const ref = useReference();
  const [unit, setUnit] = useState(null);
  const [allSectors, setAllSectors] = useState(false);
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [chosen, setChosen] = useState(new Set());
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState(null);

  const qSector = route && !pick ? route.query.get('sector') || '' : '';
  const qDept = route && !pick ? route.query.get('dept') || '' : '';

  useEffect(() => {
    if (!pick) return undefined;
    let alive = true;
    api.getUnit(unitId).then((u) => alive && setUnit(u)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId]);

  // With a unit the whole catalogue is fetched and narrowed to the unit's industry below: a unit
  // filed under a section (C 制造业) has no entries of its own code, only of its key sectors.
  const sector = pick ? '' : qSector;
  const dept = pick ? '' : qDept;
  const ready = !pick || unit;
  useEffect(() => {
    if (!ready) return undefined;
    let alive = true;
    setItems(null);
    setError(null);
    api.catalogue({ sector, dept }).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [sector, dept, ready]);

  const sectorName = new Map(ref.sectors.map((s) => [s.code, pickName(s)]));
  const deptName = new Map(ref.departments.map((d) => [d.code, pickName(d)]));
  const typeName = useTypes();
  const sectionOf = new Map(ref.sectors.map((s) => [s.code, s.section]));
  const ownIndustry = (e) => e.sector === unit.sector ||
    (sectionOf.get(unit.sector) === unit.sector && sectionOf.get(e.sector) === unit.sector);
  const shown = pick && unit && !allSectors ? (items || []).filter(ownIndustry) : items;
  const groups = new Map();
  for (const e of shown || []) {
    if (!groups.has(e.sector)) groups.set(e.sector, []);
    groups.get(e.sector).push(e);
  }

  async function add() {
    setSaving(true);
    setSaveError(null);
    try {
      await api.addFromCatalogue(unitId, [...chosen]);
      navigate(`#/units/${unitId}`);
    } catch (e) {
      setSaving(false);
      setSaveError(e);
    }
  }

  const toggle = (id, on) => setChosen((s) => { const n = new Set(s); if (on) n.add(id); else n.delete(id); return n; });

  return html`
    <section class="page catalogue-page" aria-labelledby="catalogue-title">
      ${pick ? html`<${Breadcrumbs} items=${[{ label: t('units.title'), to: '#/units' },
        { label: unit ? unit.name : `#${unitId}`, to: `#/units/${unitId}` }, { label: t('catalogue.pick') }]} />` : ''}
      <header class="page-head">
        <div>
          <h1 id="catalogue-title">${pick ? t('catalogue.pick') : t('catalogue.title')}</h1>
          ${pick && unit ? html`<p class="sub">${t('risk.unit')}: <a href=${`#/units/${unitId}`}>${unit.name}</a></p>` : ''}
        </div>
        ${pick ? html`<a class="button" href=${`#/units/${unitId}`}>${t('risk.back')}</a>` : ''}
      </header>
      ${pick ? html`
        <div class="filters">
          <div class="field check"><label class="inline"><input type="checkbox" id="c-all" checked=${allSectors}
            onChange=${(e) => setAllSectors(e.currentTarget.checked)} /> ${t('catalogue.allSectors')}</label></div>
        </div>` : html`
        <form class="filters" aria-label=${t('units.filters')} onSubmit=${(e) => e.preventDefault()}>
          <div class="field">
            <label for="c-sector">${t('units.sector')}</label>
            <${Select} id="c-sector" value=${qSector} empty=${t('units.all')} options=${sectorOptions(ref.sectors)}
              onChange=${(v) => navigate(href('/catalogue', { sector: v, dept: qDept }), { replace: true })} />
          </div>
          <div class="field">
            <label for="c-dept">${t('units.dept')}</label>
            <${Select} id="c-dept" value=${qDept} empty=${t('units.all')} options=${deptOptions(ref.departments)}
              onChange=${(v) => navigate(href('/catalogue', { sector: qSector, dept: v }), { replace: true })} />
          </div>
        </form>`}
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? (error.status === 404 ? t('catalogue.missing') : errorText(error, 'catalogue')) : ''}<//>
      ${shown && shown.length === 0 ? html`<p class="hint" data-testid="catalogue-empty">${t('catalogue.empty')}</p>` : ''}
      <p class="total" data-testid="catalogue-total" data-total=${shown ? shown.length : ''}>${shown ? t('catalogue.total', { n: shown.length }) : ''}</p>
      ${[...groups.entries()].map(([sec, list]) => html`
        <section class="panel catalogue-sector" key=${sec} aria-label=${`${sec} ${sectorName.get(sec) || ''}`} data-testid="catalogue-sector" data-sector=${sec}>
          <h2>${sec} ${sectorName.get(sec) || ''}</h2>
          <div class="table-wrap">
            <table class="data">
              <thead><tr>
                ${pick ? html`<th scope="col"><span class="sr-only">${t('catalogue.choose')}</span></th>` : ''}
                <th scope="col">${t('risk.name')}</th>
                <th scope="col">${t('risk.place')}</th>
                <th scope="col" class="opt">${t('risk.accident_types')}</th>
                <th scope="col" class="opt">${t('risk.method')}</th>
                <th scope="col">${t('catalogue.grade')}</th>
                <th scope="col" class="opt">${t('catalogue.measures')}</th>
                <th scope="col" class="opt">${t('units.col.dept')}</th>
              </tr></thead>
              <tbody>
                ${list.map((e) => html`
                  <tr key=${e.id} data-testid="catalogue-entry" data-id=${e.id}>
                    ${pick ? html`<td><input type="checkbox" id=${`c-e-${e.id}`} aria-label=${`${t('catalogue.choose')} ${e.name}`}
                      checked=${chosen.has(e.id)} onChange=${(ev) => toggle(e.id, ev.currentTarget.checked)} /></td>` : ''}
                    <td>${pick ? html`<label for=${`c-e-${e.id}`}>${e.name}</label>` : e.name}</td>
                    <td>${e.place}</td>
                    <td class="opt">${(e.accident_types || []).map((c) => typeName.get(Number(c)) || c).join('、')}</td>
                    <td class="opt">${e.method ? `${t(`method.${e.method}.short`)} ${inputsText(e)}` : ''}</td>
                    <td data-testid="catalogue-grade" data-grade=${e.grade ?? ''}>${e.grade ? html`<${GradeBadge} grade=${e.grade} />` : '—'}</td>
                    <td class="opt wrap">${measuresText(e.measures)}</td>
                    <td class="opt">${deptName.get(e.dept) || e.dept || ''}</td>
                  </tr>`)}
              </tbody>
            </table>
          </div>
        </section>`)}
      ${pick ? html`
        <div class="form-actions sticky-actions">
          <${Banner}>${saveError ? errorText(saveError, 'catalogue') : ''}<//>
          <button type="button" class="primary" disabled=${!chosen.size || saving} onClick=${add} data-testid="catalogue-add">
            ${t('catalogue.add', { n: chosen.size })}</button>
        </div>` : ''}
    </section>`;
}

function useTypes() {
  const list = useAccidentTypes();
  return new Map(list.map((a) => [Number(a.code), pickName(a)]));
}
