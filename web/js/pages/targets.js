// targets — the register of vulnerable targets (脆弱性目标, GET /api/v1/targets): filters kept in
// the URL (#/targets?kind=school&region=320583), the total, cursor paging and the import panel
// (POST /api/v1/targets/import, the units' panel). The list has no ?format= export: the
// 脆弱性目标清单 of the four lists page (#/lists?list=targets) is its export.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { ExportButtons } from '../export.js';
import { href, navigate } from '../router.js';
import { ListHead, Select, formatNumber, usePagedList } from '../ui.js';
import { useReference, useTowns } from '../refdata.js';
import { regionOptions, deptOptions } from './units.js';
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
  const filters = Object.fromEntries(FILTERS.map((k) => [k, route.query.get(k) || '']));
  const key = FILTERS.map((k) => filters[k]).join('|');
  const ref = useReference();
  const district = filters.region.slice(0, 6);
  const towns = useTowns(district.length === 6 ? district : '');
  const [q, setQ] = useState(filters.q);
  const [importing, setImporting] = useState(false);
  const [reloads, setReloads] = useState(0);
  lastList = route.href;
  useEffect(() => { setQ(filters.q); }, [filters.q]);

  const { list, loading, error, more } = usePagedList(
    (after) => api.get('/targets', { ...filters, limit: PAGE, after: after || undefined }), `${key}|${reloads}`, route.href);
  const set = (changes) => navigate(href('/targets', { ...filters, ...changes }), { replace: true });

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

      <form class="filters" aria-label=${t('targets.filters')} data-testid="filters"
        onSubmit=${(e) => { e.preventDefault(); set({ q: q.trim() }); }}>
        <div class="field">
          <label for="tf-district">${t('units.district')}</label>
          <${Select} id="tf-district" value=${district} empty=${t('units.all')}
            options=${regionOptions(ref.districts)} onChange=${(v) => set({ region: v })} />
        </div>
        <div class="field">
          <label for="tf-town">${t('units.town')}</label>
          <${Select} id="tf-town" value=${filters.region.length > 6 ? filters.region : ''} empty=${t('units.all')}
            disabled=${!district} options=${regionOptions(towns)} onChange=${(v) => set({ region: v || district })} />
        </div>
        <div class="field">
          <label for="tf-kind">${t('tg.kind')}</label>
          <${Select} id="tf-kind" value=${filters.kind} empty=${t('units.all')} options=${kindOptions()}
            onChange=${(v) => set({ kind: v })} />
        </div>
        <div class="field">
          <label for="tf-class">${t('tg.class')}</label>
          <${Select} id="tf-class" value=${filters.protection_class} empty=${t('units.all')} options=${classOptions()}
            onChange=${(v) => set({ protection_class: v })} />
        </div>
        <div class="field">
          <label for="tf-dept">${t('tg.dept')}</label>
          <${Select} id="tf-dept" value=${filters.dept} empty=${t('units.all')} options=${deptOptions(ref.departments)}
            onChange=${(v) => set({ dept: v })} />
        </div>
        <div class="field grow">
          <label for="tf-q">${t('tg.name')}</label>
          <input id="tf-q" type="search" value=${q} onInput=${(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">${t('units.search')}</button>
          <button type="button" onClick=${() => navigate('#/targets', { replace: true })}>${t('units.reset')}</button>
        </div>
      </form>

      <${ListHead} testid="targets-total" totalKey="targets.total" list=${list} loading=${loading} error=${error} />
      <div class="table-wrap">
        <table class="data" data-testid="targets-table" aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr>
            <th scope="col">${t('tg.name')}</th><th scope="col">${t('tg.kind')}</th><th scope="col">${t('tg.class')}</th>
            <th scope="col">${t('tg.region')}</th><th scope="col" class="opt">${t('tg.dept')}</th>
            <th scope="col" class="num">${t('tg.people')}</th>
          </tr></thead>
          <tbody>
            ${list.items.map((x) => html`
              <tr key=${x.id} class="clickable" data-testid="target-row" data-id=${x.id} data-region=${x.region}
                onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/targets/${x.id}`); }}>
                <td><a href=${`#/targets/${x.id}`}>${x.name}</a></td>
                <td>${t(`tk.${x.kind}`)}</td>
                <td>${t(`tc.${x.protection_class}`)}</td>
                <td>${x.region_name || x.region}</td>
                <td class="opt">${x.dept_name || x.dept || ''}</td>
                <td class="num">${people(x.people_day)} / ${people(x.people_night)}</td>
              </tr>`)}
            ${!loading && !error && list.items.length === 0 ? html`<tr><td colspan="6" class="empty">${t('targets.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>
      ${list.next ? html`<div class="more"><button type="button" onClick=${more} disabled=${loading} data-testid="more">${t('targets.more')}</button></div>` : ''}
    </section>`;
}
