// main — the shell: session check on load, log-in page or top bar + navigation + current page.
// Pages are listed once in ROUTES; the navigation is built from the entries that have a `nav` key.

import { html, render, useEffect, useState } from './html.js';
import { t, getLang, setLang, onLangChange } from './i18n.js';
import * as api from './api.js';
import { useRegion } from './refdata.js';
import { useRoute, match, navigate, parseHash } from './router.js';
import { Progress, Banner, errorText } from './ui.js';
import { LoginPage } from './pages/login.js';
import { MapPage } from './pages/map.js';
import { UnitsPage } from './pages/units.js';
import { UnitFormPage } from './pages/unit-form.js';
import { UnitPage } from './pages/unit-page.js';
import { OverviewPage } from './pages/overview.js';
import { RisksPage } from './pages/risks.js';
import { RiskFormPage } from './pages/risk-form.js';
import { CataloguePage } from './pages/catalogue.js';
import { ChangesPage } from './pages/changes.js';
import { HazardListPage } from './pages/hazard-list.js';
import { HazardPage } from './pages/hazard-page.js';
import { HazardCapturePage, HazardQueuePage, QueueIndicator } from './pages/hazard-capture.js';
import { HazardBoardPage } from './pages/hazard-board.js';
import { HazardStatsPage } from './pages/hazard-stats.js';
import { PublicReportPage } from './pages/hazard-report.js';
import { AccountsPage, ACCOUNT_ADMINS } from './pages/accounts.js';
import { QraPage } from './pages/qra.js';
import { TargetsPage } from './pages/targets.js';
import { TargetFormPage } from './pages/target-form.js';
import { TargetPage } from './pages/target-page.js';
import { InstallationPage } from './pages/installation-page.js';
import { ListsPage } from './pages/lists.js';
import { ResourcesPage } from './pages/resources.js';
import { ResourceFormPage } from './pages/resource-form.js';
import { PlanGapsPage } from './pages/plans.js';
import { CapabilityPage } from './pages/capability.js';
import { SnapshotsPage } from './pages/snapshots.js';
import { ReviewQueuePage } from './pages/review-queue.js';
import { ProgressPage } from './pages/progress-board.js';
import { ReportsPage, REPORT_ROLES } from './pages/reports.js';
import { AlertBadge, AlertsPage, ALERT_ROLES, closeAlertStream } from './pages/alerts.js';
import { DynamicReportPage } from './pages/dynamic-report.js';
import { WebhooksPage } from './pages/webhooks.js';
import { CapPage } from './pages/cap.js';
import { SignalsPage } from './pages/signals.js';
import { SystemPage } from './pages/system.js';
import { rememberUser, offlineSession, startSync } from './hazard-queue.js';
import { registerServiceWorker } from './pwa.js';

