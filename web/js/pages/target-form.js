// target-form — create or edit one vulnerable target (#/targets/new, #/targets/ID/edit): kind,
// GB 36894 protection class (following the kind until chosen by hand), region, people by day and
// night, and the position typed or picked on a small map (a click sets lon/lat, WGS84). The
// server's error shows under the field it names; a save opens the target's page.

import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Breadcrumbs, navigate } from '../router.js';
import { Banner, Field, Progress, Select, described } from '../ui.js';
import { useReference, useTowns } from '../refdata.js';
import { regionOptions, deptOptions } from './units.js';
import { addTiles } from './map.js';
import { CLASS_OF, classOptions, kindOptions, lastTargetsHref } from './targets.js';
import { saveBody, useRecordForm } from './record-form.js';

const TEXT = ['name', 'kind', 'protection_class', 'dept', 'address', 'lon', 'lat', 'people_day', 'people_night'];
const FORM_FIELDS = new Set([...TEXT, 'region']);
const LABEL = { name: 'tg.name', kind: 'tg.kind', protection_class: 'tg.class', dept: 'tg.dept', address: 'tg.address',
  lon: 'tg.lon', lat: 'tg.lat', people_day: 'tg.peopleDay', people_night: 'tg.peopleNight' };

let flash = '';
export function takeTargetFlash() { const s = flash; flash = ''; return s; }

const empty = () => ({ ...Object.fromEntries(TEXT.map((k) => [k, ''])), kind: 'school', protection_class: 'high', district: '', town: '' });
function fromTarget(x) {
  const f = empty();
  for (const k of TEXT) f[k] = x[k] === null || x[k] === undefined ? '' : String(x[k]);
  const r = String(x.region || '');
  f.district = r.slice(0, 6);
  f.town = r.length > 6 ? r : '';
  return f;
}

function check(f) {
  const e = {};
  if (!f.name.trim()) e.name = t('tg.required');
  if (!f.district) e.region = t('tg.required');
  for (const k of ['lon', 'lat']) {
    if (!f[k].trim()) e[k] = t('tg.required');
    else if (!Number.isFinite(Number(f[k]))) e[k] = t('tg.number');
  }
  for (const k of ['people_day', 'people_night']) if (f[k].trim() && !/^\d+$/.test(f[k].trim())) e[k] = t('tg.number');
  return e;
}

function toBody(f) {
  const num = (v) => (v.trim() === '' ? null : Number(v));
  return {
    name: f.name.trim(), kind: f.kind, protection_class: f.protection_class, region: f.town || f.district,
    dept: f.dept || null, address: f.address.trim() || null, lon: num(f.lon), lat: num(f.lat),
    people_day: num(f.people_day), people_night: num(f.people_night),
  };
}

// The small map: a click moves the marker and reports [lon, lat] (also the resource form's).
export function PickMap({ lon, lat, onPick }) {
  const el = useRef(null);
  const st = useRef({});
  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.5, maxZoom: 18 });
    st.current.map = map;
    addTiles(map);
    const has = Number.isFinite(lon) && Number.isFinite(lat);
    map.setView(has ? [lat, lon] : [31.3, 120.6], has ? 15 : 9);
    map.on('click', (e) => onPick(e.latlng.lng, e.latlng.lat));
    return () => { map.off(); map.stop(); setTimeout(() => map.remove(), 300); };
  }, []);
  useEffect(() => {
    const { map } = st.current;
    if (!map) return;
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    if (!st.current.marker) {
      st.current.marker = L.circleMarker([lat, lon], { radius: 8, color: '#0f2c4c', weight: 3, fillColor: '#ffffff', fillOpacity: 1, className: 'pick-marker' }).addTo(map);
    } else st.current.marker.setLatLng([lat, lon]);
  }, [lon, lat]);
  return html`<div class="pick-map" ref=${el} role="region" aria-label=${t('tg.pick.label')} data-testid="pick-map"></div>`;
}

