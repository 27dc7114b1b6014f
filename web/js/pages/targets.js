// targets — the register of vulnerable targets (脆弱性目标, GET /api/v1/targets): filters kept in
// the URL (#/targets?kind=school&region=320583), the total, cursor paging and the import panel
// (POST /api/v1/targets/import, the units' panel). The list has no ?format= export: the
// 脆弱性目标清单 of the four lists page (#/lists?list=targets) is its export.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { ExportButtons } from '../export.js';
import { href, navigate } from '../router.js';
import { ListHead, PagedTable, formatNumber, usePagedList } from '../ui.js';
import { useReference } from '../refdata.js';
import { FilterBar, urlFilters } from '../filter-bar.js';
import { deptOptions } from './units.js';
import { UnitsImport } from './units-import.js';

const PAGE = 50;
const FILTERS = ['region', 'kind', 'protection_class', 'dept', 'status', 'q'];

// The kinds in docs/API.md's order, each with the GB 36894 class it defaults to (service/targets.c).
export const TARGET_KINDS = [
  ['school', 'high'], ['kindergarten', 'high'], ['hospital', 'high'], ['elderly_home', 'high'],
  ['welfare_home', 'high'], ['mall', 'important'], ['station', 'important'], ['stadium', 'important'],
  ['residential', 'general'], ['religious', 'important'],
];
export const CLASS_OF = Object.fromEntries(TARGET_KINDS);
export const PROTECTION_CLASSES = ['high', 'important', 'general'];
export const kindOptions = () => TARGET_KINDS.map(([k]) => ({ value: k, label: t(`tk.${k}`) }));
export const classOptions = () => PROTECTION_CLASSES.map((c) => ({ value: c, label: t(`tc.${c}`) }));
export const people = (n) => (n === null || n === undefined ? t('tg.unknown') : formatNumber(n));

let lastList = '#/targets';
export const lastTargetsHref = () => lastList;

const IMPORT_KEYS = { title: 'targets.import.title', hint: 'targets.import.hint', done: 'targets.import.done' };

export function TargetsPage({ route }) {
  const { filters, key, set } = urlFilters(route, FILTERS, '/targets');
  const ref = useReference();
  const [importing, setImporting] = useState(false);
  const [reloads, setReloads] = useState(0);
  lastList = route.href;

  const { list, loading, error, more } = usePagedList(
    (after) => api.get('/targets', { ...filters, limit: PAGE, after: after || undefined }), `${key}|${reloads}`, route.href);

  return html`
    <section class="page targets-page" aria-labelledby="targets-title">
      <header class="page-head">
        <h1 id="targets-title">${t('targets.title')}</h1>
        <${ExportButtons} path="/targets" filters=${filters} />
        <span class="actions">
          <a class="button" href=${href('/lists', { list: 'targets', region: filters.region, dept: filters.dept })} data-testid="targets-list-link">${t('lists.targets')}</a>
          <button type="button" aria-expanded=${importing} data-testid="import-toggle"
            onClick=${() => setImporting(!importing)}>${t('import.open')}</button>
          <a class="button primary" href="#/targets/new" data-testid="new-target">${t('targets.new')}</a>
        </span>
      </header>
      ${importing && html`<${UnitsImport} path="/targets/import" template="/templates/targets-import.csv"
        keys=${IMPORT_KEYS} testid="targets-import" onDone=${() => setReloads(reloads + 1)} />`}

      <${FilterBar} id="tf" label=${t('targets.filters')} testid="filters" filters=${filters} set=${set}
        reset="#/targets" districts=${ref.districts} search=${{ label: t('tg.name') }}
        after=${[
          { id: 'kind', key: 'kind', label: t('tg.kind'), options: kindOptions() },
          { id: 'class', key: 'protection_class', label: t('tg.class'), options: classOptions() },
          { id: 'dept', key: 'dept', label: t('tg.dept'), options: deptOptions(ref.departments) },
        ]} />

      <${ListHead} testid="targets-total" totalKey="targets.total" list=${list} loading=${loading} error=${error} />
      <${PagedTable} testid="targets-table" list=${list} loading=${loading} error=${error} more=${more}
        empty=${t('targets.empty')} moreText=${t('targets.more')}
        columns=${[
          [t('tg.name')],
          [t('tg.kind')],
          [t('tg.class')],
          [t('tg.region')],
          [t('tg.dept'), 'opt'],
          [t('tg.people'), 'num'],
        ]}
        row=${(x) => html`
          <tr key=${x.id} class="clickable" data-testid="target-row" data-id=${x.id} data-region=${x.region}
            onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/targets/${x.id}`); }}>
            <td><a href=${`#/targets/${x.id}`}>${x.name}</a></td>
            <td>${t(`tk.${x.kind}`)}</td>
            <td>${t(`tc.${x.protection_class}`)}</td>
            <td>${x.region_name || x.region}</td>
            <td class="opt">${x.dept_name || x.dept || ''}</td>
            <td class="num">${people(x.people_day)} / ${people(x.people_night)}</td>
          </tr>`} />
    </section>`;
}
