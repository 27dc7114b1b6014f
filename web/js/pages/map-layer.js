// map-layer — a switchable layer of markers on the risk map, loaded the first time it is
// switched on (then kept and re-added): the emergency resources (resource-map.js) and the
// vulnerable targets (target-map.js) use it.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { useEffect, useRef, useState } from '../html.js';
import * as api from '../api.js';
import { errorText } from '../ui.js';

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

// Every item of a paged list (pages of 500 through `next`), at most `max`.
export async function fetchAll(path, params = {}, max = 5000) {
  let items = [];
  let after;
  for (;;) {
    const r = await api.get(path, { ...params, limit: 500, after });
    items = items.concat(r.items || []);
    if (!r.next || items.length >= max) return items;
    after = r.next;
  }
}

// The layer while `on`, in its own pane above the risk points. `load()` gives the items;
// `mark(x)` gives an item's { html, className, tooltip, popup } (a 20 px symbol), or null to
// leave it off; items without coordinates are left off. The map's container gets `attr` set
// to the number of markers. Returns the status: '' before, 'loading', the number of markers,
// or 'error:' and the message (errorText with `errorArea`).
export function useMarkerLayer(mapRef, on, { pane, zIndex, load, mark, attr, errorArea }) {
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
      if (!map.getPane(pane)) map.createPane(pane).style.zIndex = zIndex;
      setStatus('loading');
      load().then((items) => {
        if (!alive) return;
        const group = L.layerGroup();
        for (const x of items) {
          if (x.lat === null || x.lon === null || x.lat === undefined || x.lon === undefined) continue;
          const k = mark(x);
          if (!k) continue;
          const m = L.marker([x.lat, x.lon], {
            pane, keyboard: false, icon: L.divIcon({ html: k.html, iconSize: [20, 20], className: k.className }),
          });
          m.bindTooltip(esc(k.tooltip), { direction: 'top' });
          m.bindPopup(k.popup);
          group.addLayer(m);
        }
        s.layer = group;
        group.addTo(map);
        const n = String(group.getLayers().length);
        setStatus(n);
        map.getContainer().setAttribute(attr, n);
      }).catch((e) => { if (alive) setStatus(`error:${errorText(e, errorArea)}`); });
    };
    apply();
    return () => { alive = false; clearTimeout(timer); };
  }, [on]);
  return status;
}
