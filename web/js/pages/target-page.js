// target-page — one vulnerable target (#/targets/ID): what it is, how many people are there by
// day and night, and the sources whose impact range reaches it (GET /api/v1/exposure?target=ID)
// with their distance and radius, nearest first; flagged 叠加 when two or more reach it.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs, href, navigate } from '../router.js';
import { Banner, GradeBadge, Progress, errorText, formatNumber } from '../ui.js';
import { lastTargetsHref, people } from './targets.js';
import { takeTargetFlash } from './target-form.js';
import { MhsGrade } from './installations.js';

export function TargetPage({ id }) {
  const [target, setTarget] = useState(null);
  const [exp, setExp] = useState(null);
  const [error, setError] = useState(null);
  const [flash] = useState(takeTargetFlash);

  useEffect(() => {
    let alive = true;
    api.get(`/targets/${id}`).then((x) => alive && setTarget(x)).catch((e) => alive && setError(e));
    api.get('/exposure', { target: id }).then((x) => alive && setExp(x)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id]);

  async function archive() {
    if (!window.confirm(t('tg.archive.confirm'))) return;
    try { await api.del(`/targets/${id}`); navigate(lastTargetsHref()); } catch (e) { setError(e); }
  }

  const x = target;
  const sources = (exp && exp.sources) || [];
  return html`
    <section class="page target-page" aria-labelledby="tp-title">
      <${Breadcrumbs} items=${[{ label: t('targets.title'), to: lastTargetsHref() }, { label: x ? x.name : `#${id}` }]} />
      <header class="page-head">
        <h1 id="tp-title">${x ? x.name : ''}</h1>
        ${exp && exp.superposed ? html`<span class="tag superposed" title=${t('tg.superposed.hint')} data-testid="target-superposed">${t('tg.superposed')}</span>` : ''}
        <span class="actions">
          ${x && x.lat !== null ? html`<a class="button" href=${href('/map', { lat: x.lat, lon: x.lon, z: 15, targets: 1 })}>${t('tg.onMap')}</a>` : ''}
          <a class="button" href=${`#/targets/${id}/edit`} data-testid="target-edit">${t('tg.edit')}</a>
          ${x && x.status === 'active' ? html`<button type="button" onClick=${archive}>${t('tg.archive')}</button>` : ''}
        </span>
      </header>
      ${flash ? html`<${Banner} kind="ok">${flash}<//>` : ''}
      <${Banner}>${error ? errorText(error, 'target') : ''}<//>
      ${!x && !error ? html`<${Progress} />` : ''}
      ${x ? html`
        <dl class="facts" data-testid="target-facts">
          <div><dt>${t('tg.kind')}</dt><dd>${t(`tk.${x.kind}`)}</dd></div>
          <div><dt>${t('tg.class')}</dt><dd>${t(`tc.${x.protection_class}`)}</dd></div>
          <div><dt>${t('tg.region')}</dt><dd>${x.region_name || x.region}</dd></div>
          <div><dt>${t('tg.dept')}</dt><dd>${x.dept_name || x.dept || ''}</dd></div>
          <div><dt>${t('tg.address')}</dt><dd>${x.address || ''}</dd></div>
          <div><dt>${t('tg.peopleDay')}</dt><dd data-testid="target-people-day">${people(x.people_day)}</dd></div>
          <div><dt>${t('tg.peopleNight')}</dt><dd>${people(x.people_night)}</dd></div>
          <div><dt>${t('tg.lon')} / ${t('tg.lat')}</dt><dd class="mono">${formatNumber(x.lon, 6)}, ${formatNumber(x.lat, 6)}</dd></div>
        </dl>` : ''}
      <section aria-labelledby="tp-sources">
        <h2 id="tp-sources">${t('tg.sources')}</h2>
        ${exp ? html`<p class="total" data-testid="target-sources-count" data-count=${sources.length}>${sources.length ? t('tg.sources.count', { n: sources.length }) : t('tg.sources.none')}</p>` : html`<${Progress} />`}
        ${sources.length ? html`
          <div class="table-wrap"><table class="data" data-testid="target-sources">
            <thead><tr><th scope="col">${t('tg.col.source')}</th><th scope="col">${t('tg.col.kind')}</th><th scope="col">${t('tg.col.unit')}</th>
              <th scope="col">${t('tg.col.grade')}</th><th scope="col" class="num">${t('tg.col.distance')}</th><th scope="col" class="num">${t('tg.col.radius')}</th></tr></thead>
            <tbody>${sources.map((s) => html`
              <tr key=${`${s.kind}-${s.id}`} data-testid="target-source" data-kind=${s.kind} data-id=${s.id}>
                <td>${s.in_scope === false ? '' : html`<a href=${s.kind === 'risk' ? `#/risks/${s.id}` : `#/installations/${s.id}`}>${s.name}</a>`}</td>
                <td>${t(`tg.src.${s.kind}`)}</td>
                <td>${s.unit_name || ''}</td>
                <td>${s.kind === 'installation' ? html`<${MhsGrade} grade=${s.grade} />` : s.grade ? html`<${GradeBadge} grade=${s.grade} />` : ''}</td>
                <td class="num" data-testid="source-distance">${formatNumber(s.distance_m, 0)}</td>
                <td class="num">${formatNumber(s.radius_m, 0)}</td>
              </tr>`)}</tbody>
          </table></div>` : ''}
      </section>
    </section>`;
}
