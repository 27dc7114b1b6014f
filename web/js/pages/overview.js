// overview — the city dashboard (总览), one call: GET /api/v1/stats/overview. Totals, grade
// make-up (pie), the district four-colour map, top sectors (bar), red units, the quarter's
// changes. A "wall screen" switch (大屏) turns it dark with large type and, where the browser
// allows, full screen. Charts use ECharts, loaded only here; colours come from colors.js.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t, getLang, pickName } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, RatingBadge, errorText } from '../ui.js';
import { GRADES, gradeInfo, hex } from '../colors.js';
import { loadDistrictLayer, addTiles, Legend } from './map.js';

const ECHARTS = '/vendor/echarts/dist/echarts.esm.min.js';
let echartsP = null;
const loadEcharts = () => { echartsP = echartsP || import(ECHARTS).catch((e) => { echartsP = null; throw e; }); return echartsP; };

const reasonOf = (u) => (getLang() === 'en' ? (u.reason || u.rating_reason) : (u.reason_cn || u.rating_reason_cn)) || '';
const REFRESH_MS = 5 * 60 * 1000;
const num = (v) => (typeof v === 'number' ? v : Number(v) || 0);
const byGrade = (o, g) => num(o && (o[g] ?? o[String(g)] ?? o[gradeInfo(g).color]));

function Chart({ option, testid, label }) {
  const el = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    let alive = true;
    let ro = null;
    loadEcharts().then((echarts) => {
      if (!alive || !el.current) return;
      chart.current = echarts.init(el.current, null, { renderer: 'svg' });
      chart.current.setOption(option, true);
      ro = new ResizeObserver(() => chart.current && chart.current.resize());
      ro.observe(el.current);
      el.current.setAttribute('data-ready', 'true');
    }).catch(() => { if (el.current) el.current.textContent = t('overview.chartFailed'); });
    return () => { alive = false; if (ro) ro.disconnect(); if (chart.current) chart.current.dispose(); chart.current = null; };
  }, []);
  useEffect(() => { if (chart.current) chart.current.setOption(option, true); }, [JSON.stringify(option)]);
  return html`<div class="chart" ref=${el} data-testid=${testid} role="img" aria-label=${label}></div>`;
}

function DistrictMap({ districts, wall }) {
  const el = useRef(null);
  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.25, attributionControl: false, zoomControl: false, scrollWheelZoom: false });
    map.setView([31.3, 120.6], 8.5);
    let alive = true;
    addTiles(map);
    const byCode = new Map((districts || []).map((d) => [String(d.code), d]));
    loadDistrictLayer(map, { labels: true, onClick: (p) => navigate(href('/risks', { region: p.code })) }).then(({ layer, colored }) => {
      if (!alive) return;
      if (!colored) {
        // No /areas/risk yet: colour the outlines from the overview's own district levels.
        layer.eachLayer((l) => {
          const d = byCode.get(String(l.feature.properties.code));
          if (d && d.color) l.setStyle({ color: '#ffffff', fillColor: hex(d.color), fillOpacity: 0.6 });
        });
      }
      layer.addTo(map);
      const b = layer.getBounds();
      if (b.isValid()) map.fitBounds(b, { padding: [6, 6], animate: false });
      el.current && el.current.setAttribute('data-ready', colored ? 'areas' : 'outlines');
    }).catch(() => {});
    const ro = new ResizeObserver(() => map.invalidateSize());
    ro.observe(el.current);
    return () => { alive = false; ro.disconnect(); map.off(); map.stop(); setTimeout(() => map.remove(), 300); };
  }, []);
  return html`<div class=${`mini-map${wall ? ' dark' : ''}`} ref=${el} role="region" aria-label=${t('overview.map')} data-testid="overview-map"></div>`;
}

function Tile({ id, label, value, grade, link }) {
  const style = grade ? { borderTopColor: hex(grade) } : {};
  const Tag = link ? 'a' : 'div';
  return html`<li class="tile" style=${style}><${Tag} class="tile-body" href=${link}>
    <span class="tile-value" data-testid=${`stat-${id}`} data-value=${value ?? ''}>${value ?? '—'}</span>
    <span class="tile-label">${label}</span><//></li>`;
}

