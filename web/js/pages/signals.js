// signals — 外部预警信息 (#/signals): the form that posts a weather warning (type, colour, the
// districts it covers in the user's territory, time window) or a monitoring event (unit, reading,
// threshold), the alerts it raised at once, and the signals posted in the territory.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { useDistricts } from '../refdata.js';
import { Banner, Field, Select, described, errorText, formatTime } from '../ui.js';

const WEATHER = ['rainstorm', 'typhoon', 'gale', 'heat', 'thunder', 'fog', 'haze', 'cold_wave', 'hail', 'snow', 'road_ice'];
const MONITORING = ['gas', 'toxic', 'temperature', 'pressure', 'level', 'other'];
const LEVELS = ['blue', 'yellow', 'orange', 'red'];
const FIELDS = ['kind', 'type', 'level', 'title', 'source', 'regions', 'start', 'end', 'unit_id', 'value', 'threshold', 'measure', 'description'];

const empty = () => ({ kind: 'weather', type: 'rainstorm', level: 'orange', title: '', source: '', regions: [], start: '', end: '',
  unit_id: '', value: '', threshold: '', measure: '', description: '' });

function toBody(f) {
  const body = { kind: f.kind, type: f.type, level: f.level, title: f.title, start: f.start };
  if (f.source.trim()) body.source = f.source;
  if (f.description.trim()) body.description = f.description;
  if (f.end) body.end = f.end;
  if (f.kind === 'weather') { if (f.regions.length) body.regions = f.regions; }
  else {
    body.unit_id = Number(f.unit_id);
    if (f.value !== '') body.value = Number(f.value);
    if (f.threshold !== '') body.threshold = Number(f.threshold);
    if (f.measure.trim()) body.measure = f.measure;
  }
  return body;
}

export function SignalsPage({ user }) {
  const districts = useDistricts();
  const mine = districts.filter((d) => d.code.startsWith(user.region) || user.region.startsWith(d.code));
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [result, setResult] = useState(null);
  const [items, setItems] = useState([]);
  const load = () => api.get('/signals').then((r) => setItems(r.items)).catch((e) => setBanner(errorText(e, 'signal')));
  useEffect(() => { load(); }, []);
  const set = (k) => (v) => setForm((f) => ({ ...f, [k]: v, ...(k === 'kind' ? { type: v === 'weather' ? 'rainstorm' : 'gas' } : {}) }));
  const onInput = (k) => (e) => set(k)(e.currentTarget.value);
  const toggle = (code) => setForm((f) => ({ ...f, regions: f.regions.includes(code) ? f.regions.filter((c) => c !== code) : [...f.regions, code] }));

  async function submit(e) {
    e.preventDefault();
    setErrors({}); setBanner(''); setResult(null);
    try {
      const s = await api.post('/signals', toBody(form));
      setResult(s);
      load();
    } catch (err) {
      if (err.field && FIELDS.includes(err.field)) setErrors({ [err.field]: errorText(err, 'signal') });
      else setBanner(errorText(err, 'signal'));
    }
  }
  const text = (k, type = 'text', required = false) => html`
    <${Field} id=${`sg-${k}`} label=${t(`sg.${k}`)} error=${errors[k]} required=${required}>
      <input id=${`sg-${k}`} name=${k} type=${type} value=${form[k]} onInput=${onInput(k)} ...${described(`sg-${k}`, errors[k])} />
    <//>`;
  const weather = form.kind === 'weather';
  return html`
    <section class="page signals-page" aria-labelledby="sg-heading">
      <header class="page-head"><h1 id="sg-heading">${t('sg.heading')}</h1></header>
      <p class="muted">${t('sg.intro')}</p>
      ${banner ? html`<${Banner}>${banner}<//>` : ''}
      ${result ? html`<div class="banner info" role="status" data-testid="sg-result">${t('sg.raised', { n: result.alerts.length })}
        <ul>${result.alerts.map((a) => html`<li key=${a.id}><a href="#/alerts">${a.title}</a></li>`)}</ul></div>` : ''}
      <form class="unit-form" onSubmit=${submit} noValidate data-testid="sg-form">
        <div class="grid">
          <${Field} id="sg-kind" label=${t('sg.kind')}>
            <${Select} id="sg-kind" value=${form.kind} options=${['weather', 'monitoring'].map((v) => ({ value: v, label: t(`sg.kind.${v}`) }))} onChange=${set('kind')} />
          <//>
          <${Field} id="sg-type" label=${t('sg.type')} error=${errors.type}>
            <${Select} id="sg-type" value=${form.type} options=${(weather ? WEATHER : MONITORING).map((v) => ({ value: v, label: t(`sg.type.${v}`) }))} onChange=${set('type')} />
          <//>
          <${Field} id="sg-level" label=${t('sg.level')} error=${errors.level}>
            <${Select} id="sg-level" value=${form.level} options=${LEVELS.map((v) => ({ value: v, label: t(`alerts.level.${v}`) }))} onChange=${set('level')} />
          <//>
          ${text('title', 'text', true)} ${text('source')}
          ${text('start', 'datetime-local', true)} ${text('end', 'datetime-local', weather)}
          ${weather ? html`
            <fieldset class="field wide" data-testid="sg-regions">
              <legend>${t('sg.regions')}<span class="req" aria-hidden="true"> *</span></legend>
              ${mine.map((d) => html`<label key=${d.code} class="check"><input type="checkbox" checked=${form.regions.includes(d.code)}
                onChange=${() => toggle(d.code)} /> ${d.name}</label>`)}
              ${errors.regions ? html`<p class="field-error" role="alert" data-testid="error-sg-regions">${errors.regions}</p>` : ''}
            </fieldset>` : html`${text('unit_id', 'text', true)} ${text('value', 'text', true)} ${text('threshold')} ${text('measure')}`}
          <${Field} id="sg-description" label=${t('sg.description')} wide>
            <textarea id="sg-description" rows="3" value=${form.description} onInput=${onInput('description')}></textarea>
          <//>
        </div>
        <div class="form-actions"><button type="submit" class="primary" data-testid="sg-submit">${t('sg.submit')}</button></div>
      </form>
      <h2>${t('sg.list')}</h2>
      <div class="table-wrap"><table class="data" data-testid="sg-list">
        <thead><tr><th>${t('sg.title')}</th><th>${t('sg.type')}</th><th>${t('sg.level')}</th><th>${t('sg.window')}</th><th>${t('sg.raised.col')}</th></tr></thead>
        <tbody>${items.map((s) => html`<tr key=${s.id}><td>${s.title}</td><td>${t(`sg.type.${s.type}`)}</td>
          <td>${t(`alerts.level.${s.level}`)}</td><td>${s.start} – ${s.end}</td><td>${s.raised}</td></tr>`)}</tbody>
      </table></div>
      <p class="muted">${items.length ? t('sg.last', { at: formatTime(items[0].created_at) }) : ''}</p>
    </section>`;
}
