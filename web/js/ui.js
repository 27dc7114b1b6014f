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

// Formats an ISO time or epoch seconds in the user's language.
export function formatTime(at, lang) {
  if (at === null || at === undefined || at === '') return '';
  const d = typeof at === 'number' ? new Date(at < 1e12 ? at * 1000 : at) : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
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
