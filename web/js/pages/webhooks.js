// webhooks — 推送地址 (#/webhooks?id=ID): the outgoing webhooks the user manages, a form to add one
// (name, http:// URL, signing secret, retry interval), switching one off, and the deliveries of
// the chosen webhook with their state, attempts and last answer. It must not show a secret: the
// server never sends it back.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { navigate } from '../router.js';
import { Banner, Field, described, errorText, formatTime } from '../ui.js';

const FIELDS = ['name', 'url', 'secret', 'retry_s'];
const LABEL = { name: 'wh.name', url: 'wh.url', secret: 'wh.secret', retry_s: 'wh.retry' };

function Deliveries({ hook }) {
  const [page, setPage] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let alive = true;
    const load = () => api.get(`/webhooks/${hook.id}/deliveries`, { limit: 50 })
      .then((r) => { if (alive) setPage(r); }).catch((e) => { if (alive) setError(errorText(e, 'webhook')); });
    load();
    const timer = setInterval(load, 5000);
    return () => { alive = false; clearInterval(timer); };
  }, [hook.id]);
  if (error) return html`<${Banner}>${error}<//>`;
  if (!page) return '';
  return html`
    <h2>${t('wh.deliveries', { name: hook.name })}</h2>
    <p class="muted">${t('wh.total', { n: page.total })}</p>
    <table class="data" data-testid="wh-deliveries">
      <thead><tr><th>${t('wh.col.alert')}</th><th>${t('wh.col.state')}</th><th>${t('wh.col.attempts')}</th>
        <th>${t('wh.col.last')}</th><th>${t('wh.col.at')}</th></tr></thead>
      <tbody>${page.items.map((d) => html`
        <tr key=${d.id} data-testid="wh-delivery" data-state=${d.state}>
          <td>${d.alert_title || d.alert_id}</td>
          <td>${t(`wh.state.${d.state}`)}</td>
          <td>${d.attempts}</td>
          <td>${d.last_status ? `HTTP ${d.last_status}` : d.last_error}</td>
          <td>${formatTime(d.delivered_at || d.next_at)}</td>
        </tr>`)}</tbody>
    </table>`;
}

export function WebhooksPage({ route }) {
  const chosen = route.query.get('id');
  const [hooks, setHooks] = useState([]);
  const [form, setForm] = useState({ name: '', url: 'http://', secret: '', retry_s: '30' });
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const load = () => api.get('/webhooks').then((r) => setHooks(r.items)).catch((e) => setBanner(errorText(e, 'webhook')));
  useEffect(() => { load(); }, []);
  const set = (k) => (e) => { const v = e.currentTarget.value; setForm((f) => ({ ...f, [k]: v })); };

  async function add(e) {
    e.preventDefault();
    setErrors({}); setBanner('');
    try {
      const h = await api.post('/webhooks', { ...form, retry_s: Number(form.retry_s) || 30 });
      setForm({ name: '', url: 'http://', secret: '', retry_s: '30' });
      await load();
      navigate(`#/webhooks?id=${h.id}`);
    } catch (err) {
      if (err.field && FIELDS.includes(err.field)) setErrors({ [err.field]: errorText(err, 'webhook') });
      else setBanner(errorText(err, 'webhook'));
    }
  }
  async function toggle(h) {
    try { await api.patch(`/webhooks/${h.id}`, { active: !h.active, version: h.version }); load(); } catch (err) { setBanner(errorText(err, 'webhook')); }
  }
  const hook = hooks.find((h) => String(h.id) === chosen);
  return html`
    <section class="page webhooks-page" aria-labelledby="wh-heading">
      <header class="page-head"><h1 id="wh-heading">${t('wh.title')}</h1></header>
      <p class="muted">${t('wh.intro')}</p>
      ${banner ? html`<${Banner}>${banner}<//>` : ''}
      <table class="data" data-testid="wh-list">
        <thead><tr><th>${t('wh.name')}</th><th>${t('wh.url')}</th><th>${t('wh.scope')}</th>
          <th>${t('wh.col.pending')}</th><th>${t('wh.col.failed')}</th><th></th></tr></thead>
        <tbody>${hooks.map((h) => html`
          <tr key=${h.id}>
            <td><a href=${`#/webhooks?id=${h.id}`}>${h.name}</a></td><td>${h.url}</td>
            <td>${h.region}${h.dept ? ` · ${h.dept}` : ''}</td><td>${h.pending}</td><td>${h.failed}</td>
            <td><button type="button" onClick=${() => toggle(h)}>${h.active ? t('wh.off') : t('wh.on')}</button></td>
          </tr>`)}</tbody>
      </table>
      ${hook ? html`<${Deliveries} hook=${hook} key=${hook.id} />` : ''}
      <h2>${t('wh.add')}</h2>
      <form class="unit-form" onSubmit=${add} noValidate data-testid="wh-form">
        <div class="grid">
          ${FIELDS.map((k) => html`
            <${Field} id=${`wh-${k}`} label=${t(LABEL[k])} error=${errors[k]} required=${k !== 'retry_s'}>
              <input id=${`wh-${k}`} name=${k} value=${form[k]} type=${k === 'secret' ? 'password' : 'text'}
                autocomplete="off" onInput=${set(k)} ...${described(`wh-${k}`, errors[k])} />
            <//>`)}
        </div>
        <div class="form-actions"><button type="submit" class="primary">${t('wh.save')}</button></div>
      </form>
    </section>`;
}
