// target-map — the vulnerable targets and the sources' reach as layers of the risk map (switches
// in the map's layer panel; #/map?targets=1 starts with them on). Targets (GET /api/v1/targets,
// the user's scope, up to 5,000) are a rounded square per kind with the kind's character (学 幼
// 医 养 福 商 站 体 居 宗), outlined by GB 36894 protection class in the shell's blues and greys:
// never a risk grade's colour, never a circle. The impact circles are the sources with a radius
// in the visible box (GET /api/v1/exposure?bbox=, from zoom 12), dashed in their grade's colour;
// a click on a circle draws lines from the source to the targets it reaches
// (GET /api/v1/exposure?source=ID&kind=K).

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorText, formatNumber } from '../ui.js';
import { hex } from '../colors.js';
import { esc, fetchAll, useMarkerLayer } from './map-layer.js';

const IMPACT_FROM = 12;

export const KIND_GLYPH = {
  school: '学', kindergarten: '幼', hospital: '医', elderly_home: '养', welfare_home: '福',
  mall: '商', station: '站', stadium: '体', residential: '居', religious: '宗',
};
const CLASS_COLOUR = { high: '#0f2c4c', important: '#3d6a99', general: '#6b7785' };

// One target's symbol (SVG text): a rounded square, the kind's character in white.
export function targetSymbol(kind, klass, size = 20) {
  const c = CLASS_COLOUR[klass] || CLASS_COLOUR.general;
  const s = size;
  return `<svg width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true"><rect x="1" y="1" width="${s - 2}" height="${s - 2}" rx="4" fill="${c}" stroke="#ffffff" stroke-width="1.5"/>`
    + `<text x="${s / 2}" y="${s / 2}" dy="0.36em" text-anchor="middle" font-size="${Math.round(s * 0.62)}" font-weight="700" fill="#ffffff">${KIND_GLYPH[kind] || '?'}</text></svg>`;
}

function targetPopup(x) {
  return `<div class="area-popup"><strong>${esc(x.name)}</strong>
    <div>${esc(t(`tk.${x.kind}`))} · ${esc(t(`tc.${x.protection_class}`))}</div>
    <div>${esc(t('tg.people'))}: ${esc(x.people_day ?? '—')} / ${esc(x.people_night ?? '—')}</div>
    <a href="#/targets/${x.id}" data-testid="popup-target">${esc(t('tg.sources'))}</a></div>`;
}

