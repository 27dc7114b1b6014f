// capability — 应急能力评估 (#/capability): choose the subject (a unit, a department or a
// district), fill the checklist the server loaded from data/capability-checklist.json (符合 /
// 部分符合 / 不符合, or the number of drills a year), and see the score, level and weak items,
// then the subject's history (GET|POST /api/v1/capability-assessments).

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Progress, Select, errorText, formatNumber } from '../ui.js';

function History({ query, tick }) {
  const [items, setItems] = useState(null);
  useEffect(() => {
    let alive = true;
    api.get('/capability-assessments', { ...query, limit: 20 }).then((r) => alive && setItems(r.items || [])).catch(() => alive && setItems([]));
    return () => { alive = false; };
  }, [JSON.stringify(query), tick]);
  if (!items) return html`<${Progress} />`;
  if (!items.length) return html`<p class="empty">${t('cap.history.none')}</p>`;
  return html`
    <div class="table-wrap"><table class="data" data-testid="cap-history">
      <thead><tr><th scope="col">${t('cap.date')}</th><th scope="col">${t('cap.subject')}</th><th scope="col" class="num">${t('cap.score')}</th>
        <th scope="col">${t('cap.level')}</th><th scope="col">${t('cap.weak')}</th><th scope="col">${t('cap.assessor')}</th></tr></thead>
      <tbody>${items.map((x) => html`<tr key=${x.id} data-testid="cap-history-row" data-id=${x.id}>
        <td>${x.assessed_on}</td><td>${x.unit_name || x.dept_name || x.region_name}</td><td class="num">${formatNumber(x.score, 1)}</td>
        <td>${x.level_cn}</td><td>${(x.weak || []).map((w) => w.text).join('；') || '—'}</td><td>${x.assessor}</td></tr>`)}</tbody>
    </table></div>`;
}

