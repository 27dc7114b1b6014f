// router — hash routing (#/units?region=320583). The server answers index.html for any non-API
// path, but the hash keeps every route on one URL the server never sees.

import { html, useEffect, useState } from './html.js';
import { t } from './i18n.js';

export function parseHash(hash = location.hash) {
  const s = hash.replace(/^#/, '') || '/';
  const i = s.indexOf('?');
  const path = (i < 0 ? s : s.slice(0, i)) || '/';
  const query = new URLSearchParams(i < 0 ? '' : s.slice(i + 1));
  return { path, query, href: `#${s}` };
}

// Builds '#/units?region=320583' from a path and an object; empty values are left out.
export function href(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

// replace: change the URL without a new history entry (used for filter edits).
export function navigate(to, { replace = false } = {}) {
  if (to === location.hash) return;
  if (replace) {
    history.replaceState(null, '', to);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = to;
  }
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash);
  useEffect(() => {
    const on = () => setRoute(parseHash());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

// Finds the first route whose pattern matches; returns {route, params} or null.
export function match(routes, path) {
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) return { route: r, params: m.slice(1) };
  }
  return null;
}

// 首页 › 生产经营单位 › 某某公司 › 风险点: where a record page sits. items are {label, to}; the
// last is the page itself (no link). 首页 is the user's home (#/).
export function Breadcrumbs({ items }) {
  const all = [{ label: t('units.crumb.home'), to: '#/' }, ...items];
  return html`
    <nav class="crumbs" aria-label=${t('units.crumb.label')} data-testid="breadcrumbs">
      <ol>
        ${all.map((c, i) => html`<li key=${i}>${i < all.length - 1 && c.to
          ? html`<a href=${c.to}>${c.label}</a>`
          : html`<span aria-current="page">${c.label}</span>`}</li>`)}
      </ol>
    </nav>`;
}
