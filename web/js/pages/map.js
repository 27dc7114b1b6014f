// map — the electronic risk map: the district four-colour layer (GET /api/v1/areas/risk,
// level=district, GeoJSON), the towns' superposed colours (level=town: towns have no outline in
// our data, so a square where their points are, and the sortable town list beside the map), the
// 1 km grid layer (level=grid), the risk points of the visible box (GET /api/v1/map/risks,
// reloaded on every move: clusters as rings of their grades' colours when far out, single points
// when close, impact circles from zoom 15) and the hidden hazards (hazard-map.js). Drawn offline:
// no tile layer unless one is configured (localStorage.tileUrl, or tile_url and tile_labels_url
// from GET /api/v1/config); without one the map says so in a corner. #/map?lat=&lon=&z=&risk=
// centres it. The vulnerable targets, impact circles and reach lines are target-map.js's
// (#/map?targets=1 starts with them).

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useMemo, useRef, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { useSectors } from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, errorText } from '../ui.js';
import { GRADES, gradeInfo, hex } from '../colors.js';
import { HazardLayerToggle, hazardDiamond } from './hazard-map.js';
import { SourceLayerToggle } from './installation-map.js';
import { TargetLayerToggle } from './target-map.js';
import { ResourceLayerToggle } from './resource-map.js';

// Outline style without area grades (no /areas/risk): the neutral blues of the shell.
const PLAIN = { color: '#1f4e79', weight: 1.5, fillColor: '#5b8db8', fillOpacity: 0.18 };
const IMPACT_ZOOM = 15;

async function tileUrl() {
  try {
    const local = localStorage.getItem('tileUrl');
    if (local) {
      return { url: local, labels: localStorage.getItem('tileLabelsUrl') || '', attribution: localStorage.getItem('tileAttribution') || '' };
    }
  } catch (_) { /* storage disabled */ }
  const cfg = await api.config();
  const url = cfg.tile_url || cfg.tileUrl;
  return url ? { url, labels: cfg.tile_labels_url || '', attribution: cfg.tile_attribution || '' } : null;
}
// The base layer and its annotation layer (e.g. Tianditu vec + cva) when configured; `subdomains`
// fill a {s} in the URL (Tianditu: t0–t7). With `notice`, a map without a base layer says so.
// Resolves to whether a base layer was added.
export function addTiles(map, { notice = false } = {}) {
  return tileUrl().catch(() => null).then((tiles) => {
    // The page may have been left (and the map removed) before the settings arrived.
    if (!map._controlCorners || !map._mapPane) return false;
    if (tiles) {
      const opts = { attribution: tiles.attribution, maxZoom: 18, subdomains: '01234567' };
      L.tileLayer(tiles.url, { ...opts, className: 'base-tiles' }).addTo(map);
      if (tiles.labels) L.tileLayer(tiles.labels, { ...opts, attribution: '', className: 'label-tiles' }).addTo(map);
      return true;
    }
    if (notice) {
      const box = L.control({ position: 'bottomleft' });
      box.onAdd = () => {
        const d = L.DomUtil.create('div', 'map-notice');
        d.setAttribute('data-testid', 'no-base-layer');
        d.setAttribute('role', 'note');
        d.innerHTML = `<strong>${esc(t('map.noBase'))}</strong><br>${esc(t('map.noBase.how'))}`;
        return d;
      };
      box.addTo(map);
    }
    return false;
  });
}

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

const round2 = (x) => Math.round(x * 100) / 100;

