// hazard-report — 举报 (#/report): the public's report of a hidden hazard, without log-in
// (POST /api/v1/public/reports). Description, address, position (from the device or typed) and an
// optional contact; a refusal shows under its field, the rate limit (429) as a plain message.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, described, errorText } from '../ui.js';

const FIELDS = ['description', 'address', 'lon', 'lat', 'contact'];
const empty = () => ({ description: '', address: '', lon: '', lat: '', contact: '' });

export function PublicReportPage({ langSwitch, loggedIn }) {
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [done, setDone] = useState(null);
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);

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
      const r = await api.publicReport(body);
      setDone(r);
      setForm(empty());
    } catch (err) {
      if (err.status === 429) setBanner(t('report.rateLimited'));
      else if (err.field && FIELDS.includes(err.field)) {
        setErrors({ [err.field]: err.field === 'lon' && err.code === 'invalid' ? t('report.outside') : errorText(err, 'hazard') });
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
        <form onSubmit=${submit} noValidate data-testid="report-form">
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
          <button type="button" onClick=${locate} disabled=${locating}>${locating ? t('hz.geo.busy') : t('hz.geo.use')}</button>
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
