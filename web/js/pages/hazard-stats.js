// hazard-stats — 隐患统计 (#/hazards/stats?by=district&grade=major): GET /stats/hazards grouped by
// district, department, sector, source or month, within the caller's scope. A table (found, closed,
// open, major, overdue, closure rate, average days to close) with the total, and an ECharts bar
// (closed / open / overdue per group), loaded only on this page.

import { html, useEffect, useRef, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, Select, errorText, formatNumber, formatPercent } from '../ui.js';
import { HazardTabs, gradeOptions, sourceOptions } from './hazard-common.js';
import { regionOptions } from './units.js';
import { useReference } from '../refdata.js';

const ECHARTS = '/vendor/echarts/dist/echarts.esm.min.js';
let echartsP = null;
const loadEcharts = () => { echartsP = echartsP || import(ECHARTS).catch((e) => { echartsP = null; throw e; }); return echartsP; };

const BY = ['district', 'dept', 'sector', 'source', 'month'];
const FILTERS = ['by', 'grade', 'source', 'region'];

function BarChart({ option, label }) {
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
  return html`<div class="chart hz-chart" ref=${el} data-testid="hs-chart" role="img" aria-label=${label}></div>`;
}

const pct = (v) => formatPercent(v);
const days = (v) => formatNumber(v, 1);
const cnt = (v) => formatNumber(v);

