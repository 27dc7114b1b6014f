// resource-form — register or edit one emergency resource (#/resources/new, #/resources/ID/edit):
// every field the API takes, the region by district and town, the position typed or picked on a
// small map, and on the edit page 作废 (DELETE archives) and, for the city office, the record's
// history. Each label is the one errors.js names the field by, so a message (the form's own
// check or the server's) says which field is wrong; a save returns to the list.

import { html } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { fieldLabel } from '../errors.js';
import { Breadcrumbs, navigate } from '../router.js';
import { Banner, Field, Progress, Select, described, errorText } from '../ui.js';
import { useReference, useTowns } from '../refdata.js';
import { regionOptions, deptOptions } from './units.js';
import { PickMap } from './target-form.js';
import { History } from './unit-form.js';
import { RESOURCE_KINDS, setResourceFlash } from './resources.js';
import { saveBody, useRecordForm } from './record-form.js';

const TEXT = ['name', 'owner', 'address', 'quantity', 'measure', 'contact_name', 'contact_phone', 'lon', 'lat'];
const FORM_FIELDS = new Set([...TEXT, 'kind', 'region', 'dept', 'available']);
const label = (k) => fieldLabel(k, 'resource');

const empty = () => ({ ...Object.fromEntries(TEXT.map((k) => [k, ''])), kind: 'shelter', district: '', town: '', dept: '', available: 'yes' });
function fromResource(x) {
  const f = empty();
  for (const k of TEXT) f[k] = x[k] === null || x[k] === undefined ? '' : String(x[k]);
  const r = String(x.region || '');
  f.district = r.slice(0, 6);
  f.town = r.length > 6 ? r : '';
  f.kind = x.kind;
  f.dept = x.dept || '';
  f.available = x.available === false ? 'no' : 'yes';
  return f;
}

// The form's own checks, as the server's errors would be (so errorText names the field).
function check(f, ownUnit) {
  const e = {};
  const err = (field, code, rule) => errorText({ code, field, params: rule ? { rule } : {} }, 'resource');
  if (!f.name.trim()) e.name = err('name', 'required');
  if (!ownUnit && !f.district) e.region = err('region', 'required');
  for (const k of ['lon', 'lat']) {
    if (!f[k].trim()) e[k] = err(k, 'required');
    else if (!Number.isFinite(Number(f[k]))) e[k] = err(k, 'invalid', 'not_number');
  }
  if (f.quantity.trim() && !(Number(f.quantity) >= 0)) e.quantity = err('quantity', 'invalid', 'not_number');
  return e;
}

function toBody(f, ownUnit) {
  const num = (v) => (v.trim() === '' ? null : Number(v));
  const text = (v) => v.trim() || null;
  const body = {
    name: f.name.trim(), kind: f.kind, owner: text(f.owner), address: text(f.address), quantity: num(f.quantity),
    measure: text(f.measure), contact_name: text(f.contact_name), contact_phone: text(f.contact_phone),
    available: f.available === 'yes', lon: num(f.lon), lat: num(f.lat),
  };
  if (!ownUnit) Object.assign(body, { region: f.town || f.district, dept: f.dept || null });
  return body;
}

