// lists — the four lists (四单, #/lists?list=major-risks&region=&dept=): 重大安全风险清单, 重大隐患清单,
// 重大危险源清单 and 脆弱性目标清单 as tabs over GET /api/v1/lists/NAME, in the seed's columns
// (所属单位、所处位置、风险（隐患）等级、风险（隐患）特征、主管（监管）单位), with the total, cursor
// paging, the region (the city's districts; a district account its towns) and department filters,
// export links (format=xlsx|csv|geojson, the filters carried) and print. hazard-sources says
// why it is empty while the installations are not in the database.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { ListHead, Select, usePagedList } from '../ui.js';
import { useReference, useTowns } from '../refdata.js';
import { exportHref, PrintButton } from '../export.js';
import { regionOptions, deptOptions } from './units.js';

export const LISTS = ['major-risks', 'major-hazards', 'hazard-sources', 'targets'];
const PAGE = 100;
const COLS = ['name', 'unit', 'place', 'region', 'level', 'feature', 'dept'];

export function ListsPage({ route }) {
  const name = LISTS.includes(route.query.get('list')) ? route.query.get('list') : LISTS[0];
  const filters = { region: route.query.get('region') || '', dept: route.query.get('dept') || '' };
  const me = api.currentUser() || {};
  const own = String(me.region || '');
  // The city picks a district and then a town; a district (or a town) starts from its own.
  const fixedDistrict = own.length >= 6 ? own.slice(0, 6) : '';
  const district = fixedDistrict || filters.region.slice(0, 6);
  const ref = useReference();
  const towns = useTowns(district.length === 6 ? district : '');
  const [meta, setMeta] = useState({});

  const { list, loading, error, more } = usePagedList((after) => api.get(`/lists/${name}`, { ...filters, limit: PAGE, after: after || undefined })
    .then((r) => { setMeta({ available: r.available, note: r.note, list: r.list }); return r; }), `${name}|${filters.region}|${filters.dept}`, route.href);
  const set = (changes) => navigate(href('/lists', { list: name, ...filters, ...changes }), { replace: true });

  return html`
    <section class="page lists-page" aria-labelledby="lists-title">
      <header class="page-head">
        <h1 id="lists-title">${t('lists.title')} · ${t(`lists.${name}`)}</h1>
        <span class="export-actions no-print" role="group" aria-label=${t('export.label')} title=${t('export.hint')} data-testid="export">
          <a class="button" href=${exportHref(`/lists/${name}`, filters, 'xlsx')} download data-testid="export-xlsx">${t('export.xlsx')}</a>
          <a class="button" href=${exportHref(`/lists/${name}`, filters, 'csv')} download data-testid="export-csv">${t('export.csv')}</a>
          <a class="button" href=${exportHref(`/lists/${name}`, filters, 'geojson')} download data-testid="export-geojson">${t('lists.geojson')}</a>
          <a class="button" href=${exportHref('/lists/all', filters, 'xlsx')} download data-testid="export-all">${t('lists.all')}</a>
          <${PrintButton} />
        </span>
      </header>
      <nav class="tabs no-print" role="tablist" aria-label=${t('lists.tabs')} data-testid="list-tabs">
        ${LISTS.map((l) => html`<a role="tab" key=${l} aria-selected=${l === name ? 'true' : 'false'} class=${l === name ? 'tab active' : 'tab'}
          href=${href('/lists', { list: l, ...filters })} data-testid=${`tab-${l}`}>${t(`lists.${l}`)}</a>`)}
      </nav>
      <form class="filters no-print" aria-label=${t('lists.filters')} data-testid="filters" onSubmit=${(e) => e.preventDefault()}>
        ${fixedDistrict ? '' : html`<div class="field">
          <label for="lf-district">${t('units.district')}</label>
          <${Select} id="lf-district" value=${district} empty=${t('units.all')} options=${regionOptions(ref.districts)}
            onChange=${(v) => set({ region: v })} />
        </div>`}
        ${own.length > 6 ? '' : html`<div class="field">
          <label for="lf-town">${t('units.town')}</label>
          <${Select} id="lf-town" value=${filters.region.length > 6 ? filters.region : ''} empty=${t('units.all')}
            disabled=${!district} options=${regionOptions(towns)} onChange=${(v) => set({ region: v || (fixedDistrict ? '' : district) })} />
        </div>`}
        <div class="field">
          <label for="lf-dept">${t('units.dept')}</label>
          <${Select} id="lf-dept" value=${filters.dept} empty=${t('units.all')} options=${deptOptions(ref.departments)}
            onChange=${(v) => set({ dept: v })} />
        </div>
      </form>
      ${meta.list === name && meta.available === false ? html`<p class="banner info" role="status" data-testid="list-note">${t('lists.unavailable')}<br /><span class="hint">${meta.note || ''}</span></p>` : ''}
      <${ListHead} testid="list-total" totalKey="lists.total" list=${list} loading=${loading} error=${error} />
      <div class="table-wrap">
        <table class="data" data-testid="list-table" data-list=${name} aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr><th scope="col" class="num">#</th>${COLS.map((c) => html`<th scope="col" key=${c}>${t(`lists.col.${c}`)}</th>`)}</tr></thead>
          <tbody>
            ${list.items.map((x, i) => html`
              <tr key=${x.id} data-testid="list-row" data-id=${x.id} data-region=${x.region}>
                <td class="num">${i + 1}</td>
                <td>${rowLink(name, x)}</td>
                <td>${x.unit_id ? html`<a href=${`#/units/${x.unit_id}`}>${x.unit}</a>` : x.unit}</td>
                <td>${x.place}</td>
                <td>${x.region_name}</td>
                <td>${x.level}</td>
                <td class="wrap">${x.feature}</td>
                <td>${x.dept_name}</td>
              </tr>`)}
            ${!loading && !error && list.items.length === 0 ? html`<tr><td colspan="8" class="empty">${t('lists.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>
      ${list.next ? html`<div class="more no-print"><button type="button" onClick=${more} disabled=${loading} data-testid="more">${t('units.more')}</button></div>` : ''}
    </section>`;
}

function rowLink(name, x) {
  const to = name === 'major-risks' ? `#/risks/${x.id}` : name === 'major-hazards' ? `#/hazards/${x.id}` : name === 'targets' ? `#/targets/${x.id}` : '';
  return to ? html`<a href=${to}>${x.name}</a>` : x.name;
}
