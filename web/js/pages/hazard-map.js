// hazard-map — the hidden hazards as a layer of the risk map (a switch in the map's layer panel;
// #/map?hazards=1 starts with it on). The hazards of the user's scope (GET /api/v1/hazards, open
// ones, or with 含已销号 every one) are clustered in the browser with supercluster and redrawn on
// every move: a hazard is a diamond in the hazard purples of colors.js (重大 deep purple, 一般
// grey-violet; hollow when closed, a thick dark outline when overdue), a cluster a larger diamond
// banded by its mix of kinds with the count in the middle. Never a risk grade's colour or a circle.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorText } from '../ui.js';
import { HAZARD } from '../colors.js';

const MAX = 5000;
const CLUSTER_UNTIL = 15; // single hazards from this zoom on
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// The kinds a cluster counts, in the order its bands are drawn.
const KINDS = ['major', 'general', 'closed'];
const kindOf = (h) => (h.state === 'closed' ? 'closed' : h.grade === 'major' ? 'major' : 'general');

async function fetchHazards(withClosed) {
  let items = [];
  let after;
  for (;;) {
    const r = await api.listHazards({ ...(withClosed ? {} : { open: 1 }), limit: 500, after });
    items = items.concat(r.items || []);
    if (!r.next || items.length >= MAX) return items;
    after = r.next;
  }
}

// supercluster ships as UMD: imported as a module it sets globalThis.Supercluster.
async function superclusterClass() {
  if (!globalThis.Supercluster) await import('/vendor/supercluster/dist/supercluster.js');
  return globalThis.Supercluster;
}

// One hazard's diamond (SVG text): fill by grade, hollow with a grade-coloured outline when closed.
export function hazardDiamond({ grade, closed, overdue, size = 18 }) {
  const c = HAZARD[grade === 'major' ? 'major' : 'general'].hex;
  const s = size;
  const h = s / 2;
  const w = overdue ? 3 : closed ? 2.5 : 1.5;
  const stroke = overdue ? HAZARD.overdue : closed ? c : '#ffffff';
  const fill = closed ? HAZARD.closed.hex : c;
  return `<svg width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true"><polygon points="${h},${w} ${s - w},${h} ${h},${s - w} ${w},${h}" fill="${fill}" stroke="${stroke}" stroke-width="${w}" stroke-linejoin="round"/></svg>`;
}

let gradientSeq = 0;
// A cluster's diamond: bands left to right in proportion to its kinds, the count in the middle.
function clusterDiamond(p) {
  const total = KINDS.reduce((a, k) => a + (p[k] || 0), 0) || 1;
  const s = Math.round(Math.min(48, 26 + 7 * Math.log10(Math.max(1, p.point_count))));
  const h = s / 2;
  const id = `hzg${++gradientSeq}`;
  let at = 0;
  const stops = [];
  for (const k of KINDS) {
    if (!p[k]) continue;
    const c = k === 'closed' ? '#d9d3ea' : HAZARD[k].hex;
    const from = (at / total) * 100;
    at += p[k];
    const to = (at / total) * 100;
    stops.push(`<stop offset="${from}%" stop-color="${c}"/><stop offset="${to}%" stop-color="${c}"/>`);
  }
  const textColor = (p.major || 0) * 2 >= total ? '#ffffff' : '#1d1d1d';
  return {
    size: s,
    svg: `<svg width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true"><defs><linearGradient id="${id}" x1="0" y1="0" x2="1" y2="0">${stops.join('')}</linearGradient></defs>`
      + `<polygon points="${h},2 ${s - 2},${h} ${h},${s - 2} 2,${h}" fill="url(#${id})" stroke="${p.overdue ? HAZARD.overdue : '#ffffff'}" stroke-width="${p.overdue ? 3 : 2}" stroke-linejoin="round"/>`
      + `<text x="${h}" y="${h}" dy="0.35em" text-anchor="middle" font-size="${s > 34 ? 13 : 11}" font-weight="700" fill="${textColor}" stroke="${textColor === '#ffffff' ? HAZARD.major.hex : '#ffffff'}" stroke-width="2.5" paint-order="stroke">${p.point_count}</text></svg>`,
  };
}

function popup(h) {
  return `<div class="area-popup">
      <strong>${esc(t(`hz.grade.${h.grade}`))} · ${esc(t(`hz.state.${h.state}`))}</strong>
      <div>${esc(h.description)}</div>
      <div>${esc(h.unit_name || t('hz.noUnit'))}</div>
      ${h.deadline ? `<div>${esc(t('hz.deadline'))}: ${esc(h.deadline)}${h.overdue ? ` <b class="hz-late">${esc(t('hz.overdue.days', { n: Math.abs(h.days_left ?? 0) }))}</b>` : ''}</div>` : ''}
      <a href="#/hazards/${h.id}" data-testid="popup-hazard">${esc(t('hz.open'))}</a></div>`;
}