export function OverviewPage() {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [loading, setLoading] = useState(true);
  const [hasChanges, setHasChanges] = useState(false);
  const [wall, setWall] = useState(false);
  const [sectors, setSectors] = useState(new Map());
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    api.overview().then((d) => { if (alive) { setData(d); setError(null); setLoading(false); } })
      .catch((e) => { if (alive) { setError(e); setLoading(false); } });
    return () => { alive = false; };
  }, [tick]);
  useEffect(() => {
    refdata.sectors().then((s) => setSectors(new Map(s.map((x) => [x.code, x])))).catch(() => {});
    api.riskChanges({}).then(() => setHasChanges(true)).catch(() => setHasChanges(false));
  }, []);

  // Wall screen: dark, large type, the navigation hidden, full screen where allowed.
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('wall', wall);
    if (!wall) return undefined;
    const onKey = (e) => { if (e.key === 'Escape') setWall(false); };
    const onFs = () => { if (!document.fullscreenElement) setWall(false); };
    window.addEventListener('keydown', onKey);
    document.addEventListener('fullscreenchange', onFs);
    const timer = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => {
      root.classList.remove('wall');
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('fullscreenchange', onFs);
      clearInterval(timer);
    };
  }, [wall]);
  useEffect(() => () => document.documentElement.classList.remove('wall'), []);

  function toggleWall() {
    const next = !wall;
    document.documentElement.classList.toggle('wall', next);
    setWall(next);
    try {
      if (next && document.documentElement.requestFullscreen && !document.fullscreenElement) {
        document.documentElement.requestFullscreen().catch(() => {});
      } else if (!next && document.fullscreenElement) {
        document.exitFullscreen().catch(() => {});
      }
    } catch (_) { /* full screen not allowed: the dark large layout still applies */ }
  }

  const d = data || {};
  const fg = wall ? '#e6edf5' : '#1d2733';
  const pieOption = {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: { color: fg, fontSize: wall ? 18 : 12 } },
    series: [{
      type: 'pie', radius: ['34%', '58%'], center: ['50%', '45%'], avoidLabelOverlap: true,
      label: { color: fg, fontSize: wall ? 18 : 12, formatter: (p) => `${p.data.short}\n${p.value}` },
      data: GRADES.map((g) => ({ name: `${gradeInfo(g).roman} ${t(`grade.${g}`)}`, short: `${gradeInfo(g).roman} ${t(`color.${gradeInfo(g).color}`)}`, value: byGrade(d.risks_by_grade, g), itemStyle: { color: hex(g) } })),
    }],
  };
  const top = (d.top_sectors || []).slice(0, 10);
  const sectorLabel = (s) => {
    const ref = sectors.get(s.sector || s.code);
    return (ref && pickName(ref)) || (getLang() === 'en' ? s.name_en : s.name_cn) || s.name || s.sector || s.code;
  };
  const barOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: fg, fontSize: wall ? 16 : 11 }, splitLine: { lineStyle: { color: wall ? '#2b3d55' : '#e7ebf0' } } },
    yAxis: { type: 'category', inverse: true, data: top.map(sectorLabel), axisLabel: { color: fg, fontSize: wall ? 16 : 12, width: 140, overflow: 'truncate' } },
    series: [
      ...[1, 2].map((g) => ({
        type: 'bar', stack: 'g', name: `${gradeInfo(g).roman} ${t(`grade.${g}`)}`, itemStyle: { color: hex(g) },
        data: top.map((s) => num(s[`grade${g}`] ?? byGrade(s.counts, g))),
      })),
      { type: 'bar', stack: 'g', name: t('overview.otherGrades'), itemStyle: { color: gradeInfo(0).hex },
        data: top.map((s) => Math.max(0, num(s.count) - num(s.grade1 ?? byGrade(s.counts, 1)) - num(s.grade2 ?? byGrade(s.counts, 2)))) },
    ],
  };

  const city = typeof d.city_level === 'object' && d.city_level ? d.city_level : { color: d.city_level };
  const ratings = d.units_by_rating || {};
  const q = d.quarter || {};
  const redUnits = d.red_units || [];

  return html`
    <section class=${`page overview-page${wall ? ' wall-on' : ''}`} aria-labelledby="overview-title" data-testid="overview" data-wall=${wall ? 'true' : 'false'}>
      <header class="page-head">
        <h1 id="overview-title">${t('overview.title')}</h1>
        <div class="head-actions">
          ${city.color ? html`<span class="city-level" data-testid="city-level" data-color=${city.color}>${t('overview.cityLevel')}: <${RatingBadge} color=${city.color} area /></span>` : ''}
          <button type="button" onClick=${() => setTick((n) => n + 1)} disabled=${loading}>${t('overview.refresh')}</button>
          <button type="button" class="primary" aria-pressed=${wall ? 'true' : 'false'} onClick=${toggleWall} data-testid="wall-toggle">
            ${wall ? t('overview.wall.exit') : t('overview.wall')}</button>
        </div>
      </header>
      ${loading ? html`<${Progress} label=${t('overview.loading')} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${data ? html`
        <ul class="tiles" aria-label=${t('overview.totals')}>
          <${Tile} id="units" label=${t('overview.units')} value=${d.units} link="#/units" />
          <${Tile} id="risks" label=${t('overview.risks')} value=${d.risks} link="#/risks" />
          <${Tile} id="grade1" label=${t('overview.grade1')} value=${byGrade(d.risks_by_grade, 1)} grade=${1} link=${href('/risks', { grade: 1 })} />
          <${Tile} id="grade2" label=${t('overview.grade2')} value=${byGrade(d.risks_by_grade, 2)} grade=${2} link=${href('/risks', { grade: 2 })} />
          <${Tile} id="red-units" label=${t('overview.redUnits')} value=${num(ratings.red ?? redUnits.length)} grade=${1} />
          <${Tile} id="flagged" label=${t('overview.flagged')} value=${d.flagged_owners} link=${href('/risks', { flagged: 1 })} />
        </ul>
        <div class="dash-grid">
          <section class="panel" aria-labelledby="ov-grades"><h2 id="ov-grades">${t('overview.gradeMakeup')}</h2>
            <${Chart} option=${pieOption} testid="grade-chart" label=${t('overview.gradeMakeup')} />
          </section>
          <section class="panel" aria-labelledby="ov-map"><h2 id="ov-map">${t('overview.map')}</h2>
            <${DistrictMap} districts=${d.districts} wall=${wall} />
            <${Legend} compact />
          </section>
          <section class="panel" aria-labelledby="ov-sectors"><h2 id="ov-sectors">${t('overview.topSectors')}</h2>
            <${Chart} option=${barOption} testid="sector-chart" label=${t('overview.topSectors')} />
          </section>
          <section class="panel" aria-labelledby="ov-red"><h2 id="ov-red">${t('overview.redList')}</h2>
            ${redUnits.length ? html`<ol class="red-units" data-testid="red-units">
              ${redUnits.map((u) => html`<li key=${u.id}><a href=${`#/units/${u.id}`}>${u.name}</a>
                <span class="hint">${u.region_name || ''}${reasonOf(u) ? ` · ${reasonOf(u)}` : ''}</span></li>`)}
            </ol>` : html`<p class="hint">${t('overview.noRed')}</p>`}
          </section>
          <section class="panel" aria-labelledby="ov-quarter"><h2 id="ov-quarter">${t('overview.quarter')}${q.quarter ? ` · ${q.quarter}` : ''}</h2>
            <ul class="quarter" data-testid="quarter">
              ${['new', 'raised', 'lowered', 'overdue_review'].map((k) => html`<li key=${k}>
                <span class="q-value" data-testid=${`quarter-${k}`}>${num(q[k])}</span><span class="q-label">${t(`changes.${k}`)}</span></li>`)}
            </ul>
            ${hasChanges ? html`<a href="#/changes" data-testid="changes-link">${t('overview.changesLink')}</a>` : ''}
          </section>
          <section class="panel" aria-labelledby="ov-ratings"><h2 id="ov-ratings">${t('overview.unitRatings')}</h2>
            <ul class="rating-counts">
              ${['red', 'orange', 'yellow', 'blue', 'unassessed'].map((c) => html`<li key=${c}><${RatingBadge} color=${c} />
                <span data-testid=${`rating-${c}`}>${num(ratings[c])}</span></li>`)}
            </ul>
          </section>
        </div>` : ''}
    </section>`;
}
