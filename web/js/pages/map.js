// map — the electronic risk map: the district four-colour layer (GET /api/v1/areas/risk,
// level=district, GeoJSON), the 1 km grid layer (level=grid), and the risk points of the visible
// box (GET /api/v1/map/risks, reloaded on every move: clusters when far out, single points when
// close, impact circles from zoom 15). Drawn offline: no tile layer unless one is configured
// (localStorage.tileUrl, or tile_url from GET /api/v1/config). #/map?lat=&lon=&z=&risk= centres it.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { useSectors } from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, errorText } from '../ui.js';
import { GRADES, gradeInfo, hex } from '../colors.js';
import { HazardLayerToggle } from './hazard-map.js';

// Outline style without area grades (no /areas/risk): the neutral blues of the shell.
const PLAIN = { color: '#1f4e79', weight: 1.5, fillColor: '#5b8db8', fillOpacity: 0.18 };
const IMPACT_ZOOM = 15;

async function tileUrl() {
  try {
    const local = localStorage.getItem('tileUrl');
    if (local) return { url: local, attribution: localStorage.getItem('tileAttribution') || '' };
  } catch (_) { /* storage disabled */ }
  const cfg = await api.config();
  const url = cfg.tile_url || cfg.tileUrl;
  return url ? { url, attribution: cfg.tile_attribution || '' } : null;
}
export function addTiles(map) {
  return tileUrl().then((tiles) => {
    if (tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
  }).catch(() => {});
}

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const round2 = (x) => Math.round(x * 100) / 100;

// Popup of a district or grid square: level, index (and a district's index per km² with its
// multiple of the whole city's, which its colour is decided on), make-up by grade, sector, type.
function areaPopup(p, sectorName) {
  const g = gradeInfo(p.color);
  const counts = p.counts || {};
  const sectors = (p.by_sector || []).slice(0, 3)
    .map((s) => `${esc(sectorName.get(s.sector) || s.sector)} ${esc(s.count)}`).join('、');
  const rows = [
    p.name ? `<strong>${esc(p.name)}</strong>` : '',
    p.color ? `<div>${esc(t('map.areaLevel'))}: <span class="grade-badge" style="background:${g.hex};color:${g.text}">${esc(t(`area.${g.color}`))}</span></div>` : '',
    p.index !== undefined ? `<div>${esc(t('map.index'))}: <b data-testid="popup-index">${esc(typeof p.index === 'number' ? Math.round(p.index * 100) / 100 : p.index)}</b></div>` : '',
    typeof p.density === 'number' ? `<div>${esc(t('map.density'))}: <b data-testid="popup-density">${esc(round2(p.density))}</b>${typeof p.ratio === 'number' ? ` · <span data-testid="popup-ratio">${esc(t('map.ratio', { r: round2(p.ratio) }))}</span>` : ''}</div>` : '',
    p.counts ? `<div>${GRADES.map((x) => `<span class="grade-badge" style="background:${hex(x)};color:${gradeInfo(x).text}">${gradeInfo(x).roman}</span> ${esc(counts[x] ?? 0)}`).join(' ')}</div>` : '',
    sectors ? `<div>${esc(t('map.topSectors'))}: ${sectors}</div>` : '',
    p.code && String(p.code).length <= 9 && p.level !== 'grid' ? `<div class="popup-links"><a href="${href('/units', { region: p.code })}" data-testid="popup-units">${esc(t('map.openUnits'))}</a> · <a href="${href('/risks', { region: p.code })}">${esc(t('map.openRisks'))}</a></div>` : '',
  ];
  return `<div class="area-popup">${rows.filter(Boolean).join('')}</div>`;
}

// The districts on `map`, coloured by superposed level when /areas/risk answers, else plain
// outlines. Resolves to {layer, colored, features}.
export async function loadDistrictLayer(map, { sectorName = new Map(), onClick, labels = true } = {}) {
  let fc = null;
  let colored = true;
  try {
    fc = await api.areaRisk('district', { format: 'geojson' });
    if (!fc || !Array.isArray(fc.features)) throw new Error('not geojson');
  } catch (_) {
    colored = false;
    fc = await refdata.districtOutlines();
  }
  const style = (f) => {
    const cls = `district district-${f.properties.code}`;
    if (!colored) return { ...PLAIN, className: cls };
    return { color: '#ffffff', weight: 1.5, fillColor: hex(f.properties.color), fillOpacity: 0.6, className: `${cls} area-${f.properties.color}` };
  };
  const layer = L.geoJSON(fc, {
    style,
    onEachFeature: (f, lyr) => {
      const p = f.properties;
      if (labels) lyr.bindTooltip(p.name, { permanent: true, direction: 'center', className: 'district-label' });
      lyr.on('click', () => {
        if (onClick) { onClick(p); return; }
        L.popup({ maxWidth: 280 }).setLatLng(lyr.getBounds().getCenter()).setContent(areaPopup(p, sectorName)).openOn(map);
      });
      lyr.on('mouseover', () => lyr.setStyle({ weight: 3 }));
      lyr.on('mouseout', () => layer.resetStyle(lyr));
    },
  });
  return { layer, colored, features: fc.features, thresholds: colored && fc.thresholds ? { ...fc.thresholds, ratios: fc.district_ratio || [] } : null, city: colored ? fc.city : null };
}

function useSectorNames() {
  const sectors = useSectors();
  const [m, setM] = useState(new Map());
  useEffect(() => { setM(new Map(sectors.map((x) => [x.code, pickName(x)]))); }, [sectors]);
  return m;
}

export function MapPage({ route }) {
  const el = useRef(null);
  const mapRef = useRef(null);
  const layers = useRef({});
  const sectorName = useSectorNames();
  const names = useRef(sectorName);
  names.current = sectorName;
  const [districts, setDistricts] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const [show, setShow] = useState({ districts: true, grid: false, points: true });
  const [status, setStatus] = useState({ colored: null, grid: '', points: '', pointCount: null });
  const showRef = useRef(show);
  showRef.current = show;

  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.25, attributionControl: true, maxZoom: 18 });
    mapRef.current = map;
    map.attributionControl.setPrefix(false);
    map.createPane('riskPane').style.zIndex = 450;
    const riskRenderer = L.svg({ pane: 'riskPane' });
    const q = route ? route.query : new URLSearchParams();
    const focus = q.get('lat') && q.get('lon') ? [Number(q.get('lat')), Number(q.get('lon'))] : null;
    const focusRisk = q.get('risk') || '';
    map.setView(focus || [31.3, 120.6], focus ? Number(q.get('z') || 16) : 9);
    let alive = true;
    let seq = 0;
    addTiles(map);

    const points = L.layerGroup().addTo(map);
    layers.current.points = points;

    async function loadPoints() {
      if (!map.hasLayer(points)) return;
      const my = ++seq;
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
      const zoom = Math.round(map.getZoom());
      let fc;
      try {
        fc = await api.mapRisks({ bbox, zoom });
      } catch (e) {
        if (alive && my === seq) setStatus((s) => ({ ...s, points: e.status === 404 ? t('map.pointsMissing') : errorText(e) }));
        return;
      }
      if (!alive || my !== seq) return;
      points.clearLayers();
      let n = 0;
      const feats = (fc && fc.features) || [];
      for (const f of feats) {
        if (!f.geometry || !f.geometry.coordinates) continue;
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties || {};
        const g = gradeInfo(p.grade || p.color);
        const ll = [lat, lon];
        if (p.cluster) {
          const count = Number(p.count) || 0;
          n += count;
          const m = L.circleMarker(ll, {
            pane: 'riskPane', renderer: riskRenderer, radius: Math.min(32, 11 + 6 * Math.log10(Math.max(1, count))),
            color: '#ffffff', weight: 2, fillColor: g.hex, fillOpacity: 0.85, className: `risk-cluster grade-${g.grade}`,
          });
          m.bindTooltip(String(count), { permanent: true, direction: 'center', className: `cluster-label on-${g.color}` });
          m.on('click', () => map.setView(ll, Math.min(18, map.getZoom() + 2)));
          points.addLayer(m);
        } else {
          n += 1;
          if (map.getZoom() >= IMPACT_ZOOM && Number(p.impact_radius_m) > 0) {
            points.addLayer(L.circle(ll, {
              pane: 'riskPane', renderer: riskRenderer, radius: Number(p.impact_radius_m), interactive: false,
              color: g.hex, weight: 1, fillColor: g.hex, fillOpacity: 0.12, className: `impact-circle impact-${p.id}`,
            }));
          }
          const sel = String(p.id) === focusRisk;
          const m = L.circleMarker(ll, {
            pane: 'riskPane', renderer: riskRenderer, radius: sel ? 10 : 7, color: sel ? '#0f2c4c' : '#333333',
            weight: sel ? 3 : 1, fillColor: g.hex, fillOpacity: 0.95, className: `risk-point risk-${p.id} grade-${g.grade}`,
          });
          m.bindTooltip(`${esc(p.name)}<br>${esc(p.unit_name || '')}`, { direction: 'top' });
          m.on('click', () => navigate(`#/risks/${p.id}`));
          points.addLayer(m);
        }
      }
      setStatus((s) => ({ ...s, points: '', pointCount: n }));
      el.current && el.current.setAttribute('data-points-loaded', `${zoom}:${feats.length}`);
    }
    layers.current.loadPoints = loadPoints;
    map.on('moveend', loadPoints);

    loadDistrictLayer(map, { sectorName: names.current }).then(({ layer, colored, features, thresholds, city }) => {
      if (!alive) return;
      layers.current.districts = layer;
      layer.addTo(map);
      layer.bringToBack();
      const b = layer.getBounds();
      if (!focus && b.isValid()) map.fitBounds(b, { padding: [12, 12], animate: false });
      setDistricts(features.map((f) => f.properties).sort((a, b2) => String(a.code).localeCompare(String(b2.code))));
      setStatus((s) => ({ ...s, colored, thresholds, city }));
      setLoading(false);
      loadPoints();
    }).catch((e) => {
      if (!alive) return;
      setError(e);
      setLoading(false);
      loadPoints();
    });

    const onResize = () => map.invalidateSize();
    window.addEventListener('resize', onResize);
    return () => {
      alive = false;
      window.removeEventListener('resize', onResize);
      map.off();
      map.stop();
      // Leaflet ends a zoom animation on a 250 ms timer that touches the map's panes, and
      // remove() does not cancel it: removing the map only after it avoids a TypeError.
      setTimeout(() => map.remove(), 300);
    };
  }, []);

  // Layer switches.
  useEffect(() => {
    const map = mapRef.current;
    const ls = layers.current;
    if (!map) return;
    if (ls.districts) { if (show.districts) { ls.districts.addTo(map); ls.districts.bringToBack(); } else map.removeLayer(ls.districts); }
    if (show.points) { if (!map.hasLayer(ls.points)) { ls.points.addTo(map); ls.loadPoints(); } } else map.removeLayer(ls.points);
    if (show.grid && !ls.grid && !ls.gridLoading) {
      ls.gridLoading = true;
      setStatus((s) => ({ ...s, grid: 'loading' }));
      api.areaRisk('grid', { format: 'geojson' }).then((fc) => {
        ls.grid = L.geoJSON(fc, {
          renderer: L.canvas({ padding: 0.2 }),
          style: (f) => ({ color: '#ffffff', weight: 0.5, fillColor: hex(f.properties.color), fillOpacity: 0.55 }),
          onEachFeature: (f, lyr) => lyr.on('click', (e) => L.popup().setLatLng(e.latlng)
            .setContent(areaPopup({ ...f.properties, level: 'grid' }, names.current)).openOn(map)),
        });
        ls.gridLoading = false;
        setStatus((s) => ({ ...s, grid: `${fc.features.length}` }));
        if (showRef.current.grid) ls.grid.addTo(map);
      }).catch((e) => {
        ls.gridLoading = false;
        setStatus((s) => ({ ...s, grid: `error:${e.status === 404 ? t('map.gridMissing') : errorText(e)}` }));
      });
    }
    if (ls.grid) { if (show.grid) ls.grid.addTo(map); else map.removeLayer(ls.grid); }
  }, [show, loading]);

  const toggle = (k) => (e) => { const on = e.currentTarget.checked; setShow((s) => ({ ...s, [k]: on })); };
  const gridError = status.grid.startsWith('error:') ? status.grid.slice(6) : '';

  return html`
    <section class="page map-page" aria-labelledby="map-title">
      <header class="page-head"><h1 id="map-title">${t('map.title')}</h1></header>
      ${loading ? html`<${Progress} />` : ''}
      <${Banner}>${error ? `${t('map.loadFailed')}: ${errorText(error)}` : ''}<//>
      <div class="map-layout">
        <div class="map" ref=${el} role="region" aria-label=${t('map.label')} data-testid="map"></div>
        <div class="map-side">
          <fieldset class="panel layers" data-testid="layers">
            <legend>${t('map.layers')}</legend>
            <label class="inline"><input type="checkbox" checked=${show.districts} onChange=${toggle('districts')} data-testid="layer-districts" /> ${t('map.layer.districts')}</label>
            ${status.colored === false ? html`<p class="hint" data-testid="areas-missing">${t('map.areasMissing')}</p>` : ''}
            <label class="inline"><input type="checkbox" checked=${show.grid} onChange=${toggle('grid')} data-testid="layer-grid" /> ${t('map.layer.grid')}</label>
            ${status.grid === 'loading' ? html`<${Progress} />` : ''}
            ${gridError ? html`<p class="hint">${gridError}</p>` : ''}
            <label class="inline"><input type="checkbox" checked=${show.points} onChange=${toggle('points')} data-testid="layer-points" /> ${t('map.layer.points')}</label>
            ${status.points ? html`<p class="hint" data-testid="points-missing">${status.points}</p>` : ''}
            <${HazardLayerToggle} mapRef=${mapRef} initial=${route && route.query.get('hazards') === '1'} />
          </fieldset>
          <${Legend} thresholds=${status.thresholds} city=${status.city} />
          <nav class="district-list" aria-labelledby="district-list-title">
            <h2 id="district-list-title">${t('map.districts')}</h2>
            <p class="hint">${t('map.districts.hint')}</p>
            <ul>
              ${districts.map((d) => html`
                <li key=${d.code}><a href=${href('/units', { region: d.code })}>
                  ${d.color ? html`<span class="swatch" style=${{ background: hex(d.color) }} aria-hidden="true"></span>` : ''}${d.name}</a></li>`)}
            </ul>
          </nav>
        </div>
      </div>
    </section>`;
}

