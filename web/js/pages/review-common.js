// review-common — the pieces the review queue and a unit's page share: the state badge, who acts
// next, and the decide form (通过 / 退回 with a comment). Talks to the API through api.js only.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, described, errorText, uid } from '../ui.js';

export function ReviewState({ state }) {
  return html`<span class=${`badge review-${state}`} data-testid="review-state" data-state=${state}>${t(`rv.state.${state}`)}</span>`;
}

export const actorText = (actor) => t(`rv.actor.${actor || 'none'}`);

// Approve at once; return opens a comment box (required, line breaks kept). onDone(review, decision).
export function DecideForm({ review, onDone }) {
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [id] = useState(() => uid('rv-comment'));
  async function decide(decision) {
    setBusy(true);
    setError(null);
    try {
      const r = await api.decideReview(review.id, decision, decision === 'return' ? comment : '');
      setReturning(false);
      setComment('');
      onDone(r, decision);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  const fieldError = error && error.field === 'comment' ? errorText(error, 'review') : '';
  return html`
    <div class="decide no-print" data-testid="decide">
      <${Banner}>${error && !fieldError ? errorText(error, 'review') : ''}<//>
      ${returning ? html`
        <${Field} id=${id} label=${t('rv.return.title')} hint=${t('rv.return.hint')} error=${fieldError} required wide>
          <textarea id=${id} rows="3" value=${comment} data-testid="decide-comment"
            onInput=${(e) => setComment(e.currentTarget.value)} ...${described(id, fieldError, t('rv.return.hint'))}></textarea>
        <//>
        <div class="actions">
          <button type="button" class="danger" disabled=${busy} data-testid="decide-return-confirm" onClick=${() => decide('return')}>${t('rv.confirm.return')}</button>
          <button type="button" disabled=${busy} onClick=${() => { setReturning(false); setError(null); }}>${t('rv.cancel')}</button>
        </div>` : html`
        <div class="actions">
          <button type="button" class="primary" disabled=${busy} data-testid="decide-approve" onClick=${() => decide('approve')}>${t('rv.approve')}</button>
          <button type="button" disabled=${busy} data-testid="decide-return" onClick=${() => setReturning(true)}>${t('rv.return')}</button>
        </div>`}
    </div>`;
}
