// ui — small shared components: labelled fields with inline errors, selects, progress, banners.
// Every input gets a <label>; an error is tied to its input with aria-describedby.

import { html, useEffect, useState } from './html.js';
import { t, getLang } from './i18n.js';
import { translateError } from './errors.js';
import { gradeInfo } from './colors.js';

let seq = 0;
export const uid = (prefix) => `${prefix}-${++seq}`;

// One form field: label, control (children), hint and the inline error for `name`.
export function Field({ id, label, error, hint, required, children, wide }) {
  return html`
    <div class=${`field${error ? ' has-error' : ''}${wide ? ' wide' : ''}`}>
      <label for=${id}>${label}${required ? html`<span class="req" aria-hidden="true"> *</span>` : ''}</label>
      ${children}
      ${hint && !error ? html`<p class="hint" id=${`${id}-hint`}>${hint}</p>` : ''}
      ${error ? html`<p class="field-error" id=${`${id}-error`} role="alert" data-testid=${`error-${id}`}>${error}</p>` : ''}
    </div>`;
}

// aria attributes for a control inside a Field.
export function described(id, error, hint) {
  const by = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': by };
}

// options: [{value, label}] or [{group, options:[…]}]; `empty` adds a first, empty choice.
export function Select({ id, value, onChange, options, empty, disabled, required, extra }) {
  const opt = (o) => html`<option value=${o.value}>${o.label}</option>`;
  return html`
    <select id=${id} name=${id} value=${value ?? ''} disabled=${disabled} required=${required}
      onChange=${(e) => onChange(e.currentTarget.value)} ...${extra || {}}>
      ${empty !== undefined ? html`<option value="">${empty}</option>` : ''}
      ${options.map((o) => (o.group ? html`<optgroup label=${o.group}>${o.options.map(opt)}</optgroup>` : opt(o)))}
    </select>`;
}

export function Progress({ label }) {
  return html`
    <div class="progress" role="progressbar" aria-busy="true" aria-label=${label || t('app.loading')}
      data-testid="loading"><span class="bar"></span></div>`;
}

export function Banner({ kind = 'error', children, testid }) {
  if (!children) return null;
  return html`<div class=${`banner ${kind}`} role=${kind === 'error' ? 'alert' : 'status'}
    data-testid=${testid}>${children}</div>`;
}

// The one way an error reaches the screen: in the user's language, naming the field by its label
// in entity's form (unit, import, risk, hazard, account, catalogue; see errors.js). Never the
// server's English message.
export function errorText(err, entity) {
  if (!err) return '';
  if (typeof err === 'string') return err;
  return translateError(err, getLang(), entity);
}

// A risk grade as a coloured badge: "Ⅰ 红" (Chinese) / "Ⅰ Red" (English). `grade` is 1–4 or a
// colour name; anything else shows as unassessed.
export function GradeBadge({ grade, long }) {
  const g = gradeInfo(grade);
  const text = g.grade ? `${g.roman} ${t(`color.${g.color}`)}${long ? ` · ${t(`grade.${g.grade}`)}` : ''}` : t('color.unassessed');
  return html`<span class="grade-badge" data-grade=${g.grade || ''} data-color=${g.color}
    style=${{ background: g.hex, color: g.text }} title=${g.grade ? t(`grade.${g.grade}`) : ''}>${text}</span>`;
}

// A unit's four-colour rating (red … blue, or unassessed) as a badge.
// `area` labels an area's superposed level (红（重大）) instead of a unit's (红色单位).
export function RatingBadge({ color, area }) {
  const g = gradeInfo(color);
  return html`<span class="grade-badge rating" data-color=${g.color}
    style=${{ background: g.hex, color: g.text }}>${t(`${area ? 'area' : 'rating'}.${g.color}`)}</span>`;
}