export function HazardStatsPage({ route }) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, route.query.get(k) || '']));
  const by = BY.includes(f.by) ? f.by : 'district';
  const key = FILTERS.map((k) => f[k]).join('|');
  const ref = useReference();
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let alive = true;
    setData(null);
    setError(null);
    api.hazardStats({ by, grade: f.grade, source: f.source, region: f.region })
      .then((r) => alive && setData(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [key]);

  const set = (changes) => navigate(href('/hazards/stats', { ...f, by, ...changes }), { replace: true });
  const sectorName = new Map(ref.sectors.map((s) => [s.code, pickName(s)]));
  const deptName = new Map(ref.departments.map((d) => [d.code, pickName(d)]));
  const nameOf = (it) => {
    if (!it.key) return t('hz.stats.none');
    if (by === 'source') return t(`hz.source.${it.key}`);
    if (by === 'dept') return deptName.get(it.key) || it.name || it.key;
    if (by === 'sector') return sectorName.get(it.key) || it.name || it.key;
    return it.name || it.key;
  };
  const items = (data && data.items) || [];
  const names = items.map(nameOf);
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('hz.stats.closed'), t('hz.stats.open'), t('hz.stats.overdue')] },
    grid: { left: 40, right: 16, top: 36, bottom: 80 },
    xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 6 ? 35 : 0, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('hz.stats.closed'), type: 'bar', stack: 'n', data: items.map((i) => i.closed), itemStyle: { color: '#2e7d32' } },
      { name: t('hz.stats.open'), type: 'bar', stack: 'n', data: items.map((i) => i.open), itemStyle: { color: '#f39800' } },
      { name: t('hz.stats.overdue'), type: 'bar', data: items.map((i) => i.overdue), itemStyle: { color: '#e60012' } },
    ],
  };
  const total = data && data.total;

  return html`
    <section class="page hz-stats-page" aria-labelledby="hs-title">
      <header class="page-head"><h1 id="hs-title">${t('hz.stats.title')}</h1></header>
      <${HazardTabs} current="stats" />
      <form class="filters" aria-label=${t('units.filters')} onSubmit=${(e) => e.preventDefault()}>
        <div class="field">
          <label for="hs-by">${t('hz.stats.by')}</label>
          <${Select} id="hs-by" value=${by} options=${BY.map((b) => ({ value: b, label: t(`hz.stats.by.${b}`) }))} onChange=${(v) => set({ by: v })} />
        </div>
        <div class="field">
          <label for="hs-grade">${t('hz.grade')}</label>
          <${Select} id="hs-grade" value=${f.grade} empty=${t('units.all')} options=${gradeOptions()} onChange=${(v) => set({ grade: v })} />
        </div>
        <div class="field">
          <label for="hs-source">${t('hz.source')}</label>
          <${Select} id="hs-source" value=${f.source} empty=${t('units.all')} options=${sourceOptions()} onChange=${(v) => set({ source: v })} />
        </div>
        <div class="field">
          <label for="hs-region">${t('units.district')}</label>
          <${Select} id="hs-region" value=${f.region} empty=${t('units.all')} options=${regionOptions(ref.districts)} onChange=${(v) => set({ region: v })} />
        </div>
      </form>
      ${!data && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${total ? html`
        <ul class="tiles" data-testid="hs-tiles">
          <li class="tile"><div class="tile-body"><span class="tile-value" data-testid="hs-found" data-value=${total.found}>${cnt(total.found)}</span><span class="tile-label">${t('hz.stats.found')}</span></div></li>
          <li class="tile"><div class="tile-body"><span class="tile-value">${cnt(total.open)}</span><span class="tile-label">${t('hz.stats.open')}</span></div></li>
          <li class="tile" style=${{ borderTopColor: '#e60012' }}><div class="tile-body"><span class="tile-value">${cnt(total.overdue)}</span><span class="tile-label">${t('hz.stats.overdue')}</span></div></li>
          <li class="tile" style=${{ borderTopColor: '#2e7d32' }}><div class="tile-body"><span class="tile-value" data-testid="hs-rate">${pct(total.closure_rate)}</span><span class="tile-label">${t('hz.stats.rate')}</span></div></li>
          <li class="tile"><div class="tile-body"><span class="tile-value" data-testid="hs-days">${days(total.avg_days_to_close)}</span><span class="tile-label">${t('hz.stats.days')}</span></div></li>
        </ul>` : ''}
      ${data ? html`
        <section class="panel"><${BarChart} option=${option} label=${t('hz.stats.chart')} /></section>
        <div class="table-wrap">
          <table class="data" data-testid="hs-table">
            <thead><tr>
              <th scope="col">${t(`hz.stats.by.${by}`)}</th>
              <th scope="col">${t('hz.stats.found')}</th>
              <th scope="col">${t('hz.stats.closed')}</th>
              <th scope="col">${t('hz.stats.open')}</th>
              <th scope="col">${t('hz.stats.major')}</th>
              <th scope="col">${t('hz.stats.overdue')}</th>
              <th scope="col">${t('hz.stats.rate')}</th>
              <th scope="col">${t('hz.stats.days')}</th>
            </tr></thead>
            <tbody>
              ${items.map((i, n) => html`
                <tr key=${i.key || n} data-testid="hs-row" data-key=${i.key}>
                  <td>${names[n]}</td><td>${cnt(i.found)}</td><td>${cnt(i.closed)}</td><td>${cnt(i.open)}</td><td>${cnt(i.major)}</td>
                  <td class=${i.overdue ? 'hz-late' : ''}>${cnt(i.overdue)}</td><td>${pct(i.closure_rate)}</td><td>${days(i.avg_days_to_close)}</td>
                </tr>`)}
              ${items.length === 0 ? html`<tr><td colspan="8" class="empty">${t('hz.empty')}</td></tr>` : ''}
            </tbody>
            ${total ? html`<tfoot><tr class="total-row" data-testid="hs-total">
              <th scope="row">${t('hz.stats.total')}</th><td>${cnt(total.found)}</td><td>${cnt(total.closed)}</td><td>${cnt(total.open)}</td>
              <td>${cnt(total.major)}</td><td>${cnt(total.overdue)}</td><td>${pct(total.closure_rate)}</td><td>${days(total.avg_days_to_close)}</td>
            </tr></tfoot>` : ''}
          </table>
        </div>` : ''}
    </section>`;
}