// Every page, once. `pattern` is a RegExp over the hash path (its groups become `params`); an entry
// with `nav` (an i18n key) and `to` appears in the navigation, in this order; a sub-page names the
// navigation entry it belongs under with `section`. The hazards page of a later issue joins here
// (nav: 'nav.hazards').
const REGULATORS = ['city', 'city_dept', 'district', 'district_dept', 'street', 'expert'];
const ROUTES = [
  { pattern: /^\/overview$/, nav: 'nav.overview', to: '#/overview', page: () => html`<${OverviewPage} />` },
  { pattern: /^\/map$/, nav: 'nav.map', to: '#/map', page: (route) => html`<${MapPage} route=${route} key=${route.href} />` },
  { pattern: /^\/units$/, nav: 'nav.units', to: '#/units', page: (route) => html`<${UnitsPage} route=${route} />` },
  { pattern: /^\/units\/new$/, section: 'nav.units', page: () => html`<${UnitFormPage} id="new" key="new" />` },
  { pattern: /^\/units\/(\d+)$/, section: 'nav.units', page: (route, [id]) => html`<${UnitPage} id=${id} key=${`view-${id}`} />` },
  { pattern: /^\/units\/(\d+)\/edit$/, section: 'nav.units', page: (route, [id]) => html`<${UnitFormPage} id=${id} key=${`edit-${id}`} />` },
  { pattern: /^\/units\/(\d+)\/risks\/new$/, section: 'nav.units', page: (route, [uid]) => html`<${RiskFormPage} unitId=${uid} key=${`new-${uid}`} />` },
  { pattern: /^\/units\/(\d+)\/catalogue$/, section: 'nav.units', page: (route, [uid]) => html`<${CataloguePage} unitId=${uid} key=${`cat-${uid}`} />` },
  { pattern: /^\/installations\/(\d+)$/, section: 'nav.units', page: (route, [id]) => html`<${InstallationPage} id=${id} key=${`ip-${id}`} />` },
  { pattern: /^\/risks$/, nav: 'nav.risks', to: '#/risks', page: (route) => html`<${RisksPage} route=${route} />` },
  { pattern: /^\/risks\/(\d+)$/, section: 'nav.risks', page: (route, [id]) => html`<${RiskFormPage} id=${id} key=${id} />` },
  { pattern: /^\/changes$/, section: 'nav.risks', page: (route) => html`<${ChangesPage} route=${route} />` },
  { pattern: /^\/hazards$/, nav: 'nav.hazards', to: '#/hazards', page: (route) => html`<${HazardListPage} route=${route} />` },
  { pattern: /^\/hazards\/new$/, section: 'nav.hazards', page: (route, p, user) => html`<${HazardCapturePage} route=${route} user=${user} key=${route.href} />` },
  { pattern: /^\/hazards\/queue$/, section: 'nav.hazards', page: (route, p, user) => html`<${HazardQueuePage} user=${user} />` },
  { pattern: /^\/hazards\/board$/, section: 'nav.hazards', page: (route) => html`<${HazardBoardPage} route=${route} />` },
  { pattern: /^\/hazards\/stats$/, section: 'nav.hazards', page: (route) => html`<${HazardStatsPage} route=${route} />` },
  { pattern: /^\/hazards\/(\d+)$/, section: 'nav.hazards', page: (route, [id], user) => html`<${HazardPage} id=${id} key=${id} user=${user} />` },
  { pattern: /^\/catalogue$/, nav: 'nav.catalogue', to: '#/catalogue', page: (route) => html`<${CataloguePage} route=${route} />` },
  // 定量风险评估: computes from what is typed and stores nothing, so every role sees it.
  { pattern: /^\/qra$/, nav: 'nav.qra', to: '#/qra', page: () => html`<${QraPage} />` },
  // 脆弱性目标 and the four lists (issue 10): every regulator's; a unit account has neither (403).
  { pattern: /^\/targets$/, nav: 'nav.targets', to: '#/targets', roles: REGULATORS, page: (route) => html`<${TargetsPage} route=${route} />` },
  { pattern: /^\/targets\/new$/, section: 'nav.targets', page: () => html`<${TargetFormPage} id="new" key="new" />` },
  { pattern: /^\/targets\/(\d+)$/, section: 'nav.targets', page: (route, [id]) => html`<${TargetPage} id=${id} key=${`tp-${id}`} />` },
  { pattern: /^\/targets\/(\d+)\/edit$/, section: 'nav.targets', page: (route, [id]) => html`<${TargetFormPage} id=${id} key=${`tf-${id}`} />` },
  { pattern: /^\/lists$/, nav: 'nav.lists', to: '#/lists', roles: REGULATORS, page: (route) => html`<${ListsPage} route=${route} key=${route.query.get('list') || ''} />` },
  // 应急资源, 应急预案 gaps and a major hazard source's page, 应急能力评估, snapshots (issue 13).
  { pattern: /^\/resources$/, nav: 'nav.resources', to: '#/resources', page: (route) => html`<${ResourcesPage} route=${route} />` },
  { pattern: /^\/resources\/new$/, section: 'nav.resources', page: () => html`<${ResourceFormPage} id="new" key="new" />` },
  { pattern: /^\/resources\/(\d+)\/edit$/, section: 'nav.resources', page: (route, [id]) => html`<${ResourceFormPage} id=${id} key=${`rf-${id}`} />` },
  { pattern: /^\/plans$/, nav: 'nav.plans', to: '#/plans', page: () => html`<${PlanGapsPage} />` },
  { pattern: /^\/capability$/, nav: 'nav.capability', to: '#/capability', page: (route) => html`<${CapabilityPage} route=${route} />` },
  { pattern: /^\/snapshots$/, nav: 'nav.snapshots', to: '#/snapshots', roles: REGULATORS, page: () => html`<${SnapshotsPage} />` },
  // 审核 (review queue, every role that acts in the chain) and 挂图作战 (progress, regulators).
  { pattern: /^\/reviews$/, nav: 'nav.reviews', to: '#/reviews', roles: ['city', 'city_dept', 'district', 'district_dept', 'street', 'unit'], page: (route) => html`<${ReviewQueuePage} route=${route} key=${route.href} />` },
  { pattern: /^\/progress$/, nav: 'nav.progress', to: '#/progress', roles: REGULATORS, page: (route) => html`<${ProgressPage} route=${route} key=${route.href} />` },
  // 风险评估报告 (issue 13): every role but a unit account's.
  { pattern: /^\/reports$/, nav: 'nav.reports', to: '#/reports', roles: REPORT_ROLES, page: (route, p, user) => html`<${ReportsPage} user=${user} />` },
  // 预警 and 动态上报 (issue 11): alerts reach the regulators; every writer may file a report.
  { pattern: /^\/alerts$/, nav: 'nav.alerts', to: '#/alerts', roles: ALERT_ROLES, page: (route, p, user) => html`<${AlertsPage} user=${user} />` },
  { pattern: /^\/dynamic-reports$/, nav: 'nav.dynamic', to: '#/dynamic-reports', roles: [...ALERT_ROLES, 'unit'], page: (route, p, user) => html`<${DynamicReportPage} user=${user} route=${route} />` },
  { pattern: /^\/signals$/, section: 'nav.alerts', page: (route, p, user) => html`<${SignalsPage} user=${user} />` },
  { pattern: /^\/cap$/, section: 'nav.alerts', page: (route, p, user) => html`<${CapPage} user=${user} />` },
  { pattern: /^\/webhooks$/, section: 'nav.alerts', page: (route) => html`<${WebhooksPage} route=${route} />` },
  // 账号管理: only the roles that administer accounts see the entry (`roles`); the server answers 403 to others.
  { pattern: /^\/accounts$/, nav: 'nav.accounts', to: '#/accounts', roles: ACCOUNT_ADMINS, page: (route, p, user) => html`<${AccountsPage} route=${route} user=${user} />` },
  // 系统运行: the city office's view of how the system runs; the server answers 403 to others.
  { pattern: /^\/system$/, nav: 'nav.system', to: '#/system', roles: ['city'], page: () => html`<${SystemPage} />` },
];