// A cluster of risk points: a ring of the four grade colours in proportion to its counts by
// grade (Ⅰ first, clockwise from the top), the number of points in the middle (SVG text).
export function ringIcon(counts, count) {
  const c = counts || {};
  const total = GRADES.reduce((a, g) => a + (Number(c[g]) || 0), 0);
  const s = Math.round(Math.min(46, 24 + 7 * Math.log10(Math.max(1, count))));
  const h = s / 2;
  const w = Math.max(6, Math.round(s * 0.2));
  const r = h - w / 2 - 1;
  const len = 2 * Math.PI * r;
  let at = 0;
  const segs = [];
  for (const g of GRADES) {
    const n = Number(c[g]) || 0;
    if (!n) continue;
    const l = (len * n) / total;
    segs.push(`<circle class="ring-seg ring-g${g}" data-grade="${g}" data-n="${n}" cx="${h}" cy="${h}" r="${r}" fill="none" stroke="${hex(g)}" stroke-width="${w}" stroke-dasharray="${l} ${len - l}" stroke-dashoffset="${-at}" transform="rotate(-90 ${h} ${h})"/>`);
    at += l;
  }
  if (!segs.length) segs.push(`<circle cx="${h}" cy="${h}" r="${r}" fill="none" stroke="${hex(0)}" stroke-width="${w}"/>`);
  const svg = `<svg width="${s}" height="${s}" viewBox="0 0 ${s} ${s}" aria-hidden="true">`
    + `<circle cx="${h}" cy="${h}" r="${h - 0.5}" fill="#ffffff" stroke="#33404d" stroke-width="1"/>${segs.join('')}`
    + `<circle cx="${h}" cy="${h}" r="${r - w / 2}" fill="#ffffff" stroke="#33404d" stroke-width="0.5"/>`
    + `<text x="${h}" y="${h}" dy="0.35em" text-anchor="middle" font-size="${s > 40 ? 13 : 11}" font-weight="700" fill="#1d1d1d">${count}</text></svg>`;
  return { svg, size: s, segments: segs.length };
}

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
  const [towns, setTowns] = useState(null);
  const [show, setShow] = useState({ districts: true, towns: true, grid: false, points: true });
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
    addTiles(map, { notice: true });

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
          const { svg, size, segments } = ringIcon(p.counts, count);
          const m = L.marker(ll, {
            pane: 'riskPane', keyboard: false,
            icon: L.divIcon({ html: svg, iconSize: [size, size], className: `risk-cluster grade-${g.grade}` }),
          });
          m.on('add', () => {
            const e = m.getElement();
            e.dataset.count = String(count);
            e.dataset.segments = String(segments);
          });
          const counts = p.counts || {};
          m.bindTooltip(`${esc(t('map.cluster', { n: count }))}<br>${GRADES.map((x) => `${gradeInfo(x).roman} ${esc(counts[x] ?? 0)}`).join(' · ')}`, { direction: 'top' });
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

    // Towns: the superposed colour of each, a square where its points are (no outlines).
    map.createPane('townPane').style.zIndex = 430;
    const townLayer = L.layerGroup();
    layers.current.towns = townLayer;
    function loadTowns() {
      api.areaRisk('town').then((r) => {
        if (!alive) return;
        const items = (r && r.items) || [];
        for (const p of items) {
          if (!Array.isArray(p.centre)) continue;
          const ll = [p.centre[1], p.centre[0]];
          const g = gradeInfo(p.color);
          const m = L.marker(ll, {
            pane: 'townPane', keyboard: false,
            icon: L.divIcon({ html: `<span style="background:${g.hex}"></span>`, iconSize: [14, 14], className: `town-mark town-${p.code} area-${g.color}` }),
          });
          m.bindTooltip(esc(p.name), { direction: 'top', className: 'town-label' });
          m.on('click', () => L.popup({ maxWidth: 280 }).setLatLng(ll).setContent(areaPopup({ ...p, level: 'town' }, names.current)).openOn(map));
          townLayer.addLayer(m);
          p.latlng = ll;
        }
        layers.current.townByCode = new Map(items.map((p) => [p.code, p]));
        setTowns(items);
        if (showRef.current.towns) townLayer.addTo(map);
        el.current && el.current.setAttribute('data-towns-loaded', String(items.length));
      }).catch((e) => { if (alive) setTowns({ error: errorText(e) }); });
    }

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
      loadTowns();
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
    if (ls.towns && towns && !towns.error) { if (show.towns) ls.towns.addTo(map); else map.removeLayer(ls.towns); }
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
  }, [show, loading, towns]);

  // A town chosen in the list: centre the map on it and open its popup.
  const focusTown = (code) => {
    const map = mapRef.current;
    const p = layers.current.townByCode && layers.current.townByCode.get(code);
    if (!map || !p || !p.latlng) return;
    map.setView(p.latlng, Math.max(map.getZoom(), 12));
    L.popup({ maxWidth: 280 }).setLatLng(p.latlng).setContent(areaPopup({ ...p, level: 'town' }, names.current)).openOn(map);
  };

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
            <label class="inline"><input type="checkbox" checked=${show.towns} onChange=${toggle('towns')} data-testid="layer-towns" /> ${t('map.layer.towns')}</label>
            <label class="inline"><input type="checkbox" checked=${show.grid} onChange=${toggle('grid')} data-testid="layer-grid" /> ${t('map.layer.grid')}</label>
            ${status.grid === 'loading' ? html`<${Progress} />` : ''}
            ${gridError ? html`<p class="hint">${gridError}</p>` : ''}
            <label class="inline"><input type="checkbox" checked=${show.points} onChange=${toggle('points')} data-testid="layer-points" /> ${t('map.layer.points')}</label>
            ${status.points ? html`<p class="hint" data-testid="points-missing">${status.points}</p>` : ''}
            <${HazardLayerToggle} mapRef=${mapRef} initial=${route && route.query.get('hazards') === '1'} />
            <${SourceLayerToggle} mapRef=${mapRef} initial=${route && route.query.get('sources') === '1'} />
            <${TargetLayerToggle} mapRef=${mapRef} initial=${route && route.query.get('targets') === '1'} />
            <${ResourceLayerToggle} mapRef=${mapRef} initial=${route && route.query.get('resources') === '1'} />
          </fieldset>
          <${Legend} thresholds=${status.thresholds} city=${status.city} />
          <${TownList} towns=${towns} districts=${districts} onFocus=${focusTown} />
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

