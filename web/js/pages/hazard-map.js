// hazard-map — the open hidden hazards as a layer of the risk map (a switch in the map's layer
// panel; #/map?hazards=1 starts with it on). Each hazard with a position is a marker in its own
// pane, coloured by grade (重大隐患 red, 一般隐患 orange); an overdue one is larger with a thick dark
// ring. A click opens a popup with a link to the hazard.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorText } from '../ui.js';
import { HZ_COLOR } from './hazard-common.js';

const MAX = 3000;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

async function openHazards() {
  let items = [];
  let after;
  for (;;) {
    const r = await api.listHazards({ open: 1, limit: 500, after });
    items = items.concat(r.items || []);
    if (!r.next || items.length >= MAX) return items;
    after = r.next;
  }
}

function draw(map, items) {
  if (!map.getPane('hazardPane')) map.createPane('hazardPane').style.zIndex = 460;
  const renderer = L.svg({ pane: 'hazardPane' });
  const group = L.layerGroup();
  let n = 0;
  // Overdue last, so they are drawn on top.
  for (const h of items.slice().sort((a, b) => a.overdue - b.overdue)) {
    if (h.lat === null || h.lat === undefined || h.lon === null || h.lon === undefined) continue;
    n++;
    const m = L.circleMarker([h.lat, h.lon], {
      pane: 'hazardPane', renderer,
      radius: h.overdue ? 9 : 6,
      color: h.overdue ? '#1d1d1d' : '#ffffff',
      weight: h.overdue ? 3 : 1.5,
      fillColor: HZ_COLOR[h.grade] || '#9aa5b1',
      fillOpacity: 0.95,
      className: `hazard-point hazard-${h.id} hz-${h.grade}${h.overdue ? ' hz-overdue' : ''}`,
    });
    m.bindPopup(`<div class="area-popup">
      <strong>${esc(t(`hz.grade.${h.grade}`))} · ${esc(t(`hz.state.${h.state}`))}</strong>
      <div>${esc(h.description)}</div>
      <div>${esc(h.unit_name || t('hz.noUnit'))}</div>
      ${h.deadline ? `<div>${esc(t('hz.deadline'))}: ${esc(h.deadline)}${h.overdue ? ` <b class="hz-late">${esc(t('hz.overdue.days', { n: Math.abs(h.days_left ?? 0) }))}</b>` : ''}</div>` : ''}
      <a href="#/hazards/${h.id}" data-testid="popup-hazard">${esc(t('hz.open'))}</a></div>`);
    group.addLayer(m);
  }
  return { group, n };
}

// The switch and its layer; `mapRef` is the map page's ref to its Leaflet map.
export function HazardLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const [status, setStatus] = useState('');
  const layer = useRef(null);

  useEffect(() => {
    let alive = true;
    let timer = null;
    const apply = () => {
      const map = mapRef.current;
      if (!map) { timer = setTimeout(apply, 100); return; } // the map is made after this effect
      if (!on) { if (layer.current) map.removeLayer(layer.current); return; }
      if (layer.current) { layer.current.addTo(map); return; }
      setStatus('loading');
      openHazards().then((items) => {
        if (!alive) return;
        const { group, n } = draw(map, items);
        layer.current = group;
        group.addTo(map);
        setStatus(`${n}`);
        map.getContainer().setAttribute('data-hazards-loaded', String(n));
      }).catch((e) => { if (alive) setStatus(`error:${errorText(e)}`); });
    };
    apply();
    return () => { alive = false; clearTimeout(timer); };
  }, [on]);

  const err = status.startsWith('error:') ? status.slice(6) : '';
  return html`
    <label class="inline"><input type="checkbox" checked=${on} data-testid="layer-hazards"
      onChange=${(e) => setOn(e.currentTarget.checked)} /> ${t('hz.map.layer')}</label>
    ${on && status === 'loading' ? html`<p class="hint">${t('app.loading')}</p>` : ''}
    ${on && err ? html`<p class="hint">${err}</p>` : ''}
    ${on && status && !err && status !== 'loading' ? html`
      <ul class="hz-map-legend" data-testid="hazard-legend" data-count=${status}>
        <li><span class="swatch round" style=${{ background: HZ_COLOR.major }} aria-hidden="true"></span>${t('hz.grade.major')}</li>
        <li><span class="swatch round" style=${{ background: HZ_COLOR.general }} aria-hidden="true"></span>${t('hz.grade.general')}</li>
        <li><span class="swatch round overdue" aria-hidden="true"></span>${t('hz.map.overdue')}</li>
        <li class="hint">${t('hz.map.count', { n: status })}</li>
      </ul>` : ''}`;
}
