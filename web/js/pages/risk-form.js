// risk-form — create or edit one risk point (#/units/UID/risks/new, #/risks/ID): factor selects
// built from GET /api/v1/methods (or the built-in tables), a live grade preview from
// POST /api/v1/assess on every change, direct determination, measures by kind (一险一策), the
// owner and rank with an inline warning when the rank is too low for the grade (一险一人), the
// server's errors under the field they name, and the risk's history.

import { html, useEffect, useRef, useState } from '../html.js';
import { t, getLang, pickName } from '../i18n.js';
import * as api from '../api.js';
import * as refdata from '../refdata.js';
import { Breadcrumbs, navigate, href } from '../router.js';
import { Banner, Field, GradeBadge, Progress, Select, described, errorText, formatNumber, formatTime } from '../ui.js';
import { gradeInfo } from '../colors.js';
import { BUILTIN, METHODS, normalizeMethods, blankInputs, consequenceExplain } from '../methods.js';
import { NearestResources } from './resources.js';

// In the standard's order: 工程技术、管理、培训教育、个体防护、应急处置 (technical kept for old points).
export const MEASURE_KINDS = ['engineering', 'technical', 'management', 'training', 'personal', 'emergency'];
export const RANKS = ['staff', 'team_leader', 'workshop_head', 'middle_manager', 'deputy_gm', 'gm'];
const LEVELS = ['unit', 'department', 'workshop', 'team'];
const DIRECT = ['mandatory_violation', 'accident_conditions_persist', 'hazardous_10plus_people'];
// 一险一人: the lowest rank allowed for grade Ⅰ and Ⅱ (DOMAIN.md, Suzhou seed 三(一)).
const MIN_RANK = { 1: 'deputy_gm', 2: 'middle_manager' };
const PREVIEW_DELAY = 250;

const EDITIONS = ['1986', '2025']; // GB 6441-1986 and GB 6441-2025

// The ticked codes of one edition in another, through each type's `map` (1986's 19 中毒和窒息 →
// 2025's 23 and 24); codes without a counterpart are dropped.
export function mapAccidentTypes(codes, fromTypes, to) {
  const out = new Set();
  for (const c of codes) {
    const a = (fromTypes || []).find((x) => Number(x.code) === Number(c));
    for (const m of ((a && a.map) || {})[to] || []) out.add(Number(m));
  }
  return [...out].sort((a, b) => a - b);
}

