// unit-risks — the risk side of a unit's page (#/units/ID, under the unit's details): its
// four-colour rating with the reason, and its risk points with "add" and "add from catalogue".

import { html, useEffect, useState } from '../html.js';
import { t, getLang } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { Banner, GradeBadge, Progress, RatingBadge, errorText } from '../ui.js';
import { GRADES } from '../colors.js';
import { Owner } from './risks.js';
import { RiskCopyPanel, canCopyRisks } from './risk-copy.js';

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
  const [picked, setPicked] = useState(() => new Set()); // risk ids ticked for 复制到其他单位
  const [copying, setCopying] = useState(false);
  const canCopy = !readOnly && canCopyRisks(api.currentUser());
  useEffect(() => {
    let alive = true;
    api.unitRisks(unitId).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId]);
  const active = (items || []).filter((r) => r.status !== 'archived');
  const pick = (id, on) => setPicked((p) => { const n = new Set(p); if (on) n.add(id); else n.delete(id); return n; });
  const allPicked = active.length > 0 && active.every((r) => picked.has(r.id));
  return html`
    <section class="panel unit-risks" aria-labelledby="unit-risks-title" data-testid="unit-risks">
      <header class="page-head">
        <h2 id="unit-risks-title">${t('unit.risks')}${items ? ` (${active.length})` : ''}</h2>
        ${readOnly ? '' : html`<div class="head-actions">
          <a class="button primary" href=${`#/units/${unitId}/risks/new`} data-testid="add-risk">${t('unit.addRisk')}</a>
          <a class="button" href=${`#/units/${unitId}/catalogue`} data-testid="add-from-catalogue">${t('unit.addFromCatalogue')}</a>
          ${canCopy ? html`<button type="button" onClick=${() => setCopying(true)} disabled=${!picked.size}
            data-testid="copy-open">${t('copy.open', { n: picked.size })}</button>` : ''}
        </div>`}
      </header>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${canCopy && copying ? html`<${RiskCopyPanel} unitId=${unitId} riskIds=${active.filter((r) => picked.has(r.id)).map((r) => r.id)}
        onClose=${() => setCopying(false)} />` : ''}
      ${items ? html`
        <div class="table-wrap">
          <table class="data" data-testid="unit-risks-table">
            <thead><tr>
              ${canCopy ? html`<th scope="col" class="pick"><input type="checkbox" id="ur-pick-all" aria-label=${t('copy.pickAll')}
                checked=${allPicked} onChange=${(e) => setPicked(e.currentTarget.checked ? new Set(active.map((r) => r.id)) : new Set())} /></th>` : ''}
              <th scope="col">${t('risk.name')}</th>
              <th scope="col">${t('risks.col.grade')}</th>
              <th scope="col" class="opt">${t('risk.place')}</th>
              <th scope="col" class="opt">${t('risks.col.score')}</th>
              <th scope="col">${t('risks.col.owner')}</th>
            </tr></thead>
            <tbody>
              ${active.map((r) => html`
                <tr key=${r.id} class="clickable" data-testid="unit-risk-row" data-id=${r.id} data-grade=${r.grade}
                  onClick=${(e) => { if (e.target.tagName !== 'A' && !e.target.closest('.pick')) navigate(`#/risks/${r.id}`); }}>
                  ${canCopy ? html`<td class="pick"><input type="checkbox" id=${`ur-pick-${r.id}`} aria-label=${t('copy.pick', { name: r.name })}
                    checked=${picked.has(r.id)} onChange=${(e) => pick(r.id, e.currentTarget.checked)} data-testid="unit-risk-pick" /></td>` : ''}
                  <td><a href=${`#/risks/${r.id}`}>${r.name}</a></td>
                  <td><${GradeBadge} grade=${r.grade} /></td>
                  <td class="opt">${r.place}</td>
                  <td class="opt">${r.method ? `${t(`method.${r.method}.short`)} ${r.score ?? ''}` : ''}</td>
                  <td><${Owner} risk=${r} /></td>
                </tr>`)}
              ${active.length === 0 ? html`<tr><td colspan=${canCopy ? 6 : 5} class="empty">${t('unit.noRisks')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
    </section>`;
}
