// changes — the quarter's dynamic update (动态更新, GET /api/v1/risks/changes): new risk points,
// raised and lowered grades, reviews overdue. #/changes?quarter=2026Q4&region=. A quarter picker
// (the last eight quarters, or any typed YYYYQn); each list is paged on its own (50 a page,
// `list`/`offset`/`limit`), with "第 1–50 条，共 50,217 条" and previous / next. Export: the four
// lists as one sheet (format=xlsx|csv on the same endpoint), and print.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { ExportButtons } from '../export.js';
import { href, navigate } from '../router.js';
import { Banner, GradeBadge, Progress, errorText, formatNumber, formatTime } from '../ui.js';

const KINDS = ['new', 'raised', 'lowered', 'overdue_review'];
const PAGE = 50;

// The current quarter in China time and the seven before it, newest first.
function recentQuarters() {
  const now = new Date(Date.now() + 8 * 3600e3);
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  const out = [];
  for (let i = 0; i < 8; i++) {
    out.push(`${y}Q${q}`);
    if (--q === 0) { q = 4; y--; }
  }
  return out;
}

function ChangeList({ kind, first, total, quarter, region }) {
  const [page, setPage] = useState({ offset: 0, items: first });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => { setPage({ offset: 0, items: first }); setError(null); }, [first]);
  function go(offset) {
    setBusy(true);
    api.riskChanges({ quarter, region, list: kind, offset, limit: PAGE })
      .then((d) => { setPage({ offset, items: d[kind] || [] }); setError(null); })
      .catch((e) => setError(e))
      .finally(() => setBusy(false));
  }
  const items = page.items || [];
  const from = items.length ? page.offset + 1 : 0;
  const to = page.offset + items.length;
  return html`
    <section class="panel" aria-labelledby=${`ch-${kind}`} data-testid=${`changes-${kind}`} data-offset=${page.offset}>
      <h2 id=${`ch-${kind}`}>${t(`changes.${kind}`)} (${formatNumber(total)})</h2>
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${items.length ? html`<div class="table-wrap"><table class="data">
        <thead><tr><th scope="col">${t('risk.name')}</th><th scope="col">${t('risks.col.unit')}</th>
          <th scope="col">${t('risks.col.grade')}</th><th scope="col" class="opt">${t('history.at')}</th></tr></thead>
        <tbody>${items.map((r) => html`<tr key=${r.id} data-testid="change-row">
          <td><a href=${`#/risks/${r.id}`}>${r.name}</a></td>
          <td><a href=${`#/units/${r.unit_id}`}>${r.unit_name}</a></td>
          <td>${r.old_grade ? html`<${GradeBadge} grade=${r.old_grade} /> → ` : ''}<${GradeBadge} grade=${r.grade} /></td>
          <td class="opt">${formatTime(r.at)}</td></tr>`)}</tbody></table></div>` : html`<p class="hint">${t('history.empty')}</p>`}
      ${total > items.length || page.offset > 0 ? html`<div class="pager">
        <span class="total" data-testid=${`changes-${kind}-range`}>${t('list.range', { from: formatNumber(from), to: formatNumber(to), n: formatNumber(total) })}</span>
        <button type="button" disabled=${busy || page.offset === 0} onClick=${() => go(Math.max(0, page.offset - PAGE))}>${t('list.prev')}</button>
        <button type="button" disabled=${busy || to >= total} onClick=${() => go(page.offset + PAGE)}>${t('list.next')}</button>
      </div>` : ''}
    </section>`;
}

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
    setQIn(quarter);
    api.riskChanges({ quarter, region, limit: PAGE }).then((d) => alive && setData(d)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [quarter, region]);
  const counts = (data && data.counts) || {};
  const quarters = recentQuarters();
  const shown = (data && data.quarter) || quarter;
  const options = shown && !quarters.includes(shown) ? [shown, ...quarters] : quarters;
  const pick = (q) => navigate(href('/changes', { quarter: q.trim(), region }), { replace: true });
  return html`
    <section class="page changes-page" aria-labelledby="changes-title">
      <header class="page-head">
        <h1 id="changes-title">${t('changes.title')}${data && data.quarter ? ` · ${data.quarter}` : ''}</h1>
        <form class="inline-form" onSubmit=${(e) => { e.preventDefault(); pick(qIn); }}>
          <label for="ch-quarter">${t('changes.quarter')}</label>
          <select id="ch-quarter" value=${shown || quarters[0]} onChange=${(e) => pick(e.currentTarget.value)} data-testid="quarter-picker">
            ${options.map((q) => html`<option key=${q} value=${q}>${q === quarters[0] ? t('changes.current', { q }) : q}</option>`)}
          </select>
          <input aria-label=${t('changes.quarter')} value=${qIn} placeholder="2026Q4" onInput=${(e) => setQIn(e.currentTarget.value)} />
          <button type="submit">${t('changes.show')}</button>
        </form>
        <${ExportButtons} path="/risks/changes" filters=${{ quarter: shown, region }} />
      </header>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${data ? KINDS.map((k) => html`<${ChangeList} key=${k} kind=${k} first=${data[k] || []} total=${counts[k] ?? (data[k] || []).length}
        quarter=${data.quarter} region=${region} />`) : ''}
    </section>`;
}