// The town list: each town's superposed colour, index and points by grade, sortable; a name
// centres the map on the town, the links open its units and risk points.
const TOWN_SORTS = {
  name: (a, b) => String(a.name).localeCompare(String(b.name), 'zh-CN'),
  index: (a, b) => b.index - a.index,
  g1: (a, b) => (b.counts[1] || 0) - (a.counts[1] || 0) || b.index - a.index,
  g2: (a, b) => (b.counts[2] || 0) - (a.counts[2] || 0) || b.index - a.index,
};
function TownList({ towns, districts, onFocus }) {
  const [sort, setSort] = useState('index');
  const [district, setDistrict] = useState('');
  const list = Array.isArray(towns) ? towns : [];
  const inDistricts = useMemo(() => [...new Set(list.map((x) => String(x.code).slice(0, 6)))], [towns]);
  const rows = useMemo(() => list.filter((x) => !district || String(x.code).startsWith(district)).slice().sort(TOWN_SORTS[sort]), [towns, sort, district]);
  const dname = new Map(districts.map((d) => [String(d.code), d.name]));
  const head = (k, label) => html`<th scope="col" aria-sort=${sort === k ? (k === 'name' ? 'ascending' : 'descending') : 'none'}>
    <button type="button" class="link" data-testid=${`town-sort-${k}`} onClick=${() => setSort(k)}>${label}${sort === k ? (k === 'name' ? ' ▲' : ' ▼') : ''}</button></th>`;
  return html`
    <section class="panel town-list" aria-labelledby="town-list-title" data-testid="town-list">
      <h2 id="town-list-title">${t('map.towns')}</h2>
      ${towns === null ? html`<${Progress} />` : ''}
      ${towns && towns.error ? html`<p class="hint">${towns.error}</p>` : ''}
      ${inDistricts.length > 1 ? html`<label class="town-district">${t('map.towns.district')}
        <select value=${district} onChange=${(e) => setDistrict(e.currentTarget.value)} data-testid="town-district">
          <option value="">${t('map.towns.all')}</option>
          ${inDistricts.map((c) => html`<option value=${c}>${dname.get(c) || c}</option>`)}
        </select></label>` : ''}
      <p class="hint">${t('map.towns.hint')}</p>
      <div class="town-scroll">
        <table class="data compact">
          <thead><tr>${head('name', t('map.towns.name'))}${head('index', t('map.index'))}${head('g1', 'Ⅰ')}${head('g2', 'Ⅱ')}<th scope="col">${t('map.towns.open')}</th></tr></thead>
          <tbody>
            ${rows.map((x) => html`<tr key=${x.code} data-testid="town-row" data-code=${x.code} data-color=${x.color}>
              <td><span class="swatch" style=${{ background: hex(x.color) }} title=${t(`area.${gradeInfo(x.color).color}`)} aria-hidden="true"></span><button type="button" class="link" onClick=${() => onFocus(x.code)}>${x.name}</button></td>
              <td class="num">${Math.round(x.index)}</td>
              <td class="num">${x.counts[1] || 0}</td>
              <td class="num">${x.counts[2] || 0}</td>
              <td><a href=${href('/units', { region: x.code })} data-testid="town-units">${t('map.towns.units')}</a> <a href=${href('/risks', { region: x.code })} data-testid="town-risks">${t('map.towns.risks')}</a></td>
            </tr>`)}
          </tbody>
        </table>
      </div>
    </section>`;
}

