// public-risk — the page a warning sign's QR code opens (/risk-public.html?id=ID): the risk point's
// public summary from GET /api/v1/public/risks/ID, without log-in. It shows what the server
// gives, which holds no personal data (docs/SECURITY.md).

import { html, render, useEffect, useState } from './html.js';
import { t, getLang, setLang, onLangChange } from './i18n.js';
import { GradeBadge } from './ui.js';

const KINDS = ['engineering', 'technical', 'management', 'training', 'personal'];

function PublicRisk({ id }) {
  const [risk, setRisk] = useState(null);
  const [missing, setMissing] = useState(false);
  const [, setLangState] = useState(getLang());
  useEffect(() => onLangChange(setLangState), []);
  useEffect(() => {
    fetch(`/api/v1/public/risks/${encodeURIComponent(id)}`, { credentials: 'omit' })
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then(setRisk, () => setMissing(true));
  }, [id]);
  const other = getLang() === 'zh' ? 'en' : 'zh';
  return html`
    <main class="page public-risk" aria-labelledby="pr-title">
      <p class="no-print"><button type="button" onClick=${() => setLang(other)}>${other === 'en' ? 'English' : '中文'}</button></p>
      <h1 id="pr-title">${t('public.title')}</h1>
      ${missing ? html`<p class="banner error" role="alert" data-testid="public-missing">${t('public.notFound')}</p>` : ''}
      ${risk ? html`<section data-testid="public-risk" data-grade=${risk.grade}>
        <h2>${risk.name} <${GradeBadge} grade=${risk.grade} long=${true} /></h2>
        <dl class="facts">
          <dt>${t('public.unit')}</dt><dd>${risk.unit_name}</dd>
          <dt>${t('public.place')}</dt><dd>${risk.place}</dd>
          <dt>${t('public.region')}</dt><dd>${risk.region_name}</dd>
          <dt>${t('public.grade')}</dt><dd>${risk.grade_name}</dd>
          <dt>${t('public.level')}</dt><dd>${risk.control_level || ''}</dd>
          <dt>${t('public.accidents')}</dt><dd>${risk.accident_types.join('、')}</dd>
          <dt>${t('public.measures')}</dt><dd>${KINDS.flatMap((k) => risk.measures[k] || []).join('；')}</dd>
          <dt>${t('public.emergency')}</dt><dd data-testid="public-emergency">${risk.emergency.join('；')}</dd>
        </dl>
        <p class="hint">${t('public.note')}</p>
      </section>` : ''}
    </main>`;
}

const id = new URLSearchParams(location.search).get('id') || '';
render(html`<${PublicRisk} id=${id} />`, document.getElementById('app'));
