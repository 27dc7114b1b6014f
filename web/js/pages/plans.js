// plans — 应急预案: a unit's plans on its page (UnitPlans: type, the major hazard sources each
// covers, evaluation and drill dates with their due dates, 逾期 flags; add and archive), the gaps
// page (#/plans: major hazard sources without a plan — 一对一 — and plans overdue, from
// GET /api/v1/plans/gaps) and, on a major hazard source's page (#/installations/ID), the plans
// that cover it and its nearest emergency resources (SourcePlans).

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Progress, Select, errorText } from '../ui.js';
import { NearestResources } from './resources.js';

const TYPES = ['comprehensive', 'special', 'onsite'];

function Due({ date, overdue, testid, months }) {
  return html`<span class=${overdue ? 'tag overdue' : ''} data-testid=${testid} data-overdue=${overdue ? '1' : '0'}>
    ${date || '—'}${overdue ? ` ${t('plan.overdue')}` : ''}</span>${months ? html`<br /><small class="hint" data-testid="plan-drill-every" data-months=${months}>${t('plan.drillEvery', { n: months })}</small>` : ''}`;
}

function PlanTable({ plans, sources, onArchive }) {
  const name = (id) => { const s = sources.find((x) => x.id === id); return s ? s.name : `#${id}`; };
  return html`
    <div class="table-wrap"><table class="data" data-testid="plans-table">
      <thead><tr><th scope="col">${t('plan.name')}</th><th scope="col">${t('plan.type')}</th><th scope="col">${t('plan.covers')}</th>
        <th scope="col">${t('plan.reviewed')}</th><th scope="col">${t('plan.reviewDue')}</th><th scope="col">${t('plan.drilled')}</th>
        <th scope="col">${t('plan.drillDue')}</th>${onArchive ? html`<th scope="col"></th>` : ''}</tr></thead>
      <tbody>${plans.map((p) => html`
        <tr key=${p.id} data-testid="plan-row" data-id=${p.id}>
          <td>${p.name}</td><td>${t(`plan.t.${p.type}`)}</td>
          <td>${(p.installation_ids || []).map((i) => name(i)).join('、') || '—'}</td>
          <td>${p.reviewed_on || '—'}</td><td><${Due} date=${p.review_due} overdue=${p.review_overdue} testid="plan-review-due" /></td>
          <td>${p.drilled_on || '—'}</td><td><${Due} date=${p.drill_due} overdue=${p.drill_overdue} months=${p.drill_months} testid="plan-drill-due" />${p.key_unit ? html` <span class="tag" data-testid="plan-key-unit" title=${t('plan.keyUnit.hint')}>${t('plan.keyUnit')}</span>` : ''}</td>
          ${onArchive ? html`<td><button type="button" onClick=${() => onArchive(p)} data-testid="plan-archive">${t('plan.archive')}</button></td>` : ''}
        </tr>`)}</tbody>
    </table></div>`;
}

function NewPlan({ unitId, sources, onSaved }) {
  const empty = { name: '', type: 'special', installation_ids: [], issued_on: '', reviewed_on: '', drilled_on: '' };
  const [f, setF] = useState(empty);
  const [error, setError] = useState(null);
  const set = (k) => (e) => { const v = e && e.currentTarget ? e.currentTarget.value : e; setF((x) => ({ ...x, [k]: v })); };
  const toggle = (id) => setF((x) => ({ ...x, installation_ids: x.installation_ids.includes(id) ? x.installation_ids.filter((i) => i !== id) : [...x.installation_ids, id] }));
  async function save(e) {
    e.preventDefault();
    setError(null);
    const body = { name: f.name, type: f.type, installation_ids: f.installation_ids };
    for (const k of ['issued_on', 'reviewed_on', 'drilled_on']) if (f[k]) body[k] = f[k];
    try { const p = await api.post(`/units/${unitId}/plans`, body); setF(empty); onSaved(p); } catch (x) { setError(x); }
  }
  const err = (k) => (error && error.field === k ? errorText(error, 'plan') : '');
  const date = (k, label) => html`<${Field} id=${`plan-${k}`} label=${label} error=${err(k)}>
    <input id=${`plan-${k}`} type="date" value=${f[k]} onInput=${set(k)} data-testid=${`plan-${k}`} /><//>`;
  return html`
    <form class="form-grid" onSubmit=${save} data-testid="plan-form">
      <${Field} id="plan-name" label=${t('plan.name')} required=${true} error=${err('name')}>
        <input id="plan-name" value=${f.name} onInput=${set('name')} data-testid="plan-name" /><//>
      <${Field} id="plan-type" label=${t('plan.type')} required=${true} error=${err('type')}>
        <${Select} id="plan-type" value=${f.type} onChange=${set('type')} options=${TYPES.map((k) => ({ value: k, label: t(`plan.t.${k}`) }))} extra=${{ 'data-testid': 'plan-type' }} /><//>
      ${sources.length ? html`<fieldset class="wide"><legend>${t('plan.covers')}</legend>
        ${sources.map((s) => html`<label class="inline" key=${s.id}><input type="checkbox" checked=${f.installation_ids.includes(s.id)}
          onChange=${() => toggle(s.id)} data-testid="plan-source" data-id=${s.id} /> ${s.name}</label>`)}</fieldset>` : ''}
      ${date('issued_on', t('plan.issued'))}${date('reviewed_on', t('plan.reviewed'))}${date('drilled_on', t('plan.drilled'))}
      <${Banner}>${error && !['name', 'type', 'issued_on', 'reviewed_on', 'drilled_on'].includes(error.field) ? errorText(error, 'plan') : ''}<//>
      <div class="actions"><button class="primary" type="submit" data-testid="plan-save">${t('plan.save')}</button></div>
    </form>`;
}