// A small ring for the legend: made by the same function as the clusters.
const SAMPLE_RING = ringIcon({ 1: 1, 2: 2, 3: 3, 4: 4 }, 10).svg;

// The four colours, from the one colour table; on the map page also the thresholds the district
// colours were decided on (index per km², from GET /api/v1/areas/risk) and the city level's basis.
export function Legend({ compact, thresholds, city }) {
  const th = thresholds && thresholds.rule === 'ratio' ? thresholds : null;
  const bound = { red: th && th.red, orange: th && th.orange, yellow: th && th.yellow };
  return html`
    <section class=${`panel legend${compact ? ' compact' : ''}`} aria-label=${t('map.legend')} data-testid="legend">
      ${compact ? '' : html`<h2>${t('map.legend')}</h2><h3>${t('map.legend.colours')}</h3>`}
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
      ${compact ? '' : html`
        <h3>${t('map.legend.symbols')}</h3>
        <ul class="legend-symbols">
          <li data-testid="legend-cluster"><span class="sym" dangerouslySetInnerHTML=${{ __html: SAMPLE_RING }}></span>${t('map.legend.cluster')}</li>
          <li data-testid="legend-point"><span class="sym"><span class="dot" style=${{ background: hex(1) }}></span></span>${t('map.legend.point')}</li>
          <li data-testid="legend-town"><span class="sym"><span class="town-sym" style=${{ background: hex(2) }}></span></span>${t('map.legend.town')}</li>
          <li data-testid="legend-hz-major"><span class="sym" dangerouslySetInnerHTML=${{ __html: hazardDiamond({ grade: 'major' }) }}></span>${t('map.legend.hzMajor')}</li>
          <li data-testid="legend-hz-general"><span class="sym" dangerouslySetInnerHTML=${{ __html: hazardDiamond({ grade: 'general' }) }}></span>${t('map.legend.hzGeneral')}</li>
          <li data-testid="legend-hz-closed"><span class="sym" dangerouslySetInnerHTML=${{ __html: hazardDiamond({ grade: 'major', closed: true }) }}></span>${t('map.legend.hzClosed')}</li>
          <li data-testid="legend-hz-overdue"><span class="sym" dangerouslySetInnerHTML=${{ __html: hazardDiamond({ grade: 'general', overdue: true, size: 20 }) }}></span>${t('map.legend.hzOverdue')}</li>
        </ul>
        <p class="hint">${t('map.legend.hint')}</p>`}
    </section>`;
}
