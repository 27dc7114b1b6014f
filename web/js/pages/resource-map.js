// resource-map — the emergency resources as a layer of the risk map (a switch in the map's layer
// panel; #/map?resources=1 starts with it on): GET /api/v1/resources in the user's scope, up to
// 5,000, each a green rounded square with its kind's character (队 专 物 装 避 库) — never a
// risk grade's colour — and a popup with owner, quantity and contact.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import { formatNumber } from '../ui.js';
import { esc, fetchAll, useMarkerLayer } from './map-layer.js';

const GLYPH = { team: '队', expert: '专', material: '物', equipment: '装', shelter: '避', depot: '库' };

function symbol(kind, available) {
  const c = available ? '#1d6b47' : '#8a9490';
  return `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><rect x="1" y="1" width="18" height="18" rx="9" fill="${c}" stroke="#ffffff" stroke-width="1.5"/>`
    + `<text x="10" y="10" dy="0.36em" text-anchor="middle" font-size="12" font-weight="700" fill="#ffffff">${GLYPH[kind] || '?'}</text></svg>`;
}

function popup(x) {
  const q = x.quantity === null || x.quantity === undefined ? '' : `<div>${esc(t('res.quantity'))}: ${esc(formatNumber(x.quantity, 0))} ${esc(x.measure)}</div>`;
  return `<div class="area-popup"><strong>${esc(x.name)}</strong><div>${esc(t(`rk.${x.kind}`))} · ${esc(x.owner || x.unit_name || '')}</div>${q}
    <div>${esc([x.contact_name, x.contact_phone].filter(Boolean).join(' '))}</div></div>`;
}

// The switch and the layer; `mapRef` is the map page's ref to its Leaflet map.
export function ResourceLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const status = useMarkerLayer(mapRef, on, {
    pane: 'resourcePane', zIndex: 625, attr: 'data-resources-loaded', errorArea: 'resource',
    load: () => fetchAll('/resources'),
    mark: (x) => ({ html: symbol(x.kind, x.available), className: `resource-mark resource-${x.id} rk-${x.kind}`, tooltip: x.name, popup: popup(x) }),
  });
  return html`
    <label class="inline"><input type="checkbox" checked=${on} onChange=${(e) => setOn(e.currentTarget.checked)} data-testid="layer-resources" /> ${t('near.layer')}</label>
    ${on && /^\d+$/.test(status) ? html`<p class="hint" data-testid="resources-count">${t('near.layer.count', { n: status })}</p>` : ''}
    ${status.startsWith('error:') ? html`<p class="hint">${status.slice(6)}</p>` : ''}`;
}
