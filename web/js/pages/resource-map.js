// resource-map — the emergency resources as a layer of the risk map (a switch in the map's layer
// panel; #/map?resources=1 starts with it on): GET /api/v1/resources in the user's scope, up to
// 5,000, each a green rounded square with its kind's character (队 专 物 装 避 库) — never a
// risk grade's colour — and a popup with owner, quantity and contact.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorText, formatNumber } from '../ui.js';

const MAX = 5000;
const GLYPH = { team: '队', expert: '专', material: '物', equipment: '装', shelter: '避', depot: '库' };
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function symbol(kind, available) {
  const c = available ? '#1d6b47' : '#8a9490';
  return `<svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true"><rect x="1" y="1" width="18" height="18" rx="9" fill="${c}" stroke="#ffffff" stroke-width="1.5"/>`
    + `<text x="10" y="10" dy="0.36em" text-anchor="middle" font-size="12" font-weight="700" fill="#ffffff">${GLYPH[kind] || '?'}</text></svg>`;
}

async function fetchResources() {
  let items = [];
  let after;
  for (;;) {
    const r = await api.get('/resources', { limit: 500, after });
    items = items.concat(r.items || []);
    if (!r.next || items.length >= MAX) return items;
    after = r.next;
  }
}

function popup(x) {
  const q = x.quantity === null || x.quantity === undefined ? '' : `<div>${esc(t('res.quantity'))}: ${esc(formatNumber(x.quantity, 0))} ${esc(x.measure)}</div>`;
  return `<div class="area-popup"><strong>${esc(x.name)}</strong><div>${esc(t(`rk.${x.kind}`))} · ${esc(x.owner || x.unit_name || '')}</div>${q}
    <div>${esc([x.contact_name, x.contact_phone].filter(Boolean).join(' '))}</div></div>`;
}

// The switch and the layer; `mapRef` is the map page's ref to its Leaflet map.
export function ResourceLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const [status, setStatus] = useState('');
  const st = useRef({});
  useEffect(() => {
    let alive = true;
    let timer = null;
    const apply = () => {
      const map = mapRef.current;
      if (!map) { timer = setTimeout(apply, 100); return; }
      const s = st.current;
      if (!on) { if (s.layer) map.removeLayer(s.layer); return; }
      if (s.layer) { s.layer.addTo(map); return; }
      if (!map.getPane('resourcePane')) map.createPane('resourcePane').style.zIndex = 625;
      setStatus('loading');
      fetchResources().then((items) => {
        if (!alive) return;
        const group = L.layerGroup();
        for (const x of items) {
          const m = L.marker([x.lat, x.lon], {
            pane: 'resourcePane', keyboard: false,
            icon: L.divIcon({ html: symbol(x.kind, x.available), iconSize: [20, 20], className: `resource-mark resource-${x.id} rk-${x.kind}` }),
          });
          m.bindTooltip(esc(x.name), { direction: 'top' });
          m.bindPopup(popup(x));
          group.addLayer(m);
        }
        s.layer = group;
        group.addTo(map);
        setStatus(String(items.length));
        map.getContainer().setAttribute('data-resources-loaded', String(items.length));
      }).catch((e) => { if (alive) setStatus(`error:${errorText(e, 'resource')}`); });
    };
    apply();
    return () => { alive = false; clearTimeout(timer); };
  }, [on]);
  return html`
    <label class="inline"><input type="checkbox" checked=${on} onChange=${(e) => setOn(e.currentTarget.checked)} data-testid="layer-resources" /> ${t('near.layer')}</label>
    ${on && /^\d+$/.test(status) ? html`<p class="hint" data-testid="resources-count">${t('near.layer.count', { n: status })}</p>` : ''}
    ${status.startsWith('error:') ? html`<p class="hint">${status.slice(6)}</p>` : ''}`;
}
