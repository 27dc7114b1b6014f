// overview — the dashboard (总览) of each role, one call: GET /api/v1/stats/overview. Totals,
// grade make-up (pie), 重大隐患 and their trend by quarter, the ranking of the territory's
// districts (city) or towns (district), risk points by industry (GB/T 4754 section; a department:
// its own sectors), red units, the quarter's changes; a unit user sees its own rating, reason,
// points, open hazards and what to do next. Named after the user's territory, never 全市 for
// someone who is not the city. A "wall screen" switch (大屏) turns it dark with large type and,
// where the browser allows, full screen. Charts use ECharts, loaded only here; colours come from
// colors.js.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t, getLang, pickName } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, GradeBadge, Progress, RatingBadge, errorText, formatDate, formatNumber, formatPercent, territoryName } from '../ui.js';
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
    <span class="tile-value" data-testid=${`stat-${id}`} data-value=${value ?? ''}>${formatNumber(value)}</span>
    <span class="tile-label">${label}</span><//></li>`;
}

// The ranking of the territory's districts (the city) or towns (a district).
function Ranking({ ranking }) {
  const level = ranking.level === 'town' ? 'town' : 'district';
  const items = ranking.items || [];
  return html`<section class="panel wide" aria-labelledby="ov-rank" data-testid="ranking" data-level=${level}>
    <h2 id="ov-rank">${t(`overview.rank.${level}`)}</h2>
    <p class="hint">${t('overview.rank.hint')}</p>
    <div class="table-wrap"><table class="data ranking">
      <thead><tr><th scope="col">${t('overview.rank.no')}</th><th scope="col">${t(`overview.rank.area.${level}`)}</th>
        <th scope="col" class="num">${t('overview.rank.red')}</th><th scope="col" class="num">${t('overview.rank.grade1')}</th>
        <th scope="col" class="num">${t('overview.rank.grade2')}</th><th scope="col" class="num">${t('overview.rank.overdue')}</th>
        <th scope="col" class="num">${t('overview.rank.majorOpen')}</th><th scope="col" class="num">${t('overview.rank.closure')}</th></tr></thead>
      <tbody>${items.map((r, i) => html`<tr key=${r.code} data-testid="ranking-row" data-code=${r.code}>
        <td>${i + 1}</td>
        <th scope="row"><a href=${href('/units', { region: r.code })}>${r.name}</a></th>
        <td class="num">${formatNumber(r.red_units)}</td>
        <td class="num"><a href=${href('/risks', { region: r.code, grade: 1 })}>${formatNumber(r.grade1)}</a></td>
        <td class="num"><a href=${href('/risks', { region: r.code, grade: 2 })}>${formatNumber(r.grade2)}</a></td>
        <td class="num"><a href=${href('/hazards', { region: r.code, overdue: 1 })}>${formatNumber(r.hazards_overdue)}</a></td>
        <td class="num">${formatNumber(r.major_open)}</td>
        <td class="num">${r.hazards_found ? formatPercent(r.closure_rate) : '—'}</td></tr>`)}</tbody>
    </table></div>
  </section>`;
}

