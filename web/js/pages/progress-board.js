// progress-board — 挂图作战 (#/progress): completion of reporting, review and verification by district,
// town, department or sector (GET /progress), ranked; the districts on a map coloured by completion
// on a sequential scale stretched over the districts' own range (so they never all look alike);
// export and print; the late reports (GET /reporting/owed?late=1) and verification coverage.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, Select, errorText, formatNumber, formatPercent } from '../ui.js';
import { ExportButtons } from '../export.js';

// ColorBrewer "Blues", five classes: light = behind, dark = ahead.
export const COMPLETION_COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

// The class (0–4) of a completion value among the others: the scale spans their min … max.
export function completionClass(v, min, max) {
  if (!(max > min)) return 2;
  return Math.min(4, Math.max(0, Math.floor(((v - min) / (max - min)) * 5)));
}

function CompletionMap({ items }) {
  const el = useRef(null);
  const [legend, setLegend] = useState(null);
  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    map.setView([31.3, 120.6], 8.5);
    let alive = true;
    const byCode = new Map(items.map((x) => [x.key, x]));
    const values = items.map((x) => x.completion);
    const min = Math.min(...values);
    const max = Math.max(...values);
    refdata.districtOutlines().then((fc) => {
      if (!alive || !fc) return;
      const layer = L.geoJSON(fc, {
        style: (f) => {
          const d = byCode.get(String(f.properties.code));
          const k = d ? completionClass(d.completion, min, max) : -1;
          return { color: '#ffffff', weight: 1.5, fillOpacity: 0.85, fillColor: k < 0 ? '#cccccc' : COMPLETION_COLOURS[k],
            className: `district district-${f.properties.code} completion-${k}` };
        },
        onEachFeature: (f, lyr) => {
          const d = byCode.get(String(f.properties.code));
          lyr.bindTooltip(`${f.properties.name}${d ? ` ${formatPercent(d.completion)}` : ''}`, { permanent: true, direction: 'center', className: 'district-label' });
          lyr.on('click', () => navigate(href('/progress', { by: 'town', region: f.properties.code })));
        },
      }).addTo(map);
      const b = layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [6, 6], animate: false });
      setLegend(COMPLETION_COLOURS.map((c, i) => ({ c, from: min + ((max - min) * i) / 5, to: min + ((max - min) * (i + 1)) / 5 })));
      if (el.current) el.current.setAttribute('data-ready', 'true');
    }).catch(() => {});
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => { alive = false; ro.disconnect(); map.off(); map.stop(); setTimeout(() => map.remove(), 300); };
  }, [JSON.stringify(items.map((x) => [x.key, x.completion]))]);
  return html`
    <section class="panel" aria-labelledby="pg-map-title">
      <h2 id="pg-map-title">${t('pg.map')}</h2>
      <div class="mini-map" ref=${el} role="region" aria-label=${t('pg.map')} data-testid="progress-map"></div>
      ${legend ? html`<ul class="legend-scale" aria-label=${t('pg.legend')} data-testid="progress-legend">
        ${legend.map((x) => html`<li key=${x.c}><span class="swatch" style=${{ background: x.c }} aria-hidden="true"></span>${formatPercent(x.from)} – ${formatPercent(x.to)}</li>`)}
      </ul><p class="hint">${t('pg.legend')}</p>` : ''}
    </section>`;
}

const rate = (n, r) => html`${formatNumber(n)} <span class="hint">${formatPercent(r)}</span>`;

