// installation-qra — a major hazard source's QRA scenarios on its page (#/installations/ID): the
// stored scenarios (GET/POST /installations/ID/qra-scenarios, PATCH/DELETE /qra-scenarios/ID)
// with the form to add or change one (its model, the VCE's blast method, inputs, frequency and
// an optional position), and the individual-risk contours and F-N curve of all of them
// (GET /installations/ID/qra-risk), drawn with the QRA page's contour layer and F-N chart.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Progress, errorText } from '../ui.js';
import { addTiles } from './map.js';
import { EXAMPLES, FnChart, MODELS, VceMethodPicker, contourLayer, fmt, vceMethodOf } from './qra.js';

const modelLabel = (s) => (s.model === 'vce'
  ? `${t('qra.model.vce')}（${t(`qra.vceMethod.${s.inputs && s.inputs.method === 'multi_energy' ? 'multi_energy' : 'tnt_equivalence'}`)}）`
  : t(`qra.model.${s.model}`));

// The form of a new scenario (scenario null) or of a change to one.
function ScenarioForm({ instId, scenario, onDone, onCancel }) {
  const [name, setName] = useState(scenario ? scenario.name : '');
  const [model, setModel] = useState(scenario ? scenario.model : 'bleve');
  const [inputs, setInputs] = useState(JSON.stringify(scenario ? scenario.inputs : EXAMPLES.bleve, null, 1));
  const [freq, setFreq] = useState(scenario ? String(scenario.frequency_per_year) : '1e-6');
  const own = scenario && scenario.position === 'own';
  const [lon, setLon] = useState(own ? String(scenario.lon) : '');
  const [lat, setLat] = useState(own ? String(scenario.lat) : '');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const pickModel = (m) => { setModel(m); setInputs(JSON.stringify(EXAMPLES[m], null, 1)); };
  const pickMethod = (v) => setInputs(JSON.stringify(EXAMPLES[v === 'multi_energy' ? 'multi_energy' : 'vce'], null, 1));
  const save = async (e) => {
    e.preventDefault();
    setError(null);
    let parsed;
    try { parsed = JSON.parse(inputs); } catch (_) { setError({ message: t('qra.badJson') }); return; }
    const body = { name, model, inputs: parsed, frequency_per_year: Number(freq) };
    if (lon !== '' || lat !== '') { body.lon = lon === '' ? null : Number(lon); body.lat = lat === '' ? null : Number(lat); }
    else if (scenario) { body.lon = null; body.lat = null; }
    setBusy(true);
    try {
      if (scenario) await api.patch(`/qra-scenarios/${scenario.id}`, { ...body, version: scenario.version });
      else await api.post(`/installations/${instId}/qra-scenarios`, body);
      onDone();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`
    <form class="qra-scenario-form" onSubmit=${save} data-testid="inst-qra-form">
      <label for="iq-name">${t('qra.inst.name')}</label>
      <input id="iq-name" value=${name} maxlength="100" required onInput=${(e) => setName(e.target.value)} />
      <label for="iq-model">${t('qra.model')}</label>
      <select id="iq-model" value=${model} onChange=${(e) => pickModel(e.target.value)}>
        ${MODELS.map((m) => html`<option value=${m}>${t(`qra.model.${m}`)}</option>`)}
      </select>
      ${model === 'vce' ? html`<${VceMethodPicker} id="iq-vce-method" value=${vceMethodOf(inputs)} onChange=${pickMethod} />` : ''}
      <label for="iq-inputs">${t('qra.inputs')}</label>
      <textarea id="iq-inputs" rows="6" value=${inputs} onInput=${(e) => setInputs(e.target.value)}></textarea>
      <label for="iq-freq">${t('qra.inst.frequency')}</label>
      <input id="iq-freq" inputmode="decimal" value=${freq} onInput=${(e) => setFreq(e.target.value)} />
      <label for="iq-lon">${t('qra.inst.lon')}</label>
      <input id="iq-lon" type="number" step="any" value=${lon} onInput=${(e) => setLon(e.target.value)} />
      <label for="iq-lat">${t('qra.inst.lat')}</label>
      <input id="iq-lat" type="number" step="any" value=${lat} onInput=${(e) => setLat(e.target.value)} />
      <p class="hint">${t('qra.inst.positionHint')}</p>
      <${Banner} testid="inst-qra-form-error">${error ? errorText(error, 'qra_scenario') : ''}<//>
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${busy} data-testid="inst-qra-save">${t('qra.inst.save')}</button>
        <button type="button" onClick=${onCancel}>${t('qra.inst.cancel')}</button>
      </div>
    </form>`;
}

// The contours of a risk answer over the installation and its scenarios.
function RiskMap({ risk }) {
  const el = useRef(null);
  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.5, maxZoom: 18 });
    addTiles(map);
    const at = [risk.installation.lat, risk.installation.lon];
    map.setView(at, 15);
    const layer = contourLayer(risk.contours).addTo(map);
    for (const s of risk.scenarios) L.circleMarker([s.lat, s.lon], { radius: 5, color: '#222', className: 'inst-qra-source' }).bindTooltip(s.name).addTo(map);
    if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    el.current.setAttribute('data-paths', String(el.current.querySelectorAll('path.leaflet-interactive').length));
    return () => { map.off(); map.stop(); setTimeout(() => map.remove(), 300); };
  }, [risk]);
  return html`<div class="pick-map" ref=${el} role="region" aria-label=${t('qra.inst.map')} data-testid="inst-qra-map" style="height:360px"></div>`;
}

