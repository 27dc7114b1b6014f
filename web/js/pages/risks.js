// risks — the list of risk points: filters kept in the URL (#/risks?grade=1&flagged=1), the total,
// cursor paging, the grade as a coloured badge and the owner's rank flagged when too low (一险一人).

import { html } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { GradeBadge, ListHead, PagedTable, usePagedList } from '../ui.js';
import { GRADES, roman } from '../colors.js';
import { sectorOptions, deptOptions } from './units.js';
import { useReference } from '../refdata.js';
import { FilterBar, urlFilters } from '../filter-bar.js';
import { ExportButtons } from '../export.js';

const PAGE = 50;
const FILTERS = ['region', 'sector', 'dept', 'grade', 'flagged', 'q', 'unit_id'];

export const gradeOptions = () => GRADES.map((g) => ({ value: String(g), label: `${roman(g)} ${t(`grade.${g}`)}` }));

// "王华 · 车间主任", with a warning mark when the rank is too low for the grade.
export function Owner({ risk }) {
  const rank = risk.owner_rank ? t(`rank.${risk.owner_rank}`) : '';
  const text = [risk.owner_name, rank].filter(Boolean).join(' · ');
  if (risk.owner_ok === false) {
    return html`<span class="owner flagged" data-testid="owner-flag" title=${t('risk.owner.low')}>
      <span class="warn-mark" aria-hidden="true">⚠</span>${text || t('risk.owner.none')}
      <span class="sr-only">${t('risk.owner.low')}</span></span>`;
  }
  return html`<span class="owner">${text}</span>`;
}

export function RisksPage({ route }) {
  const { filters, key, set } = urlFilters(route, FILTERS, '/risks');
  const ref = useReference();

  const { list, loading, error, more } = usePagedList(
    (after) => api.listRisks({ ...filters, limit: PAGE, after: after || undefined }), key, route.href);

  const sectorName = new Map(ref.sectors.map((s) => [s.code, pickName(s)]));

  return html`
    <section class="page risks-page" aria-labelledby="risks-title">
      <header class="page-head"><h1 id="risks-title">${t('risks.title')}</h1><${ExportButtons} path="/risks" filters=${filters} /></header>

      <${FilterBar} id="rf" label=${t('units.filters')} testid="risk-filters" filters=${filters} set=${set}
        reset="#/risks" districts=${ref.districts} search=${{ label: t('risks.q'), placeholder: t('risks.q.placeholder') }}
        after=${[
          { id: 'sector', key: 'sector', label: t('units.sector'), options: sectorOptions(ref.sectors) },
          { id: 'dept', key: 'dept', label: t('units.dept'), options: deptOptions(ref.departments) },
          { id: 'grade', key: 'grade', label: t('risks.grade'), options: gradeOptions() },
        ]}>
        <div class="field check">
          <label class="inline"><input type="checkbox" id="rf-flagged" checked=${filters.flagged === '1'}
            onChange=${(e) => set({ flagged: e.currentTarget.checked ? '1' : '' })} /> ${t('risks.flagged')}</label>
        </div>
      <//>

      <${ListHead} testid="risks-total" totalKey="risks.total" list=${list} loading=${loading}
        error=${error} />

      <${PagedTable} testid="risks-table" list=${list} loading=${loading} error=${error} more=${more}
        empty=${t('risks.empty')} moreText=${t('units.more')}
        columns=${[
          [t('risk.name')],
          [t('risks.col.grade')],
          [t('risks.col.unit')],
          [t('risk.place'), 'opt'],
          [t('units.col.sector'), 'opt'],
          [t('risks.col.score'), 'opt'],
          [t('risks.col.owner')],
        ]}
        row=${(r) => html`
          <tr key=${r.id} class="clickable" data-testid="risk-row" data-id=${r.id} data-grade=${r.grade} data-region=${r.region}
            onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/risks/${r.id}`); }}>
            <td><a href=${`#/risks/${r.id}`}>${r.name}</a></td>
            <td><${GradeBadge} grade=${r.grade} /></td>
            <td><a href=${`#/units/${r.unit_id}`}>${r.unit_name}</a></td>
            <td class="opt">${r.place}</td>
            <td class="opt">${sectorName.get(r.sector) || r.sector}</td>
            <td class="opt">${r.method ? `${t(`method.${r.method}.short`)} ${r.score ?? ''}` : ''}</td>
            <td><${Owner} risk=${r} /></td>
          </tr>`} />
    </section>`;
}