function LateReports({ region }) {
  const [data, setData] = useState(null);
  const [cov, setCov] = useState(null);
  useEffect(() => {
    let alive = true;
    api.owedReports({ late: 1, limit: 20, region }).then((r) => alive && setData(r)).catch(() => {});
    api.verificationCoverage({ region }).then((r) => alive && setCov(r)).catch(() => {});
    return () => { alive = false; };
  }, [region]);
  return html`
    <div class="unit-layout">
      <section class="panel" aria-labelledby="pg-late-title" data-testid="progress-late">
        <h2 id="pg-late-title">${t('pg.owed.title')}</h2>
        ${data ? html`<p class="hint">${t('pg.owed.summary', { total: data.total, ...data.counts })}</p>
          ${data.items.length ? html`<table class="data"><thead><tr><th scope="col">${t('rv.col.unit')}</th><th scope="col">${t('rv.col.kind')}</th>
            <th scope="col">${t('pg.owed.due')}</th><th scope="col">${t('pg.owed.late')}</th></tr></thead><tbody>
            ${data.items.map((o) => html`<tr key=${`${o.unit_id}-${o.kind}`}><td><a href=${`#/units/${o.unit_id}`}>${o.unit_name}</a></td>
              <td>${t(`rv.kind.${o.kind}`)}</td><td>${o.due}</td><td>${o.days_late}</td></tr>`)}</tbody></table>`
            : html`<p class="empty">${t('pg.owed.none')}</p>`}` : html`<${Progress} />`}
      </section>
      <section class="panel" aria-labelledby="pg-cov-title" data-testid="progress-coverage">
        <h2 id="pg-cov-title">${t('pg.coverage.title')}</h2>
        ${cov ? html`<p><strong>${formatNumber(cov.total.verified)} / ${formatNumber(cov.total.units)}</strong> ${formatPercent(cov.total.rate)}</p>
          <p class="hint">${t('pg.coverage.levels', cov.total.by_level)}</p>` : html`<${Progress} />`}
      </section>
    </div>`;
}

export function ProgressPage({ route }) {
  const by = route.query.get('by') || 'district';
  const region = route.query.get('region') || '';
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    setData(null);
    setError(null);
    api.progress({ by, region }).then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [by, region]);
  const items = data ? data.items : [];
  const byOptions = ['district', 'town', 'dept', 'sector'].map((v) => ({ value: v, label: t(`pg.by.${v}`) }));
  return html`
    <section class="page progress-page" aria-labelledby="pg-title" data-testid="progress-page">
      <header class="page-head">
        <h1 id="pg-title">${t('pg.title')}</h1>
        <div class="head-actions">
          <label class="inline" for="pg-by">${t('pg.by')}</label>
          <${Select} id="pg-by" value=${by} options=${byOptions} extra=${{ 'data-testid': 'progress-by' }}
            onChange=${(v) => navigate(href('/progress', { by: v, region }))} />
          <${ExportButtons} path="/progress" filters=${{ by, region }} />
        </div>
      </header>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'verification') : ''}<//>
      ${data ? html`
        <div class="table-wrap">
          <table class="data" data-testid="progress-table">
            <thead><tr>
              <th scope="col">${t('pg.col.rank')}</th><th scope="col">${t('pg.col.name')}</th>
              <th scope="col">${t('pg.col.units')}</th><th scope="col">${t('pg.col.reported')}</th>
              <th scope="col">${t('pg.col.reviewed')}</th><th scope="col">${t('pg.col.verified')}</th>
              <th scope="col">${t('pg.col.completion')}</th>
            </tr></thead>
            <tbody>
              ${items.map((x) => html`<tr key=${x.key} data-testid="progress-row" data-key=${x.key} data-completion=${x.completion}>
                <td>${x.rank}</td><td>${x.name}</td><td>${formatNumber(x.units)}</td>
                <td>${rate(x.reported, x.reported_rate)}</td><td>${rate(x.reviewed, x.reviewed_rate)}</td>
                <td>${rate(x.verified, x.verified_rate)}</td>
                <td><meter min="0" max="1" value=${x.completion} aria-hidden="true"></meter> ${formatPercent(x.completion)}</td></tr>`)}
            </tbody>
            <tfoot><tr data-testid="progress-total"><th scope="row" colspan="2">${t('pg.total')}</th><td>${formatNumber(data.total.units)}</td>
              <td>${rate(data.total.reported, data.total.reported_rate)}</td><td>${rate(data.total.reviewed, data.total.reviewed_rate)}</td>
              <td>${rate(data.total.verified, data.total.verified_rate)}</td><td>${formatPercent(data.total.completion)}</td></tr></tfoot>
          </table>
        </div>
        ${by === 'district' && items.length ? html`<${CompletionMap} items=${items} />` : ''}
        <${LateReports} region=${region} />` : ''}
    </section>`;
}