// 重大隐患 and the hazards' trend by the quarter they were found in.
function Hazards({ hz, fg, wall }) {
  const trend = hz.by_quarter || [];
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: fg, fontSize: wall ? 16 : 12 } },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'category', data: trend.map((q) => q.quarter), axisLabel: { color: fg } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: fg }, splitLine: { lineStyle: { color: wall ? '#2b3d55' : '#e7ebf0' } } },
    series: [
      { type: 'bar', name: t('overview.hz.found'), itemStyle: { color: hex(2) }, data: trend.map((q) => q.found) },
      { type: 'bar', name: t('overview.hz.closed'), itemStyle: { color: hex(4) }, data: trend.map((q) => q.closed) },
      { type: 'line', name: t('overview.hz.majorFound'), itemStyle: { color: hex(1) }, data: trend.map((q) => q.major_found) },
    ],
  };
  const fig = (id, label, value, link, warn) => html`<li class=${`hz-fig${warn && value ? ' warn' : ''}`}>
    <a href=${link}><span class="q-value" data-testid=${`hz-${id}`} data-value=${value ?? ''}>${formatNumber(value)}</span>
    <span class="q-label">${label}</span></a></li>`;
  return html`<section class="panel" aria-labelledby="ov-hz" data-testid="overview-hazards"><h2 id="ov-hz">${t('overview.hz.title')}</h2>
    <ul class="quarter hz-figs">
      ${fig('major-open', t('overview.hz.majorOpen'), hz.major_open, href('/hazards', { grade: 'major', open: 1 }), true)}
      ${fig('major-overdue', t('overview.hz.majorOverdue'), hz.major_overdue, href('/hazards', { grade: 'major', overdue: 1 }), true)}
      ${fig('major-listed', t('overview.hz.majorListed'), hz.major_listed, '#/hazards/board')}
      ${fig('open', t('overview.hz.open'), hz.open, href('/hazards', { open: 1 }))}
      ${fig('overdue', t('overview.hz.overdue'), hz.overdue, href('/hazards', { overdue: 1 }), true)}
      <li class="hz-fig"><span class="q-value" data-testid="hz-closure">${hz.found ? formatPercent(hz.closure_rate) : '—'}</span>
        <span class="q-label">${t('overview.hz.closure')}</span></li>
    </ul>
    ${trend.length ? html`<${Chart} option=${option} testid="hazard-trend" label=${t('overview.hz.trend')} />` : html`<p class="hint">${t('overview.hz.noTrend')}</p>`}
  </section>`;
}