// The four colours, from the one colour table; on the map page also the thresholds the district
// colours were decided on (index per km², from GET /api/v1/areas/risk) and the city level's basis.
export function Legend({ compact, thresholds, city }) {
  const th = thresholds && thresholds.rule === 'ratio' ? thresholds : null;
  const bound = { red: th && th.red, orange: th && th.orange, yellow: th && th.yellow };
  return html`
    <section class=${`panel legend${compact ? ' compact' : ''}`} aria-label=${t('map.legend')} data-testid="legend">
      ${compact ? '' : html`<h2>${t('map.legend')}</h2>`}
      <ul>
        ${GRADES.map((g) => {
          const i = gradeInfo(g);
          const b = th && typeof bound[i.color] === 'number' ? bound[i.color] : null;
          return html`<li key=${g} data-color=${i.color}><span class="swatch" style=${{ background: i.hex }} aria-hidden="true"></span>
            ${i.roman} ${t(`grade.${g}`)} · ${t(`color.${i.color}`)}${b !== null ? html` <span class="hint" data-testid=${`legend-threshold-${i.color}`}>≥ ${round2(b)}</span>` : ''}</li>`;
        })}
      </ul>
      ${th ? html`<p class="hint" data-testid="legend-district-rule">${t('map.legend.districts', { d: round2(th.orange || 0), r1: th.ratios[0], r2: th.ratios[1], r3: th.ratios[2] })}</p>` : ''}
      ${city && city.rule === 'density' && typeof city.density === 'number' && city.thresholds ? html`<p class="hint" data-testid="legend-city">${t('map.legend.city', { d: round2(city.density), t: `${city.thresholds.red} / ${city.thresholds.orange} / ${city.thresholds.yellow}` })}</p>` : ''}
      ${compact ? '' : html`<p class="hint">${t('map.legend.hint')}</p>`}
    </section>`;
}
