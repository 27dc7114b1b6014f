// map — Suzhou with its district outlines, drawn offline: no tile layer unless one is configured
// (localStorage.tileUrl, or tile_url from GET /api/v1/config). A district opens its units.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, errorText } from '../ui.js';

export const CITY = '3205';

// Outline style; the colours are the dashboard's neutral blues, grades get their own table later.
const STYLE = { color: '#1f4e79', weight: 1.5, fillColor: '#5b8db8', fillOpacity: 0.18 };
const HOVER = { weight: 3, fillOpacity: 0.35 };

async function tileUrl() {
  try {
    const local = localStorage.getItem('tileUrl');
    if (local) return { url: local, attribution: localStorage.getItem('tileAttribution') || '' };
  } catch (_) { /* storage disabled */ }
  const cfg = await api.config();
  const url = cfg.tile_url || cfg.tileUrl;
  return url ? { url, attribution: cfg.tile_attribution || '' } : null;
}

export function MapPage() {
  const el = useRef(null);
  const [districts, setDistricts] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);

  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.25, attributionControl: true, preferCanvas: false });
    map.attributionControl.setPrefix(false);
    map.setView([31.3, 120.6], 9);
    let alive = true;

    tileUrl().then((tiles) => {
      if (alive && tiles) L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 18 }).addTo(map);
    });

    api.districtOutlines(CITY).then((fc) => {
      if (!alive) return;
      const layer = L.geoJSON(fc, {
        style: (f) => ({ ...STYLE, className: `district district-${f.properties.code}` }),
        onEachFeature: (f, lyr) => {
          const { code, name } = f.properties;
          lyr.bindTooltip(name, { permanent: true, direction: 'center', className: 'district-label' });
          lyr.on('click', () => navigate(href('/units', { region: code })));
          lyr.on('mouseover', () => lyr.setStyle(HOVER));
          lyr.on('mouseout', () => layer.resetStyle(lyr));
        },
      }).addTo(map);
      const b = layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [12, 12], animate: false });
      setDistricts(fc.features.map((f) => f.properties).sort((a, b2) => String(a.code).localeCompare(String(b2.code))));
      setLoading(false);
    }).catch((e) => {
      if (!alive) return;
      setError(e);
      setLoading(false);
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

  return html`
    <section class="page map-page" aria-labelledby="map-title">
      <header class="page-head"><h1 id="map-title">${t('map.title')}</h1></header>
      ${loading ? html`<${Progress} />` : ''}
      <${Banner}>${error ? `${t('map.loadFailed')}: ${errorText(error)}` : ''}<//>
      <div class="map-layout">
        <div class="map" ref=${el} role="region" aria-label=${t('map.label')} data-testid="map"></div>
        <nav class="district-list" aria-labelledby="district-list-title">
          <h2 id="district-list-title">${t('map.districts')}</h2>
          <p class="hint">${t('map.districts.hint')}</p>
          <ul>
            ${districts.map((d) => html`
              <li key=${d.code}><a href=${href('/units', { region: d.code })}>${d.name}</a></li>`)}
          </ul>
        </nav>
      </div>
    </section>`;
}
