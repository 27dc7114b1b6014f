// unit-risks — the risk side of a unit's page (#/units/ID, under the unit's details): its
// four-colour rating with the reason, and its risk points with "add" and "add from catalogue".

import { html, useEffect, useState } from '../html.js';
import { t, getLang } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { Banner, GradeBadge, Progress, RatingBadge, errorText } from '../ui.js';
import { GRADES } from '../colors.js';
import { Owner } from './risks.js';

export function UnitRating({ unitId }) {
  const [rating, setRating] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.unitRating(unitId).then((r) => alive && setRating(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId]);
  if (error) return html`<${Banner}>${errorText(error)}<//>`;
  if (!rating) return html`<${Progress} />`;
  const by = rating.points_by_grade || {};
  const reason = getLang() === 'en' ? (rating.reason || rating.reason_cn) : (rating.reason_cn || rating.reason);
  return html`
    <section class="panel rating-panel" aria-labelledby="rating-title" data-testid="unit-rating" data-color=${rating.color}>
      <h2 id="rating-title">${t('unit.rating')}</h2>
      <div class="rating-line">
        <${RatingBadge} color=${rating.color} />
        <span class="reason" data-testid="rating-reason">${reason || ''}</span>
      </div>
      <ul class="grade-counts">
        ${GRADES.map((g) => html`<li key=${g}><${GradeBadge} grade=${g} /> <span data-testid=${`points-grade-${g}`}>${by[g] ?? by[String(g)] ?? 0}</span></li>`)}
      </ul>
      ${rating.owner_flags ? html`<p class="field-warning" data-testid="owner-flags">${t('unit.ownerFlags', { n: rating.owner_flags })}</p>` : ''}
    </section>`;
}

export function UnitRisks({ unitId, readOnly }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.unitRisks(unitId).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId]);
  const active = (items || []).filter((r) => r.status !== 'archived');
  return html`
    <section class="panel unit-risks" aria-labelledby="unit-risks-title" data-testid="unit-risks">
      <header class="page-head">
        <h2 id="unit-risks-title">${t('unit.risks')}${items ? ` (${active.length})` : ''}</h2>
        ${readOnly ? '' : html`<div class="head-actions">
          <a class="button primary" href=${`#/units/${unitId}/risks/new`} data-testid="add-risk">${t('unit.addRisk')}</a>
          <a class="button" href=${`#/units/${unitId}/catalogue`} data-testid="add-from-catalogue">${t('unit.addFromCatalogue')}</a>
        </div>`}
      </header>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${items ? html`
        <div class="table-wrap">
          <table class="data" data-testid="unit-risks-table">
            <thead><tr>
              <th scope="col">${t('risk.name')}</th>
              <th scope="col">${t('risks.col.grade')}</th>
              <th scope="col" class="opt">${t('risk.place')}</th>
              <th scope="col" class="opt">${t('risks.col.score')}</th>
              <th scope="col">${t('risks.col.owner')}</th>
            </tr></thead>
            <tbody>
              ${active.map((r) => html`
                <tr key=${r.id} class="clickable" data-testid="unit-risk-row" data-id=${r.id} data-grade=${r.grade}
                  onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/risks/${r.id}`); }}>
                  <td><a href=${`#/risks/${r.id}`}>${r.name}</a></td>
                  <td><${GradeBadge} grade=${r.grade} /></td>
                  <td class="opt">${r.place}</td>
                  <td class="opt">${r.method ? `${t(`method.${r.method}.short`)} ${r.score ?? ''}` : ''}</td>
                  <td><${Owner} risk=${r} /></td>
                </tr>`)}
              ${active.length === 0 ? html`<tr><td colspan="5" class="empty">${t('unit.noRisks')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
    </section>`;
}
