// review-queue — 待我审核 (#/reviews): the risk lists waiting on the logged-in user (GET /reviews
// ?mine=1), each with 通过 / 退回; ?all=1 lists every unit's latest report in the user's scope.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { href } from '../router.js';
import { Banner, Progress, errorText, formatTime } from '../ui.js';
import { DecideForm, ReviewState, actorText } from './review-common.js';

export function ReviewQueuePage({ route }) {
  const all = route.query.get('all') === '1';
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [done, setDone] = useState('');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    setError(null);
    api.listReviews(all ? { limit: 200 } : { mine: 1, limit: 200 })
      .then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [all, tick]);
  const items = data ? data.items || [] : [];
  const decided = (r, decision) => {
    setDone(t(decision === 'approve' ? 'rv.done.approve' : 'rv.done.return', { unit: r.unit_name }));
    setTick((x) => x + 1);
  };
  return html`
    <section class="page review-queue" aria-labelledby="rq-title" data-testid="review-queue">
      <header class="page-head">
        <div>
          <h1 id="rq-title">${all ? t('rv.queue.all') : t('rv.queue.title')}</h1>
          ${data ? html`<p class="sub" data-testid="review-total">${t('rv.queue.total', { n: data.total })}</p>` : ''}
        </div>
        <div class="head-actions">
          <a class="button" href=${href('/reviews', all ? {} : { all: 1 })} data-testid="review-toggle">${all ? t('rv.queue.mine') : t('rv.queue.all')}</a>
        </div>
      </header>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'review') : ''}<//>
      <${Banner} kind="info" testid="review-done">${done}<//>
      ${data ? html`
        <div class="table-wrap">
          <table class="data" data-testid="review-table">
            <thead><tr>
              <th scope="col">${t('rv.col.unit')}</th>
              <th scope="col" class="opt">${t('rv.col.region')}</th>
              <th scope="col">${t('rv.col.kind')}</th>
              <th scope="col">${t('rv.col.state')}</th>
              <th scope="col">${t('rv.col.next')}</th>
              <th scope="col" class="opt">${t('rv.col.points')}</th>
              <th scope="col" class="opt">${t('rv.col.submitted')}</th>
              <th scope="col">${t('rv.col.actions')}</th>
            </tr></thead>
            <tbody>
              ${items.map((r) => html`
                <tr key=${r.id} data-testid="review-row" data-id=${r.id} data-unit=${r.unit_id}>
                  <td><a href=${`#/units/${r.unit_id}`}>${r.unit_name}</a></td>
                  <td class="opt">${r.region_name || r.region}</td>
                  <td>${t(`rv.kind.${r.kind}`)}</td>
                  <td><${ReviewState} state=${r.state} /></td>
                  <td>${actorText(r.waiting_on)}</td>
                  <td class="opt">${r.risk_count}${r.public_safety ? html` <span class="badge warn">${r.public_count}</span>` : ''}</td>
                  <td class="opt">${formatTime(r.submitted_at)}</td>
                  <td>${!all && r.waiting_on !== 'unit' ? html`<${DecideForm} review=${r} onDone=${decided} />`
                    : html`<a class="button" href=${`#/units/${r.unit_id}`}>${t('rv.col.unit')}</a>`}</td>
                </tr>`)}
              ${items.length === 0 ? html`<tr><td colspan="8" class="empty" data-testid="review-empty">${t('rv.queue.empty')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
    </section>`;
}
