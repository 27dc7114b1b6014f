// main — the shell: session check on load, log-in page or top bar + navigation + current page.
// Pages are listed once in ROUTES; the navigation is built from the entries that have a `nav` key.

import { html, render, useEffect, useState } from './html.js';
import { t, getLang, setLang, onLangChange } from './i18n.js';
import * as api from './api.js';
import { useRoute, match, navigate } from './router.js';
import { Progress, Banner, errorText } from './ui.js';
import { LoginPage } from './pages/login.js';
import { MapPage } from './pages/map.js';
import { UnitsPage } from './pages/units.js';
import { UnitFormPage } from './pages/unit-form.js';

// The overview, risks and hazards pages of later issues join this table (nav: 'nav.overview' …).
const ROUTES = [
  { pattern: /^\/map$/, nav: 'nav.map', to: '#/map', page: () => html`<${MapPage} />` },
  { pattern: /^\/units$/, nav: 'nav.units', to: '#/units', page: (route) => html`<${UnitsPage} route=${route} />` },
  { pattern: /^\/units\/(new|\d+)$/, section: 'nav.units', page: (route, [id]) => html`<${UnitFormPage} id=${id} key=${id} />` },
];
const HOME = '#/map';

function LangSwitch() {
  return html`
    <button type="button" class="lang" data-testid="lang-switch" aria-label=${t('lang.switch.label')}
      lang=${getLang() === 'zh' ? 'en' : 'zh-CN'}
      onClick=${() => setLang(getLang() === 'zh' ? 'en' : 'zh')}>${t('lang.switch')}</button>`;
}

function useRegionName(code) {
  const [name, setName] = useState('');
  useEffect(() => {
    setName('');
    if (code) api.region(code).then((r) => setName(r.name || '')).catch(() => {});
  }, [code]);
  return name;
}

function Shell({ user, onLogout }) {
  const route = useRoute();
  const found = match(ROUTES, route.path);
  const regionName = useRegionName(user.region);

  useEffect(() => { if (route.path === '/') navigate(HOME, { replace: true }); }, [route.path]);

  const current = found ? (found.route.nav || found.route.section) : null;
  const nav = ROUTES.filter((r) => r.nav);
  return html`
    <div class="shell">
      <header class="topbar">
        <a class="brand" href=${HOME}><span class="logo" aria-hidden="true"></span>${t('app.name')}</a>
        <div class="user" data-testid="user">
          <span class="login">${user.login}</span>
          <span class="role" data-testid="user-role">${t(`role.${user.role}`)}${regionName ? ` · ${regionName}` : ''}</span>
        </div>
        <${LangSwitch} />
        <button type="button" class="logout" onClick=${onLogout}>${t('logout')}</button>
      </header>
      <nav class="mainnav" aria-label=${t('nav.label')}>
        <ul>
          ${nav.map((r) => html`
            <li key=${r.nav}><a href=${r.to} aria-current=${current === r.nav ? 'page' : undefined}
              data-testid=${`nav-${r.nav.slice(4)}`}>${t(r.nav)}</a></li>`)}
        </ul>
      </nav>
      <main class="content" id="content">
        ${found ? found.route.page(route, found.params)
          : route.path === '/' ? '' : html`<section class="page"><${Banner}>${t('error.notFound')}<//></section>`}
      </main>
    </div>`;
}

function App() {
  const [session, setSession] = useState(undefined);
  const [error, setError] = useState(null);
  const [, setLangTick] = useState(getLang());

  useEffect(() => onLangChange(setLangTick), []);
  useEffect(() => {
    api.onUnauthorized(() => setSession(null));
    api.currentSession().then(setSession).catch((e) => { setError(e); setSession(null); });
  }, []);

  async function logout() {
    try { await api.logout(); } catch (_) { /* the session is dropped on our side anyway */ }
    setSession(null);
  }

  if (session === undefined) return html`<div class="boot"><${Progress} /></div>`;
  if (!session) {
    return html`
      ${error ? html`<${Banner}>${errorText(error)}<//>` : ''}
      <${LoginPage} langSwitch=${html`<${LangSwitch} />`} onLogin=${(s) => { setError(null); setSession(s); }} />`;
  }
  return html`<${Shell} user=${session.user} onLogout=${logout} />`;
}

document.title = t('app.name');
render(html`<${App} />`, document.getElementById('app'));