// The page after log-in: the dashboard for the city, departments and districts; a unit's own
// page for a unit; the map for everyone else.
const OVERVIEW_ROLES = new Set(['city', 'city_dept', 'district', 'district_dept']);
function homeOf(user) {
  if (OVERVIEW_ROLES.has(user.role)) return '#/overview';
  if (user.role === 'unit' && user.unit_id) return `#/units/${user.unit_id}`;
  return '#/map';
}

function LangSwitch() {
  return html`
    <button type="button" class="lang" data-testid="lang-switch" aria-label=${t('lang.switch.label')}
      lang=${getLang() === 'zh' ? 'en' : 'zh-CN'}
      onClick=${() => setLang(getLang() === 'zh' ? 'en' : 'zh')}>${t('lang.switch')}</button>`;
}

function useRegionName(code) {
  const r = useRegion(code);
  return r ? r.name || '' : '';
}

function Shell({ user, onLogout }) {
  const route = useRoute();
  const found = match(ROUTES, route.path);
  const regionName = useRegionName(user.region);

  const home = homeOf(user);
  // Only while the address is still bare: a page opened meanwhile (a link, a test's goto) wins.
  useEffect(() => { if (route.path === '/' && parseHash().path === '/') navigate(home, { replace: true }); }, [route.path]);

  const current = found ? (found.route.nav || found.route.section) : null;
  const nav = ROUTES.filter((r) => r.nav && (!r.roles || r.roles.includes(user.role)));
  return html`
    <div class="shell">
      <header class="topbar">
        <a class="brand" href=${home}><span class="logo" aria-hidden="true"></span>${t('app.name')}</a>
        <div class="user" data-testid="user">
          <span class="login">${user.login}</span>
          <span class="role" data-testid="user-role">${t(`role.${user.role}`)}${regionName ? ` · ${regionName}` : ''}</span>
        </div>
        <${AlertBadge} user=${user} />
        <${QueueIndicator} />
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
        ${found ? found.route.page(route, found.params, user)
          : route.path === '/' ? '' : html`<section class="page"><${Banner}>${t('error.notFound')}<//></section>`}
      </main>
    </div>`;
}

function App() {
  const [session, setSession] = useState(undefined);
  const [error, setError] = useState(null);
  const [, setLangTick] = useState(getLang());
  const route = useRoute();

  useEffect(() => onLangChange(setLangTick), []);
  useEffect(() => {
    api.onUnauthorized(() => setSession(null));
    api.currentSession().then(setSession).catch((e) => {
      // No network: the last user of this device, so the capture page works offline.
      const off = e.status === 0 ? offlineSession() : null;
      if (off) { setSession(off); return; }
      setError(e); setSession(null);
    });
  }, []);
  // Kept for an offline start; the field captures of this user are sent now and when back online.
  useEffect(() => { if (session !== undefined) { rememberUser(session); startSync(session ? session.user : null); } }, [session]);

  async function logout() {
    closeAlertStream();
    try { await api.logout(); } catch (_) { /* the session is dropped on our side anyway */ }
    setSession(null);
  }

  // 举报: the public report form, without log-in.
  if (route.path === '/report') return html`<${PublicReportPage} langSwitch=${html`<${LangSwitch} />`} loggedIn=${!!session} />`;
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
registerServiceWorker();
