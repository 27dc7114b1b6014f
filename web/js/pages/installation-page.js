// installation-page — one installation (#/installations/ID), a major hazard source when S ≥ 1: its
// GB 18218 grade, S, α (and whose count of people gave it), R and every term; the vulnerable
// targets it reaches (GET /api/v1/exposure?source=ID&kind=installation: name, kind, distance,
// people, GB 36894 protection class, nearest first) and a small map drawing the source, its
// impact circle, the targets by kind and a line to each; then the plans covering it (一对一) and
// its nearest emergency resources (pages/plans.js SourcePlans); its QRA scenarios with their
// risk contours and F-N curve (pages/installation-qra.js).

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs } from '../router.js';
import { Banner, Progress, errorText, formatNumber } from '../ui.js';
import { gradeInfo } from '../colors.js';
import { addTiles } from './map.js';
import { people } from './targets.js';
import { targetSymbol } from './target-map.js';
import { SourcePlans } from './plans.js';
import { LiveResult, MhsGrade } from './installations.js';
import { InstallationQra } from './installation-qra.js';

const num = (v) => (v === null || v === undefined ? '' : String(Math.round(Number(v) * 1e4) / 1e4));

// The small map: the source as a square in its grade's colour, its circle, targets and lines.
function ReachMap({ exp, grade }) {
  const el = useRef(null);
  useEffect(() => {
    const s = exp.source;
    const map = L.map(el.current, { zoomSnap: 0.5, maxZoom: 18 });
    addTiles(map);
    const colour = gradeInfo(grade || 4).hex;
    const at = [s.lat, s.lon];
    map.setView(at, 15); // a circle's bounds need the map's projection
    const circle = L.circle(at, { radius: Number(s.radius_m), color: colour, weight: 2, dashArray: '6 4', fillOpacity: 0.06, className: 'inst-reach-circle' }).addTo(map);
    L.marker(at, { icon: L.divIcon({ className: 'mhs-marker', iconSize: [18, 18],
      html: `<span style="display:block;width:14px;height:14px;background:${colour};border:2px solid #222"></span>` }) }).addTo(map);
    for (const x of exp.targets) {
      if (x.lat === undefined || x.lat === null) continue;
      L.polyline([at, [x.lat, x.lon]], { color: '#0f2c4c', weight: 2, opacity: 0.8, className: `reach-line reach-${x.id}`, interactive: false }).addTo(map);
      L.marker([x.lat, x.lon], { title: x.name, icon: L.divIcon({ className: `target-marker inst-target-${x.id}`, iconSize: [20, 20],
        html: targetSymbol(x.kind, x.protection_class, 20) }) }).addTo(map);
    }
    map.fitBounds(circle.getBounds(), { padding: [10, 10] });
    el.current.setAttribute('data-lines', String(exp.targets.filter((x) => x.lat !== undefined && x.lat !== null).length));
    return () => { map.off(); map.stop(); setTimeout(() => map.remove(), 300); };
  }, [exp]);
  return html`<div class="pick-map" ref=${el} role="region" aria-label=${t('instp.map')} data-testid="inst-reach-map"></div>`;
}