export function ResourceFormPage({ id }) {
  const user = api.currentUser() || {};
  const ownUnit = user.role === 'unit';
  const ref = useReference();
  const { isNew, record: resource, form, setForm, errors, setErrors, clear, banner, setBanner, loading, saving, setSaving, pick, refused } =
    useRecordForm('/resources', id, empty, fromResource, 'resource');
  const towns = useTowns(form.district);

  const set = (k) => (v) => {
    setForm((f) => ({ ...f, [k]: v, ...(k === 'district' ? { town: '' } : {}) }));
    const ek = k === 'district' || k === 'town' ? 'region' : k;
    if (errors[ek]) clear(ek);
  };

  async function save(e) {
    e.preventDefault();
    setBanner('');
    const local = check(form, ownUnit);
    setErrors(local);
    if (Object.keys(local).length) return;
    const body = saveBody(resource, toBody(form, ownUnit));
    if (isNew && ownUnit) body.unit_id = user.unit_id;
    setSaving(true);
    try {
      const saved = isNew ? await api.post('/resources', body) : await api.patch(`/resources/${id}`, body);
      setResourceFlash(t('res.saved', { name: saved.name }));
      navigate('#/resources');
    } catch (err) { refused(err, FORM_FIELDS); }
  }

  async function archive() {
    if (!window.confirm(t('res.archive.confirm', { name: resource.name }))) return;
    setSaving(true);
    try {
      await api.del(`/resources/${id}`);
      setResourceFlash(t('res.archived', { name: resource.name }));
      navigate('#/resources');
    } catch (err) { refused(err, FORM_FIELDS); }
  }

  const text = (k, { required, mode } = {}) => {
    const fid = `res-${k}`;
    return html`<${Field} id=${fid} label=${label(k)} error=${errors[k]} required=${required}>
      <input id=${fid} name=${k} value=${form[k]} inputmode=${mode} onInput=${(e) => set(k)(e.currentTarget.value)}
        data-testid=${fid} ...${described(fid, errors[k])} />
    <//>`;
  };
  const archived = resource && resource.status !== 'active';
  const title = isNew ? t('res.new.title') : t('res.edit.title');
  return html`
    <section class="page resource-form" aria-labelledby="res-form-title" data-testid="resource-form-page">
      <${Breadcrumbs} items=${[{ label: t('res.title'), to: '#/resources' }, ...(resource ? [{ label: resource.name }] : []), { label: title }]} />
      <header class="page-head"><h1 id="res-form-title">${title}</h1></header>
      ${loading ? html`<${Progress} />` : ''}
      <${Banner} testid="res-banner">${banner}<//>
      ${archived ? html`<${Banner} kind="info">${t('res.archived.note')}<//>` : ''}
      <form class="unit-form" onSubmit=${save} noValidate data-testid="resource-form">
       <div class="grid">
        ${text('name', { required: true })}
        <${Field} id="res-kind" label=${label('kind')} error=${errors.kind} required>
          <${Select} id="res-kind" value=${form.kind} onChange=${set('kind')} options=${RESOURCE_KINDS.map((k) => ({ value: k, label: t(`rk.${k}`) }))} extra=${{ 'data-testid': 'res-kind' }} />
        <//>
        ${ownUnit ? '' : html`
        <${Field} id="res-district" label=${label('region')} error=${errors.region} required>
          <${Select} id="res-district" value=${form.district} empty="" options=${regionOptions(ref.districts)} onChange=${set('district')} extra=${{ 'data-testid': 'res-district' }} />
        <//>
        <${Field} id="res-town" label=${t('units.town')}>
          <${Select} id="res-town" value=${form.town} empty="" disabled=${!form.district} options=${regionOptions(towns)} onChange=${set('town')} extra=${{ 'data-testid': 'res-town' }} />
        <//>
        <${Field} id="res-dept" label=${label('dept')} error=${errors.dept}>
          <${Select} id="res-dept" value=${form.dept} empty="" options=${deptOptions(ref.departments)} onChange=${set('dept')} extra=${{ 'data-testid': 'res-dept' }} />
        <//>`}
        ${text('owner')}
        ${text('address')}
        ${text('quantity', { mode: 'decimal' })}
        ${text('measure')}
        ${text('contact_name')}
        ${text('contact_phone', { mode: 'tel' })}
        <${Field} id="res-available" label=${label('available')} error=${errors.available}>
          <${Select} id="res-available" value=${form.available} onChange=${set('available')} options=${[{ value: 'yes', label: t('res.yes') }, { value: 'no', label: t('res.no') }]} extra=${{ 'data-testid': 'res-available' }} />
        <//>
        ${text('lon', { required: true, mode: 'decimal' })}
        ${text('lat', { required: true, mode: 'decimal' })}
        <div class="field wide">
          <p class="hint">${t('res.pick')}</p>
          ${!loading ? html`<${PickMap} lon=${form.lon === '' ? NaN : Number(form.lon)} lat=${form.lat === '' ? NaN : Number(form.lat)} onPick=${pick} />` : ''}
        </div>
       </div>
        <div class="form-actions">
          <button type="submit" class="primary" disabled=${saving || archived} data-testid="res-save">${t('res.save')}</button>
          ${!isNew && resource && !archived ? html`<button type="button" class="danger" disabled=${saving} onClick=${archive} data-testid="res-archive">${t('res.archive')}</button>` : ''}
          <a class="button" href="#/resources">${t('res.cancel')}</a>
        </div>
      </form>
      ${!isNew && user.role === 'city' ? html`<${History} id=${id} entity="resource" key=${resource ? resource.version : 0} />` : ''}
    </section>`;
}