// A unit user's own page: rating and why, its points and open hazards, and what to do next.
function UnitPanel({ unit, risksByGrade }) {
  const todo = [];
  for (const h of unit.open_hazards || []) {
    const mine = h.state === 'rectifying';
    todo.push(html`<li key=${`h${h.id}`} class=${h.overdue ? 'overdue' : ''} data-testid="todo-hazard">
      <a href=${`#/hazards/${h.id}`}>${t(`hz.grade.${h.grade}`)} #${h.id}</a> · ${h.description || ''}
      <span class="hint"> · ${t(`hz.state.${h.state}`)} · ${mine ? t('overview.unit.rectify') : t('overview.unit.waiting')}
        · ${h.deadline ? t('overview.unit.deadline', { d: formatDate(h.deadline) }) : t('overview.unit.noDeadline')}</span>
      ${h.overdue ? html` <strong class="warn-text">${t('overview.unit.overdue')}</strong>` : ''}</li>`);
  }
  for (const r of unit.overdue_reviews || []) {
    todo.push(html`<li key=${`r${r.id}`} data-testid="todo-review"><a href=${`#/risks/${r.id}`}>${r.name}</a>
      <span class="hint"> · ${t('overview.unit.review')}${r.at ? ` · ${formatDate(r.at)}` : ''}</span></li>`);
  }
  return html`<section class="panel wide" aria-labelledby="ov-unit" data-testid="overview-unit" data-unit=${unit.id}>
    <h2 id="ov-unit">${t('overview.unit.title')}</h2>
    <dl class="unit-facts">
      <div><dt>${t('overview.unit.rating')}</dt><dd data-testid="unit-own-rating" data-color=${unit.rating}><${RatingBadge} color=${unit.rating} /></dd></div>
      <div><dt>${t('overview.unit.reason')}</dt><dd>${reasonOf(unit) || '—'}</dd></div>
      <div><dt>${t('overview.unit.points')}</dt><dd>${GRADES.map((g) => html`<span key=${g} class="grade-count"><${GradeBadge} grade=${g} /> ${formatNumber(byGrade(risksByGrade, g))}</span> `)}</dd></div>
      <div><dt>${t('overview.unit.open')}</dt><dd data-testid="unit-open-hazards">${formatNumber(unit.open_hazards_total)}</dd></div>
    </dl>
    <h3>${t('overview.unit.todo')}</h3>
    ${unit.reports_owed ? html`<p class="hint">${t('overview.unit.reports', { n: unit.reports_owed })}</p>` : ''}
    ${todo.length ? html`<ul class="todo" data-testid="unit-todo">${todo}</ul>` : html`<p class="hint" data-testid="unit-todo-none">${t('overview.unit.none')}</p>`}
    <p><a href=${`#/units/${unit.id}`}>${t('overview.unit.page')}</a></p>
  </section>`;
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
  // Industries: GB/T 4754 sections (a department: its own key sectors), all four grades.
  const top = ((d.industries && d.industries.items) || []).slice(0, 10);
  const sectorLabel = (s) => {
    const ref = sectors.get(s.code);
    return (ref && pickName(ref)) || (getLang() === 'en' ? s.name_en : s.name_cn) || s.code;
  };
  const barOption = {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { color: fg, fontSize: wall ? 16 : 12 } },
    grid: { left: 8, right: 24, top: 8, bottom: 64, containLabel: true },
    xAxis: { type: 'value', axisLabel: { color: fg, fontSize: wall ? 16 : 11 }, splitLine: { lineStyle: { color: wall ? '#2b3d55' : '#e7ebf0' } } },
    yAxis: { type: 'category', inverse: true, data: top.map(sectorLabel), axisLabel: { color: fg, fontSize: wall ? 16 : 12, width: 150, overflow: 'truncate' } },
    series: GRADES.map((g) => ({
      type: 'bar', stack: 'g', name: `${gradeInfo(g).roman} ${t(`grade.${g}`)}`, itemStyle: { color: hex(g) },
      data: top.map((s) => byGrade(s.counts, g)),
    })),
  };

  const ter = d.territory || null;
  const kind = ter ? ter.kind : '';
  const name = territoryName(ter);
  const cityWide = kind === 'city' || kind === 'expert' || (kind === 'dept' && ter.code && ter.code.length <= 4);
  // The level shown beside the title: the city's for city-wide views, a district's its own.
  const own = kind === 'district' ? (d.districts || []).find((x) => String(x.code) === String(ter.code)) : null;
  const city = cityWide && typeof d.city_level === 'object' && d.city_level ? d.city_level
    : cityWide ? { color: d.city_level } : { color: own && own.color };
  const ratings = d.units_by_rating || {};
  const q = d.quarter || {};
  const redUnits = d.red_units || [];
  const isUnit = kind === 'unit' && d.unit;

  return html`
    <section class=${`page overview-page${wall ? ' wall-on' : ''}`} aria-labelledby="overview-title" data-testid="overview" data-wall=${wall ? 'true' : 'false'}>
      <header class="page-head">
        <h1 id="overview-title" data-territory=${kind}>${name ? t('overview.title.of', { name }) : t('overview.title')}</h1>
        <div class="head-actions">
          ${city.color ? html`<span class="city-level" data-testid="city-level" data-color=${city.color}>${t('overview.level.of', { name })}: <${RatingBadge} color=${city.color} area /></span>` : ''}
          <button type="button" onClick=${() => setTick((n) => n + 1)} disabled=${loading}>${t('overview.refresh')}</button>
          <button type="button" class="primary" aria-pressed=${wall ? 'true' : 'false'} onClick=${toggleWall} data-testid="wall-toggle">
            ${wall ? t('overview.wall.exit') : t('overview.wall')}</button>
        </div>
      </header>
      ${loading ? html`<${Progress} label=${t('overview.loading')} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${data ? html`
        <ul class="tiles" aria-label=${t('overview.totals')}>
          ${isUnit ? '' : html`<${Tile} id="units" label=${t('overview.units')} value=${d.units} link="#/units" />`}
          <${Tile} id="risks" label=${t('overview.risks')} value=${d.risks} link="#/risks" />
          <${Tile} id="grade1" label=${t('overview.grade1')} value=${byGrade(d.risks_by_grade, 1)} grade=${1} link=${href('/risks', { grade: 1 })} />
          <${Tile} id="grade2" label=${t('overview.grade2')} value=${byGrade(d.risks_by_grade, 2)} grade=${2} link=${href('/risks', { grade: 2 })} />
          ${isUnit ? '' : html`<${Tile} id="red-units" label=${t('overview.redUnits')} value=${num(ratings.red ?? redUnits.length)} grade=${1} />`}
          <${Tile} id="flagged" label=${t('overview.flagged')} value=${d.flagged_owners} link=${href('/risks', { flagged: 1 })} />
        </ul>
        <div class="dash-grid">
          ${isUnit ? html`<${UnitPanel} unit=${d.unit} risksByGrade=${d.risks_by_grade} />` : ''}
          ${d.hazards ? html`<${Hazards} hz=${d.hazards} fg=${fg} wall=${wall} />` : ''}
          <section class="panel" aria-labelledby="ov-grades"><h2 id="ov-grades">${t('overview.gradeMakeup')}</h2>
            <${Chart} option=${pieOption} testid="grade-chart" label=${t('overview.gradeMakeup')} />
          </section>
          ${cityWide ? html`<section class="panel" aria-labelledby="ov-map"><h2 id="ov-map">${t('overview.map')}</h2>
            <${DistrictMap} districts=${d.districts} wall=${wall} />
            <${Legend} compact />
          </section>` : ''}
          ${d.ranking && (d.ranking.items || []).length ? html`<${Ranking} ranking=${d.ranking} />` : ''}
          ${!isUnit ? html`<section class="panel" aria-labelledby="ov-sectors"><h2 id="ov-sectors">${t(kind === 'dept' ? 'overview.deptSectors' : 'overview.industries')}</h2>
            <${Chart} option=${barOption} testid="sector-chart" label=${t(kind === 'dept' ? 'overview.deptSectors' : 'overview.industries')} />
          </section>` : ''}
          ${!isUnit ? html`<section class="panel" aria-labelledby="ov-red"><h2 id="ov-red">${t('overview.redList')}</h2>
            ${redUnits.length ? html`<ol class="red-units" data-testid="red-units">
              ${redUnits.map((u) => html`<li key=${u.id}><a href=${`#/units/${u.id}`}>${u.name}</a>
                <span class="hint">${u.region_name || ''}${reasonOf(u) ? ` · ${reasonOf(u)}` : ''}</span></li>`)}
            </ol>` : html`<p class="hint">${t('overview.noRed')}</p>`}
          </section>` : ''}
          <section class="panel" aria-labelledby="ov-quarter"><h2 id="ov-quarter">${t('overview.quarter')}${q.quarter ? ` · ${q.quarter}` : ''}</h2>
            <ul class="quarter" data-testid="quarter">
              ${['new', 'raised', 'lowered', 'overdue_review'].map((k) => html`<li key=${k}>
                <span class="q-value" data-testid=${`quarter-${k}`} data-value=${num(q[k])}>${formatNumber(num(q[k]))}</span><span class="q-label">${t(`changes.${k}`)}</span></li>`)}
            </ul>
            ${hasChanges ? html`<a href="#/changes" data-testid="changes-link">${t('overview.changesLink')}</a>` : ''}
          </section>
          ${!isUnit ? html`<section class="panel" aria-labelledby="ov-ratings"><h2 id="ov-ratings">${t('overview.unitRatings')}</h2>
            <ul class="rating-counts">
              ${['red', 'orange', 'yellow', 'blue', 'unassessed'].map((c) => html`<li key=${c}><${RatingBadge} color=${c} />
                <span data-testid=${`rating-${c}`} data-value=${num(ratings[c])}>${formatNumber(num(ratings[c]))}</span></li>`)}
            </ul>
          </section>` : ''}
        </div>` : ''}
    </section>`;
}
