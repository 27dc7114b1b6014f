// unit-form — create or edit one unit (#/units/new, #/units/ID/edit): light client checks, the
// server's error shown under the field it names, archive, and the unit's audit history beside the
// form. A save opens the unit's page (unit-page.js) with a confirmation.

import { html, useEffect, useState } from '../html.js';
import { t, getLang } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { Banner, Field, Progress, Select, described, errorText } from '../ui.js';
import { lastListHref, sectorOptions, regionOptions, deptOptions, sizeOptions } from './units.js';
import { useReference, useTowns } from '../refdata.js';
import { UnitCrumbs } from './unit-page.js';

// The confirmation the unit page shows once after a save ("已保存"); taking it clears it.
let flash = '';
export function takeFlash() { const s = flash; flash = ''; return s; }
import { PrintButton } from '../export.js';

// Text fields of the form, in the order of docs/API.md; region is split into district + town.
const TEXT = ['credit_code', 'name', 'sector', 'address', 'lon', 'lat', 'size_class', 'employees',
  'contact_name', 'contact_phone', 'dept'];
const FORM_FIELDS = new Set([...TEXT, 'region', 'coords']);
// The coordinate systems lon/lat may be typed in; the server stores WGS84 (docs/API.md).
const COORDS = ['wgs84', 'gcj02', 'bd09'];
// GB 32100 alphabet: digits and capitals without I, O, Z, S, V.
const CREDIT_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

const empty = () => Object.fromEntries([...TEXT, 'district', 'town'].map((k) => [k, '']));

function fromUnit(u) {
  const f = empty();
  for (const k of TEXT) f[k] = u[k] === null || u[k] === undefined ? '' : String(u[k]);
  const region = String(u.region || '');
  f.district = region.slice(0, 6);
  f.town = region.length > 6 ? region : '';
  return f;
}

function check(f) {
  const e = {};
  const code = f.credit_code.trim().toUpperCase();
  if (!code) e.credit_code = t('unit.required');
  else if (code.length !== 18) e.credit_code = t('unit.credit_code.length');
  else if (!CREDIT_RE.test(code)) e.credit_code = t('unit.credit_code.chars');
  if (!f.name.trim()) e.name = t('unit.required');
  if (!f.sector) e.sector = t('unit.required');
  if (!f.district) e.region = t('unit.required');
  for (const k of ['lon', 'lat']) if (f[k].trim() && !Number.isFinite(Number(f[k]))) e[k] = t('unit.number');
  if (f.employees.trim() && !/^\d+$/.test(f.employees.trim())) e.employees = t('unit.integer');
  return e;
}

// The writable fields as the API wants them: numbers as numbers, empty optional fields absent.
function toBody(f) {
  const b = {
    credit_code: f.credit_code.trim().toUpperCase(),
    name: f.name.trim(),
    sector: f.sector,
    region: f.town || f.district,
  };
  const opt = {
    address: f.address.trim(),
    lon: f.lon.trim() === '' ? '' : Number(f.lon),
    lat: f.lat.trim() === '' ? '' : Number(f.lat),
    size_class: f.size_class,
    employees: f.employees.trim() === '' ? '' : Number(f.employees),
    contact_name: f.contact_name.trim(),
    contact_phone: f.contact_phone.trim(),
    dept: f.dept,
  };
  for (const [k, v] of Object.entries(opt)) b[k] = v === '' ? null : v;
  return b;
}

// For a new unit: leave out what is empty. For an edit: send only what changed (null clears).
function diff(body, unit) {
  const out = {};
  for (const [k, v] of Object.entries(body)) {
    if (!unit) { if (v !== null) out[k] = v; continue; }
    const old = unit[k] === undefined ? null : unit[k];
    if (String(old ?? '') !== String(v ?? '')) out[k] = v;
  }
  return out;
}

