// hazard-list — 隐患台账, the hazard register: filters in the URL (#/hazards?state=assessed&overdue=1),
// the total, cursor paging, grade / state badges and overdue or due-soon marks. A row opens the
// hazard (#/hazards/ID).

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { ListHead, Select, usePagedList } from '../ui.js';
import { regionOptions, deptOptions } from './units.js';
import { useReference, useTowns } from '../refdata.js';
import { DueBadge, EscalationBadge, HazardGrade, HazardTabs, StateBadge, gradeOptions, sourceOptions, stateOptions } from './hazard-common.js';
import { ExportButtons } from '../export.js';

const PAGE = 50;
const FILTERS = ['state', 'grade', 'source', 'region', 'dept', 'overdue', 'due_soon', 'listed', 'open', 'q', 'unit_id', 'supervised_by', 'escalation'];

function filtersFrom(query) {
  const f = {};
  for (const k of FILTERS) f[k] = query.get(k) || '';
  return f;
}

const CHECKS = [['open', 'hz.f.open'], ['overdue', 'hz.f.overdue'], ['due_soon', 'hz.f.dueSoon'], ['listed', 'hz.f.listed']];

export function HazardListPage({ route }) {
  const filters = filtersFrom(route.query);
  const key = FILTERS.map((k) => filters[k]).join('|');
  const ref = useReference();
  const district = filters.region.slice(0, 6);
  const towns = useTowns(district.length === 6 ? district : '');
  const [q, setQ] = useState(filters.q);

  useEffect(() => { setQ(filters.q); }, [filters.q]);

  const { list, loading, error, more } = usePagedList(
    (after) => api.listHazards({ ...filters, limit: PAGE, after: after || undefined }), key, route.href);

  const set = (changes) => navigate(href('/hazards', { ...filters, ...changes }), { replace: true });
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

      <form class="filters" aria-label=${t('units.filters')} data-testid="hz-filters"
        onSubmit=${(e) => { e.preventDefault(); set({ q: q.trim() }); }}>
        <div class="field">
          <label for="hf-state">${t('hz.state')}</label>
          <${Select} id="hf-state" value=${filters.state} empty=${t('units.all')} options=${stateOptions()} onChange=${(v) => set({ state: v })} />
        </div>
        <div class="field">
          <label for="hf-grade">${t('hz.grade')}</label>
          <${Select} id="hf-grade" value=${filters.grade} empty=${t('units.all')} options=${gradeOptions()} onChange=${(v) => set({ grade: v })} />
        </div>
        <div class="field">
          <label for="hf-source">${t('hz.source')}</label>
          <${Select} id="hf-source" value=${filters.source} empty=${t('units.all')} options=${sourceOptions()} onChange=${(v) => set({ source: v })} />
        </div>
        <div class="field">
          <label for="hf-district">${t('units.district')}</label>
          <${Select} id="hf-district" value=${district} empty=${t('units.all')}
            options=${regionOptions(ref.districts)} onChange=${(v) => set({ region: v })} />
        </div>
        <div class="field">
          <label for="hf-town">${t('units.town')}</label>
          <${Select} id="hf-town" value=${filters.region.length > 6 ? filters.region : ''} empty=${t('units.all')}
            disabled=${!district} options=${regionOptions(towns)} onChange=${(v) => set({ region: v || district })} />
        </div>
        <div class="field">
          <label for="hf-dept">${t('units.dept')}</label>
          <${Select} id="hf-dept" value=${filters.dept} empty=${t('units.all')}
            options=${deptOptions(ref.departments)} onChange=${(v) => set({ dept: v })} />
        </div>
        <fieldset class="field checks-row">
          <legend class="sr-only">${t('hz.f.flags')}</legend>
          ${CHECKS.map(([k, label]) => html`
            <label class="inline" key=${k}><input type="checkbox" id=${`hf-${k}`} checked=${filters[k] === '1'}
              onChange=${(e) => set({ [k]: e.currentTarget.checked ? '1' : '' })} /> ${t(label)}</label>`)}
        </fieldset>
        <div class="field grow">
          <label for="hf-q">${t('hz.q')}</label>
          <input id="hf-q" type="search" value=${q} placeholder=${t('hz.q.placeholder')}
            onInput=${(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="actions">
          <button type="submit" class="primary">${t('units.search')}</button>
          <button type="button" onClick=${() => navigate('#/hazards', { replace: true })}>${t('units.reset')}</button>
        </div>
      </form>

      <${ListHead} testid="hz-total" totalKey="hz.total" list=${list} loading=${loading}
        error=${error} />

      <div class="table-wrap">
        <table class="data" data-testid="hz-table" aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr>
            <th scope="col">${t('hz.col.no')}</th>
            <th scope="col">${t('hz.description')}</th>
            <th scope="col">${t('hz.grade')}</th>
            <th scope="col">${t('hz.state')}</th>
            <th scope="col">${t('hz.deadline')}</th>
            <th scope="col" class="opt">${t('hz.unit')}</th>
            <th scope="col" class="opt">${t('hz.source')}</th>
            <th scope="col" class="opt">${t('hz.region')}</th>
            <th scope="col" class="opt">${t('units.dept')}</th>
          </tr></thead>
          <tbody>
            ${list.items.map((h) => html`
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
              </tr>`)}
            ${!loading && !error && list.items.length === 0 ? html`
              <tr><td colspan="9" class="empty">${t('hz.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>
      ${list.next ? html`
        <div class="more"><button type="button" onClick=${more} disabled=${loading} data-testid="more">${t('units.more')}</button></div>` : ''}
    </section>`;
}
