// hazard-page — one hidden hazard (#/hazards/ID): its details, photos (fetched as Blobs: the server
// sends attachments as downloads), the timeline of its events, and a button for each step in its
// `actions` — exactly the steps this user may take now (the server decides). A step opens a small
// form with exactly its `takes` fields, the `needs` ones marked required; a refusal is shown under
// the field it names.

import { html, useEffect, useState } from '../html.js';
import { t, pickName, getLang } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs } from '../router.js';
import { useDepartments } from '../refdata.js';
import { Banner, Field, Progress, described, errorText, formatTime, uid } from '../ui.js';
import { AttachmentThumb, DueBadge, EscalationBadge, HazardGrade, HazardTabs, StateBadge, todayCst } from './hazard-common.js';
import { PrintButton } from '../export.js';

const TEXTAREAS = new Set(['comment', 'measures', 'evidence']);

// "下一步：由 昆山市 验收": whom the hazard waits for (the server's next_step), for a user who can do
// nothing on it now.
function NextStep({ next }) {
  if (!next) return '';
  const by = next.by_name || t(`hz.next.role.${next.by_role}`);
  return html`<p class="hz-next" data-testid="hz-next-step" data-to=${next.to} data-by-role=${next.by_role}>
    ${t('hz.next', { by, step: t(`hz.next.step.${next.to}`) })}</p>`;
}

// A login shown as its account's real name where the server knows it: 王建国（wang）.
const person = (name, login) => (name ? (name === login ? name : `${name}（${login}）`) : login);

function fieldLabel(f) { return t(`hz.field.${f}`); }

