// changes — the quarter's dynamic update (动态更新, GET /api/v1/risks/changes): new risk points,
// raised and lowered grades, reviews overdue. #/changes?quarter=2026Q4&region=.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { Banner, GradeBadge, Progress, errorText } from '../ui.js';

const KINDS = ['new', 'raised', 'lowered', 'overdue_review'];

export function ChangesPage({ route }) {
  const quarter = route.query.get('quarter') || '';
  const region = route.query.get('region') || '';
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [qIn, setQIn] = useState(quarter);
  useEffect(() => {
    let alive = true;
    setData(null);
    setError(null);
    api.riskChanges({ quarter, region }).then((d) => alive && setData(d)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [quarter, region]);
  const counts = (data && data.counts) || {};
  return html`
    <section class="page changes-page" aria-labelledby="changes-title">
      <header class="page-head">
        <h1 id="changes-title">${t('changes.title')}${data && data.quarter ? ` · ${data.quarter}` : ''}</h1>
        <form class="inline-form" onSubmit=${(e) => { e.preventDefault(); navigate(href('/changes', { quarter: qIn.trim(), region }), { replace: true }); }}>
          <label for="ch-quarter">${t('changes.quarter')}</label>
          <input id="ch-quarter" value=${qIn} placeholder="2026Q4" onInput=${(e) => setQIn(e.currentTarget.value)} />
          <button type="submit">${t('units.search')}</button>
        </form>
      </header>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${data ? KINDS.map((k) => html`
        <section class="panel" key=${k} aria-labelledby=${`ch-${k}`} data-testid=${`changes-${k}`}>
          <h2 id=${`ch-${k}`}>${t(`changes.${k}`)} (${counts[k] ?? (data[k] || []).length})</h2>
          ${(data[k] || []).length ? html`<div class="table-wrap"><table class="data">
            <thead><tr><th scope="col">${t('risk.name')}</th><th scope="col">${t('risks.col.unit')}</th>
              <th scope="col">${t('risks.col.grade')}</th><th scope="col" class="opt">${t('history.at')}</th></tr></thead>
            <tbody>${data[k].map((r) => html`<tr key=${r.id}>
              <td><a href=${`#/risks/${r.id}`}>${r.name}</a></td>
              <td><a href=${`#/units/${r.unit_id}`}>${r.unit_name}</a></td>
              <td>${r.old_grade ? html`<${GradeBadge} grade=${r.old_grade} /> → ` : ''}<${GradeBadge} grade=${r.grade} /></td>
              <td class="opt">${r.at || ''}</td></tr>`)}</tbody></table></div>` : html`<p class="hint">${t('history.empty')}</p>`}
        </section>`) : ''}
    </section>`;
}