export function InstallationQra({ inst }) {
  const me = api.currentUser() || {};
  const canWrite = inst.status === 'active' && me.role !== 'expert';
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // null, 'new' or a scenario
  const [reload, setReload] = useState(0);
  const [risk, setRisk] = useState(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let alive = true;
    api.get(`/installations/${inst.id}/qra-scenarios`).then((r) => alive && setItems(r.items)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [inst.id, reload]);
  const changed = () => { setEditing(null); setRisk(null); setReload((k) => k + 1); };
  const archive = async (s) => {
    if (!window.confirm(t('qra.inst.archive.confirm'))) return;
    try { await api.del(`/qra-scenarios/${s.id}`); changed(); } catch (e) { setError(e); }
  };
  const run = async () => {
    setError(null);
    setBusy(true);
    try { setRisk(await api.get(`/installations/${inst.id}/qra-risk`)); } catch (e) { setError(e); } finally { setBusy(false); }
  };
  return html`
    <section class="panel installation-qra" aria-labelledby="iq-title" data-testid="inst-qra">
      <header class="page-head">
        <h2 id="iq-title">${t('qra.inst.title')}${items ? ` (${items.length})` : ''}</h2>
        <div class="head-actions">
          ${canWrite && !editing ? html`<button type="button" onClick=${() => setEditing('new')} data-testid="inst-qra-new">${t('qra.inst.add')}</button>` : ''}
          ${items && items.length ? html`<button type="button" class="primary" disabled=${busy} onClick=${run} data-testid="inst-qra-run">${t('qra.inst.run')}</button>` : ''}
        </div>
      </header>
      <p class="hint">${t('qra.inst.note')}</p>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner} testid="inst-qra-error">${error ? errorText(error, 'qra_scenario') : ''}<//>
      ${editing ? html`<${ScenarioForm} instId=${inst.id} scenario=${editing === 'new' ? null : editing} onDone=${changed} onCancel=${() => setEditing(null)} />` : ''}
      ${items ? html`
        <div class="table-wrap"><table class="data" data-testid="inst-qra-scenarios">
          <thead><tr><th scope="col">${t('qra.inst.name')}</th><th scope="col">${t('qra.model')}</th>
            <th scope="col" class="num">${t('qra.inst.frequency')}</th><th scope="col">${t('qra.inst.position')}</th>
            ${canWrite ? html`<th scope="col"></th>` : ''}</tr></thead>
          <tbody>
            ${items.map((s) => html`<tr key=${s.id} data-testid="inst-qra-scenario" data-id=${s.id}>
              <td>${s.name}</td><td>${modelLabel(s)}</td><td class="num">${fmt(s.frequency_per_year)}</td>
              <td>${t(`qra.inst.position.${s.position}`)}</td>
              ${canWrite ? html`<td class="actions">
                <button type="button" class="link" onClick=${() => setEditing(s)} data-testid="inst-qra-edit">${t('qra.inst.edit')}</button>
                <button type="button" class="link danger" onClick=${() => archive(s)} data-testid="inst-qra-archive">${t('qra.inst.archive')}</button></td>` : ''}
            </tr>`)}
            ${items.length === 0 ? html`<tr><td colspan=${canWrite ? 5 : 4} class="empty">${t('qra.inst.empty')}</td></tr>` : ''}
          </tbody>
        </table></div>` : ''}
      ${busy ? html`<${Progress} />` : ''}
      ${risk ? html`
        <p data-testid="inst-qra-verdict"><strong>${t('qra.verdict')}:</strong> ${t(`qra.verdict.${risk.fn.verdict}`)} ·
          ${t('qra.maxIr', { value: fmt(risk.grid.max_ir_per_year) })}</p>
        <${RiskMap} risk=${risk} />
        <h3>${t('qra.fn')}</h3>
        ${risk.fn.points.length ? html`<${FnChart} fn=${risk.fn} />` : html`<p data-testid="inst-qra-fn-empty">${t('qra.fn.empty')}</p>`}
        <h3>${t('qra.exceeding')}</h3>
        ${risk.exceeding.length ? html`<ul data-testid="inst-qra-exceeding">${risk.exceeding.map((p) => html`<li>${p.name || p.index} · ${fmt(p.ir_per_year)} / ${fmt(p.limit_per_year)}</li>`)}</ul>`
          : html`<p>${t('qra.exceeding.none')}</p>`}` : ''}
    </section>`;
}
