// cap — 公共预警 (CAP 1.2) at #/cap: drafts and published public warnings of the user's territory,
// the draft form (event, CAP's urgency / severity / certainty, headline, texts, the area as a
// circle or a polygon typed one "lon,lat" a line, expiry) and 审核发布 for drafts someone else
// wrote. The server refuses an author's own approval; the page only hides the button.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Select, described, errorText, formatTime } from '../ui.js';

const URGENCY = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'];
const SEVERITY = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'];
const CERTAINTY = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'];
const FIELDS = ['event', 'headline', 'area_desc', 'expires', 'description', 'instruction', 'polygon', 'circle', 'severity', 'urgency', 'certainty'];
const APPROVERS = ['city', 'district'];

const empty = () => ({ event: '', headline: '', area_desc: '', expires: '', description: '', instruction: '',
  severity: 'Severe', urgency: 'Expected', certainty: 'Likely', shape: 'circle', lon: '', lat: '', radius_km: '', polygon: '' });

function toBody(f) {
  const body = { event: f.event, headline: f.headline, area_desc: f.area_desc, expires: f.expires,
    severity: f.severity, urgency: f.urgency, certainty: f.certainty };
  if (f.description.trim()) body.description = f.description;
  if (f.instruction.trim()) body.instruction = f.instruction;
  if (f.shape === 'circle') body.circle = { lon: Number(f.lon), lat: Number(f.lat), radius_km: Number(f.radius_km) };
  else body.polygon = f.polygon.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => l.split(/[,，\s]+/).map(Number));
  return body;
}

export function CapPage({ user }) {
  const [items, setItems] = useState([]);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [info, setInfo] = useState('');
  const load = () => api.get('/cap-alerts').then((r) => setItems(r.items)).catch((e) => setBanner(errorText(e, 'cap')));
  useEffect(() => { load(); }, []);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v }));
  const onInput = (k) => (e) => set(k)(e.currentTarget.value);

  async function draft(e) {
    e.preventDefault();
    setErrors({}); setBanner(''); setInfo('');
    try {
      await api.post('/cap-alerts', toBody(form));
      setForm(empty());
      setInfo(t('capAlert.drafted'));
      load();
    } catch (err) {
      if (err.field && FIELDS.includes(err.field)) setErrors({ [err.field]: errorText(err, 'cap') });
      else setBanner(errorText(err, 'cap'));
    }
  }
  async function approve(id) {
    setBanner(''); setInfo('');
    try { await api.post(`/cap-alerts/${id}/approve`, {}); setInfo(t('capAlert.published')); load(); } catch (err) { setBanner(errorText(err, 'cap')); }
  }
  const text = (k, type = 'text') => html`
    <${Field} id=${`cap-${k}`} label=${t(`capAlert.${k}`)} error=${errors[k]} required=${['event', 'headline', 'area_desc', 'expires'].includes(k)}>
      <input id=${`cap-${k}`} name=${k} type=${type} value=${form[k]} onInput=${onInput(k)} ...${described(`cap-${k}`, errors[k])} />
    <//>`;
  const lines = (k) => html`
    <${Field} id=${`cap-${k}`} label=${t(`capAlert.${k}`)} error=${errors[k]} wide>
      <textarea id=${`cap-${k}`} name=${k} rows="3" value=${form[k]} onInput=${onInput(k)} ...${described(`cap-${k}`, errors[k])}></textarea>
    <//>`;
  const pick = (k, list) => html`
    <${Field} id=${`cap-${k}`} label=${t(`capAlert.${k}`)} error=${errors[k]}>
      <${Select} id=${`cap-${k}`} value=${form[k]} options=${list.map((v) => ({ value: v, label: t(`capAlert.v.${v}`) }))} onChange=${set(k)} />
    <//>`;
  return html`
    <section class="page cap-page" aria-labelledby="cap-heading">
      <header class="page-head">
        <h1 id="cap-heading">${t('capAlert.title')}</h1>
        <a class="button" href="/api/v1/alerts.cap" target="_blank" rel="noopener">${t('capAlert.feed')}</a>
      </header>
      <p class="muted">${t('capAlert.intro')}</p>
      ${banner ? html`<${Banner}>${banner}<//>` : ''}
      ${info ? html`<${Banner} kind="info" testid="cap-info">${info}<//>` : ''}
      <div class="table-wrap"><table class="data" data-testid="cap-list">
        <thead><tr><th>${t('capAlert.headline')}</th><th>${t('capAlert.severity')}</th><th>${t('capAlert.area_desc')}</th>
          <th>${t('capAlert.expires')}</th><th>${t('capAlert.state')}</th><th></th></tr></thead>
        <tbody>${items.map((c) => html`
          <tr key=${c.id} data-testid="cap-row" data-state=${c.state}>
            <td>${c.headline}</td><td>${t(`capAlert.v.${c.severity}`)}</td><td>${c.area_desc}</td><td>${c.expires}</td>
            <td>${c.state === 'published' ? t('capAlert.state.published', { who: c.approver, at: formatTime(c.sent) }) : t('capAlert.state.draft', { who: c.author })}</td>
            <td>${c.state === 'draft' && APPROVERS.includes(user.role) && c.author_id !== user.id
              ? html`<button type="button" onClick=${() => approve(c.id)} data-testid="cap-approve">${t('capAlert.approve')}</button>` : ''}</td>
          </tr>`)}</tbody>
      </table></div>
      <h2>${t('capAlert.new')}</h2>
      <form class="unit-form" onSubmit=${draft} noValidate data-testid="cap-form">
        <div class="grid">
          ${text('event')} ${text('headline')} ${text('area_desc')} ${text('expires', 'datetime-local')}
          ${pick('severity', SEVERITY)} ${pick('urgency', URGENCY)} ${pick('certainty', CERTAINTY)}
          <${Field} id="cap-shape" label=${t('capAlert.shape')}>
            <${Select} id="cap-shape" value=${form.shape} options=${[{ value: 'circle', label: t('capAlert.circle') }, { value: 'polygon', label: t('capAlert.polygon') }]} onChange=${set('shape')} />
          <//>
          ${form.shape === 'circle' ? html`${text('lon')} ${text('lat')} ${text('radius_km')}
            ${errors.circle ? html`<p class="field-error" role="alert" data-testid="error-cap-circle">${errors.circle}</p>` : ''}` : lines('polygon')}
          ${lines('description')} ${lines('instruction')}
        </div>
        <div class="form-actions"><button type="submit" class="primary" data-testid="cap-submit">${t('capAlert.submit')}</button></div>
      </form>
    </section>`;
}