export function InstallationPage({ id }) {
  const [inst, setInst] = useState(null);
  const [exp, setExp] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.get(`/installations/${id}`).then((x) => alive && setInst(x)).catch((e) => alive && setError(e));
    api.get('/exposure', { source: id, kind: 'installation' }).then((x) => alive && setExp(x)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id]);
  const x = inst;
  const targets = (exp && exp.targets) || [];
  return html`
    <section class="page installation-page" aria-labelledby="ip-title">
      <${Breadcrumbs} items=${[{ label: t('nav.units'), to: '#/units' },
        ...(x ? [{ label: x.unit_name || `#${x.unit_id}`, to: `#/units/${x.unit_id}` }] : []), { label: x ? x.name : `#${id}` }]} />
      <header class="page-head">
        <h1 id="ip-title">${x ? x.name : ''}</h1>
        ${x ? html`<${MhsGrade} grade=${x.grade} />` : ''}
      </header>
      <${Banner}>${error ? errorText(error, 'installation') : ''}<//>
      ${!x && !error ? html`<${Progress} />` : ''}
      ${x ? html`
        <dl class="facts" data-testid="inst-facts">
          <div><dt>${t('instp.unit')}</dt><dd><a href=${`#/units/${x.unit_id}`}>${x.unit_name || x.unit_id}</a></dd></div>
          <div><dt>${t('inst.kind')}</dt><dd>${t(`inst.kind.${x.kind}`)}</dd></div>
          <div><dt>${t('inst.exposed')}</dt><dd data-testid="inst-facts-exposed" data-basis=${x.exposed_basis}>${formatNumber(x.exposed_500m)}
            <span class="meta">(${t(`inst.alpha.${x.exposed_basis}`, { n: x.exposed_500m })})</span></dd></div>
          <div><dt>${t('instp.computed')}</dt><dd>${t('inst.exposed.computed', { k: x.exposed_targets, n: x.exposed_counted, a: num(x.alpha_computed) })}</dd></div>
          <div><dt>${t('instp.radius')}</dt><dd data-testid="inst-facts-radius">${exp && exp.source.radius_m !== null ? formatNumber(exp.source.radius_m, 0) : '—'}
            ${x.impact_radius_m === null ? html`<span class="meta">${t('instp.radius.default')}</span>` : ''}</dd></div>
          <div><dt>${t('tg.lon')} / ${t('tg.lat')}</dt><dd class="mono">${x.lon === null ? '—' : `${formatNumber(x.lon, 6)}, ${formatNumber(x.lat, 6)}`}</dd></div>
        </dl>
        <h2>${t('inst.live')}</h2>
        <${LiveResult} result=${{ ...x, sum_beta: (x.terms || []).reduce((a, y) => a + Number(y.weighted || 0), 0) }} />` : ''}
      <section aria-labelledby="ip-targets">
        <h2 id="ip-targets">${t('instp.targets')}</h2>
        ${exp ? html`<p class="total" data-testid="inst-targets-count" data-count=${targets.length}>
          ${x && !x.major ? t('instp.notSource') : targets.length ? t('instp.targets.count', { n: exp.count, day: formatNumber(exp.people_day), night: formatNumber(exp.people_night) }) : t('instp.targets.none')}</p>` : html`<${Progress} />`}
        ${exp && exp.source.radius_m !== null && exp.source.lat !== undefined ? html`<${ReachMap} exp=${exp} grade=${x && x.grade} />` : ''}
        ${targets.length ? html`
          <div class="table-wrap"><table class="data" data-testid="inst-targets">
            <thead><tr><th scope="col">${t('instp.col.target')}</th><th scope="col">${t('tg.kind')}</th>
              <th scope="col" class="num">${t('tg.col.distance')}</th><th scope="col" class="num">${t('tg.peopleDay')}</th>
              <th scope="col" class="num">${t('tg.peopleNight')}</th><th scope="col">${t('tg.class')}</th></tr></thead>
            <tbody>${targets.map((y) => html`
              <tr key=${y.id} data-testid="inst-target" data-id=${y.id}>
                <td>${y.in_scope === false ? t('instp.outOfScope') : html`<a href=${`#/targets/${y.id}`}>${y.name}</a>`}</td>
                <td>${y.kind ? t(`tk.${y.kind}`) : ''}</td>
                <td class="num" data-testid="inst-target-distance">${formatNumber(y.distance_m, 0)}</td>
                <td class="num">${people(y.people_day)}</td>
                <td class="num">${people(y.people_night)}</td>
                <td>${y.protection_class ? t(`tc.${y.protection_class}`) : ''}</td>
              </tr>`)}</tbody>
          </table></div>` : ''}
      </section>
      ${x ? html`<${InstallationQra} inst=${x} />` : ''}
      ${x ? html`<${SourcePlans} src=${x} />` : ''}
    </section>`;
}