export function UnitFormPage({ id }) {
  const isNew = id === 'new';
  const ref = useReference();
  const [unit, setUnit] = useState(null);
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [loading, setLoading] = useState(!isNew);
  const [saving, setSaving] = useState(false);
  const [historyKey, setHistoryKey] = useState(0);
  const [coords, setCoords] = useState('wgs84');
  const towns = useTowns(form.district);

  useEffect(() => {
    if (isNew) return undefined;
    let alive = true;
    setLoading(true);
    api.getUnit(id).then((u) => {
      if (!alive) return;
      setUnit(u);
      setForm(fromUnit(u));
      setLoading(false);
    }).catch((e) => {
      if (!alive) return;
      setBanner(e.status === 404 ? t('unit.notFound') : errorText(e, 'unit'));
      setLoading(false);
    });
    return () => { alive = false; };
  }, [id]);

  const set = (k) => (v) => {
    setForm((f) => ({ ...f, [k]: v, ...(k === 'district' ? { town: '' } : {}) }));
    const errKey = k === 'district' || k === 'town' ? 'region' : k;
    if (errors[errKey]) setErrors((e) => { const n = { ...e }; delete n[errKey]; return n; });
  };
  const input = (k) => (e) => set(k)(e.currentTarget.value);

  async function save(e) {
    e.preventDefault();
    setBanner('');
    const local = check(form);
    setErrors(local);
    if (Object.keys(local).length) { setBanner(t('unit.fixErrors')); return; }
    const body = diff(toBody(form), unit);
    // Read off AMap/Tencent (GCJ-02) or Baidu (BD-09): send both with the system, the server converts.
    if (coords !== 'wgs84' && ('lon' in body || 'lat' in body) && form.lon.trim() && form.lat.trim()) {
      Object.assign(body, { lon: Number(form.lon), lat: Number(form.lat), coords });
    }
    setSaving(true);
    try {
      let saved = unit;
      if (isNew) saved = await api.createUnit(body);
      else if (Object.keys(body).length) await api.updateUnit(id, { ...body, version: unit.version });
      flash = t('unit.saved');
      navigate(`#/units/${saved.id}`);
    } catch (err) {
      setSaving(false);
      const field = err.field === 'town' || err.field === 'district' ? 'region' : err.field;
      if (field && FORM_FIELDS.has(field)) {
        setErrors({ [field]: errorText(err, 'unit') });
        setBanner(t('unit.fixErrors'));
      } else {
        setBanner(errorText(err, 'unit'));
      }
    }
  }

  async function archive() {
    if (!window.confirm(t('unit.archive.confirm'))) return;
    setSaving(true);
    try {
      await api.archiveUnit(id);
      navigate(lastListHref());
    } catch (err) {
      setSaving(false);
      setBanner(errorText(err, 'unit'));
      setHistoryKey((k) => k + 1);
    }
  }

  // One labelled text input with its inline error.
  const text = (k, { type = 'text', required, hint, wide, mode } = {}) => {
    const fid = `u-${k}`;
    return html`
      <${Field} id=${fid} label=${t(`unit.${k}`)} error=${errors[k]} hint=${hint} required=${required} wide=${wide}>
        <input id=${fid} name=${k} type=${type} value=${form[k]} required=${required} inputmode=${mode}
          onInput=${input(k)} ...${described(fid, errors[k], hint)} />
      <//>`;
  };

  const readOnly = unit && unit.status === 'archived';
  // A unit account's 区县/街道 and 监管部门 are its regulators' to set (the server refuses them too).
  const ownUnit = (api.currentUser() || {}).role === 'unit';
  return html`
    <section class="page unit-page" aria-labelledby="unit-title">
      <${UnitCrumbs} unit=${unit} unitId=${isNew ? null : id}
        tail=${[{ label: isNew ? t('unit.new') : t('unit.view.edit') }]} />
      <header class="page-head">
        <h1 id="unit-title">${isNew ? t('unit.new') : unit ? `${t('unit.edit')} · ${unit.name}` : t('unit.edit')}</h1>
        ${!isNew && html`<${PrintButton} />`}
        <a class="button" href=${isNew ? lastListHref() : `#/units/${id}`} data-testid="unit-cancel">${isNew ? t('unit.cancel') : t('unit.form.cancel')}</a>
      </header>
      ${ownUnit ? html`<p class="hint" data-testid="unit-own-place">${t('unit.ownPlace')}</p>` : ''}
      ${loading ? html`<${Progress} />` : ''}
      <div class="unit-layout">
        <form class="unit-form" onSubmit=${save} noValidate data-testid="unit-form">
          <${Banner} testid="form-error">${banner}<//>
          ${readOnly ? html`<${Banner} kind="info">${t('unit.archived')}<//>` : ''}
          <fieldset disabled=${loading || saving || readOnly}>
            <div class="grid">
              ${text('credit_code', { required: true, hint: t('unit.credit_code.hint') })}
              ${text('name', { required: true })}
              <${Field} id="u-sector" label=${t('unit.sector')} error=${errors.sector} required>
                <${Select} id="u-sector" value=${form.sector} empty=${t('unit.choose')} required
                  options=${sectorOptions(ref.sectors)} onChange=${set('sector')} extra=${described('u-sector', errors.sector)} />
              <//>
              <${Field} id="u-dept" label=${t('unit.dept')} error=${errors.dept}>
                <${Select} id="u-dept" value=${form.dept} empty=${t('unit.dept.auto')} disabled=${ownUnit}
                  options=${deptOptions(ref.departments)} onChange=${set('dept')} extra=${described('u-dept', errors.dept)} />
              <//>
              <${Field} id="u-region" label=${t('unit.district')} error=${errors.region} required>
                <${Select} id="u-region" value=${form.district} empty=${t('unit.choose')} required disabled=${ownUnit}
                  options=${regionOptions(ref.districts)} onChange=${set('district')} extra=${described('u-region', errors.region)} />
              <//>
              <${Field} id="u-town" label=${t('unit.town')}>
                <${Select} id="u-town" value=${form.town} empty=${t('unit.town.none')} disabled=${!form.district || ownUnit}
                  options=${regionOptions(towns)} onChange=${set('town')} />
              <//>
              ${text('address', { wide: true })}
              ${text('lon', { mode: 'decimal', hint: t('unit.coord.hint') })}
              ${text('lat', { mode: 'decimal' })}
              <${Field} id="u-coords" label=${t('unit.coords')} error=${errors.coords}>
                <${Select} id="u-coords" value=${coords} onChange=${setCoords}
                  options=${COORDS.map((v) => ({ value: v, label: t(`unit.coords.${v}`) }))} />
              <//>
              <${Field} id="u-size_class" label=${t('unit.size_class')} error=${errors.size_class}>
                <${Select} id="u-size_class" value=${form.size_class} empty=${t('unit.choose')}
                  options=${sizeOptions()} onChange=${set('size_class')} extra=${described('u-size_class', errors.size_class)} />
              <//>
              ${text('employees', { mode: 'numeric' })}
              ${text('contact_name')}
              ${text('contact_phone', { type: 'tel' })}
            </div>
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="primary" disabled=${loading || saving || readOnly}>
              ${saving ? t('unit.saving') : t('unit.save')}</button>
            ${!isNew && unit && !readOnly ? html`
              <button type="button" class="danger" onClick=${archive} disabled=${saving}>${t('unit.archive')}</button>` : ''}
            ${unit ? html`<span class="meta">${t('unit.status')}: ${t(`status.${unit.status}`)} · ${t('unit.version')} ${unit.version}</span>` : ''}
          </div>
        </form>
        ${!isNew ? html`<div class="side">
          <${History} id=${id} key=${historyKey} />
        </div>` : ''}
      </div>
    </section>`;
}

function formatTime(at) {
  if (at === null || at === undefined || at === '') return '';
  const d = typeof at === 'number' ? new Date(at < 1e12 ? at * 1000 : at) : new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return d.toLocaleString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
}

function parseJson(v) {
  if (typeof v !== 'string') return v || null;
  try { return JSON.parse(v); } catch (_) { return null; }
}

function changedFields(entry) {
  const before = parseJson(entry.before);
  const after = parseJson(entry.after);
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const skip = new Set(['version', 'updated_at', 'created_at']);
  return Object.keys(after).filter((k) => !skip.has(k) && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

// The audit trail of one record: a unit by default, or another entity the caller may read.
export function History({ id, entity = 'unit' }) {
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let alive = true;
    api.auditTrail(entity, id).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [id, entity]);

  const actionLabel = (a) => {
    const s = t(`history.${a}`);
    return s === `history.${a}` ? a : s;
  };
  return html`
    <aside class="history" aria-labelledby="history-title" data-testid="history">
      <h2 id="history-title">${t('history.title')}</h2>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, entity) : ''}<//>
      ${items && items.length === 0 ? html`<p class="hint">${t('history.empty')}</p>` : ''}
      ${items && items.length ? html`
        <ol class="timeline">
          ${items.map((e) => {
            const fields = changedFields(e);
            return html`
              <li key=${e.id} data-testid="history-entry" data-action=${e.action}>
                <strong class="action">${actionLabel(e.action)}</strong>
                <span class="who">${t('history.by')}: ${e.login || e.user}</span>
                <time datetime=${String(e.at)}>${formatTime(e.at)}</time>
                ${fields.length ? html`<span class="fields">${t('history.fields')}: ${fields.join(', ')}</span>` : ''}
              </li>`;
          })}
        </ol>` : ''}
    </aside>`;
}
