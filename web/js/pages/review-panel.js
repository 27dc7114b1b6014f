// review-panel — a unit's page: where its risk list stands (GET /units/ID/review), who acts next,
// the reports it owes, the steps with their comments; 提交 for the unit, 通过/退回 for the actor it
// waits on; and its on-site verifications (核查) with the form for the city, district and town.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Progress, Select, described, errorText, formatTime, uid } from '../ui.js';
import { DecideForm, ReviewState, actorText } from './review-common.js';

function Steps({ steps }) {
  if (!steps || !steps.length) return html`<p class="hint">${t('rv.panel.nosteps')}</p>`;
  return html`
    <ol class="review-steps" data-testid="review-steps">
      ${steps.map((s) => html`
        <li key=${s.seq} data-action=${s.action}>
          <strong>${t(`rv.action.${s.action}`)}</strong> · ${s.login} · ${formatTime(s.at)}
          ${s.comment ? html`<div class="lines comment">${s.comment}</div>` : ''}
        </li>`)}
    </ol>`;
}

export function ReviewPanel({ unitId }) {
  const [st, setSt] = useState(null);
  const [error, setError] = useState(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [tick, setTick] = useState(0);
  const [noteId] = useState(() => uid('rv-note'));
  useEffect(() => {
    let alive = true;
    api.unitReview(unitId).then((r) => alive && setSt(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId, tick]);
  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.submitList(unitId, note);
      setNote('');
      setDone(t('rv.done.submit', { actor: actorText(r.waiting_on) }));
      setTick((x) => x + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const review = st && st.review;
  const submitLabel = st && (st.state === 'returned' ? t('rv.resubmit') : st.state === 'published' ? t('rv.submit.change') : t('rv.submit'));
  return html`
    <section class="panel review-panel" aria-labelledby="rv-title" data-testid="review-panel">
      <header class="page-head"><h2 id="rv-title">${t('rv.panel.title')}</h2></header>
      ${!st && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'review') : ''}<//>
      <${Banner} kind="info" testid="review-done">${done}<//>
      ${st ? html`
        <dl class="unit-details">
          <div><dt>${t('rv.panel.state')}</dt><dd><${ReviewState} state=${st.state} />
            ${review ? html` · ${t(`rv.kind.${review.kind}`)}` : ''}</dd></div>
          <div><dt>${t('rv.panel.next')}</dt><dd data-testid="review-next" data-actor=${st.next.actor}>
            ${st.next.actor === 'none' ? actorText('none') : t('rv.panel.waits', { actor: actorText(st.next.actor) })}</dd></div>
          <div><dt>${t('rv.panel.owed')}</dt><dd data-testid="review-owed">
            ${st.owed.length ? st.owed.map((o) => html`<div key=${o.kind} data-kind=${o.kind}>${t('rv.panel.due', { kind: t(`rv.kind.${o.kind}`), due: o.due })}
              ${o.late ? html` <span class="badge danger">${t('rv.panel.late', { n: o.days_late })}</span>` : ''}</div>`) : t('rv.panel.owed.none')}</dd></div>
        </dl>
        ${review && review.public_safety ? html`<p class="hint" data-testid="review-public">${t('rv.panel.public', { n: review.public_count })}</p>` : ''}
        <h3>${t('rv.panel.steps')}</h3>
        <${Steps} steps=${review ? review.steps : []} />
        ${st.may_submit ? html`
          <div class="no-print">
            <${Field} id=${noteId} label=${t('rv.note')} wide>
              <textarea id=${noteId} rows="2" value=${note} data-testid="review-note" onInput=${(e) => setNote(e.currentTarget.value)}></textarea>
            <//>
            <button type="button" class="primary" disabled=${busy} data-testid="review-submit" onClick=${submit}>${submitLabel}</button>
          </div>` : ''}
        ${st.may_decide && review ? html`<${DecideForm} review=${review} onDone=${() => setTick((x) => x + 1)} />` : ''}` : ''}
    </section>`;
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const VERIFIERS = ['city', 'city_dept', 'district', 'district_dept', 'street'];

export function VerificationPanel({ unitId }) {
  const user = api.currentUser() || {};
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [form, setForm] = useState({ result: 'pass', findings: '', checked_on: today() });
  const [fieldErr, setFieldErr] = useState(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [tick, setTick] = useState(0);
  const [open, setOpen] = useState(false);
  const [ids] = useState(() => ({ result: uid('vf-result'), findings: uid('vf-findings'), on: uid('vf-on') }));
  useEffect(() => {
    let alive = true;
    api.unitVerifications(unitId).then((x) => alive && setItems(x)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId, tick]);
  async function save(e) {
    e.preventDefault();
    setBusy(true);
    setFieldErr(null);
    setDone('');
    try {
      await api.createVerification(unitId, form);
      setForm({ result: 'pass', findings: '', checked_on: today() });
      setOpen(false);
      setDone(t('vf.saved'));
      setTick((x) => x + 1);
    } catch (x) {
      setFieldErr(x);
    } finally {
      setBusy(false);
    }
  }
  const errOf = (f) => (fieldErr && fieldErr.field === f ? errorText(fieldErr, 'verification') : '');
  const set = (k) => (v) => setForm({ ...form, [k]: v });
  return html`
    <section class="panel verification-panel" aria-labelledby="vf-title" data-testid="verification-panel">
      <header class="page-head"><h2 id="vf-title">${t('vf.title')}${items ? ` (${items.length})` : ''}</h2></header>
      <${Banner}>${error ? errorText(error, 'verification') : ''}<//>
      ${items ? html`
        <div class="table-wrap">
          <table class="data" data-testid="verification-table">
            <thead><tr>
              <th scope="col">${t('vf.checked_on')}</th><th scope="col">${t('vf.level')}</th>
              <th scope="col">${t('vf.result')}</th><th scope="col">${t('vf.findings')}</th><th scope="col" class="opt">${t('vf.by')}</th>
            </tr></thead>
            <tbody>
              ${items.map((v) => html`<tr key=${v.id} data-testid="verification-row">
                <td>${v.checked_on}</td><td>${t(`vf.level.${v.level}`)}</td>
                <td>${t(`vf.result.${v.result}`)}</td><td class="lines">${v.findings}</td><td class="opt">${v.login}</td></tr>`)}
              ${items.length === 0 ? html`<tr><td colspan="5" class="empty">${t('vf.none')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
      <${Banner} kind="info" testid="verification-done">${done}<//>
      ${VERIFIERS.includes(user.role) && !open ? html`<button type="button" class="no-print" data-testid="vf-new"
        onClick=${() => { setOpen(true); setDone(''); }}>${t('vf.new')}</button>` : ''}
      ${VERIFIERS.includes(user.role) && open ? html`
        <form class="form no-print" onSubmit=${save} data-testid="verification-form" noValidate>
          <h3>${t('vf.new')}</h3>
          <${Banner}>${fieldErr && !['result', 'findings', 'checked_on'].includes(fieldErr.field) ? errorText(fieldErr, 'verification') : ''}<//>
          <${Field} id=${ids.result} label=${t('vf.result')} error=${errOf('result')} required>
            <${Select} id=${ids.result} value=${form.result} onChange=${set('result')}
              options=${[{ value: 'pass', label: t('vf.result.pass') }, { value: 'issues', label: t('vf.result.issues') }]}
              extra=${{ 'data-testid': 'vf-result', ...described(ids.result, errOf('result')) }} />
          <//>
          <${Field} id=${ids.on} label=${t('vf.checked_on')} error=${errOf('checked_on')} required>
            <input id=${ids.on} type="date" value=${form.checked_on} max=${today()} data-testid="vf-checked-on"
              onInput=${(e) => set('checked_on')(e.currentTarget.value)} ...${described(ids.on, errOf('checked_on'))} />
          <//>
          <${Field} id=${ids.findings} label=${t('vf.findings')} error=${errOf('findings')} required wide>
            <textarea id=${ids.findings} rows="4" value=${form.findings} data-testid="vf-findings"
              onInput=${(e) => set('findings')(e.currentTarget.value)} ...${described(ids.findings, errOf('findings'))}></textarea>
          <//>
          <div class="actions"><button type="submit" class="primary" disabled=${busy} data-testid="vf-save">${t('vf.save')}</button>
            <button type="button" disabled=${busy} onClick=${() => { setOpen(false); setFieldErr(null); }}>${t('rv.cancel')}</button></div>
        </form>` : ''}
    </section>`;
}
