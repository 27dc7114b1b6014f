// units — the list of production and business units: filters kept in the URL (#/units?region=…),
// a table with the total, cursor paging ("load more"), and a row opens the unit form.

import { html, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { ListHead, PagedTable, RatingBadge, usePagedList } from '../ui.js';
import { useReference } from '../refdata.js';
import { FilterBar, urlFilters } from '../filter-bar.js';
import { ExportButtons } from '../export.js';
import { UnitsImport } from './units-import.js';

const PAGE = 50;
const FILTERS = ['region', 'sector', 'dept', 'size_class', 'status', 'q'];

// The list's URL last shown, so the unit form can return to the same filters.
let lastList = '#/units';
export const lastListHref = () => lastList;

export function sectorOptions(sectors) {
  const label = (s) => `${s.code} ${pickName(s)}`;
  const sections = sectors.filter((s) => s.kind === 'section').map((s) => ({ value: s.code, label: label(s) }));
  const keys = sectors.filter((s) => s.kind !== 'section').map((s) => ({ value: s.code, label: label(s) }));
  const out = [];
  if (keys.length) out.push({ group: t('units.sectors.key'), options: keys });
  if (sections.length) out.push({ group: t('units.sectors.sections'), options: sections });
  return out;
}

export { regionOptions } from '../filter-bar.js';
// Current names; a merged department (merged_into) also shows the name it had in the seed, so
// it is not mistaken for its successor, which now carries the same name.
export const deptOptions = (list) => list.map((d) => ({
  value: d.code,
  label: d.merged_into ? t('dept.merged', { name: pickName(d), seed: d.name_seed }) : pickName(d),
}));
export const statusOptions = () => [
  { value: 'active', label: t('status.active') },
  { value: 'archived', label: t('status.archived') },
];
export const sizeOptions = () => [
  { value: 'above', label: t('size.above') },
  { value: 'below', label: t('size.below') },
];

export function UnitsPage({ route }) {
  const { filters, key, set } = urlFilters(route, FILTERS, '/units');
  const ref = useReference();
  const [importing, setImporting] = useState(false);
  const [reloads, setReloads] = useState(0);

  lastList = route.href;

  const { list, loading, error, more } = usePagedList(
    (after) => api.listUnits({ ...filters, limit: PAGE, after: after || undefined }), `${key}|${reloads}`, route.href);

  const sectorName = new Map(ref.sectors.map((s) => [s.code, pickName(s)]));
  const deptName = new Map(ref.departments.map((d) => [d.code, pickName(d)]));

  return html`
    <section class="page units-page" aria-labelledby="units-title">
      <header class="page-head">
        <h1 id="units-title">${t('units.title')}</h1>
        <span class="actions">
          <${ExportButtons} path="/units" filters=${filters} />
          <button type="button" aria-expanded=${importing} data-testid="import-toggle"
            onClick=${() => setImporting(!importing)}>${t('import.open')}</button>
          <a class="button primary" href="#/units/new" data-testid="new-unit">${t('units.new')}</a>
        </span>
      </header>
      ${importing && html`<${UnitsImport} onDone=${() => setReloads(reloads + 1)} />`}

      <${FilterBar} id="f" label=${t('units.filters')} testid="filters" filters=${filters} set=${set} reset="#/units"
        districts=${ref.districts} search=${{ label: t('units.q'), placeholder: t('units.q.placeholder') }}
        after=${[
          { id: 'sector', key: 'sector', label: t('units.sector'), options: sectorOptions(ref.sectors) },
          { id: 'dept', key: 'dept', label: t('units.dept'), options: deptOptions(ref.departments) },
          { id: 'size', key: 'size_class', label: t('units.size'), options: sizeOptions() },
          { id: 'status', key: 'status', label: t('units.status'), options: statusOptions() },
        ]} />

      <${ListHead} testid="units-total" totalKey="units.total" shownKey="units.shown" list=${list}
        loading=${loading} error=${error} />

      <${PagedTable} testid="units-table" list=${list} loading=${loading} error=${error} more=${more}
        empty=${t('units.empty')} moreText=${t('units.more')}
        columns=${[
          [t('units.col.name')],
          [t('units.col.credit')],
          [t('units.col.region')],
          [t('units.col.sector')],
          [t('units.col.rating')],
          [t('units.col.dept'), 'opt'],
          [t('units.col.size'), 'opt'],
          [t('units.col.status'), 'opt'],
        ]}
        row=${(u) => html`
          <tr key=${u.id} class="clickable" data-testid="unit-row" data-id=${u.id} data-region=${u.region}
            onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/units/${u.id}`); }}>
            <td><a href=${`#/units/${u.id}`}>${u.name}</a></td>
            <td class="mono">${u.credit_code}</td>
            <td data-testid="unit-region">${u.region_name || u.region}</td>
            <td>${sectorName.get(u.sector) || u.sector}</td>
            <td data-testid="unit-rating-cell">${u.rating ? html`<${RatingBadge} color=${u.rating} />` : ''}</td>
            <td class="opt">${deptName.get(u.dept) || u.dept || ''}</td>
            <td class="opt">${u.size_class ? t(`size.${u.size_class}`) : ''}</td>
            <td class="opt"><span class=${`tag ${u.status}`}>${t(`status.${u.status}`)}</span></td>
          </tr>`} />
    </section>`;
}
