// unit-page — one unit, read-only (#/units/ID): its details, rating with the reason, risk points,
// hidden hazards and history; 编辑 opens the form (#/units/ID/edit). After a save the form comes
// back here with a confirmation (takeFlash).

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs, navigate } from '../router.js';
import { Banner, Progress, errorText } from '../ui.js';
import { useReference } from '../refdata.js';
import { UnitRating, UnitRisks } from './unit-risks.js';
import { UnitInstallations } from './installations.js';
import { UnitPlans } from './plans.js';
import { lastListHref } from './units.js';
import { PrintButton } from '../export.js';
import { DueBadge, HazardGrade, StateBadge } from './hazard-common.js';
import { History, takeFlash } from './unit-form.js';
import { ReviewPanel, VerificationPanel } from './review-panel.js';

// The form's confirmation ("已保存"), shown once for a few seconds.
function Toast() {
  const [text, setText] = useState(takeFlash);
  useEffect(() => {
    if (!text) return undefined;
    const timer = setTimeout(() => setText(''), 4000);
    return () => clearTimeout(timer);
  }, [text]);
  return text ? html`<div class="toast" role="status" data-testid="toast">${text}</div>` : '';
}

export function UnitCrumbs({ unit, unitId, tail }) {
  const items = [{ label: t('units.title'), to: lastListHref() }];
  if (unit || unitId) items.push({ label: unit ? unit.name : `#${unitId}`, to: `#/units/${unit ? unit.id : unitId}` });
  for (const x of tail || []) items.push(x);
  return html`<${Breadcrumbs} items=${items} />`;
}

function Details({ u }) {
  const ref = useReference();
  const sector = ref.sectors.find((s) => s.code === u.sector);
  const dept = ref.departments.find((d) => d.code === u.dept);
  const rows = [
    ['credit_code', u.credit_code],
    ['sector', sector ? `${u.sector} ${pickName(sector)}` : u.sector],
    ['dept', dept ? pickName(dept) : u.dept],
    ['region', u.region_name || u.region],
    ['address', u.address],
    ['coords', u.lon !== null && u.lon !== undefined ? `${u.lon}, ${u.lat}` : ''],
    ['size_class', u.size_class ? t(`size.${u.size_class}`) : ''],
    ['employees', u.employees ?? ''],
    ['contact_name', u.contact_name],
    ['contact_phone', u.contact_phone],
    ['status', t(`status.${u.status}`)],
  ];
  return html`
    <dl class="unit-details" data-testid="unit-details">
      ${rows.map(([k, v]) => html`<div key=${k}><dt>${t(k === 'coords' ? 'unit.view.coords' : k === 'region' ? 'unit.view.region' : `unit.${k}`)}</dt>
        <dd data-field=${k}>${v === '' || v === null || v === undefined ? '—' : String(v)}</dd></div>`)}
    </dl>`;
}

function UnitHazards({ unitId }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.listHazards({ unit_id: unitId, limit: 50 }).then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId]);
  const items = data ? data.items || [] : [];
  return html`
    <section class="panel unit-hazards" aria-labelledby="unit-hz-title" data-testid="unit-hazards">
      <header class="page-head">
        <h2 id="unit-hz-title">${t('unit.hazards')}${data ? ` (${data.total ?? items.length})` : ''}</h2>
        <div class="head-actions">
          <a class="button" href=${`#/hazards?unit_id=${unitId}`}>${t('unit.hazards.all')}</a>
          <a class="button" href=${`#/hazards/new?unit_id=${unitId}`}>${t('unit.hazards.new')}</a>
        </div>
      </header>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'hazard') : ''}<//>
      ${data ? html`
        <div class="table-wrap">
          <table class="data" data-testid="unit-hazards-table">
            <thead><tr>
              <th scope="col">${t('hz.col.no')}</th>
              <th scope="col">${t('hz.description')}</th>
              <th scope="col">${t('hz.grade')}</th>
              <th scope="col">${t('hz.state')}</th>
              <th scope="col" class="opt">${t('hz.deadline')}</th>
            </tr></thead>
            <tbody>
              ${items.map((h) => html`
                <tr key=${h.id} class="clickable" data-testid="unit-hazard-row" data-id=${h.id}
                  onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/hazards/${h.id}`); }}>
                  <td><a href=${`#/hazards/${h.id}`}>${h.id}</a></td>
                  <td class="lines">${h.description}</td>
                  <td><${HazardGrade} grade=${h.grade} /></td>
                  <td><${StateBadge} state=${h.state} /> <${DueBadge} h=${h} /></td>
                  <td class="opt">${h.deadline || ''}</td>
                </tr>`)}
              ${items.length === 0 ? html`<tr><td colspan="5" class="empty">${t('unit.hazards.none')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
    </section>`;
}

export function UnitPage({ id }) {
  const [unit, setUnit] = useState(null);
  const [risksKey, setRisksKey] = useState(0);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.getUnit(id).then((u) => alive && setUnit(u)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id]);
  const archived = unit && unit.status === 'archived';
  const user = api.currentUser() || {};
  const canEdit = unit && !archived && user.role !== 'expert';
  return html`
    <section class="page unit-view" aria-labelledby="unit-title" data-testid="unit-view">
      <${UnitCrumbs} unit=${unit} unitId=${id} />
      <${Toast} />
      <header class="page-head">
        <div>
          <h1 id="unit-title">${unit ? unit.name : t('unit.view')}</h1>
          ${unit ? html`<p class="sub">${unit.credit_code}</p>` : ''}
        </div>
        <div class="head-actions">
          ${canEdit ? html`<a class="button primary" href=${`#/units/${id}/edit`} data-testid="unit-edit">${t('unit.view.edit')}</a>` : ''}
          <${PrintButton} />
          <a class="button" href=${lastListHref()}>${t('unit.view.back')}</a>
        </div>
      </header>
      ${!unit && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? (error.status === 404 ? t('unit.notFound') : errorText(error, 'unit')) : ''}<//>
      ${archived ? html`<${Banner} kind="info">${t('unit.archived')}<//>` : ''}
      ${unit ? html`
        <div class="unit-layout">
          <section class="panel" aria-label=${t('unit.view.details')}><${Details} u=${unit} /></section>
          <div class="side">
            <${ReviewPanel} unitId=${id} />
            <${UnitRating} unitId=${id} key=${risksKey} />
            <${History} id=${id} />
          </div>
        </div>
        <${UnitRisks} unitId=${id} readOnly=${archived} key=${risksKey} />
        <${UnitInstallations} unitId=${id} readOnly=${archived} unitPos=${unit.lon !== null && unit.lon !== undefined ? { lon: unit.lon, lat: unit.lat } : null}
          onChanged=${() => setRisksKey((k) => k + 1)} />
        <${UnitPlans} unitId=${id} readOnly=${archived} key=${`plans-${risksKey}`} />
        <${UnitHazards} unitId=${id} />
        <${VerificationPanel} unitId=${id} />` : ''}
    </section>`;
}
