// qra — quantitative risk assessment (#/qra): one scenario's distances drawn as circles
// (POST /api/v1/qra/consequence), and many scenarios' individual-risk contours and F-N curve
// against the GB 36894 lines (POST /api/v1/qra/risk). Computes only; stores nothing.

import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, GradeBadge, Progress, errorText } from '../ui.js';
import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { addTiles } from './map.js';

const ECHARTS = '/vendor/echarts/dist/echarts.esm.min.js';
export const MODELS = ['pool_fire', 'jet_fire', 'bleve', 'vce', 'plume', 'puff'];
// A vapour cloud explosion's blast by TNT equivalence or by the TNO multi-energy method (the
// input "method"); each has its own inputs.
export const VCE_METHODS = ['tnt_equivalence', 'multi_energy'];
export const EXAMPLES = {
  pool_fire: { pool_diameter_m: 20, heat_of_combustion_kj_kg: 43700, burning_rate_kg_m2_s: 0.055 },
  jet_fire: { mass_flow_kg_s: 5, heat_of_combustion_kj_kg: 50000 },
  bleve: { mass_kg: 20000 },
  vce: { mass_kg: 5000, heat_of_combustion_kj_kg: 46350, efficiency: 0.03, tnt_energy_kj_kg: 4680, distance_m: 100 },
  multi_energy: { method: 'multi_energy', cloud_volume_m3: 1000, charge_strength: 7, distance_m: 100 },
  plume: { release_rate_kg_s: 1, wind_speed_m_s: 3, stability: 'D', terrain: 'urban', substance: 'chlorine' },
  puff: { mass_kg: 1000, wind_speed_m_s: 2, stability: 'F', substance: 'ammonia' },
};
const HOME = [31.30, 120.60];
const RISK_EXAMPLE = {
  scenarios: [
    { lon: 120.600, lat: 31.300, frequency_per_year: 1e-4, model: 'pool_fire', inputs: EXAMPLES.pool_fire },
    { lon: 120.605, lat: 31.300, frequency_per_year: 1e-5, model: 'plume', inputs: { release_rate_kg_s: 2, wind_speed_m_s: 3, substance: 'chlorine' } },
    { lon: 120.600, lat: 31.305, frequency_per_year: 1e-5, model: 'bleve', inputs: { mass_kg: 20000 } },
  ],
  weather: [
    { stability: 'D', wind_speed_m_s: 4, probability: 0.7, wind_rose: [1, 1, 2, 2, 1, 1, 1, 1] },
    { stability: 'F', wind_speed_m_s: 1.5, probability: 0.3 },
  ],
  population: [
    { lon: 120.601, lat: 31.3045, people: 300, protection_class: 1, name: 'school' },
    { lon: 120.610, lat: 31.290, people: 2000, protection_class: 2, name: 'housing' },
  ],
  cell_m: 20,
};
const GRADE_EXAMPLE = {
  weather: RISK_EXAMPLE.weather,
  population: RISK_EXAMPLE.population,
};
export const LEVEL_COLOURS = { 1e-4: '#c0392b', 1e-5: '#e67e22', 1e-6: '#f1c40f', 1e-7: '#2e86c1', 1e-8: '#7f8c8d' };

// The individual-risk contours of a risk answer (GeoJSON, one MultiLineString per level) as a
// Leaflet layer, each level in its colour; the QRA page and an installation's page draw them.
export function contourLayer(contours) {
  return L.geoJSON(contours, { style: (f) => ({ color: LEVEL_COLOURS[f.properties.level_per_year] || '#555', weight: 2 }) });
}
const CIRCLE_COLOURS = ['#c0392b', '#e67e22', '#f1c40f', '#2e86c1', '#8e44ad', '#16a085'];

export const fmt = (v) => {
  if (typeof v !== 'number') return String(v);
  if (v === 0 || (Math.abs(v) >= 0.01 && Math.abs(v) < 1e6)) return v.toFixed(3).replace(/\.?0+$/, '');
  return v.toExponential(2);
};

function parse(text, setError) {
  try { return JSON.parse(text); } catch (_) { setError({ message: t('qra.badJson') }); return null; }
}

