// hazard-report — 举报 (#/report): the public's report of a hidden hazard, without log-in
// (POST /api/v1/public/reports). Description, address, position (a click on the map, the device's
// or typed), one optional photo (sent in base64 with the report; a large photo is scaled down
// first) and an optional contact; a refusal shows under its field, the rate limit (429) as a
// plain message.

import { html, useEffect, useRef, useState } from '../html.js';
import * as L from '/vendor/leaflet/dist/leaflet-src.esm.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, described, errorText } from '../ui.js';
import { addTiles } from './map.js';

const FIELDS = ['description', 'address', 'lon', 'lat', 'contact', 'photo'];
const empty = () => ({ description: '', address: '', lon: '', lat: '', contact: '' });
const PHOTO_MAX = 2 << 20; // the server's cap on a report's photo (CR_REPORT_PHOTO_MAX)
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const CENTRE = [31.3, 120.62]; // 苏州, until the city's own outline is known

// The map the reporter clicks to set the position; the marker follows typed coordinates too.
function PickMap({ lon, lat, onPick }) {
  const el = useRef(null);
  const state = useRef({});
  useEffect(() => {
    const map = L.map(el.current, { zoomSnap: 0.5, maxZoom: 18 }).setView(CENTRE, 10);
    addTiles(map);
    map.on('click', (e) => onPick(e.latlng.lng.toFixed(6), e.latlng.lat.toFixed(6)));
    state.current.map = map;
    return () => map.remove();
  }, []);
  useEffect(() => {
    const { map } = state.current;
    const x = Number(lon);
    const y = Number(lat);
    const ok = lon !== '' && lat !== '' && Number.isFinite(x) && Number.isFinite(y) && Math.abs(y) <= 90 && Math.abs(x) <= 180;
    if (state.current.marker) { state.current.marker.remove(); state.current.marker = null; }
    if (map && ok) {
      state.current.marker = L.circleMarker([y, x], { radius: 8, color: '#e60012', weight: 3, fillOpacity: 0.5, className: 'report-pick' }).addTo(map);
      if (!map.getBounds().contains([y, x])) map.panTo([y, x]);
    }
  }, [lon, lat]);
  return html`<div class="report-map" ref=${el} data-testid="report-map" role="application" aria-label=${t('report.map')}></div>`;
}