// The layer: a group redrawn from the supercluster index on every move.
function makeLayer(map, Supercluster, items) {
  if (!map.getPane('hazardPane')) map.createPane('hazardPane').style.zIndex = 640;
  const feats = [];
  for (const h of items) {
    if (h.lat === null || h.lat === undefined || h.lon === null || h.lon === undefined) continue;
    feats.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [h.lon, h.lat] }, properties: h });
  }
  const index = new Supercluster({
    radius: 56, maxZoom: CLUSTER_UNTIL - 1,
    map: (h) => {
      const k = kindOf(h);
      return { major: k === 'major' ? 1 : 0, general: k === 'general' ? 1 : 0, closed: k === 'closed' ? 1 : 0, overdue: h.overdue && k !== 'closed' ? 1 : 0 };
    },
    reduce: (a, b) => { a.major += b.major; a.general += b.general; a.closed += b.closed; a.overdue += b.overdue; },
  });
  index.load(feats);
  const group = L.layerGroup();
  const redraw = () => {
    if (!map.hasLayer(group)) return;
    group.clearLayers();
    const b = map.getBounds();
    const z = Math.round(map.getZoom());
    for (const f of index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], z)) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      if (p.cluster) {
        const { size, svg } = clusterDiamond(p);
        const m = L.marker([lat, lon], {
          pane: 'hazardPane', keyboard: false,
          icon: L.divIcon({ html: svg, iconSize: [size, size], className: `hazard-cluster${p.overdue ? ' hz-overdue' : ''}` }),
        });
        m.on('add', () => {
          const e = m.getElement();
          e.dataset.count = String(p.point_count);
          for (const k of KINDS) e.dataset[k] = String(p[k] || 0);
          e.dataset.overdue = String(p.overdue || 0);
        });
        m.bindTooltip(t('map.hz.cluster', { n: p.point_count, major: p.major, general: p.general, closed: p.closed, overdue: p.overdue }), { direction: 'top' });
        m.on('click', () => map.setView([lat, lon], Math.min(18, index.getClusterExpansionZoom(p.cluster_id))));
        group.addLayer(m);
      } else {
        const k = kindOf(p);
        const overdue = !!p.overdue && k !== 'closed';
        const size = overdue ? 22 : 18;
        const m = L.marker([lat, lon], {
          pane: 'hazardPane', keyboard: false,
          icon: L.divIcon({
            html: hazardDiamond({ grade: p.grade, closed: k === 'closed', overdue, size }), iconSize: [size, size],
            className: `hazard-point hazard-${p.id} hz-${p.grade} hz-${k === 'closed' ? 'closed' : 'open'}${overdue ? ' hz-overdue' : ''}`,
          }),
          zIndexOffset: overdue ? 100 : 0,
        });
        m.bindPopup(popup(p));
        group.addLayer(m);
      }
    }
    map.getContainer().setAttribute('data-hazards-drawn', `${z}:${group.getLayers().length}`);
  };
  group.on('add', redraw);
  map.on('moveend', redraw);
  return { group, n: feats.length, dispose: () => map.off('moveend', redraw) };
}

// The switches and the layer; `mapRef` is the map page's ref to its Leaflet map.
export function HazardLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const [withClosed, setWithClosed] = useState(false);
  const [status, setStatus] = useState('');
  const layer = useRef(null);

  useEffect(() => {
    let alive = true;
    let timer = null;
    const apply = () => {
      const map = mapRef.current;
      if (!map) { timer = setTimeout(apply, 100); return; } // the map is made after this effect
      const cur = layer.current;
      if (!on) { if (cur) map.removeLayer(cur.group); return; }
      if (cur && cur.withClosed === withClosed) { cur.group.addTo(map); return; }
      if (cur) { map.removeLayer(cur.group); cur.dispose(); layer.current = null; }
      setStatus('loading');
      Promise.all([fetchHazards(withClosed), superclusterClass()]).then(([items, Supercluster]) => {
        if (!alive) return;
        const made = makeLayer(map, Supercluster, items);
        layer.current = { ...made, withClosed };
        made.group.addTo(map);
        setStatus(`${made.n}`);
        map.getContainer().setAttribute('data-hazards-loaded', String(made.n));
      }).catch((e) => { if (alive) setStatus(`error:${errorText(e)}`); });
    };
    apply();
    return () => { alive = false; clearTimeout(timer); };
  }, [on, withClosed]);

  useEffect(() => () => { if (layer.current) layer.current.dispose(); }, []);

  const err = status.startsWith('error:') ? status.slice(6) : '';
  return html`
    <label class="inline"><input type="checkbox" checked=${on} data-testid="layer-hazards"
      onChange=${(e) => setOn(e.currentTarget.checked)} /> ${t('hz.map.layer')}</label>
    ${on ? html`<label class="inline sub"><input type="checkbox" checked=${withClosed} data-testid="layer-hazards-closed"
      onChange=${(e) => setWithClosed(e.currentTarget.checked)} /> ${t('map.hz.withClosed')}</label>` : ''}
    ${on && status === 'loading' ? html`<p class="hint">${t('app.loading')}</p>` : ''}
    ${on && err ? html`<p class="hint">${err}</p>` : ''}
    ${on && status && !err && status !== 'loading' ? html`
      <p class="hint hz-map-count" data-testid="hazard-legend" data-count=${status}>${t('hz.map.count', { n: status })}</p>` : ''}`;
}