// The "method" a VCE's inputs (JSON text) name: TNT equivalence unless they say multi_energy.
export function vceMethodOf(text) {
  try { return JSON.parse(text).method === 'multi_energy' ? 'multi_energy' : 'tnt_equivalence'; } catch (_) { return 'tnt_equivalence'; }
}

export function VceMethodPicker({ id, value, onChange }) {
  return html`
    <label for=${id}>${t('qra.vceMethod')}</label>
    <select id=${id} value=${value} onChange=${(e) => onChange(e.target.value)} data-testid=${id}>
      ${VCE_METHODS.map((v) => html`<option value=${v}>${t(`qra.vceMethod.${v}`)}</option>`)}
    </select>`;
}

export function FnChart({ fn }) {
  const el = useRef(null);
  useEffect(() => {
    let chart = null;
    let alive = true;
    import(ECHARTS).then((echarts) => {
      if (!alive || !el.current) return;
      const pts = fn.points.map((p) => [p.n, p.f_per_year]);
      const nMax = Math.max(1000, ...pts.map((p) => p[0] * 10));
      const line = (c) => [[1, c], [nMax, c / nMax]];
      chart = echarts.init(el.current, null, { renderer: 'svg' });
      chart.setOption({
        animation: false,
        legend: { top: 0 },
        grid: { left: 70, right: 20, top: 30, bottom: 40 },
        // F's axis takes its range from the curve and the two lines: a fixed minimum below 1
        // (it was 1e-9) is rounded by ECharts' log scale to the decimals of its logarithm (0),
        // which put its first tick at F = 0, drawn at "−Infinity" (console errors)
        xAxis: { type: 'log', name: 'N', min: 1, max: nMax },
        yAxis: { type: 'log', name: 'F /a', axisLabel: { formatter: (v) => v.toExponential(0) } },
        tooltip: { trigger: 'item' },
        series: [
          { name: t('qra.fn.curve'), type: 'line', step: 'end', data: pts, symbolSize: 5 },
          { name: t('qra.fn.upper'), type: 'line', data: line(fn.lines.unacceptable_c), symbol: 'none', itemStyle: { color: '#c0392b' }, lineStyle: { type: 'dashed', color: '#c0392b' } },
          { name: t('qra.fn.lower'), type: 'line', data: line(fn.lines.acceptable_c), symbol: 'none', itemStyle: { color: '#27ae60' }, lineStyle: { type: 'dashed', color: '#27ae60' } },
        ],
      });
      el.current.setAttribute('data-ready', 'true');
    }).catch(() => {});
    return () => { alive = false; if (chart) chart.dispose(); };
  }, [JSON.stringify(fn)]);
  return html`<div class="chart" ref=${el} data-testid="qra-fn" role="img" aria-label=${t('qra.fn')} style="height:320px"></div>`;
}

