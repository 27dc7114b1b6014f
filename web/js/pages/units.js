// units — the list of production and business units: filters kept in the URL (#/units?region=…),
// a table with the total, cursor paging ("load more"), and a row opens the unit form.

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { ListHead, RatingBadge, Select, usePagedList } from '../ui.js';
import { useReference, useTowns } from '../refdata.js';
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

export const regionOptions = (list) => list.map((r) => ({ value: r.code, label: r.name }));
// Current names; a merged department (merged_into) also shows the name it had in the seed, so
// it is not mistaken for its successor, which now carries the same name.
export const deptOptions = (list) => list.map((d) => ({
  value: d.code,
  label: d.merged_into ? t('dept.merged', { name: pickName(d), seed: d.name_seed }) : pickName(d),
}));
export const sizeOptions = () => [
  { value: 'above', label: t('size.above') },
  { value: 'below', label: t('size.below') },
];

function filtersFrom(query) {
  const f = {};
  for (const k of FILTERS) f[k] = query.get(k) || '';
  return f;
}

export function UnitsPage({ route }) {
  const filters = filtersFrom(route.query);
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
    (after) => api.listUnits({ ...filters, limit: PAGE, after: after || undefined }), `${key}|${reloads}`, route.href);

  function set(changes) {
    navigate(href('/units', { ...filters, ...changes }), { replace: true });
  }

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

      <form class="filters" aria-label=${t('units.filters')} data-testid="filters"
        onSubmit=${(e) => { e.preventDefault(); set({ q: q.trim() }); }}>
        <div class="field">
          <label for="f-district">${t('units.district')}</label>
          <${Select} id="f-district" value=${district} empty=${t('units.all')}
            options=${regionOptions(ref.districts)} onChange=${(v) => set({ region: v })} />
        </div>
        <div class="field">
          <label for="f-town">${t('units.town')}</label>
          <${Select} id="f-town" value=${filters.region.length > 6 ? filters.region : ''} empty=${t('units.all')}
            disabled=${!district} options=${regionOptions(towns)}
            onChange=${(v) => set({ region: v || district })} />
        </div>
        <div class="field">
          <label for="f-sector">${t('units.sector')}</label>
          <${Select} id="f-sector" value=${filters.sector} empty=${t('units.all')}
            options=${sectorOptions(ref.sectors)} onChange=${(v) => set({ sector: v })} />
        </div>
        <div class="field">
          <label for="f-dept">${t('units.dept')}</label>
          <${Select} id="f-dept" value=${filters.dept} empty=${t('units.all')}
            options=${deptOptions(ref.departments)} onChange=${(v) => set({ dept: v })} />
        </div>
        <div class="field">
          <label for="f-size">${t('units.size')}</label>
          <${Select} id="f-size" value=${filters.size_class} empty=${t('units.all')}
            options=${sizeOptions()} onChange=${(v) => set({ size_class: v })} />
        </div>
        <div class="field">
          <label for="f-status">${t('units.status')}</label>
          <${Select} id="f-status" value=${filters.status} empty=${t('units.all')}
            options=${[{ value: 'active', label: t('status.active') }, { value: 'archived', label: t('status.archived') }]}
            onChange=${(v) => set({ status: v })} />
        </div>
        <div class="field grow">
          <label for="f-q">${t('units.q')}</label>
          <input id="f-q" type="search" value=${q} placeholder=${t('units.q.placeholder')}
            onInput=${(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">${t('units.search')}</button>
          <button type="button" onClick=${() => navigate('#/units', { replace: true })}>${t('units.reset')}</button>
        </div>
      </form>

      <${ListHead} testid="units-total" totalKey="units.total" shownKey="units.shown" list=${list}
        loading=${loading} error=${error} />

      <div class="table-wrap">
        <table class="data" data-testid="units-table" aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr>
            <th scope="col">${t('units.col.name')}</th>
            <th scope="col">${t('units.col.credit')}</th>
            <th scope="col">${t('units.col.region')}</th>
            <th scope="col">${t('units.col.sector')}</th>
            <th scope="col">${t('units.col.rating')}</th>
            <th scope="col" class="opt">${t('units.col.dept')}</th>
            <th scope="col" class="opt">${t('units.col.size')}</th>
            <th scope="col" class="opt">${t('units.col.status')}</th>
          </tr></thead>
          <tbody>
            ${list.items.map((u) => html`
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
              </tr>`)}
            ${!loading && !error && list.items.length === 0 ? html`
              <tr><td colspan="8" class="empty">${t('units.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>
      ${list.next ? html`
        <div class="more"><button type="button" onClick=${more} disabled=${loading} data-testid="more">${t('units.more')}</button></div>` : ''}
    </section>`;
}