const str = (v) => (v === null || v === undefined ? '' : String(v));
const pad2 = (n) => String(n).padStart(2, '0');
// YYYY-MM-DD of a Date in the browser's time zone; the date part of a stored date or time.
export const localDate = (d) => `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
const dateOnly = (v) => str(v).slice(0, 10);

function emptyForm(tables) {
  return {
    name: '', place: '', consequences: '', accident_types: [], accident_edition: '1986', method: 'lec',
    inputs: blankInputs(tables, 'lec'), useInherent: false, inherent: blankInputs(tables, 'lec'),
    direct: { mandatory_violation: false, accident_conditions_persist: false, hazardous_10plus_people: false, major_hazard_source_grade: '0' },
    measures: Object.fromEntries(MEASURE_KINDS.map((k) => [k, ''])),
    control_level: '', owner_name: '', owner_rank: '', impact_radius_m: '', exposed_people: '', public_impact: false,
    lon: '', lat: '',
  };
}

// 影响半径 shown to 0.1 m (82.4, not 82.4283924); the stored value is kept beside it and sent
// back unchanged unless the field is edited (see toBody).
export const roundRadius = (v) => (v === null || v === undefined || v === '' || !Number.isFinite(Number(v))
  ? str(v) : String(Math.round(Number(v) * 10) / 10));

const strInputs = (o) => Object.fromEntries(Object.entries(o || {}).map(([k, v]) => [k, str(v)]));

function fromRisk(r, tables) {
  const f = emptyForm(tables);
  Object.assign(f, {
    name: str(r.name), place: str(r.place), consequences: str(r.consequences),
    accident_types: (r.accident_types || []).map(Number), accident_edition: str(r.accident_edition || 1986),
    method: r.method || 'lec',
    inputs: { ...blankInputs(tables, r.method || 'lec'), ...strInputs(r.inputs) },
    useInherent: !!(r.inherent_inputs && Object.keys(r.inherent_inputs).length),
    inherent: { ...blankInputs(tables, r.method || 'lec'), ...strInputs(r.inherent_inputs) },
    control_level: str(r.control_level), owner_name: str(r.owner_name), owner_rank: str(r.owner_rank),
    impact_radius_m: roundRadius(r.impact_radius_m), exposed_people: str(r.exposed_people), public_impact: !!r.public_impact,
    lon: str(r.lon), lat: str(r.lat),
    radiusStored: { shown: roundRadius(r.impact_radius_m), value: r.impact_radius_m ?? null },
  });
  const d = r.direct || {};
  for (const k of DIRECT) f.direct[k] = !!d[k];
  f.direct.major_hazard_source_grade = str(d.major_hazard_source_grade || 0);
  for (const k of MEASURE_KINDS) f.measures[k] = ((r.measures || {})[k] || []).join('\n');
  return f;
}

const num = (v) => (str(v).trim() === '' ? null : Number(v));
const numInputs = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, num(v)]));
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

function toBody(f) {
  return {
    name: f.name.trim(), place: f.place.trim(), consequences: f.consequences.trim(),
    accident_types: [...f.accident_types].sort((a, b) => a - b), accident_edition: Number(f.accident_edition || 1986),
    method: f.method,
    inputs: numInputs(f.inputs), inherent_inputs: f.useInherent ? numInputs(f.inherent) : null,
    direct: { ...Object.fromEntries(DIRECT.map((k) => [k, !!f.direct[k]])), major_hazard_source_grade: Number(f.direct.major_hazard_source_grade || 0) },
    measures: Object.fromEntries(MEASURE_KINDS.map((k) => [k, lines(f.measures[k])])),
    control_level: f.control_level || null, owner_name: f.owner_name.trim(), owner_rank: f.owner_rank || null,
    impact_radius_m: f.radiusStored && f.impact_radius_m === f.radiusStored.shown ? f.radiusStored.value : num(f.impact_radius_m),
    exposed_people: num(f.exposed_people), public_impact: !!f.public_impact,
    lon: num(f.lon), lat: num(f.lat),
  };
}

// New: leave out empty values. Edit: only what changed from the stored risk.
function diff(body, base) {
  const out = {};
  for (const [k, v] of Object.entries(body)) {
    if (!base) { if (v !== null && v !== '') out[k] = v; continue; }
    if (JSON.stringify(v) !== JSON.stringify(base[k])) out[k] = v;
  }
  return out;
}

function check(f) {
  const e = {};
  if (!f.name.trim()) e.name = t('unit.required');
  const isNum = (v) => str(v).trim() === '' || Number.isFinite(Number(v));
  for (const k of ['impact_radius_m', 'exposed_people', 'lon', 'lat']) if (!isNum(f[k])) e[k] = t('unit.number');
  if (f.method === 'consequence') for (const [k, v] of Object.entries(f.inputs)) if (!isNum(v)) e[`in-${k}`] = t('unit.number');
  return e;
}

// Server field → form error key: "inputs.L" → "in-L", "inherent_inputs.L" → "inh-L",
// "measures.foo" → "measures", "direct.x" → "direct", "accident_types[0]" → "accident_types".
const FIELD_KEYS = new Set(['name', 'place', 'consequences', 'accident_types', 'accident_edition', 'method', 'control_level', 'owner_name',
  'owner_rank', 'impact_radius_m', 'exposed_people', 'public_impact', 'lon', 'lat', 'measures', 'direct']);
export function fieldKey(field, f) {
  if (!field) return null;
  let m = /^inputs\.(\w+)/.exec(field);
  if (m) return `in-${m[1]}`;
  m = /^inherent_inputs\.(\w+)/.exec(field);
  if (m) return f && f.useInherent ? `inh-${m[1]}` : null;
  if (field === 'inputs') return 'method';
  const base = field.split(/[.[]/)[0];
  return FIELD_KEYS.has(base) ? base : null;
}

const rankIndex = (r) => RANKS.indexOf(r);
// A major hazard source of any grade is determined directly (the server's default, docs/METHODS.md).
const directApplies = (f, risk) => DIRECT.some((k) => f.direct[k])
  || Number(f.direct.major_hazard_source_grade || 0) >= 1 || (risk && risk.open_major_hazards > 0);

export function RiskFormPage({ id, unitId }) {
  const isNew = !id;
  const [tables, setTables] = useState(BUILTIN);
  const [tablesFrom, setTablesFrom] = useState('');
  const [typesBy, setTypes] = useState({}); // GB 6441 types by edition: {1986: […], 2025: […]}
  const [risk, setRisk] = useState(null);
  const [unit, setUnit] = useState(null);
  const [form, setForm] = useState(() => emptyForm(BUILTIN));
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [info, setInfo] = useState('');
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState({ state: 'idle' });
  const [historyKey, setHistoryKey] = useState(0);
  const seq = useRef(0);

  // Methods, accident types, then the risk (edit) or the unit (new).
  useEffect(() => {
    let alive = true;
    setLoading(true);
    Promise.all([
      api.methods().catch(() => null),
      Promise.all(EDITIONS.map((ed) => refdata.accidentTypesOf(ed).catch(() => [])))
        .then((lists) => Object.fromEntries(EDITIONS.map((ed, i) => [ed, lists[i]]))),
      id ? api.getRisk(id) : api.getUnit(unitId),
    ]).then(([m, at, rec]) => {
      if (!alive) return;
      const tb = m ? normalizeMethods(m) : BUILTIN;
      setTables(tb);
      setTablesFrom(m ? 'server' : 'builtin');
      setTypes(at);
      if (id) { setRisk(rec); setForm(fromRisk(rec, tb)); } else { setUnit(rec); setForm(emptyForm(tb)); }
      setLoading(false);
    }).catch((e) => {
      if (!alive) return;
      setBanner(e.status === 404 ? t(id ? 'risk.notFound' : 'unit.notFound') : errorText(e, 'risk'));
      setLoading(false);
    });
    return () => { alive = false; };
  }, [id, unitId]);

  // Live grade preview: POST /assess a moment after the last change of method or inputs.
  const inputsKey = JSON.stringify([form.method, form.inputs]);
  useEffect(() => {
    if (loading) return undefined;
    const my = ++seq.current;
    const vals = Object.values(form.inputs);
    if (!vals.length || vals.some((v) => str(v).trim() === '')) { setPreview({ state: 'idle' }); return undefined; }
    setPreview((p) => ({ ...p, state: 'busy' }));
    const timer = setTimeout(() => {
      api.assess(form.method, numInputs(form.inputs)).then((r) => {
        if (my !== seq.current) return;
        setPreview({ state: 'ok', result: r });
        setErrors((e) => { const n = { ...e }; for (const k of Object.keys(n)) if (k.startsWith('in-')) delete n[k]; return n; });
      }).catch((err) => {
        if (my !== seq.current) return;
        const k = fieldKey(err.field, form);
        setPreview({ state: 'error', message: errorText(err, 'risk') });
        if (k) setErrors((e) => ({ ...e, [k]: errorText(err, 'risk') }));
      });
    }, PREVIEW_DELAY);
    return () => clearTimeout(timer);
  }, [inputsKey, loading]);

  const clearErr = (k) => { if (errors[k]) setErrors((e) => { const n = { ...e }; delete n[k]; return n; }); };
  const set = (k) => (v) => { setForm((f) => ({ ...f, [k]: v })); clearErr(k); };
  const input = (k) => (e) => set(k)(e.currentTarget.value);
  const types = typesBy[form.accident_edition] || [];
  // Another edition: its checklist, with the ticked types carried over through the mapping.
  const changeEdition = (ed) => {
    setForm((f) => ({ ...f, accident_edition: ed,
      accident_types: mapAccidentTypes(f.accident_types, typesBy[f.accident_edition], ed) }));
    clearErr('accident_edition');
    clearErr('accident_types');
  };
  const setMethod = (m) => {
    setForm((f) => ({ ...f, method: m, inputs: blankInputs(tables, m), inherent: blankInputs(tables, m) }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('in-') && !k.startsWith('inh-') && k !== 'method')));
  };
  const setFactor = (which, name) => (v) => {
    setForm((f) => ({ ...f, [which]: { ...f[which], [name]: v } }));
    clearErr(`${which === 'inputs' ? 'in' : 'inh'}-${name}`);
  };

  const assessed = preview.state === 'ok' ? preview.result.grade : (risk && !preview.result ? risk.assessed_grade : 0);
  const forced = directApplies(form, risk);
  const grade = forced ? 1 : assessed;
  const need = MIN_RANK[grade];
  const rankLow = need && rankIndex(form.owner_rank) < rankIndex(need);

  async function save(e) {
    e.preventDefault();
    setBanner('');
    setInfo('');
    const local = check(form);
    setErrors(local);
    if (Object.keys(local).length) { setBanner(t('unit.fixErrors')); return; }
    const body = diff(toBody(form), risk ? toBody(fromRisk(risk, tables)) : null);
    setSaving(true);
    try {
      if (isNew) {
        await api.createRisk(unitId, body);
        navigate(`#/units/${unitId}`);
        return;
      }
      if (Object.keys(body).length) {
        const saved = await api.updateRisk(id, { ...body, version: risk.version });
        setRisk(saved);
        setForm(fromRisk(saved, tables));
        setHistoryKey((k) => k + 1);
      }
      setInfo(t('risk.saved'));
      setSaving(false);
    } catch (err) {
      setSaving(false);
      const k = fieldKey(err.field, form);
      if (k) { setErrors({ [k]: errorText(err, 'risk') }); setBanner(t('unit.fixErrors')); } else setBanner(errorText(err, 'risk'));
    }
  }

  // 复核: records today's date (local) as the review date; the form's other edits are kept.
  async function markReviewed() {
    setBanner('');
    setInfo('');
    setSaving(true);
    try {
      const saved = await api.updateRisk(id, { reviewed_at: localDate(new Date()), version: risk.version });
      setRisk(saved);
      setHistoryKey((k) => k + 1);
      setInfo(t('risk.reviewed.done', { date: dateOnly(saved.reviewed_at) }));
    } catch (err) { setBanner(errorText(err, 'risk')); }
    setSaving(false);
  }

  async function archive() {
    if (!window.confirm(t('risk.archive.confirm'))) return;
    setSaving(true);
    try {
      await api.archiveRisk(id);
      navigate(`#/units/${risk.unit_id}`);
    } catch (err) { setSaving(false); setBanner(errorText(err, 'risk')); }
  }

  const text = (k, { type = 'text', hint, wide, mode, required, area } = {}) => {
    const fid = `r-${k}`;
    return html`
      <${Field} id=${fid} label=${t(`risk.${k}`)} error=${errors[k]} hint=${hint} required=${required} wide=${wide}>
        ${area ? html`<textarea id=${fid} name=${k} rows="2" value=${form[k]} onInput=${input(k)} ...${described(fid, errors[k], hint)}></textarea>`
          : html`<input id=${fid} name=${k} type=${type} value=${form[k]} inputmode=${mode} required=${required}
          onInput=${input(k)} ...${described(fid, errors[k], hint)} />`}
      <//>`;
  };

  const factorFields = (which) => {
    const m = tables[form.method] || BUILTIN[form.method];
    const prefix = which === 'inputs' ? 'in' : 'inh';
    return m.factors.map((fa) => {
      const fid = `r-${prefix}-${fa.name}`;
      const ek = `${prefix}-${fa.name}`;
      // LEC/LS/MES keep their symbols (L E C); the consequence method's inputs are words only.
      const label = `${which === 'inherent' ? `${t('risk.inherent.short')} ` : ''}${form.method === 'consequence' ? '' : `${fa.name} `}${t(`factor.${form.method}.${fa.name}`)}`;
      const value = form[which][fa.name];
      if (fa.free || !fa.options) {
        return html`<${Field} id=${fid} label=${label} error=${errors[ek]} key=${fid}>
          <input id=${fid} inputmode="decimal" value=${value} data-testid=${`factor-${prefix}-${fa.name}`}
            onInput=${(e) => setFactor(which, fa.name)(e.currentTarget.value)} ...${described(fid, errors[ek])} />
        <//>`;
      }
      const opts = fa.options.map((o) => ({
        value: str(o.value),
        label: `${o.value} — ${(getLang() === 'en' && o.label_en) || o.label_cn || o.label_en || ''}`,
      }));
      // A stored value not in the table (e.g. after the tables changed) is still shown.
      if (value !== '' && !opts.some((o) => Number(o.value) === Number(value))) opts.push({ value, label: value });
      const sel = opts.find((o) => Number(o.value) === Number(value));
      return html`<${Field} id=${fid} label=${label} error=${errors[ek]} key=${fid}>
        <${Select} id=${fid} value=${sel ? sel.value : ''} empty=${t('unit.choose')} options=${opts}
          onChange=${setFactor(which, fa.name)} extra=${{ ...described(fid, errors[ek]), 'data-testid': `factor-${prefix}-${fa.name}` }} />
      <//>`;
    });
  };

  const unitId2 = risk ? risk.unit_id : unitId;
  const unitName = risk ? risk.unit_name : unit ? unit.name : '';
  const readOnly = risk && risk.status === 'archived';
  const me = api.currentUser();
  const mayReview = risk && !readOnly && !(me && me.role === 'expert'); // others: the server decides
  const r = preview.result;
  const pg = gradeInfo(grade);

  return html`
    <section class="page risk-page" aria-labelledby="risk-title">
      <${Breadcrumbs} items=${[{ label: t('units.title'), to: '#/units' },
        ...(unitId2 ? [{ label: unitName || `#${unitId2}`, to: `#/units/${unitId2}` }] : []),
        { label: isNew ? t('risk.new') : risk ? risk.name : t('risks.title') }]} />
      <header class="page-head">
        <div>
          <h1 id="risk-title">${isNew ? t('risk.new') : risk ? `${t('risk.edit')} · ${risk.name}` : t('risk.edit')}</h1>
          ${unitName ? html`<p class="sub">${t('risk.unit')}: <a href=${`#/units/${unitId2}`} data-testid="risk-unit-link">${unitName}</a></p>` : ''}
        </div>
        <div class="head-actions">
          ${risk && risk.lat != null && risk.lon != null ? html`
            <a class="button" href=${href('/map', { lat: risk.lat, lon: risk.lon, z: 16, risk: risk.id })} data-testid="risk-on-map">${t('risk.onMap')}</a>` : ''}
          ${risk && risk.id ? html`
            <a class="button" href=${`/api/v1/risks/${risk.id}/sign.pdf`} download title=${t('sign.hint')} data-testid="risk-sign">${t('sign.button')}</a>` : ''}
          <a class="button" href=${`#/units/${unitId2}`}>${t('risk.back')}</a>
        </div>
      </header>
      ${loading ? html`<${Progress} />` : ''}
      <div class=${isNew ? 'single-layout' : 'unit-layout'}>
        <form class="unit-form risk-form" onSubmit=${save} noValidate data-testid="risk-form">
          <${Banner} testid="form-error">${banner}<//>
          <${Banner} kind="info" testid="form-info">${info}<//>
          ${readOnly ? html`<${Banner} kind="info">${t('risk.archived')}<//>` : ''}
          <fieldset disabled=${loading || saving || readOnly}>
            <div class="grid">
              ${text('name', { required: true })}
              ${text('place', { hint: t('risk.place.hint') })}
              ${text('consequences', { wide: true, area: true })}
              <fieldset class=${`wide checks${errors.accident_types ? ' has-error' : ''}`} data-testid="accident-types">
                <legend>${t('risk.accident_types')}</legend>
                <div class="field inline-field">
                  <label for="r-accident_edition">${t('risk.accident_edition')}</label>
                  <select id="r-accident_edition" name="accident_edition" value=${form.accident_edition} data-testid="accident-edition"
                    onChange=${(e) => changeEdition(e.currentTarget.value)}>
                    ${EDITIONS.map((ed) => html`<option key=${ed} value=${ed}>${t(`risk.accident_edition.${ed}`)}</option>`)}
                  </select>
                </div>
                ${errors.accident_edition ? html`<p class="field-error" role="alert" data-testid="error-r-accident_edition">${errors.accident_edition}</p>` : ''}
                <div class="check-grid">
                  ${types.map((a) => html`
                    <label class="inline" key=${a.code}><input type="checkbox" name="accident_types" value=${a.code}
                      checked=${form.accident_types.includes(Number(a.code))}
                      onChange=${(e) => set('accident_types')(e.currentTarget.checked
                        ? [...form.accident_types, Number(a.code)] : form.accident_types.filter((c) => c !== Number(a.code)))} />
                      ${pickName(a)}</label>`)}
                </div>
                ${errors.accident_types ? html`<p class="field-error" role="alert" data-testid="error-r-accident_types">${errors.accident_types}</p>` : ''}
              </fieldset>
            </div>

            <h2 class="form-section">${t('risk.section.assess')}</h2>
            <div class="grid">
              <${Field} id="r-method" label=${t('risk.method')} error=${errors.method}>
                <${Select} id="r-method" value=${form.method} onChange=${setMethod}
                  options=${METHODS.map((m) => ({ value: m, label: t(`method.${m}`) }))} extra=${described('r-method', errors.method)} />
              <//>
              <div class="field"></div>
              ${factorFields('inputs')}
              ${form.method === 'consequence' ? html`<p class="hint wide" data-testid="consequence-hint">${t('risk.consequence.hint')}</p>` : ''}
            </div>

            <div class=${`grade-preview${preview.state === 'error' ? ' error' : ''}`} data-testid="grade-preview"
              data-state=${preview.state} data-grade=${grade || ''} data-assessed=${assessed || ''} data-color=${grade ? pg.color : ''}
              data-score=${r ? r.score : ''} aria-live="polite" style=${grade ? { borderColor: pg.hex } : {}}>
              <span class="label">${t('risk.preview')}</span>
              ${preview.state === 'idle' && !assessed ? html`<span class="hint">${t('risk.preview.idle')}</span>` : ''}
              ${preview.state === 'busy' ? html`<span class="hint">${t('risk.preview.busy')}</span>` : ''}
              ${preview.state === 'error' ? html`<span class="field-error">${preview.message}</span>` : ''}
              ${grade ? html`<${GradeBadge} grade=${grade} long />` : ''}
              ${r && preview.state === 'ok' ? html`
                <span class="score" data-testid="preview-score">${t('risk.score')}: ${formatNumber(r.score, 2)}</span>
                <span class="explain" data-testid="preview-explain">${form.method === 'consequence' ? consequenceExplain(r.explain, getLang(), formatNumber) : r.explain}</span>` : ''}
              ${forced ? html`<span class="direct-note" data-testid="direct-note">${t('risk.direct.forced')}</span>` : ''}
            </div>

            <div class="grid">
              <div class="field wide check">
                <label class="inline"><input type="checkbox" id="r-useInherent" checked=${form.useInherent}
                  onChange=${(e) => set('useInherent')(e.currentTarget.checked)} /> ${t('risk.inherent')}</label>
                <p class="hint">${t('risk.inherent.hint')}</p>
              </div>
              ${form.useInherent ? factorFields('inherent') : ''}
            </div>

            <fieldset class=${`direct${errors.direct ? ' has-error' : ''}`} data-testid="direct">
              <legend>${t('risk.direct')}</legend>
              ${DIRECT.map((k) => html`
                <label class="inline" key=${k}><input type="checkbox" id=${`r-direct-${k}`} checked=${form.direct[k]}
                  onChange=${(e) => { const c = e.currentTarget.checked; setForm((f) => ({ ...f, direct: { ...f.direct, [k]: c } })); }} />
                  ${t(`direct.${k}`)}</label>`)}
              <div class="field narrow">
                <label for="r-direct-mhs">${t('direct.major_hazard_source_grade')}</label>
                <${Select} id="r-direct-mhs" value=${form.direct.major_hazard_source_grade}
                  options=${[0, 1, 2, 3, 4].map((g) => ({ value: String(g), label: t(`mhs.${g}`) }))}
                  onChange=${(v) => setForm((f) => ({ ...f, direct: { ...f.direct, major_hazard_source_grade: v } }))} />
              </div>
              ${errors.direct ? html`<p class="field-error" role="alert">${errors.direct}</p>` : ''}
            </fieldset>

            <h2 class="form-section">${t('risk.section.control')}</h2>
            <div class="grid">
              ${MEASURE_KINDS.map((k) => html`
                <${Field} id=${`r-m-${k}`} label=${t(`measure.${k}`)} key=${k} hint=${k === 'engineering' ? t('risk.measures.hint') : ''}>
                  <textarea id=${`r-m-${k}`} rows="3" value=${form.measures[k]}
                    onInput=${(e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, measures: { ...f.measures, [k]: v } })); clearErr('measures'); }}></textarea>
                <//>`)}
              ${errors.measures ? html`<p class="field-error wide" role="alert" data-testid="error-r-measures">${errors.measures}</p>` : ''}
              <${Field} id="r-control_level" label=${t('risk.control_level')} error=${errors.control_level}>
                <${Select} id="r-control_level" value=${form.control_level} empty=${t('risk.control_level.auto')}
                  options=${LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))} onChange=${set('control_level')}
                  extra=${described('r-control_level', errors.control_level)} />
              <//>
              ${text('owner_name')}
              <${Field} id="r-owner_rank" label=${t('risk.owner_rank')} error=${errors.owner_rank}>
                <${Select} id="r-owner_rank" value=${form.owner_rank} empty=${t('unit.choose')}
                  options=${RANKS.map((k) => ({ value: k, label: t(`rank.${k}`) }))} onChange=${set('owner_rank')}
                  extra=${{ ...described('r-owner_rank', errors.owner_rank), 'aria-describedby': rankLow ? 'r-owner-warning' : described('r-owner_rank', errors.owner_rank)['aria-describedby'] }} />
                ${rankLow ? html`<p class="field-warning" id="r-owner-warning" role="status" data-testid="owner-warning">
                  ${t('risk.owner.warning', { grade: pg.roman, rank: t(`rank.${need}`) })}</p>` : ''}
              <//>
            </div>

            <h2 class="form-section">${t('risk.section.impact')}</h2>
            <div class="grid">
              ${text('impact_radius_m', { mode: 'decimal' })}
              ${text('exposed_people', { mode: 'numeric' })}
              <div class="field check wide">
                <label class="inline"><input type="checkbox" id="r-public_impact" checked=${form.public_impact}
                  onChange=${(e) => set('public_impact')(e.currentTarget.checked)} /> ${t('risk.public_impact')}</label>
              </div>
              ${text('lon', { mode: 'decimal', hint: t('risk.coord.hint') })}
              ${text('lat', { mode: 'decimal' })}
            </div>
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="primary" disabled=${loading || saving || readOnly}>${saving ? t('unit.saving') : t('unit.save')}</button>
            ${!isNew && risk && !readOnly ? html`<button type="button" class="danger" onClick=${archive} disabled=${saving}>${t('unit.archive')}</button>` : ''}
            ${mayReview ? html`<button type="button" onClick=${markReviewed} disabled=${loading || saving} data-testid="mark-reviewed">${t('risk.reviewed.mark')}</button>` : ''}
            ${risk ? html`<span class="reviewed" data-testid="risk-reviewed" data-date=${dateOnly(risk.reviewed_at)}>
              ${t('risk.reviewed_at')}: ${risk.reviewed_at ? dateOnly(risk.reviewed_at) : t('risk.reviewed.never')}</span>` : ''}
            <span class="meta">
              ${tablesFrom === 'builtin' ? html`<span data-testid="methods-builtin">${t('risk.methods.builtin')}</span>` : ''}
              ${risk ? html` ${t('unit.status')}: ${t(`status.${risk.status}`)} · ${t('unit.version')} <span data-testid="risk-version">${risk.version}</span>` : ''}
            </span>
          </div>
        </form>
        ${!isNew ? html`<${NearestResources} risk=${id} />` : ''}
        ${!isNew ? html`<${RiskHistory} id=${id} key=${`${id}:${historyKey}`} />` : ''}
      </div>
    </section>`;
}

function RiskHistory({ id }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.riskHistory(id).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id]);
  const actionLabel = (a) => { const s = t(`history.${a}`); return s === `history.${a}` ? a : s; };
  const skip = new Set(['version', 'updated_at', 'created_at', 'reviewed_at']);
  return html`
    <aside class="history" aria-labelledby="risk-history-title" data-testid="risk-history">
      <h2 id="risk-history-title">${t('history.title')}</h2>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'risk') : ''}<//>
      ${items && items.length === 0 ? html`<p class="hint">${t('history.empty')}</p>` : ''}
      ${items && items.length ? html`
        <ol class="timeline">
          ${items.map((e) => {
            const fields = Object.keys(e.diff || {}).filter((k) => !skip.has(k));
            return html`
              <li key=${e.version} data-testid="risk-history-entry" data-action=${e.action}>
                <strong class="action">${actionLabel(e.action)} · v${e.version}</strong>
                ${e.new_grade ? html`<span class="grades">${e.old_grade ? html`<${GradeBadge} grade=${e.old_grade} /> → ` : ''}<${GradeBadge} grade=${e.new_grade} /></span>` : ''}
                <span class="who">${t('history.by')}: ${e.login || ''}</span>
                <time datetime=${String(e.at)}>${formatTime(e.at, getLang())}</time>
                ${fields.length && e.action !== 'create' ? html`<span class="fields">${t('history.fields')}: ${fields.join(', ')}</span>` : ''}
              </li>`;
          })}
        </ol>` : ''}
    </aside>`;
}
