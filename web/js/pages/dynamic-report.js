// dynamic-report — 动态上报 (#/dynamic-reports): the form a unit (or its regulator) fills before
// works or an event bring temporary risks, and the reports filed in the caller's scope. The
// multi-line fields keep their line breaks; the server's error shows under the field it names.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Select, described, errorText, formatTime } from '../ui.js';

const KINDS = ['upgrade', 'renovation', 'event', 'hot_work', 'shutdown', 'other'];
const FIELDS = ['unit_id', 'kind', 'title', 'description', 'start', 'end', 'place', 'risks', 'measures'];
const LINES = new Set(['description', 'risks', 'measures']);
const REQUIRED = new Set(['unit_id', 'kind', 'title', 'start', 'end', 'place', 'risks', 'measures']);
const LABEL = { unit_id: 'dr.unit', kind: 'dr.kind', title: 'dr.name', description: 'dr.description', start: 'dr.start',
  end: 'dr.end', place: 'dr.place', risks: 'dr.risks', measures: 'dr.measures' };

function ReportList({ items }) {
  if (!items.length) return html`<p class="muted">${t('dr.none')}</p>`;
  return html`<ul class="report-list" data-testid="dr-list">${items.map((r) => html`
    <li key=${r.id} data-testid="dr-item">
      <strong>${r.title}</strong> <span class="muted">${r.unit_name} · ${t(`dr.kind.${r.kind}`)} · ${t('dr.window', { start: r.start, end: r.end })} · ${r.place}</span>
      <div class="lines" data-testid="dr-risks">${r.risks}</div>
      <div class="lines muted">${r.measures}</div>
      <div class="muted">${r.reported_by} · ${formatTime(r.created_at)}</div>
    </li>`)}</ul>`;
}

export function DynamicReportPage({ user, route }) {
  const given = route && route.query.get('unit');
  const empty = () => ({ ...Object.fromEntries(FIELDS.map((k) => [k, ''])), kind: 'renovation',
    unit_id: String(user.unit_id || given || '') });
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [done, setDone] = useState('');
  const [saving, setSaving] = useState(false);
  const [items, setItems] = useState([]);
  const load = () => api.get('/dynamic-reports', { limit: 50 }).then((r) => setItems(r.items.slice().reverse())).catch((e) => setBanner(errorText(e, 'dynamic_report')));
  useEffect(() => { load(); }, []);
  const set = (k) => (v) => { setForm((f) => ({ ...f, [k]: v })); if (errors[k]) setErrors((e) => { const n = { ...e }; delete n[k]; return n; }); };

  async function submit(e) {
    e.preventDefault();
    setBanner(''); setDone('');
    const local = {};
    for (const k of REQUIRED) if (!String(form[k]).trim()) local[k] = t('dr.required');
    setErrors(local);
    if (Object.keys(local).length) return;
    const body = { ...form, unit_id: Number(form.unit_id) };
    if (!body.description.trim()) delete body.description;
    setSaving(true);
    try {
      await api.post('/dynamic-reports', body);
      setDone(t('dr.sent'));
      setForm(empty());
      load();
    } catch (err) {
      if (err.field && FIELDS.includes(err.field)) setErrors({ [err.field]: errorText(err, 'dynamic_report') });
      else setBanner(errorText(err, 'dynamic_report'));
    }
    setSaving(false);
  }

  const input = (k, type = 'text') => {
    const id = `dr-${k}`;
    const hint = LINES.has(k) ? t('dr.lines') : undefined;
    return html`<${Field} id=${id} label=${t(LABEL[k])} error=${errors[k]} required=${REQUIRED.has(k)} hint=${hint} wide=${LINES.has(k)}>
      ${LINES.has(k)
        ? html`<textarea id=${id} name=${k} rows="3" value=${form[k]} onInput=${(e) => set(k)(e.currentTarget.value)} ...${described(id, errors[k], hint)}></textarea>`
        : html`<input id=${id} name=${k} type=${type} value=${form[k]} readOnly=${k === 'unit_id' && !!user.unit_id}
            onInput=${(e) => set(k)(e.currentTarget.value)} ...${described(id, errors[k], hint)} />`}
    <//>`;
  };
  return html`
    <section class="page dynamic-report" aria-labelledby="dr-heading">
      <header class="page-head"><h1 id="dr-heading">${t('dr.title')}</h1></header>
      <p class="muted">${t('dr.intro')}</p>
      ${banner ? html`<${Banner}>${banner}<//>` : ''}
      ${done ? html`<${Banner} kind="info" testid="dr-done">${done}<//>` : ''}
      <form class="unit-form" onSubmit=${submit} noValidate data-testid="dr-form">
        <div class="grid">
          ${input('unit_id')}
          <${Field} id="dr-kind" label=${t('dr.kind')} error=${errors.kind} required>
            <${Select} id="dr-kind" value=${form.kind} options=${KINDS.map((k) => ({ value: k, label: t(`dr.kind.${k}`) }))} onChange=${set('kind')} />
          <//>
          ${input('title')}
          ${input('place')}
          ${input('start', 'datetime-local')}
          ${input('end', 'datetime-local')}
          ${input('description')}
          ${input('risks')}
          ${input('measures')}
        </div>
        <div class="form-actions">
          <button type="submit" class="primary" disabled=${saving} data-testid="dr-submit">${t('dr.submit')}</button>
        </div>
      </form>
      <h2>${t('dr.list')}</h2>
      <${ReportList} items=${items} />
    </section>`;
}