// A unit's plans, with the form for a new one unless readOnly.
export function UnitPlans({ unitId, readOnly }) {
  const [plans, setPlans] = useState(null);
  const [sources, setSources] = useState([]);
  const [error, setError] = useState(null);
  const [msg, setMsg] = useState('');
  const [tick, setTick] = useState(0);
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    let alive = true;
    api.get(`/units/${unitId}/plans`).then((r) => alive && setPlans(r.items || [])).catch((e) => alive && setError(e));
    api.unitInstallations(unitId).then((r) => alive && setSources(r.filter((i) => i.major))).catch(() => {});
    return () => { alive = false; };
  }, [unitId, tick]);
  async function archive(p) {
    if (!window.confirm(t('plan.archive.confirm'))) return;
    try { await api.del(`/plans/${p.id}`); setTick((k) => k + 1); } catch (e) { setError(e); }
  }
  const user = api.currentUser() || {};
  const canWrite = !readOnly && user.role !== 'expert';
  return html`
    <section class="panel unit-plans" aria-labelledby="unit-plans-title" data-testid="unit-plans">
      <h2 id="unit-plans-title">${t('plan.title')}${plans ? ` (${plans.length})` : ''}</h2>
      <div class="plan-list">
      ${!plans && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'plan') : ''}<//>
      ${msg ? html`<${Banner} kind="ok" testid="plan-saved">${msg}<//>` : ''}
      ${plans && !plans.length ? html`<p class="empty">${t('plan.none')}</p>` : ''}
      ${plans && plans.length ? html`<${PlanTable} plans=${plans} sources=${sources} onArchive=${canWrite ? archive : null} />` : ''}
      </div>
      ${canWrite && !adding ? html`<button type="button" onClick=${() => setAdding(true)} data-testid="plan-add">${t('plan.add')}</button>` : ''}
      ${canWrite && adding ? html`<${NewPlan} unitId=${unitId} sources=${sources}
        onSaved=${(p) => { setMsg(t('plan.saved', { name: p.name })); setAdding(false); setTick((k) => k + 1); }} />` : ''}
    </section>`;
}

function SourcesWithout({ items }) {
  if (!items.length) return html`<p class="empty" data-testid="gaps-sources-none">${t('plan.gaps.sources.none')}</p>`;
  return html`
    <div class="table-wrap"><table class="data" data-testid="gaps-sources">
      <thead><tr><th scope="col">${t('plan.col.source')}</th><th scope="col">${t('plan.col.unit')}</th><th scope="col">${t('plan.col.grade')}</th></tr></thead>
      <tbody>${items.map((s) => html`<tr key=${s.id} data-testid="gap-source" data-id=${s.id}>
        <td><a href=${`#/installations/${s.id}`}>${s.name}</a></td><td><a href=${`#/units/${s.unit_id}`}>${s.unit_name}</a></td>
        <td>${s.grade ? `${s.grade}` : '—'}</td></tr>`)}</tbody>
    </table></div>`;
}

export function PlanGapsPage() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.get('/plans/gaps').then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, []);
  return html`
    <section class="page plan-gaps" aria-labelledby="gaps-title" data-testid="plan-gaps">
      <header class="page-head"><h1 id="gaps-title">${t('plan.gaps.title')}</h1></header>
      <p class="hint">${t('plan.gaps.rule')}</p>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'plan') : ''}<//>
      ${data ? html`
        <h2>${t('plan.gaps.sources')} (${data.sources_without_plan.length})</h2>
        <${SourcesWithout} items=${data.sources_without_plan} />
        <h2>${t('plan.gaps.overdue')} (${data.overdue.length})</h2>
        ${data.overdue.length ? html`<${PlanTable} plans=${data.overdue} sources=${[]} />` : html`<p class="empty">${t('plan.gaps.overdue.none')}</p>`}` : ''}
    </section>`;
}

// One major hazard source: its facts, the plans that cover it, its nearest resources.
// The plans covering a major hazard source (一对一) and the resources nearest to it: a part of
// the source's own page (pages/installation-page.js).
export function SourcePlans({ src }) {
  const [plans, setPlans] = useState(null);
  useEffect(() => {
    let alive = true;
    api.get(`/units/${src.unit_id}/plans`)
      .then((r) => alive && setPlans((r.items || []).filter((p) => (p.installation_ids || []).includes(Number(src.id)))))
      .catch(() => alive && setPlans([]));
    return () => { alive = false; };
  }, [src.id, src.unit_id]);
  return html`
    <section class="panel" aria-labelledby="src-plans" data-testid="source-plans">
      <h2 id="src-plans">${t('plan.title')}</h2>
      ${plans && !plans.length ? html`<${Banner} kind="info" testid="source-no-plan">${t('pt.noPlan')}<//>` : ''}
      ${plans && plans.length ? html`<${PlanTable} plans=${plans} sources=${[src]} />` : ''}
    </section>
    <${NearestResources} installation=${src.id} />`;
}