// The switches and both layers; `mapRef` is the map page's ref to its Leaflet map.
export function TargetLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const [impact, setImpact] = useState(!!initial);
  const [reach, setReach] = useState('');
  const st = useRef({ byId: new Map() });

  // The targets (their positions kept for the reach lines).
  const status = useMarkerLayer(mapRef, on, {
    pane: 'targetPane', zIndex: 620, attr: 'data-targets-loaded',
    load: () => fetchAll('/targets', { status: 'active' }),
    mark: (x) => {
      st.current.byId.set(x.id, [x.lat, x.lon]);
      return { html: targetSymbol(x.kind, x.protection_class), className: `target-mark target-${x.id} tk-${x.kind} tc-${x.protection_class}`, tooltip: x.name, popup: targetPopup(x) };
    },
  });

  // The impact circles, reloaded on every move, and the lines of the source last clicked.
  useEffect(() => {
    let alive = true;
    let timer = null;
    let seq = 0;
    let map = null;
    const s = st.current;
    const load = async () => {
      if (!map || !impact) return;
      if (map.getZoom() < IMPACT_FROM) { s.circles.clearLayers(); setReach('zoom'); return; }
      const my = ++seq;
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
      let r;
      try { r = await api.get('/exposure', { bbox }); } catch (e) { if (alive) setReach(`error:${errorText(e)}`); return; }
      if (!alive || my !== seq) return;
      s.circles.clearLayers();
      setReach((v) => (v.startsWith('reach:') ? v : ''));
      for (const src of r.items || []) {
        const c = L.circle([src.lat, src.lon], {
          pane: 'impactPane', radius: Number(src.radius_m), color: hex(src.grade), weight: 2, dashArray: '6 4',
          fillColor: hex(src.grade), fillOpacity: 0.06, className: `impact-source impact-${src.kind}-${src.id}`,
        });
        c.on('click', (e) => { L.DomEvent.stopPropagation(e); showReach(src); });
        s.circles.addLayer(c);
      }
      map.getContainer().setAttribute('data-impact-loaded', String((r.items || []).length));
    };
    const showReach = async (src) => {
      s.lines.clearLayers();
      let r;
      try { r = await api.get('/exposure', { source: src.id, kind: src.kind }); } catch (e) { setReach(`error:${errorText(e)}`); return; }
      const from = [src.lat, src.lon];
      const missing = (r.targets || []).filter((x) => !s.byId.has(x.id) && x.in_scope !== false).slice(0, 50);
      await Promise.all(missing.map((x) => api.get(`/targets/${x.id}`).then((y) => s.byId.set(y.id, [y.lat, y.lon])).catch(() => {})));
      let n = 0;
      for (const x of r.targets || []) {
        const to = s.byId.get(x.id);
        if (!to) continue;
        n++;
        s.lines.addLayer(L.polyline([from, to], { pane: 'impactPane', color: '#0f2c4c', weight: 2, opacity: 0.8, className: `reach-line reach-${x.id}`, interactive: false }));
      }
      // Said beside the map, not in a popup that would cover the lines.
      setReach(`reach:${r.source && r.source.name ? r.source.name : ''} · ${t('map.impact.reach', { n: r.count ?? n })} · ${t('tg.col.radius')} ${formatNumber(src.radius_m)}`);
      map.getContainer().setAttribute('data-reach-lines', String(n));
    };
    const apply = () => {
      map = mapRef.current;
      if (!map) { timer = setTimeout(apply, 100); return; }
      if (!map.getPane('impactPane')) map.createPane('impactPane').style.zIndex = 440;
      if (!s.circles) { s.circles = L.layerGroup(); s.lines = L.layerGroup(); }
      if (!impact) { map.removeLayer(s.circles); map.removeLayer(s.lines); return; }
      s.circles.addTo(map);
      s.lines.addTo(map);
      map.on('moveend', load);
      load();
    };
    apply();
    return () => { alive = false; clearTimeout(timer); if (map) map.off('moveend', load); };
  }, [impact]);

  const err = status.startsWith('error:') ? status.slice(6) : '';
  return html`
    <label class="inline"><input type="checkbox" checked=${on} data-testid="layer-targets"
      onChange=${(e) => setOn(e.currentTarget.checked)} /> ${t('map.layer.targets')}</label>
    ${on && status === 'loading' ? html`<p class="hint">${t('app.loading')}</p>` : ''}
    ${on && err ? html`<p class="hint">${err}</p>` : ''}
    ${on && status && !err && status !== 'loading' ? html`<p class="hint" data-testid="targets-count" data-count=${status}>${t('map.targets.count', { n: status })}</p>
      <ul class="legend-symbols target-legend" aria-label=${t('map.legend.targets')} data-testid="legend-targets">
        ${Object.keys(KIND_GLYPH).map((k) => html`<li key=${k}><span class="sym" dangerouslySetInnerHTML=${{ __html: targetSymbol(k, k === 'residential' ? 'general' : ['mall', 'station', 'stadium', 'religious'].includes(k) ? 'important' : 'high', 16) }}></span>${t(`tk.${k}`)}</li>`)}
      </ul>` : ''}
    <label class="inline"><input type="checkbox" checked=${impact} data-testid="layer-impact"
      onChange=${(e) => setImpact(e.currentTarget.checked)} /> ${t('map.layer.impact')}</label>
    ${impact ? html`<p class="hint" data-testid="impact-hint">${reach === 'zoom' ? t('map.impact.zoom') : reach.startsWith('error:') ? reach.slice(6) : reach.startsWith('reach:') ? reach.slice(6) : t('map.impact.hint')}</p>` : ''}`;
}