export function TargetFormPage({ id }) {
  const ref = useReference();
  const { isNew, record: target, form, setForm, errors, setErrors, clear, banner, setBanner, loading, saving, setSaving, pick, refused } =
    useRecordForm('/targets', id, empty, fromTarget, 'target');
  const [classByHand, setClassByHand] = useState(!isNew);
  const towns = useTowns(form.district);

  const set = (k) => (v) => {
    setForm((f) => {
      const n = { ...f, [k]: v };
      if (k === 'district') n.town = '';
      if (k === 'kind' && !classByHand) n.protection_class = CLASS_OF[v] || f.protection_class;
      return n;
    });
    if (k === 'protection_class') setClassByHand(true);
    const ek = k === 'district' || k === 'town' ? 'region' : k;
    if (errors[ek]) clear(ek);
  };

  async function save(e) {
    e.preventDefault();
    setBanner('');
    const local = check(form);
    setErrors(local);
    if (Object.keys(local).length) return;
    const body = saveBody(target, toBody(form));
    setSaving(true);
    try {
      const saved = isNew ? await api.post('/targets', body) : await api.patch(`/targets/${id}`, body);
      flash = t('tg.saved');
      navigate(`#/targets/${saved.id || id}`);
    } catch (err) { refused(err, FORM_FIELDS); }
  }

  const text = (k, { required, mode, hint } = {}) => {
    const fid = `tg-${k}`;
    return html`<${Field} id=${fid} label=${t(LABEL[k])} error=${errors[k]} required=${required} hint=${hint}>
      <input id=${fid} name=${k} value=${form[k]} inputmode=${mode} onInput=${(e) => set(k)(e.currentTarget.value)}
        ...${described(fid, errors[k], hint)} />
    <//>`;
  };
  const title = isNew ? t('tg.newTitle') : t('tg.editTitle');
  return html`
    <section class="page target-form" aria-labelledby="tg-title">
      <${Breadcrumbs} items=${[{ label: t('targets.title'), to: lastTargetsHref() }, ...(target ? [{ label: target.name, to: `#/targets/${id}` }] : []), { label: title }]} />
      <header class="page-head"><h1 id="tg-title">${title}</h1></header>
      ${loading ? html`<${Progress} />` : ''}
      <${Banner}>${banner}<//>
      <form class="unit-form" onSubmit=${save} noValidate data-testid="target-form">
       <div class="grid">
        ${text('name', { required: true })}
        <${Field} id="tg-kind" label=${t('tg.kind')} error=${errors.kind} required>
          <${Select} id="tg-kind" value=${form.kind} options=${kindOptions()} onChange=${set('kind')} />
        <//>
        <${Field} id="tg-protection_class" label=${t('tg.class')} error=${errors.protection_class} hint=${t('tg.class.hint')}>
          <${Select} id="tg-protection_class" value=${form.protection_class} options=${classOptions()} onChange=${set('protection_class')} />
        <//>
        <${Field} id="tg-district" label=${t('units.district')} error=${errors.region} required>
          <${Select} id="tg-district" value=${form.district} empty="" options=${regionOptions(ref.districts)} onChange=${set('district')} />
        <//>
        <${Field} id="tg-town" label=${t('units.town')}>
          <${Select} id="tg-town" value=${form.town} empty="" disabled=${!form.district} options=${regionOptions(towns)} onChange=${set('town')} />
        <//>
        <${Field} id="tg-dept" label=${t('tg.dept')} error=${errors.dept} hint=${t('tg.dept.hint')}>
          <${Select} id="tg-dept" value=${form.dept} empty="" options=${deptOptions(ref.departments)} onChange=${set('dept')} />
        <//>
        ${text('address')}
        ${text('people_day', { mode: 'numeric' })}
        ${text('people_night', { mode: 'numeric' })}
        ${text('lon', { required: true, mode: 'decimal' })}
        ${text('lat', { required: true, mode: 'decimal' })}
        <div class="field wide">
          <p class="hint">${t('tg.pick')}</p>
          ${!loading ? html`<${PickMap} lon=${form.lon === '' ? NaN : Number(form.lon)} lat=${form.lat === '' ? NaN : Number(form.lat)} onPick=${pick} />` : ''}
        </div>
       </div>
        <div class="form-actions">
          <button type="submit" class="primary" disabled=${saving} data-testid="target-save">${t('tg.save')}</button>
          <a class="button" href=${isNew ? lastTargetsHref() : `#/targets/${id}`}>${t('tg.cancel')}</a>
        </div>
      </form>
    </section>`;
}