// A photo as the report's base64 text: as it is when small enough, else drawn smaller as JPEG.
async function photoBase64(file) {
  let blob = file;
  if (file.size > PHOTO_MAX) {
    const img = await createImageBitmap(file);
    const scale = Math.min(1, 2000 / Math.max(img.width, img.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.width * scale);
    canvas.height = Math.round(img.height * scale);
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    blob = await new Promise((ok) => canvas.toBlob(ok, 'image/jpeg', 0.85));
    if (!blob || blob.size > PHOTO_MAX) throw new Error('too large');
  }
  const url = await new Promise((ok, fail) => {
    const r = new FileReader();
    r.onload = () => ok(r.result);
    r.onerror = fail;
    r.readAsDataURL(blob);
  });
  return String(url).slice(String(url).indexOf(',') + 1);
}

export function PublicReportPage({ langSwitch, loggedIn }) {
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);
  const [photo, setPhoto] = useState(null); // a File
  const [formKey, setFormKey] = useState(0);

  const set = (k) => (e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [k]: v })); };

  function locate() {
    if (!navigator.geolocation) { setErrors({ lon: t('hz.geo.unavailable') }); return; }
    setLocating(true);
    navigator.geolocation.getCurrentPosition((p) => {
      setLocating(false);
      setForm((f) => ({ ...f, lon: p.coords.longitude.toFixed(6), lat: p.coords.latitude.toFixed(6) }));
    }, () => { setLocating(false); setErrors({ lon: t('hz.geo.failed') }); }, { enableHighAccuracy: true, timeout: 15000 });
  }

  async function submit(ev) {
    ev.preventDefault();
    const e = {};
    if (!form.description.trim()) e.description = t('hz.required');
    if (!form.address.trim()) e.address = t('hz.required');
    if (form.lon === '') e.lon = t('report.position.required');
    if (form.lat === '') e.lat = t('report.position.required');
    setErrors(e);
    setBanner('');
    if (Object.keys(e).length) return;
    const body = { description: form.description.trim(), address: form.address.trim(), lon: Number(form.lon), lat: Number(form.lat) };
    if (form.contact.trim()) body.contact = form.contact.trim();
    setBusy(true);
    try {
      if (photo) {
        try {
          body.photo = await photoBase64(photo);
          body.photo_name = photo.name;
        } catch (_) {
          setErrors({ photo: t('report.photo.tooLarge') });
          setBusy(false);
          return;
        }
      }
      const r = await api.publicReport(body);
      setDone(r);
      setForm(empty());
      setPhoto(null);
      setFormKey((k) => k + 1);
    } catch (err) {
      if (err.status === 429) setBanner(t('report.rateLimited'));
      else if (err.field && FIELDS.includes(err.field)) {
        setErrors({ [err.field]: err.field === 'lon' && err.code === 'invalid' ? t('report.outside')
          : err.field === 'photo' ? t(err.status === 413 ? 'report.photo.tooLarge' : 'report.photo.type') : errorText(err, 'hazard') });
      } else setBanner(errorText(err, 'hazard'));
    }
    setBusy(false);
  }

  return html`
    <main class="report-page">
      <header class="report-head">
        <span class="logo" aria-hidden="true"></span>
        <span class="product">${t('app.name')}</span>
        ${langSwitch}
      </header>
      <section class="panel report-card" aria-labelledby="report-title">
        <h1 id="report-title">${t('report.title')}</h1>
        <p class="hint">${t('report.intro')}</p>
        ${done ? html`
          <div class="banner info" role="status" data-testid="report-done">
            ${t('report.done', { id: done.id })}
            <div><button type="button" onClick=${() => setDone(null)}>${t('report.another')}</button></div>
          </div>` : html`
        <form onSubmit=${submit} noValidate data-testid="report-form" key=${formKey}>
          <${Banner} testid="report-error">${banner}<//>
          <${Field} id="rp-description" label=${t('report.description')} required error=${errors.description}>
            <textarea id="rp-description" name="description" rows="4" maxLength="1000" required value=${form.description}
              onInput=${set('description')} ...${described('rp-description', errors.description)}></textarea>
          <//>
          <${Field} id="rp-address" label=${t('report.address')} required error=${errors.address}>
            <input id="rp-address" name="address" maxLength="200" required value=${form.address} onInput=${set('address')}
              ...${described('rp-address', errors.address)} />
          <//>
          <div class="two">
            <${Field} id="rp-lon" label=${t('hz.lon')} required error=${errors.lon}>
              <input id="rp-lon" name="lon" type="number" step="0.000001" inputmode="decimal" value=${form.lon}
                onInput=${set('lon')} ...${described('rp-lon', errors.lon)} />
            <//>
            <${Field} id="rp-lat" label=${t('hz.lat')} required error=${errors.lat}>
              <input id="rp-lat" name="lat" type="number" step="0.000001" inputmode="decimal" value=${form.lat}
                onInput=${set('lat')} ...${described('rp-lat', errors.lat)} />
            <//>
          </div>
          <p class="hint">${t('report.map.hint')}</p>
          <${PickMap} lon=${form.lon} lat=${form.lat} onPick=${(lon, lat) => {
            setForm((f) => ({ ...f, lon, lat }));
            setErrors((e) => { const n = { ...e }; delete n.lon; delete n.lat; return n; });
          }} />
          <button type="button" onClick=${locate} disabled=${locating}>${locating ? t('hz.geo.busy') : t('hz.geo.use')}</button>
          <${Field} id="rp-photo" label=${t('report.photo')} error=${errors.photo} hint=${t('report.photo.hint')}>
            <input id="rp-photo" name="photo" type="file" accept=${PHOTO_TYPES.join(',')} capture="environment"
              onChange=${(e) => {
                const f = e.currentTarget.files && e.currentTarget.files[0];
                setErrors((x) => { const n = { ...x }; delete n.photo; return n; });
                if (f && !PHOTO_TYPES.includes(f.type)) { setErrors((x) => ({ ...x, photo: t('report.photo.type') })); setPhoto(null); return; }
                setPhoto(f || null);
              }} ...${described('rp-photo', errors.photo, t('report.photo.hint'))} />
          <//>
          <${Field} id="rp-contact" label=${t('report.contact')} error=${errors.contact} hint=${t('report.contact.hint')}>
            <input id="rp-contact" name="contact" maxLength="100" autocomplete="tel" value=${form.contact} onInput=${set('contact')}
              ...${described('rp-contact', errors.contact, t('report.contact.hint'))} />
          <//>
          <button type="submit" class="primary big" disabled=${busy} data-testid="report-submit">
            ${busy ? t('report.busy') : t('report.submit')}</button>
        </form>`}
        <p class="hint"><a href=${loggedIn ? '#/' : '#/'}>${loggedIn ? t('report.back') : t('report.login')}</a></p>
      </section>
    </main>`;
}
