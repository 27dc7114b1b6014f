// hazard-list — 隐患台账, the hazard register: filters in the URL (#/hazards?state=assessed&overdue=1),
// the total, cursor paging, grade / state badges and overdue or due-soon marks. A row opens the
// hazard (#/hazards/ID).

import { html } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { ListHead, PagedTable, usePagedList } from '../ui.js';
import { deptOptions } from './units.js';
import { useReference } from '../refdata.js';
import { FilterBar, urlFilters } from '../filter-bar.js';
import { DueBadge, EscalationBadge, HazardGrade, HazardTabs, StateBadge, gradeOptions, sourceOptions, stateOptions } from './hazard-common.js';
import { ExportButtons } from '../export.js';

const PAGE = 50;
const FILTERS = ['state', 'grade', 'source', 'region', 'dept', 'overdue', 'due_soon', 'listed', 'open', 'q', 'unit_id', 'supervised_by', 'escalation'];

const CHECKS = [['open', 'hz.f.open'], ['overdue', 'hz.f.overdue'], ['due_soon', 'hz.f.dueSoon'], ['listed', 'hz.f.listed']];

export function HazardListPage({ route }) {
  const { filters, key, set } = urlFilters(route, FILTERS, '/hazards');
  const ref = useReference();

  const { list, loading, error, more } = usePagedList(
    (after) => api.listHazards({ ...filters, limit: PAGE, after: after || undefined }), key, route.href);

  const deptName = new Map(ref.departments.map((d) => [d.code, pickName(d)]));

  return html`
    <section class="page hazards-page" aria-labelledby="hz-title">
      <header class="page-head">
        <h1 id="hz-title">${t('hz.list.title')}</h1>
        <div class="head-actions">
          <${ExportButtons} path="/hazards" filters=${filters} />
          <a class="button primary" href="#/hazards/new" data-testid="hz-new">${t('hz.new')}</a>
        </div>
      </header>
      <${HazardTabs} current="list" />

      <${FilterBar} id="hf" label=${t('units.filters')} testid="hz-filters" filters=${filters} set=${set}
        reset="#/hazards" districts=${ref.districts} search=${{ label: t('hz.q'), placeholder: t('hz.q.placeholder') }}
        before=${[
          { id: 'state', key: 'state', label: t('hz.state'), options: stateOptions() },
          { id: 'grade', key: 'grade', label: t('hz.grade'), options: gradeOptions() },
          { id: 'source', key: 'source', label: t('hz.source'), options: sourceOptions() },
        ]}
        after=${[{ id: 'dept', key: 'dept', label: t('units.dept'), options: deptOptions(ref.departments) }]}>
        <fieldset class="field checks-row">
          <legend class="sr-only">${t('hz.f.flags')}</legend>
          ${CHECKS.map(([k, label]) => html`
            <label class="inline" key=${k}><input type="checkbox" id=${`hf-${k}`} checked=${filters[k] === '1'}
              onChange=${(e) => set({ [k]: e.currentTarget.checked ? '1' : '' })} /> ${t(label)}</label>`)}
        </fieldset>
      <//>

      <${ListHead} testid="hz-total" totalKey="hz.total" list=${list} loading=${loading}
        error=${error} />

      <${PagedTable} testid="hz-table" list=${list} loading=${loading} error=${error} more=${more}
        empty=${t('hz.empty')} moreText=${t('units.more')}
        columns=${[
          [t('hz.col.no')],
          [t('hz.description')],
          [t('hz.grade')],
          [t('hz.state')],
          [t('hz.deadline')],
          [t('hz.unit'), 'opt'],
          [t('hz.source'), 'opt'],
          [t('hz.region'), 'opt'],
          [t('units.dept'), 'opt'],
        ]}
        row=${(h) => html`
          <tr key=${h.id} class=${`clickable${h.overdue ? ' hz-overdue' : ''}`} data-testid="hz-row" data-id=${h.id}
            data-state=${h.state} data-grade=${h.grade} data-overdue=${h.overdue ? '1' : '0'}
            onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/hazards/${h.id}`); }}>
            <td class="mono"><a href=${`#/hazards/${h.id}`}>${h.id}</a></td>
            <td class="wrap lines">${h.description}</td>
            <td><${HazardGrade} grade=${h.grade} />${h.listed ? html` <span class="hz-listed" title=${t('hz.listed')}>${t('hz.listed.short')}</span>` : ''}</td>
            <td><${StateBadge} state=${h.state} /></td>
            <td>${h.deadline || '—'} <${DueBadge} h=${h} /> <${EscalationBadge} h=${h} /></td>
            <td class="opt">${h.unit_id ? h.unit_name : html`<span class="hint">${t('hz.noUnit')}</span>`}</td>
            <td class="opt">${t(`hz.source.${h.source}`)}</td>
            <td class="opt">${h.region_name || h.region}</td>
            <td class="opt">${deptName.get(h.dept) || h.dept || ''}</td>
          </tr>`} />
    </section>`;
}