export function CapabilityPage({ route }) {
  const user = api.currentUser() || {};
  const [cl, setCl] = useState(null);
  const [subject, setSubject] = useState((route.query.get('unit_id') || user.role === 'unit') ? 'unit' : 'district');
  const [unitId, setUnitId] = useState(route.query.get('unit_id') || (user.unit_id ? String(user.unit_id) : ''));
  const [region, setRegion] = useState(user.region && user.region.length === 6 ? user.region : '');
  const [dept, setDept] = useState(user.dept || '');
  const [answers, setAnswers] = useState({});
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => { api.get('/capability-assessments/checklist').then(setCl).catch(setError); }, []);
  const items = cl ? cl.items.filter((i) => i.subjects.includes(subject)) : [];
  useEffect(() => {
    const a = {};
    for (const i of items) a[i.code] = i.kind === 'count' ? 0 : 2;
    setAnswers(a);
  }, [cl, subject]);
  async function submit(e) {
    e.preventDefault();
    setError(null); setResult(null);
    const body = { subject, answers };
    if (subject === 'unit') body.unit_id = Number(unitId);
    else body.region = region;
    if (subject === 'dept') body.dept = dept;
    try { setResult(await api.post('/capability-assessments', body)); setTick((k) => k + 1); } catch (x) { setError(x); }
  }
  const query = subject === 'unit' ? { unit_id: unitId } : subject === 'dept' ? { subject, dept } : { subject, region };
  const err = (k) => (error && error.field === k ? errorText(error, 'capability') : '');
  return html`
    <section class="page capability" aria-labelledby="cap-title" data-testid="capability-page">
      <header class="page-head"><h1 id="cap-title">${t('cap.title')}</h1></header>
      <div>${!cl && !error ? html`<${Progress} />` : ''}</div>
      <form class="form-grid" onSubmit=${submit} data-testid="cap-form">
        <${Field} id="cap-subject" label=${t('cap.subject')}>
          <${Select} id="cap-subject" value=${subject} onChange=${setSubject} options=${['unit', 'dept', 'district'].map((s) => ({ value: s, label: t(`cap.s.${s}`) }))} extra=${{ 'data-testid': 'cap-subject' }} /><//>
        ${subject === 'unit' ? html`<${Field} id="cap-unit" label=${t('cap.unitId')} error=${err('unit_id')}>
          <input id="cap-unit" inputmode="numeric" value=${unitId} onInput=${(e) => setUnitId(e.currentTarget.value)} data-testid="cap-unit" /><//>`
          : html`<${Field} id="cap-region" label=${t('cap.region')} error=${err('region')}>
          <input id="cap-region" inputmode="numeric" value=${region} onInput=${(e) => setRegion(e.currentTarget.value)} data-testid="cap-region" /><//>`}
        ${subject === 'dept' ? html`<${Field} id="cap-dept" label=${t('cap.dept')} error=${err('dept')}>
          <input id="cap-dept" value=${dept} onInput=${(e) => setDept(e.currentTarget.value)} data-testid="cap-dept" /><//>` : ''}
        ${items.length ? html`<div class="table-wrap wide"><table class="data" data-testid="cap-items">
          <thead><tr><th scope="col">${t('cap.area')}</th><th scope="col">${t('cap.item')}</th><th scope="col">${t('cap.answer')}</th><th scope="col">${t('cap.basis')}</th></tr></thead>
          <tbody>${items.map((i) => html`<tr key=${i.code} data-testid="cap-item" data-code=${i.code}>
            <td>${t(`cap.area.${i.area}`)}</td><td>${i.text}</td>
            <td>${i.kind === 'count'
              ? html`<input type="number" min="0" max="366" aria-label=${i.text} value=${answers[i.code] ?? 0} data-testid=${`cap-answer-${i.code}`}
                  onInput=${(e) => { const v = Number(e.currentTarget.value); setAnswers((a) => ({ ...a, [i.code]: v })); }} /> ${t('cap.count', { n: i.required })}`
              : html`<${Select} id=${`cap-a-${i.code}`} value=${String(answers[i.code] ?? 2)} onChange=${(v) => setAnswers((a) => ({ ...a, [i.code]: Number(v) }))}
                  options=${[2, 1, 0].map((v) => ({ value: String(v), label: t(`cap.a.${v}`) }))} extra=${{ 'data-testid': `cap-answer-${i.code}`, 'aria-label': i.text }} />`}</td>
            <td class="hint">${i.basis || ''}</td></tr>`)}</tbody>
        </table></div>` : ''}
        <${Banner}>${error && !['unit_id', 'region', 'dept'].includes(error.field) ? errorText(error, 'capability') : ''}<//>
        <div class="actions"><button class="primary" type="submit" disabled=${!cl} data-testid="cap-submit">${t('cap.submit')}</button></div>
      </form>
      ${result ? html`<section class="panel" aria-labelledby="cap-result-title" data-testid="cap-result">
        <h2 id="cap-result-title">${t('cap.result')}</h2>
        <dl class="facts"><div><dt>${t('cap.score')}</dt><dd data-testid="cap-score">${formatNumber(result.score, 1)}</dd></div>
          <div><dt>${t('cap.level')}</dt><dd data-testid="cap-level">${result.level_cn}</dd></div></dl>
        <h3>${t('cap.areas')}</h3>
        <dl class="facts" data-testid="cap-areas">${(result.areas || []).map((a) => html`<div key=${a.area} data-area=${a.area}><dt>${t(`cap.area.${a.area}`)}</dt><dd>${formatNumber(a.score, 1)}</dd></div>`)}</dl>
        <h3>${t('cap.weak')}</h3>
        ${result.weak.length ? html`<ul data-testid="cap-weak">${result.weak.map((w) => html`<li key=${w.code} data-code=${w.code}>${w.text}</li>`)}</ul>` : html`<p>${t('cap.weak.none')}</p>`}
      </section>` : ''}
      <section aria-labelledby="cap-history-title">
        <h2 id="cap-history-title">${t('cap.history')}</h2>
        <${History} query=${query} tick=${tick} />
      </section>
    </section>`;
}
