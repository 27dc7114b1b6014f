// installation-map — the major hazard sources (重大危险源) as a layer of the risk map, a switch in
// the map's layer panel (#/map?sources=1 starts with it on): each source of the user's scope
// (GET /api/v1/map/installations) a square in the colour of its GB 18218 grade (一级 red … 四级
// blue), its popup naming the installation, its unit, S and R. Squares, so never read as a risk point.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { errorText } from '../ui.js';
import { gradeInfo } from '../colors.js';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const num = (v) => String(Math.round(Number(v) * 100) / 100);

function makeLayer(fc) {
  const group = L.layerGroup();
  for (const f of fc.features || []) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const g = gradeInfo(p.grade);
    const icon = L.divIcon({
      className: `mhs-marker mhs-${p.id}`,
      html: `<span style="display:block;width:14px;height:14px;background:${g.hex};border:2px solid #222" data-grade="${p.grade}"></span>`,
      iconSize: [18, 18],
    });
    const m = L.marker([lat, lon], { icon, title: `${p.name} · ${t(`mhsgrade.${p.grade}`)}` });
    m.bindPopup(`<strong>${esc(p.name)}</strong> · ${esc(t(`mhsgrade.${p.grade}`))}<br>` +
      `<a href="#/units/${p.unit_id}">${esc(p.unit_name)}</a><br>S = ${num(p.S)} · R = ${num(p.R)}<br>` +
      `<a href="#/installations/${p.id}" data-testid="popup-installation">${esc(t('instp.open'))}</a>`);
    group.addLayer(m);
  }
  return { group, n: (fc.features || []).length };
}

export function SourceLayerToggle({ mapRef, initial }) {
  const [on, setOn] = useState(!!initial);
  const [status, setStatus] = useState('');
  const layer = useRef(null);
  useEffect(() => {
    let alive = true;
    let timer = null;
    const apply = () => {
      const map = mapRef.current;
      if (!map) { timer = setTimeout(apply, 100); return; } // the map is made after this effect
      if (!on) { if (layer.current) map.removeLayer(layer.current.group); return; }
      if (layer.current) { layer.current.group.addTo(map); return; }
      setStatus('loading');
      api.mapInstallations().then((fc) => {
        if (!alive) return;
        layer.current = makeLayer(fc);
        layer.current.group.addTo(map);
        setStatus(`${layer.current.n}`);
        map.getContainer().setAttribute('data-sources-loaded', String(layer.current.n));
      }).catch((e) => { if (alive) setStatus(`error:${errorText(e)}`); });
    };
    apply();
    return () => { alive = false; clearTimeout(timer); };
  }, [on]);
  const err = status.startsWith('error:') ? status.slice(6) : '';
  return html`
    <label class="inline"><input type="checkbox" checked=${on} data-testid="layer-sources"
      onChange=${(e) => setOn(e.currentTarget.checked)} /> ${t('inst.map.layer')}</label>
    ${on && status === 'loading' ? html`<p class="hint">${t('app.loading')}</p>` : ''}
    ${on && err ? html`<p class="hint">${err}</p>` : ''}
    ${on && status && !err && status !== 'loading' ? html`
      <p class="hint" data-testid="sources-legend" data-count=${status}>${t('inst.map.count', { n: status })}</p>` : ''}`;
}