export function QraPage() {
  const [model, setModel] = useState('bleve');
  const [inputs, setInputs] = useState(JSON.stringify(EXAMPLES.bleve, null, 1));
  const [lon, setLon] = useState(HOME[1]);
  const [lat, setLat] = useState(HOME[0]);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [riskBody, setRiskBody] = useState(JSON.stringify(RISK_EXAMPLE, null, 1));
  const [risk, setRisk] = useState(null);
  const [riskError, setRiskError] = useState(null);
  const [withTargets, setWithTargets] = useState(false);
  const [gradeBody, setGradeBody] = useState(JSON.stringify(GRADE_EXAMPLE, null, 1));
  const [injuries, setInjuries] = useState('');
  const [loss, setLoss] = useState('');
  const [graded, setGraded] = useState(null);
  const [gradeError, setGradeError] = useState(null);
  const [riskId, setRiskId] = useState('');
  const [applied, setApplied] = useState(null);
  const mapEl = useRef(null);
  const map = useRef(null);
  const layers = useRef({ circles: null, contours: null });

  useEffect(() => {
    const m = L.map(mapEl.current, { zoomSnap: 0.25, maxZoom: 18 }).setView(HOME, 14);
    addTiles(m, { notice: true });
    layers.current.circles = L.layerGroup().addTo(m);
    layers.current.contours = L.layerGroup().addTo(m);
    map.current = m;
    return () => { m.remove(); map.current = null; };
  }, []);

  const pickModel = (m) => { setModel(m); setInputs(JSON.stringify(EXAMPLES[m], null, 1)); setResult(null); };
  const vceMethod = vceMethodOf(inputs);
  const pickVceMethod = (v) => { setInputs(JSON.stringify(EXAMPLES[v === 'multi_energy' ? 'multi_energy' : 'vce'], null, 1)); setResult(null); };

  const compute = async (e) => {
    e.preventDefault();
    setError(null);
    const body = parse(inputs, setError);
    if (!body) return;
    setBusy(true);
    try {
      const r = await api.post('/qra/consequence', { model, inputs: body });
      setResult(r);
      const g = layers.current.circles;
      g.clearLayers();
      const c = [Number(lat), Number(lon)];
      L.marker(c).addTo(g);
      const drawn = r.distances.filter((d) => typeof d.distance_m === 'number' && d.distance_m > 0)
        .sort((a, b) => b.distance_m - a.distance_m);
      drawn.forEach((d, i) => L.circle(c, { radius: d.distance_m, color: CIRCLE_COLOURS[i % CIRCLE_COLOURS.length], weight: 2, fillOpacity: 0.06 })
        .bindTooltip(`${t(`qra.effect.${d.effect}`)} ${d.threshold}: ${fmt(d.distance_m)} m`).addTo(g));
      if (drawn.length && map.current) map.current.fitBounds(L.circle(c, { radius: drawn[0].distance_m }).addTo(g).getBounds());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const runRisk = async (e) => {
    e.preventDefault();
    setRiskError(null);
    const body = parse(riskBody, setRiskError);
    if (!body) return;
    if (withTargets) body.targets = true;
    setBusy(true);
    try {
      const r = await api.post('/qra/risk', body);
      setRisk(r);
      const g = layers.current.contours;
      g.clearLayers();
      const gj = contourLayer(r.contours).addTo(g);
      for (const p of body.population || []) L.circleMarker([p.lat, p.lon], { radius: 5, color: '#222' }).bindTooltip(String(p.name || p.people)).addTo(g);
      if (map.current && gj.getBounds().isValid()) map.current.fitBounds(gj.getBounds());
    } catch (err) {
      setRiskError(err);
    } finally {
      setBusy(false);
    }
  };

  const runGrade = async (e) => {
    e.preventDefault();
    setGradeError(null);
    setApplied(null);
    const extra = parse(gradeBody, setGradeError);
    const scenarioInputs = parse(inputs, setGradeError);
    if (!extra || !scenarioInputs) return;
    const body = { ...extra, scenario: { lon: Number(lon), lat: Number(lat), model, inputs: scenarioInputs } };
    if (withTargets) body.targets = true;
    if (injuries !== '') body.injuries = Number(injuries);
    if (loss !== '') body.loss_cny = Number(loss);
    setBusy(true);
    try {
      setGraded({ r: await api.post('/qra/grade', body), inputs: scenarioInputs, model });
    } catch (err) {
      setGradeError(err);
    } finally {
      setBusy(false);
    }
  };

  const worstText = (r) => (r.worst
    ? t('qra.grade.worst', { stability: r.worst.stability, wind: r.worst.wind_speed_m_s, from: r.worst.from || `${r.worst.from_deg}°` })
    : t('qra.grade.single'));

  // The grade goes onto the risk point through its ordinary PATCH (audited there), with a line
  // in its consequences naming the scenario behind it.
  const applyGrade = async () => {
    setGradeError(null);
    const { r, inputs: used, model: m } = graded;
    try {
      const point = await api.get(`/risks/${Number(riskId)}`);
      const line = t('qra.grade.line', {
        model: t(`qra.model.${m}`),
        inputs: Object.entries(used).map(([k, v]) => `${k} ${v}`).join(', '),
        worst: r.worst ? worstText(r) : t('qra.grade.lineSingle'),
        n: fmt(r.deaths_expected),
      });
      const consequences = point.consequences ? `${point.consequences}\n${line}` : line;
      const saved = await api.updateRisk(point.id, { method: 'consequence', inputs: r.assessment.inputs, consequences, version: point.version });
      setApplied({ id: saved.id, grade: saved.grade });
    } catch (err) {
      setGradeError(err);
    }
  };

  const results = result ? Object.entries(result).filter(([, v]) => typeof v === 'number') : [];
  return html`
    <section class="page qra-page">
      <h1>${t('qra.title')}</h1>
      <p class="hint">${t('qra.note')}</p>
      <div class="qra-grid" style="display:grid;grid-template-columns:minmax(280px,420px) 1fr;gap:1rem">
        <div>
          <h2>${t('qra.scenario')}</h2>
          <form onSubmit=${compute} data-testid="qra-form">
            <label for="qra-model">${t('qra.model')}</label>
            <select id="qra-model" value=${model} onChange=${(e) => pickModel(e.target.value)}>
              ${MODELS.map((m) => html`<option value=${m}>${t(`qra.model.${m}`)}</option>`)}
            </select>
            ${model === 'vce' && html`<${VceMethodPicker} id="qra-vce-method" value=${vceMethod} onChange=${pickVceMethod} />`}
            <label for="qra-lon">${t('qra.lon')}</label>
            <input id="qra-lon" type="number" step="any" value=${lon} onInput=${(e) => setLon(e.target.value)} />
            <label for="qra-lat">${t('qra.lat')}</label>
            <input id="qra-lat" type="number" step="any" value=${lat} onInput=${(e) => setLat(e.target.value)} />
            <label for="qra-inputs">${t('qra.inputs')}</label>
            <textarea id="qra-inputs" rows="8" value=${inputs} onInput=${(e) => setInputs(e.target.value)}></textarea>
            <button type="submit" disabled=${busy} data-testid="qra-compute">${t('qra.compute')}</button>
          </form>
          ${error && html`<${Banner} testid="qra-error">${errorText(error)}<//>`}
          ${result && html`
            <h3>${t('qra.results')}</h3>
            <table data-testid="qra-results"><tbody>
              ${results.map(([k, v]) => html`<tr><th>${k}</th><td>${fmt(v)}</td></tr>`)}
            </tbody></table>
            <h3>${t('qra.distances')}</h3>
            <table data-testid="qra-distances">
              <thead><tr><th>${t('qra.effect')}</th><th>${t('qra.threshold')}</th><th>${t('qra.distance')}</th></tr></thead>
              <tbody>${result.distances.map((d) => html`<tr><td>${t(`qra.effect.${d.effect}`)}</td><td>${d.threshold}</td>
                <td>${d.distance_m == null ? t('qra.notReached') : fmt(d.distance_m)}</td></tr>`)}</tbody>
            </table>`}
          <h2>${t('qra.grade')}</h2>
          <p class="hint">${t('qra.grade.note')}</p>
          <form onSubmit=${runGrade} data-testid="qra-grade-form">
            <label for="qra-grade-body">${t('qra.grade.body')}</label>
            <textarea id="qra-grade-body" rows="6" value=${gradeBody} onInput=${(e) => setGradeBody(e.target.value)}></textarea>
            <label for="qra-grade-injuries">${t('qra.grade.injuries')}</label>
            <input id="qra-grade-injuries" type="number" min="0" step="1" value=${injuries} onInput=${(e) => setInjuries(e.target.value)} />
            <label for="qra-grade-loss">${t('qra.grade.loss')}</label>
            <input id="qra-grade-loss" type="number" min="0" step="any" value=${loss} onInput=${(e) => setLoss(e.target.value)} />
            <label class="inline"><input type="checkbox" checked=${withTargets} onChange=${(e) => setWithTargets(e.target.checked)} data-testid="qra-grade-targets" /> ${t('qra.withTargets')}</label>
            <button type="submit" disabled=${busy} data-testid="qra-grade-run">${t('qra.grade.run')}</button>
          </form>
          ${gradeError && html`<${Banner} testid="qra-grade-error">${errorText(gradeError)}<//>`}
          ${graded && html`
            <p data-testid="qra-grade-result">${t('qra.grade.deaths', { n: graded.r.deaths, expected: fmt(graded.r.deaths_expected) })} ·
              ${worstText(graded.r)} · <${GradeBadge} grade=${graded.r.assessment.grade} long=${true} /></p>
            <h3>${t('qra.grade.reached')}</h3>
            <table data-testid="qra-reached">
              <thead><tr><th>${t('qra.target.name')}</th><th>${t('qra.grade.people')}</th><th>${t('qra.grade.lethality')}</th><th>${t('qra.grade.dead')}</th></tr></thead>
              <tbody>${graded.r.reached.map((p) => html`<tr><td>${p.name || p.index}</td><td>${fmt(p.people)}</td><td>${fmt(p.lethality)}</td><td>${fmt(p.deaths)}</td></tr>`)}</tbody>
            </table>
            <label for="qra-grade-risk">${t('qra.grade.riskId')}</label>
            <input id="qra-grade-risk" type="number" min="1" step="1" value=${riskId} onInput=${(e) => setRiskId(e.target.value)} />
            <button type="button" disabled=${!riskId} onClick=${applyGrade} data-testid="qra-grade-apply">${t('qra.grade.apply')}</button>
            ${applied && html`<${Banner} kind="ok" testid="qra-grade-applied">${t('qra.grade.applied', { id: applied.id, grade: applied.grade })}<//>`}`}
        </div>
        <div>
          <h2>${t('qra.map')}</h2>
          <div ref=${mapEl} class="qra-map" data-testid="qra-map" style="height:460px"></div>
        </div>
      </div>
      <h2>${t('qra.risk')}</h2>
      <form onSubmit=${runRisk} data-testid="qra-risk-form">
        <label for="qra-risk-body">${t('qra.riskBody')}</label>
        <textarea id="qra-risk-body" rows="10" style="width:100%" value=${riskBody} onInput=${(e) => setRiskBody(e.target.value)}></textarea>
        <label class="inline"><input type="checkbox" checked=${withTargets} onChange=${(e) => setWithTargets(e.target.checked)} data-testid="qra-risk-targets" /> ${t('qra.withTargets')}</label>
        <p class="hint">${t('qra.targets.note')}</p>
        <button type="submit" disabled=${busy} data-testid="qra-run-risk">${t('qra.runRisk')}</button>
      </form>
      ${busy && html`<${Progress} />`}
      ${riskError && html`<${Banner} testid="qra-risk-error">${errorText(riskError)}<//>`}
      ${risk && html`
        <p data-testid="qra-verdict"><strong>${t('qra.verdict')}:</strong> ${t(`qra.verdict.${risk.fn.verdict}`)} ·
          ${t('qra.maxIr', { value: fmt(risk.grid.max_ir_per_year) })}</p>
        <h3>${t('qra.fn')}</h3>
        ${risk.fn.points.length ? html`<${FnChart} fn=${risk.fn} />` : html`<p>${t('qra.fn.empty')}</p>`}
        <h3>${t('qra.targets')}</h3>
        <table data-testid="qra-targets">
          <thead><tr><th>#</th><th>${t('qra.target.ir')}</th><th>${t('qra.target.limit')}</th><th></th></tr></thead>
          <tbody>${risk.population.map((p) => html`<tr class=${p.exceeds ? 'qra-exceeds' : ''}>
            <td>${p.name || p.index}</td><td>${fmt(p.ir_per_year)}</td><td>${p.limit_per_year == null ? '' : fmt(p.limit_per_year)}</td>
            <td>${p.exceeds == null ? '' : p.exceeds ? t('qra.target.exceeds') : t('qra.target.ok')}</td></tr>`)}</tbody>
        </table>
        <h3>${t('qra.exceeding')}</h3>
        ${risk.exceeding.length ? html`
          <table data-testid="qra-exceeding">
            <thead><tr><th>${t('qra.target.name')}</th><th>${t('qra.target.class')}</th><th>${t('qra.target.ir')}</th><th>${t('qra.target.limit')}</th><th>${t('qra.target.times')}</th></tr></thead>
            <tbody>${risk.exceeding.map((p) => html`<tr class="qra-exceeds"><td>${p.name || p.index}</td><td>${p.protection_class}</td>
              <td>${fmt(p.ir_per_year)}</td><td>${fmt(p.limit_per_year)}</td><td>${fmt(p.ir_per_year / p.limit_per_year)}</td></tr>`)}</tbody>
          </table>` : html`<p data-testid="qra-exceeding-none">${t('qra.exceeding.none')}</p>`}`}
    </section>`;
}
