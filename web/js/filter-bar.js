// filter-bar — the one filter bar of a register's list page (units, risk points, hazards, targets):
// the page's own selects around the district and town, more fields of its own, a search box,
// Search and Reset. The values live in the URL: a page reads them and changes them through
// urlFilters.

import { html, useEffect, useState } from './html.js';
import { t } from './i18n.js';
import { href, navigate } from './router.js';
import { Select } from './ui.js';
import { useTowns } from './refdata.js';

export const regionOptions = (list) => list.map((r) => ({ value: r.code, label: r.name }));

// The page's filters from the URL (each of keys, '' when absent), a key that changes whenever one
// of them does, and set(changes), which writes them back into the URL of path.
export function urlFilters(route, keys, path) {
  const filters = Object.fromEntries(keys.map((k) => [k, route.query.get(k) || '']));
  return {
    filters,
    key: keys.map((k) => filters[k]).join('|'),
    set: (changes) => navigate(href(path, { ...filters, ...changes }), { replace: true }),
  };
}

// id: the prefix of the fields' ids ("f": f-district, f-town, f-<select id>, f-q); label: the
// form's accessible name; filters and set: from urlFilters; reset: the page's bare URL;
// districts: the reference data's; before and after: selects [{ id, key, label, options }] before
// and after the district and town; children: more fields before the search box; search: its
// { label, placeholder }.
export function FilterBar({ id, label, testid, filters, set, reset, districts, before = [], after = [], search, children }) {
  const district = filters.region.slice(0, 6);
  const towns = useTowns(district.length === 6 ? district : '');
  const [q, setQ] = useState(filters.q);
  useEffect(() => { setQ(filters.q); }, [filters.q]);

  const select = (s) => html`
    <div class="field" key=${s.key}>
      <label for=${`${id}-${s.id}`}>${s.label}</label>
      <${Select} id=${`${id}-${s.id}`} value=${filters[s.key]} empty=${t('units.all')} options=${s.options}
        onChange=${(v) => set({ [s.key]: v })} />
    </div>`;

  return html`
    <form class="filters" aria-label=${label} data-testid=${testid}
      onSubmit=${(e) => { e.preventDefault(); set({ q: q.trim() }); }}>
      ${before.map(select)}
      <div class="field">
        <label for=${`${id}-district`}>${t('units.district')}</label>
        <${Select} id=${`${id}-district`} value=${district} empty=${t('units.all')}
          options=${regionOptions(districts)} onChange=${(v) => set({ region: v })} />
      </div>
      <div class="field">
        <label for=${`${id}-town`}>${t('units.town')}</label>
        <${Select} id=${`${id}-town`} value=${filters.region.length > 6 ? filters.region : ''} empty=${t('units.all')}
          disabled=${!district} options=${regionOptions(towns)} onChange=${(v) => set({ region: v || district })} />
      </div>
      ${after.map(select)}
      ${children}
      <div class="field grow">
        <label for=${`${id}-q`}>${search.label}</label>
        <input id=${`${id}-q`} type="search" value=${q} placeholder=${search.placeholder}
          onInput=${(e) => setQ(e.currentTarget.value)} />
      </div>
      <div class="actions">
        <button type="submit" class="primary">${t('units.search')}</button>
        <button type="button" onClick=${() => navigate(reset, { replace: true })}>${t('units.reset')}</button>
      </div>
    </form>`;
}
