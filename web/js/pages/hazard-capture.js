// hazard-capture — 隐患登记 in the field (#/hazards/new, #/hazards/new?unit_id=42): a phone-first
// form (unit, source, grade, description, place, position from the device, date, who found it,
// deadline, photos from the camera) that works without a network. Every capture goes into the
// device's queue first (js/hazard-queue.js) under its own UUID and is sent from there, now if the
// network is up, else when it comes back: a retry never files a hazard twice. Also the queue page
// (#/hazards/queue): what waits on this device, with the server's answer for refused captures.

import { html, useEffect, useRef, useState } from '../html.js';
import { t, getLang } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { Banner, Field, Progress, described, errorText, formatTime } from '../ui.js';
import { BlobImage, HazardTabs, gradeOptions, sourceOptions, todayCst } from './hazard-common.js';
import * as queue from '../hazard-queue.js';

const RECENT_KEY = 'cityrisk.recentUnits';
const UNIT_SOURCES = ['self_check', 'third_party'];
const REGULATOR_SOURCES = ['inspection', 'grid_patrol', 'third_party', 'self_check'];
const MAX_PHOTO = 10 * 1024 * 1024;

function recentUnits() {
  try { return JSON.parse(localStorage.getItem(RECENT_KEY) || '[]').filter((u) => u && u.id); } catch (_) { return []; }
}
function rememberUnit(u) {
  try {
    const list = [{ id: u.id, name: u.name }].concat(recentUnits().filter((x) => x.id !== u.id)).slice(0, 20);
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch (_) { /* not kept */ }
}

// Unit chooser: the units found by name (online) and the ones chosen lately (also offline).
function UnitPicker({ value, onChange, error, online }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState([]);
  const [busy, setBusy] = useState(false);
  const recent = recentUnits();
  useEffect(() => {
    const s = q.trim();
    if (!s || !online) { setFound([]); return undefined; }
    let alive = true;
    const timer = setTimeout(() => {
      setBusy(true);
      api.listUnits({ q: s, limit: 20 }).then((r) => { if (alive) { setFound(r.items || []); setBusy(false); } })
        .catch(() => { if (alive) { setFound([]); setBusy(false); } });
    }, 250);
    return () => { alive = false; clearTimeout(timer); };
  }, [q, online]);
  useEffect(() => {
    // The first match is chosen at once, so a search and "save" is enough on a phone.
    if (found.length && !found.some((u) => String(u.id) === String(value.id))) onChange(found[0]);
  }, [found]);
  const options = found.length ? found : recent;
  const byId = new Map(options.concat(value.id ? [value] : []).map((u) => [String(u.id), u]));
  return html`
    <div class="field">
      <label for="hc-unit-q">${t('hz.unit.search')}</label>
      <input id="hc-unit-q" type="search" value=${q} placeholder=${online ? t('hz.unit.search.placeholder') : t('hz.unit.search.offline')}
        onInput=${(e) => setQ(e.currentTarget.value)} disabled=${!online} />
      ${busy ? html`<${Progress} />` : ''}
    </div>
    <${Field} id="hc-unit" label=${t('hz.unit')} required error=${error}>
      <select id="hc-unit" name="unit_id" required value=${value.id ? String(value.id) : ''} ...${described('hc-unit', error)}
        onChange=${(e) => onChange(byId.get(e.currentTarget.value) || { id: '', name: '' })}>
        <option value="">${options.length ? t('hz.unit.choose') : t('hz.unit.none')}</option>
        ${[...byId.values()].map((u) => html`<option key=${u.id} value=${String(u.id)}>${u.name}</option>`)}
      </select>
    <//>`;
}

function PhotoPicker({ photos, setPhotos, error }) {
  const input = useRef(null);
  function add(e) {
    const files = [...e.currentTarget.files];
    e.currentTarget.value = '';
    setPhotos((old) => old.concat(files));
  }
  return html`
    <div class=${`field wide${error ? ' has-error' : ''}`}>
      <label for="hc-photos">${t('hz.photos.take')}</label>
      <input id="hc-photos" ref=${input} type="file" accept="image/*" capture="environment" multiple onChange=${add}
        data-testid="hc-photos" ...${described('hc-photos', error)} />
      ${error ? html`<p class="field-error" id="hc-photos-error" role="alert">${error}</p>` : ''}
      <ul class="thumbs capture-thumbs" data-testid="hc-photo-list">
        ${photos.map((p, i) => html`
          <li key=${`${p.name}-${i}`} class="thumb">
            <${BlobImage} blob=${p} alt=${p.name} />
            <button type="button" class="danger small" aria-label=${t('hz.photos.remove', { name: p.name })}
              onClick=${() => setPhotos((old) => old.filter((_, j) => j !== i))}>×</button>
          </li>`)}
      </ul>
    </div>`;
}

function emptyForm(user) {
  return {
    source: user.role === 'unit' ? 'self_check' : 'inspection',
    grade: 'general',
    description: '',
    location: '',
    lon: '',
    lat: '',
    found_at: todayCst(),
    found_by: user.login,
    deadline: '',
  };
}

export function HazardCapturePage({ user, route }) {
  const online = queue.useOnline();
  const isUnit = user.role === 'unit';
  const [unit, setUnit] = useState(() => (isUnit ? { id: user.unit_id, name: '' } : { id: '', name: '' }));
  const [form, setForm] = useState(() => emptyForm(user));
  const [photos, setPhotos] = useState([]);
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [locating, setLocating] = useState(false);

  // A unit given in the URL (from a unit's page), or the unit user's own unit: its name.
  useEffect(() => {
    const id = isUnit ? user.unit_id : route && route.query.get('unit_id');
    if (!id) return;
    const known = recentUnits().find((u) => String(u.id) === String(id));
    if (known) setUnit(known);
    else setUnit({ id, name: `#${id}` });
    api.getUnit(id).then((u) => { setUnit({ id: u.id, name: u.name }); rememberUnit(u); }).catch(() => {});
  }, []);

  const set = (k) => (e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [k]: v })); };

  function locate() {
    if (!navigator.geolocation) { setErrors((x) => ({ ...x, lon: t('hz.geo.unavailable') })); return; }
    setLocating(true);
    navigator.geolocation.getCurrentPosition((p) => {
      setLocating(false);
      setForm((f) => ({ ...f, lon: p.coords.longitude.toFixed(6), lat: p.coords.latitude.toFixed(6) }));
    }, () => {
      setLocating(false);
      setErrors((x) => ({ ...x, lon: t('hz.geo.failed') }));
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function check() {
    const e = {};
    if (!unit.id) e.unit_id = t('hz.required');
    if (!form.description.trim()) e.description = t('hz.required');
    if (!form.found_by.trim()) e.found_by = t('hz.required');
    if ((form.lon === '') !== (form.lat === '')) e.lon = t('hz.coords.both');
    for (const p of photos) if (p.size > MAX_PHOTO) e.photos = t('hz.photos.tooLarge', { name: p.name });
    return e;
  }

  async function submit(ev) {
    ev.preventDefault();
    const e = check();
    setErrors(e);
    setBanner('');
    setNotice('');
    if (Object.keys(e).length) return;
    const body = {
      unit_id: Number(unit.id),
      source: form.source,
      grade: form.grade,
      description: form.description.trim(),
      found_at: form.found_at || undefined,
      found_by: form.found_by.trim(),
    };
    if (form.location.trim()) body.location = form.location.trim();
    if (form.lon !== '' && form.lat !== '') { body.lon = Number(form.lon); body.lat = Number(form.lat); }
    if (form.deadline) body.deadline = form.deadline;
    if (!body.found_at) delete body.found_at;
    if (unit.name) rememberUnit(unit);
    setBusy(true);
    let item;
    try {
      item = await queue.enqueue(user.login, body, photos);
    } catch (err) {
      setBusy(false);
      setBanner(t('hz.queue.storeFailed'));
      return;
    }
    const reset = () => { setForm(emptyForm(user)); setPhotos([]); if (!isUnit) setUnit(unit); };
    if (!navigator.onLine) {
      setBusy(false);
      reset();
      setNotice(t('hz.capture.queued'));
      return;
    }
    await queue.sync(user.login);
    const left = await queue.getItem(item.client_id).catch(() => null);
    setBusy(false);
    if (!left) {
      // Sent with its photos: open it.
      const id = queue.sentHazardId(item.client_id);
      navigate(id ? `#/hazards/${id}` : '#/hazards');
      return;
    }
    if (left.error && !left.hazard_id) {
      // Refused by the server: back to the form with the error under its field; not queued.
      await queue.discard(left.client_id);
      const f = left.error.field && left.error.field.split('.')[0];
      const known = ['unit_id', 'description', 'source', 'grade', 'location', 'lon', 'lat', 'found_at', 'found_by', 'deadline'];
      if (f && known.includes(f)) setErrors({ [f === 'lat' ? 'lon' : f]: errorText(left.error, 'hazard') });
      else setBanner(errorText(left.error, 'hazard'));
      return;
    }
    if (left.hazard_id && left.error) {
      // The hazard is filed but a photo was refused: open it and say so.
      await queue.discard(left.client_id);
      navigate(`#/hazards/${left.hazard_id}`);
      return;
    }
    reset();
    setNotice(t('hz.capture.queued'));
  }

  const sources = isUnit ? UNIT_SOURCES : REGULATOR_SOURCES;
  return html`
    <section class="page capture-page" aria-labelledby="hc-title">
      <header class="page-head">
        <h1 id="hc-title">${t('hz.capture.title')}</h1>
        <span class=${`net ${online ? 'on' : 'off'}`} data-testid="net-state">${online ? t('hz.online') : t('hz.offline')}</span>
      </header>
      <${HazardTabs} current="new" />
      ${!online ? html`<${Banner} kind="info">${t('hz.capture.offlineHint')}<//>` : ''}
      <${Banner} kind="info" testid="hc-notice">${notice}<//>
      <form class="unit-form capture-form" onSubmit=${submit} noValidate data-testid="capture-form" aria-labelledby="hc-title">
        <${Banner}>${banner}<//>
        <div class="grid">
          ${isUnit ? html`
            <div class="field"><label for="hc-unit-own">${t('hz.unit')}</label>
              <input id="hc-unit-own" readOnly value=${unit.name || t('hz.unit.own')} /></div>`
            : html`<${UnitPicker} value=${unit} onChange=${setUnit} error=${errors.unit_id} online=${online} />`}
          <${Field} id="hc-source" label=${t('hz.source')} required error=${errors.source}>
            <select id="hc-source" name="source" value=${form.source} onChange=${set('source')} ...${described('hc-source', errors.source)}>
              ${sourceOptions(sources).map((o) => html`<option value=${o.value}>${o.label}</option>`)}
            </select>
          <//>
          <fieldset class="field hz-grade-choice">
            <legend>${t('hz.grade')}<span class="req" aria-hidden="true"> *</span></legend>
            <div class="radios">
              ${gradeOptions().map((o) => html`
                <label class="inline" key=${o.value}><input type="radio" name="grade" value=${o.value}
                  checked=${form.grade === o.value} onChange=${set('grade')} /> ${o.label}</label>`)}
            </div>
          </fieldset>
          <${Field} id="hc-description" label=${t('hz.description')} required error=${errors.description} wide>
            <textarea id="hc-description" name="description" rows="4" maxLength="1000" required value=${form.description}
              onInput=${set('description')} ...${described('hc-description', errors.description)}></textarea>
          <//>
          <${Field} id="hc-location" label=${t('hz.location')} error=${errors.location} wide>
            <input id="hc-location" name="location" maxLength="200" value=${form.location} onInput=${set('location')}
              placeholder=${t('hz.location.placeholder')} ...${described('hc-location', errors.location)} />
          <//>
          <${Field} id="hc-lon" label=${t('hz.lon')} error=${errors.lon}>
            <input id="hc-lon" name="lon" type="number" step="0.000001" inputmode="decimal" value=${form.lon} onInput=${set('lon')}
              ...${described('hc-lon', errors.lon)} />
          <//>
          <${Field} id="hc-lat" label=${t('hz.lat')} error=${errors.lat}>
            <input id="hc-lat" name="lat" type="number" step="0.000001" inputmode="decimal" value=${form.lat} onInput=${set('lat')}
              ...${described('hc-lat', errors.lat)} />
          <//>
          <div class="field wide">
            <button type="button" onClick=${locate} disabled=${locating} data-testid="hc-locate">
              ${locating ? t('hz.geo.busy') : t('hz.geo.use')}</button>
          </div>
          <${Field} id="hc-found-at" label=${t('hz.found_at')} error=${errors.found_at}>
            <input id="hc-found-at" name="found_at" type="date" max=${todayCst()} value=${form.found_at} onInput=${set('found_at')}
              ...${described('hc-found-at', errors.found_at)} />
          <//>
          <${Field} id="hc-found-by" label=${t('hz.found_by')} required error=${errors.found_by}>
            <input id="hc-found-by" name="found_by" maxLength="50" value=${form.found_by} onInput=${set('found_by')}
              ...${described('hc-found-by', errors.found_by)} />
          <//>
          <${Field} id="hc-deadline" label=${t('hz.deadline')} error=${errors.deadline} hint=${t('hz.deadline.hint')}>
            <input id="hc-deadline" name="deadline" type="date" min=${todayCst()} value=${form.deadline} onInput=${set('deadline')}
              ...${described('hc-deadline', errors.deadline, t('hz.deadline.hint'))} />
          <//>
          <${PhotoPicker} photos=${photos} setPhotos=${setPhotos} error=${errors.photos} />
        </div>
        <div class="form-actions sticky">
          <button type="submit" class="primary big" disabled=${busy} data-testid="hc-submit">
            ${busy ? t('hz.capture.busy') : online ? t('hz.capture.submit') : t('hz.capture.save')}</button>
          <span class="meta">${t('hz.capture.note')}</span>
        </div>
      </form>
    </section>`;
}

// What waits on this device: each capture with its photos, the server's answer if it refused one.
export function HazardQueuePage({ user }) {
  const online = queue.useOnline();
  const { count, syncing } = queue.useQueue();
  const [items, setItems] = useState(null);
  const lang = getLang();
  useEffect(() => {
    let alive = true;
    queue.listQueue(user.login).then((x) => alive && setItems(x)).catch(() => alive && setItems([]));
    return () => { alive = false; };
  }, [count, syncing]);
  return html`
    <section class="page queue-page" aria-labelledby="hq-title">
      <header class="page-head">
        <h1 id="hq-title">${t('hz.queue.title')}</h1>
        <div class="head-actions">
          <span class=${`net ${online ? 'on' : 'off'}`}>${online ? t('hz.online') : t('hz.offline')}</span>
          <button type="button" class="primary" disabled=${!online || syncing || !count} onClick=${() => queue.sync(user.login)}
            data-testid="hq-sync">${syncing ? t('hz.queue.syncing') : t('hz.queue.syncNow')}</button>
        </div>
      </header>
      <${HazardTabs} current="queue" />
      ${items === null ? html`<${Progress} />` : ''}
      ${items && items.length === 0 ? html`<p class="panel hint" data-testid="hq-empty">${t('hz.queue.empty')}</p>` : ''}
      <ul class="queue-list">
        ${(items || []).map((i) => html`
          <li key=${i.client_id} class="panel" data-testid="hq-item" data-client-id=${i.client_id}>
            <strong class="lines">${i.body.description}</strong>
            <span class="hint">${formatTime(i.created, lang)} · ${t('hz.queue.photos', { n: i.photos.length })}
              ${i.hazard_id ? html` · <a href=${`#/hazards/${i.hazard_id}`}>${t('hz.page.title', { id: i.hazard_id })}</a>` : ''}</span>
            ${i.error ? html`<p class="field-error" role="alert">${errorText(i.error, 'hazard')}</p>` : ''}
            <div class="head-actions">
              ${i.error ? html`<button type="button" onClick=${() => queue.retry(i.client_id)} disabled=${!online}>${t('hz.queue.retry')}</button>` : ''}
              <button type="button" class="danger" onClick=${() => { if (confirm(t('hz.queue.discard.confirm'))) queue.discard(i.client_id); }}>
                ${t('hz.queue.discard')}</button>
            </div>
          </li>`)}
      </ul>
    </section>`;
}

// The top bar's mark: how many captures wait on this device (and whether the device is offline).
export function QueueIndicator() {
  const online = queue.useOnline();
  const { count, syncing } = queue.useQueue();
  if (!count && online) return html`<span class="queue-mark empty" data-testid="queue-count" data-count="0" hidden></span>`;
  return html`
    <a class=${`queue-mark${online ? '' : ' offline'}`} href="#/hazards/queue" data-testid="queue-count" data-count=${count}
      title=${t('hz.queue.title')} aria-live="polite">
      ${online ? '' : html`<span class="off">${t('hz.offline')}</span>`}
      ${count ? t(syncing ? 'hz.queue.badgeSyncing' : 'hz.queue.badge', { n: count }) : ''}
    </a>`;
}