// The form of one step: the fields it takes, the ones it needs marked, server errors inline.
function ActionForm({ hazard, action, departments, onDone, onCancel }) {
  const [values, setValues] = useState(() => {
    const v = {};
    for (const f of action.takes) v[f] = f === 'supervised_by' ? (hazard.supervised_by || hazard.dept || 'AWB') : '';
    return v;
  });
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const [ids] = useState(() => Object.fromEntries(action.takes.map((f) => [f, uid(`act-${f}`)])));
  const needs = new Set(action.needs || []);

  async function submit(e) {
    e.preventDefault();
    const errs = {};
    for (const f of needs) if (!String(values[f] ?? '').trim()) errs[f] = t('hz.required');
    setErrors(errs);
    setBanner('');
    if (Object.keys(errs).length) return;
    const body = {};
    for (const f of action.takes) {
      const v = String(values[f] ?? '').trim();
      if (!v) continue;
      body[f] = f === 'funds_cny' ? Number(v) : v;
    }
    if (hazard.version) body.version = hazard.version;
    setBusy(true);
    try {
      await api.transitionHazard(hazard.id, action.to, body);
      onDone();
    } catch (err) {
      setBusy(false);
      const f = err.field && err.field.split('.')[0];
      if (f && action.takes.includes(f)) setErrors({ [f]: errorText(err, 'hazard') });
      else setBanner(err.status === 409 && err.code === 'conflict' ? t('hz.conflict') : errorText(err, 'hazard'));
    }
  }

  const set = (f) => (e) => { const v = e.currentTarget.value; setValues((o) => ({ ...o, [f]: v })); };
  const control = (f) => {
    const id = ids[f];
    const a = { id, name: f, required: needs.has(f), ...described(id, errors[f]) };
    if (TEXTAREAS.has(f)) return html`<textarea ...${a} rows="3" value=${values[f]} onInput=${set(f)}></textarea>`;
    if (f === 'deadline') return html`<input ...${a} type="date" min=${todayCst()} value=${values[f]} onInput=${set(f)} />`;
    if (f === 'funds_cny') return html`<input ...${a} type="number" min="0" step="0.01" inputmode="decimal" value=${values[f]} onInput=${set(f)} />`;
    if (f === 'supervised_by') {
      const opts = ['AWB', hazard.dept].filter((x, i, all) => x && all.indexOf(x) === i);
      const name = (c) => pickName(departments.find((d) => d.code === c)) || c;
      return html`<select ...${a} value=${values[f]} onChange=${set(f)}>
        ${opts.map((c) => html`<option value=${c}>${name(c)}</option>`)}</select>`;
    }
    return html`<input ...${a} type="text" value=${values[f]} onInput=${set(f)} />`;
  };

  return html`
    <form class="panel hz-action-form" onSubmit=${submit} data-testid="action-form" data-to=${action.to}
      aria-labelledby="act-title" noValidate>
      <h2 id="act-title">${actionLabel(action)}</h2>
      <${Banner}>${banner}<//>
      <div class="grid">
        ${action.takes.map((f) => html`
          <${Field} key=${f} id=${ids[f]} label=${fieldLabel(f)} required=${needs.has(f)} error=${errors[f]} wide=${TEXTAREAS.has(f)}>
            ${control(f)}
          <//>`)}
      </div>
      ${action.takes.length === 0 ? html`<p class="hint">${t('hz.act.noFields')}</p>` : ''}
      <div class="form-actions">
        <button type="submit" class=${action.rejection ? 'danger' : 'primary'} disabled=${busy} data-testid="action-submit">
          ${t('hz.act.confirm')}</button>
        <button type="button" onClick=${onCancel} disabled=${busy}>${t('hz.cancel')}</button>
      </div>
    </form>`;
}

export function actionLabel(a) {
  return a.rejection ? t('hz.act.reject', { state: t(`hz.state.${a.to}`) }) : t(`hz.act.${a.to}`);
}

function Detail({ label, children, testid }) {
  if (children === null || children === undefined || children === '') return '';
  return html`<div class="hz-detail"><dt>${label}</dt><dd data-testid=${testid}>${children}</dd></div>`;
}

function Photos({ hazard, onChanged, canAttach }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [inputId] = useState(() => uid('hz-photo'));
  async function upload(e) {
    const files = [...e.currentTarget.files];
    e.currentTarget.value = '';
    if (!files.length) return;
    setBusy(true);
    setError('');
    try {
      for (const f of files) await api.uploadAttachment(hazard.id, f, f.name);
    } catch (err) {
      setError(errorText(err));
    }
    setBusy(false);
    onChanged();
  }
  const atts = hazard.attachments || [];
  return html`
    <section class="panel" aria-labelledby="hz-photos-title" data-testid="hz-photos">
      <h2 id="hz-photos-title">${t('hz.photos')} (${atts.length})</h2>
      <div class="thumbs">
        ${atts.map((a) => html`<${AttachmentThumb} key=${a.id} hazardId=${hazard.id} att=${a} />`)}
        ${atts.length === 0 ? html`<p class="hint">${t('hz.photos.none')}</p>` : ''}
      </div>
      ${canAttach ? html`
        <div class="field">
          <label for=${inputId}>${t('hz.photos.add')}</label>
          <input id=${inputId} type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple
            onChange=${upload} disabled=${busy} data-testid="hz-photo-input" />
        </div>` : ''}
      ${busy ? html`<${Progress} label=${t('hz.photos.uploading')} />` : ''}
      <${Banner}>${error}<//>
    </section>`;
}

function Timeline({ events }) {
  const lang = getLang();
  return html`
    <section class="panel history" aria-labelledby="hz-events-title">
      <h2 id="hz-events-title">${t('hz.events')}</h2>
      <ol class="timeline" data-testid="hz-events">
        ${(events || []).slice().reverse().map((ev, i) => html`
          <li key=${i} data-to=${ev.to}>
            <strong>${ev.from && ev.from !== ev.to
              ? html`${t(`hz.state.${ev.from}`)} → ${t(`hz.state.${ev.to}`)}`
              : ev.from ? t('hz.event.note') : t(`hz.state.${ev.to}`)}</strong>
            ${ev.comment ? html`<span class="comment">${ev.comment}</span>` : ''}
            <span class="who">${ev.login || ''}</span>
            <time datetime=${ev.at}>${formatTime(ev.at, lang)}</time>
          </li>`)}
      </ol>
    </section>`;
}

export function HazardPage({ id, user }) {
  const [h, setH] = useState(null);
  const [error, setError] = useState(null);
  const [open, setOpen] = useState(null); // the `to` of the step whose form is open
  const [notice, setNotice] = useState('');
  const departments = useDepartments();
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let alive = true;
    setError(null);
    api.getHazard(id).then((x) => alive && setH(x)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id, tick]);

  const reload = () => setTick((x) => x + 1);
  if (error) return html`<section class="page"><${HazardTabs} current="list" /><${Banner}>${errorText(error)}<//></section>`;
  if (!h) return html`<section class="page"><${Progress} /></section>`;

  const lang = getLang();
  const deptName = (c) => pickName(departments.find((d) => d.code === c)) || c;
  const actions = h.actions || [];
  const current = actions.find((a) => a.to === open);
  const canAttach = h.state !== 'closed' && user && user.role !== 'expert';

  return html`
    <section class="page hazard-page" aria-labelledby="hz-page-title" data-testid="hazard-page" data-state=${h.state} data-id=${h.id}>
      <${Breadcrumbs} items=${[{ label: t('hz.list.title'), to: '#/hazards' },
        ...(h.unit_id ? [{ label: h.unit_name, to: `#/units/${h.unit_id}` }] : []),
        { label: t('hz.page.title', { id: h.id }) }]} />
      <${HazardTabs} current="list" />
      <header class="page-head">
        <div>
          <h1 id="hz-page-title">${t('hz.page.title', { id: h.id })}</h1>
          <p class="sub lines" data-testid="hz-description">${h.description}</p>
        </div>
        <div class="head-actions">
          <${PrintButton} />
          <${HazardGrade} grade=${h.grade} />
          <${StateBadge} state=${h.state} />
          <${DueBadge} h=${h} />
          <${EscalationBadge} h=${h} />
        </div>
      </header>
      <${Banner} kind="info" testid="hz-notice">${notice}<//>

      <section class="panel hz-actions" aria-labelledby="hz-actions-title">
        <h2 id="hz-actions-title">${t('hz.actions')}</h2>
        <div class="head-actions" data-testid="hz-actions">
          ${actions.map((a) => html`
            <button type="button" key=${a.to} class=${a.rejection ? 'danger' : 'primary'} data-testid=${`action-${a.to}`}
              data-rejection=${a.rejection ? '1' : '0'} aria-expanded=${open === a.to ? 'true' : 'false'}
              onClick=${() => { setNotice(''); setOpen(open === a.to ? null : a.to); }}>${actionLabel(a)}</button>`)}
          ${actions.length === 0 ? html`<p class="hint" data-testid="hz-no-actions">${t('hz.actions.none')}</p>` : ''}
        </div>
        ${actions.length === 0 ? html`<${NextStep} next=${h.next_step} />` : ''}
        ${current ? html`<${ActionForm} key=${current.to} hazard=${h} action=${current} departments=${departments}
          onCancel=${() => setOpen(null)}
          onDone=${() => { setOpen(null); setNotice(t('hz.act.done', { state: t(`hz.state.${current.to}`) })); reload(); }} />` : ''}
      </section>

      <div class="unit-layout">
        <section class="panel" aria-labelledby="hz-details-title">
          <h2 id="hz-details-title">${t('hz.details')}</h2>
          <dl class="hz-details">
            <${Detail} label=${t('hz.unit')}>${h.unit_id ? html`<a href=${`#/units/${h.unit_id}`}>${h.unit_name}</a>` : html`<span class="hint">${t('hz.noUnit')}</span>`}<//>
            <${Detail} label=${t('hz.risk')}>${h.risk_id ? html`<a href=${`#/risks/${h.risk_id}`}>${h.risk_name || h.risk_id}</a>` : ''}<//>
            <${Detail} label=${t('hz.source')}>${t(`hz.source.${h.source}`)}<//>
            <${Detail} label=${t('hz.region')}>${h.region_name || h.region}<//>
            <${Detail} label=${t('units.dept')}>${h.dept ? deptName(h.dept) : ''}<//>
            <${Detail} label=${t('hz.location')}>${h.location}<//>
            <${Detail} label=${t('hz.coords')}>${h.lat != null && h.lon != null
              ? html`<a href=${`#/map?lat=${h.lat}&lon=${h.lon}&z=16&hazards=1`}>${Number(h.lat).toFixed(5)}, ${Number(h.lon).toFixed(5)}</a>` : ''}<//>
            <${Detail} label=${t('hz.found_at')}>${h.found_at}<//>
            <${Detail} label=${t('hz.found_by')} testid="hz-found-by">${person(h.found_by_name, h.found_by)}<//>
            <${Detail} label=${t('hz.deadline')} testid="hz-deadline">${h.deadline}<//>
            <${Detail} label=${t('hz.listed')}>${h.listed ? deptName(h.supervised_by) : ''}<//>
            <${Detail} label=${t('hz.field.measures')}>${h.measures}<//>
            <${Detail} label=${t('hz.field.responsible')} testid="hz-responsible">${person(h.responsible_name, h.responsible)}<//>
            <${Detail} label=${t('hz.field.funds_cny')}>${h.funds_cny ?? ''}<//>
            <${Detail} label=${t('hz.field.evidence')}>${h.evidence}<//>
            <${Detail} label=${t('hz.rectified_at')}>${h.rectified_at ? formatTime(h.rectified_at, lang) : ''}<//>
            <${Detail} label=${t('hz.verified_at')}>${h.verified_at ? formatTime(h.verified_at, lang) : ''}<//>
            <${Detail} label=${t('hz.closed_at')}>${h.closed_at ? formatTime(h.closed_at, lang) : ''}<//>
            <${Detail} label=${t('hz.contact')}>${h.contact}<//>
          </dl>
        </section>
        <div class="side">
          <${Photos} hazard=${h} onChanged=${reload} canAttach=${canAttach} />
          <${Timeline} events=${h.events} />
        </div>
      </div>
    </section>`;
}