// Every time is shown in China time (Asia/Shanghai), whatever the browser's zone: the server
// stores UTC ("2026-12-01T10:35:00Z"). formatTime → "2026-12-01 18:35"; a plain date
// ("2026-12-01") is shown as it is. `lang` is accepted for old callers and not needed.
const CHINA_TZ = 'Asia/Shanghai';
const timeParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA_TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
function chinaParts(at) {
  const d = typeof at === 'number' ? new Date(at < 1e12 ? at * 1000 : at) : new Date(at);
  if (Number.isNaN(d.getTime())) return null;
  const p = Object.fromEntries(timeParts.formatToParts(d).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}
export function formatTime(at, _lang) {
  if (at === null || at === undefined || at === '') return '';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const p = chinaParts(at);
  return p ? `${p.date} ${p.time}` : String(at);
}
// The day in China time: "2026-12-01".
export function formatDate(at) {
  if (at === null || at === undefined || at === '') return '';
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const p = chinaParts(at);
  return p ? p.date : String(at);
}

// The one way a number reaches the screen: thousands separators and at most `digits` decimals
// (影响半径 82.4, not 82.4283924); "—" for no value. formatPercent(0.467) → "46.7%".
export function formatNumber(v, digits = 0) {
  if (v === null || v === undefined || v === '') return '—';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v);
  return n.toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
// Bytes as people read them, in binary multiples with one decimal: "1.5 GB", "96.0 MB", "24.0 KB";
// "—" for none (a negative figure: the kernel did not say).
export function formatBytes(v) {
  if (v === null || v === undefined || v === '' || Number(v) < 0) return '—';
  const n = Number(v);
  for (const [unit, size] of [['GB', 2 ** 30], ['MB', 2 ** 20], ['KB', 2 ** 10]]) {
    if (n >= size) {
      return `${(n / size).toLocaleString(getLang() === 'en' ? 'en-GB' : 'zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ${unit}`;
    }
  }
  return `${formatNumber(n)} B`;
}
export function formatPercent(rate, digits = 1) {
  if (rate === null || rate === undefined || rate === '') return '—';
  return `${formatNumber(Number(rate) * 100, digits)}%`;
}

// The name of the user's territory, never "全市" for someone who is not the city: 苏州市 for
// city roles, the district's or town's name, the department's (苏州市应急管理局), the unit's.
// `territory` is the overview's {kind, name_cn, name_en} (GET /stats/overview).
export function territoryName(territory) {
  if (!territory) return '';
  return (getLang() === 'en' ? territory.name_en : territory.name_cn) || territory.name_cn || '';
}

// The cursor-paged list every register uses (units, risk points, hazards): the first page is
// loaded whenever `key` changes (a filter, or a reload counter), more() appends the next, and
// `list.href` records which URL the rows belong to (tests wait on it). `page(after)` returns the
// API's {items, next, total}.
export function usePagedList(page, key, routeHref) {
  const [list, setList] = useState({ items: [], next: null, total: null, href: '' });
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    setLoading(true);
    setError(null);
    page(null).then((r) => {
      if (!alive) return;
      setList({ items: r.items || [], next: r.next || null, total: r.total ?? null, href: routeHref });
      setLoading(false);
    }).catch((e) => {
      if (!alive) return;
      setList({ items: [], next: null, total: null, href: routeHref });
      setError(e);
      setLoading(false);
    });
    return () => { alive = false; };
  }, [key]);
  function more() {
    setLoading(true);
    page(list.next).then((r) => {
      setList((old) => ({ ...old, items: old.items.concat(r.items || []), next: r.next || null, total: r.total ?? old.total }));
      setLoading(false);
    }).catch((e) => { setError(e); setLoading(false); });
  }
  return { list, loading, error, more };
}

// A register's table below its ListHead: the header from columns ([label, class?], …), a row of
// row(item) for each item, the empty line when there is nothing, and the "more" button while
// the list has a next page. Tests find it by testid and wait on aria-busy.
export function PagedTable({ testid, list, loading, error, more, columns, row, empty, moreText }) {
  return html`
    <div class="table-wrap">
      <table class="data" data-testid=${testid} aria-busy=${loading ? 'true' : 'false'}>
        <thead><tr>${columns.map(([label, cls]) => html`<th scope="col" class=${cls}>${label}</th>`)}</tr></thead>
        <tbody>
          ${list.items.map(row)}
          ${!loading && !error && list.items.length === 0 ? html`
            <tr><td colspan=${columns.length} class="empty">${empty}</td></tr>` : ''}
        </tbody>
      </table>
    </div>
    ${list.next ? html`
      <div class="more"><button type="button" onClick=${more} disabled=${loading} data-testid="more">${moreText}</button></div>` : ''}`;
}

// The line above every register: the total (`totalKey` with {n}), how many are shown when not
// all, a progress bar while loading, and the error. Tests wait on data-loaded-for.
export function ListHead({ testid, totalKey, shownKey = 'list.shown', list, loading, error }) {
  return html`
    <div class="list-head">
      <p class="total" data-testid=${testid} data-total=${list.total ?? ''}
        data-loaded-for=${list.href} aria-live="polite">
        ${list.total !== null ? t(totalKey, { n: list.total }) : ''}
        ${list.total !== null && list.items.length < list.total ? html` · ${t(shownKey, { n: list.items.length })}` : ''}
      </p>
      ${loading ? html`<${Progress} />` : ''}
    </div>
    <${Banner}>${error ? errorText(error) : ''}<//>`;
}
