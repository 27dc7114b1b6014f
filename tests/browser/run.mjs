// run.mjs — browser tests: builds a demo database, starts `cityrisk serve` on a free loopback port,
// drives Debian's Chromium through playwright-core, and prints `browser: N passed, N failed`.
// Usage: node tests/browser/run.mjs [--bin ./cityrisk] [--only NAME] [--keep]
// No request leaves loopback: the page may reach 127.0.0.1 only.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HAZARD_TESTS } from './hazards.mjs';
import { ACCOUNT_TESTS } from './accounts.mjs';
import { RISK_BULK_TESTS } from './risk-bulk.mjs';
import { POLISH_TESTS } from './polish.mjs';
import { UX_TEXT_TESTS } from './ux-text.mjs';
import { MAP_TESTS } from './map.mjs';
import { OVERVIEW_TESTS } from './overview-roles.mjs';
import { EXPORT_TESTS } from './export.mjs';
import { REPORT_TESTS } from './reports.mjs';
import { INSTALLATION_TESTS } from './installations.mjs';
import { QRA_TESTS } from './qra.mjs';
import { TARGET_TESTS } from './targets.mjs';
import { EMERGENCY_TESTS } from './emergency.mjs';
import { REVIEW_TESTS } from './reviews.mjs';
import { ALERT_TESTS } from './alerts.mjs';
import { SYSTEM_TESTS } from './system.mjs';
import { assert, eq, until } from './assert.mjs';
import { closeServerTmp, serverTmp } from '../api/lib/server_tmp.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..'); // cityrisk finds data/, web/ and node_modules/ from here
const ARTIFACTS = path.join(HERE, 'artifacts');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}
const BIN = path.resolve(arg('--bin', './cityrisk'));
const ONLY = arg('--only', '');
const KEEP = process.argv.includes('--keep');
const ENV = { ...process.env, CITYRISK_PWHASH: 'fast' };

// ===== helpers =====

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}


// GB 32100 check character, so a test can make a valid code and a wrong one.
const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function creditCheck(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC_ALPHABET.indexOf(first17[i]) * CC_WEIGHTS[i];
  return CC_ALPHABET[(31 - (sum % 31)) % 31];
}
// GB 11714 organisation code (characters 9–17): 8 digits and their check character.
function orgCode(n) {
  const body = String(n).padStart(8, '0').slice(-8);
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(body[i]) * w[i];
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

// Waits until the units list has settled: no progress bar, and the rows and total shown are those
// of the current URL (data-loaded-for), not of the previous filters.
async function listSettled(page) {
  const total = page.getByTestId('units-total');
  await until(async () => (await page.getByTestId('loading').count()) === 0
    && (await total.getAttribute('data-loaded-for')) === await page.evaluate(() => location.hash)
    && (await total.getAttribute('data-total')) !== '', 'the units list to load');
  return Number(await page.getByTestId('units-total').getAttribute('data-total'));
}

// Total of units as the API reports it, asked from inside the logged-in page.
const apiTotal = (page, q = '') => page.evaluate(async (qs) => {
  const r = await fetch(`/api/v1/units?limit=1${qs}`, { credentials: 'same-origin' });
  return (await r.json()).total;
}, q);

// A point well inside a district's outline (from the same API the map uses).
function interiorPoint(fc, code) {
  const f = fc.features.find((x) => String(x.properties.code) === code);
  assert(f, `district ${code} in /geo/districts`);
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const inRing = (x, y, ring) => {
    let inside = false;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const inside = (x, y) => polys.some((p) => inRing(x, y, p[0]) && !p.slice(1).some((h) => inRing(x, y, h)));
  const pts = polys.flatMap((p) => p[0]);
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // The grid point whose nearest outside neighbour is farthest away: deep inside, not on an edge.
  const N = 24;
  let best = null;
  for (let i = 1; i < N; i++) {
    for (let j = 1; j < N; j++) {
      const x = x0 + ((x1 - x0) * i) / N;
      const y = y0 + ((y1 - y0) * j) / N;
      if (!inside(x, y)) continue;
      let depth = 0;
      for (let d = 1; d < N && inside(x + ((x1 - x0) * d) / N, y) && inside(x - ((x1 - x0) * d) / N, y)
        && inside(x, y + ((y1 - y0) * d) / N) && inside(x, y - ((y1 - y0) * d) / N); d++) depth = d;
      if (!best || depth > best.depth) best = { x, y, depth };
    }
  }
  assert(best, `an interior point of ${code}`);
  return { lon: best.x.toFixed(6), lat: best.y.toFixed(6) };
}

// ===== the tests, in order; they share one logged-in browser page =====

const state = {};
const UNIT_NAME = `浏览器测试单位${Date.now() % 1000000}`;
const CREDIT_17 = `91320583${orgCode(Date.now() % 100000000)}`;
const CREDIT_OK = CREDIT_17 + creditCheck(CREDIT_17);
const CREDIT_BAD = CREDIT_17 + CC_ALPHABET[(CC_ALPHABET.indexOf(creditCheck(CREDIT_17)) + 1) % 31];

async function login(page, base, user, password) {
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function loginFailsWithWrongPassword({ page, base }) {
  await login(page, base, 'admin', 'not-the-password');
  const msg = page.getByTestId('login-error');
  await msg.waitFor();
  assert((await msg.textContent()).includes('用户名或密码错误'), 'the log-in error says 用户名或密码错误');
  assert(await page.getByLabel('密码').isVisible(), 'still on the log-in page');
  eq(await page.getByRole('navigation', { name: '主导航' }).count(), 0, 'navigation before log-in');
}

async function loginWorks({ page, base }) {
  await login(page, base, 'admin', 'admin123');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  const user = page.getByTestId('user');
  assert((await user.textContent()).includes('admin'), 'the top bar shows the user');
  assert((await user.textContent()).includes('市安委办'), 'the top bar shows the role');
  assert((await page.getByRole('banner').textContent()).includes('城市安全风险管控平台'), 'the product name');
  await until(() => page.url().endsWith('#/overview'), 'the overview as the home page of the city office');
  eq(await page.getByRole('link', { name: '总览', exact: true }).getAttribute('aria-current'), 'page', 'overview is the home page');
}

async function mapShowsTheTenDistricts({ page }) {
  await page.getByRole('link', { name: '地图' }).click();
  const paths = page.locator('.leaflet-overlay-pane svg path');
  await until(async () => (await paths.count()) === 10, '10 district outlines');
  await page.locator('.leaflet-tooltip', { hasText: '昆山市' }).waitFor();
  eq(await page.locator('.leaflet-tile-pane img').count(), 0, 'tiles without a configured tile URL');
  eq(await page.getByRole('navigation', { name: '区县' }).getByRole('link').count(), 10, 'district links beside the map');
}

async function clickingADistrictOpensItsUnits({ page }) {
  // A district opens a popup (its level and make-up) with a link to its units.
  await page.locator('path.district-320583').dispatchEvent('click');
  await page.getByTestId('popup-units').click();
  await until(() => page.url().includes('#/units?region=320583'), 'the units list of 昆山市');
  await until(async () => (await page.getByLabel('区县', { exact: true }).inputValue()) === '320583', 'the district filter to show 昆山市');
}

async function englishSwitchChangesNavigation({ page }) {
  await page.getByRole('button', { name: 'Switch to English' }).click();
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await nav.getByRole('link', { name: 'Map', exact: true }).waitFor();
  await nav.getByRole('link', { name: 'Units', exact: true }).waitFor();
  eq(await page.evaluate(() => localStorage.getItem('lang')), 'en', 'the language kept in localStorage');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Units', exact: true }).waitFor();
  eq(await page.evaluate(() => document.documentElement.lang), 'en', 'html lang after reload');
  await page.getByRole('button', { name: '切换到中文' }).click();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '地图' }).waitFor();
}

async function bothLanguagesHaveEveryString({ page }) {
  const missing = await page.evaluate(() => import('/js/i18n.js').then((m) => m.missingKeys()));
  eq(missing.join(' '), '', 'keys missing from a language');
}

async function unitsListFiltersByKunshan({ page }) {
  await page.getByRole('link', { name: '单位', exact: true }).click();
  await until(() => page.url().endsWith('#/units'), 'the unfiltered list');
  const all = await listSettled(page);
  assert(all > 0, 'the demo city has units');
  await page.getByLabel('区县', { exact: true }).selectOption({ label: '昆山市' });
  await until(() => page.url().includes('region=320583'), 'the filter in the URL');
  const rows = page.getByTestId('unit-row');
  await until(async () => {
    if ((await page.getByTestId('loading').count()) > 0) return false;
    const regions = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.region));
    return regions.length > 0 && regions.every((r) => r.startsWith('320583'));
  }, 'rows of 昆山市 only');
  const kunshan = await listSettled(page);
  assert(kunshan > 0 && kunshan < all, `昆山市 has some but not all units (${kunshan} of ${all})`);
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.region));
  assert(shown.every((r) => r.startsWith('320583')), 'every row is in 昆山市');
  await page.getByLabel('街道/镇').locator('option').nth(1).waitFor({ state: 'attached' });
}

async function fillUnitForm(page, credit) {
  const fc = await page.evaluate(() => fetch('/api/v1/geo/districts?city=3205').then((r) => r.json()));
  const { lon, lat } = interiorPoint(fc, '320583');
  await page.getByLabel('统一社会信用代码').fill(credit);
  await page.getByLabel('单位名称').fill(UNIT_NAME);
  const sector = page.getByLabel('行业');
  await sector.locator('option').nth(1).waitFor({ state: 'attached' });
  await sector.selectOption({ index: 1 });
  const district = page.getByLabel('所属区县');
  await district.locator('option', { hasText: '昆山市' }).waitFor({ state: 'attached' });
  await district.selectOption({ label: '昆山市' });
  await page.getByLabel('地址').fill('江苏省昆山市前进西路 1 号');
  await page.getByLabel('经度').fill(lon);
  await page.getByLabel('纬度').fill(lat);
  await page.getByLabel('规模').selectOption('above');
  await page.getByLabel('从业人数').fill('120');
  await page.getByLabel('联系人').fill('张安全');
  await page.getByLabel('联系电话').fill('0512-57000000');
}

async function wrongCheckCharacterShowsTheServerMessageInline({ page, base }) {
  await page.goto(`${base}/#/units`);
  state.total = await listSettled(page);
  await page.getByRole('link', { name: '新增单位' }).click();
  await page.getByLabel('统一社会信用代码').waitFor();
  await fillUnitForm(page, CREDIT_BAD);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/units') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  eq(res.status(), 400, 'status of the refused create');
  const body = await res.json();
  eq(body.error && body.error.field, 'credit_code', 'the field the server names');
  const input = page.getByLabel('统一社会信用代码');
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true', 'the credit code marked invalid');
  const errId = await input.getAttribute('aria-describedby');
  assert(errId, 'the credit code input points at its error');
  // In Chinese, naming the field by its label, with the server's expected and given characters
  // (issue 7 #17) — not the server's English message.
  const msg = (await page.locator(`#${errId}`).textContent()).trim();
  eq(msg, `统一社会信用代码：校验位应为${body.error.params.expected}，而不是${body.error.params.got}`, 'the inline message');
  const alerts = (await page.getByRole('alert').allTextContents()).join(' ');
  assert(alerts.includes('统一社会信用代码') && !/[A-Za-z]{3,}/.test(alerts), `every alert in Chinese: ${alerts}`);
  const box = await input.boundingBox();
  const msgBox = await page.locator(`#${errId}`).boundingBox();
  assert(msgBox.y >= box.y + box.height - 1 && msgBox.y - (box.y + box.height) < 40, 'the message sits right under the field');
  assert(page.url().includes('#/units/new'), 'still on the form');
  eq(await apiTotal(page), state.total, 'units after the refused create');
}

async function fixingTheCodeSavesAndListsTheUnit({ page, base }) {
  if (!page.url().includes('#/units/new') || (await page.getByLabel('单位名称').inputValue()) !== UNIT_NAME) {
    await page.goto(`${base}/#/units/new`);
    await page.getByLabel('统一社会信用代码').waitFor();
    await fillUnitForm(page, CREDIT_BAD);
  }
  await page.getByLabel('统一社会信用代码').fill(CREDIT_OK);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/units') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  const body = await res.json().catch(() => null);
  eq(res.status(), 201, `status of the create (${JSON.stringify(body)})`);
  state.unitId = body.id;
  // The save opens the new unit's page with a confirmation (issue 9 #4).
  await until(() => page.url().endsWith(`#/units/${body.id}`), 'the new unit\'s page');
  eq((await page.getByTestId('toast').textContent()).trim(), '已保存', 'the confirmation');
  await page.getByRole('heading', { name: UNIT_NAME }).waitFor();
  await page.goto(`${base}/#/units`);
  await listSettled(page);
  await page.getByLabel('单位名称').fill(UNIT_NAME);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByTestId('unit-row').filter({ hasText: UNIT_NAME });
  await row.waitFor();
  assert((await row.textContent()).includes(CREDIT_OK), 'the row shows the credit code');
  eq(await apiTotal(page), (state.total ?? -2) + 1, 'units after the create');
}

async function historyShowsTheCreateEntry({ page, base }) {
  const row = page.getByTestId('unit-row').filter({ hasText: UNIT_NAME });
  if (await row.count()) await row.first().click();
  else await page.goto(`${base}/#/units/${state.unitId}`);
  await page.getByRole('heading', { name: UNIT_NAME }).waitFor();
  const entries = page.getByTestId('history').getByTestId('history-entry');
  await entries.first().waitFor();
  const actions = await entries.evaluateAll((lis) => lis.map((li) => li.dataset.action));
  assert(actions.some((a) => /creat|insert/i.test(a)), `a create entry among ${JSON.stringify(actions)}`);
  const text = await page.getByTestId('history').textContent();
  assert(text.includes('创建'), 'the create entry is named 创建');
  assert(text.includes('admin'), 'the entry names who did it');
}

async function editingAUnitRecordsAnUpdate({ page, base }) {
  if (!page.url().endsWith(`#/units/${state.unitId}`)) await page.goto(`${base}/#/units/${state.unitId}`);
  await page.getByTestId('unit-edit').click();
  await until(() => page.url().endsWith(`#/units/${state.unitId}/edit`), 'the edit form');
  const phone = page.getByLabel('联系电话');
  await until(async () => (await page.getByLabel('单位名称').inputValue()) === UNIT_NAME, 'the form of the new unit');
  await phone.fill('0512-57001234');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${state.unitId}`) && r.request().method() === 'PATCH'),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  const sent = res.request().postDataJSON();
  eq(JSON.stringify(Object.keys(sent).sort()), '["contact_phone","version"]', 'the PATCH sends the change and the version');
  eq(res.status(), 200, 'status of the update');
  await until(() => page.url().endsWith(`#/units/${state.unitId}`), 'back on the unit page');
  await page.getByTestId('toast').waitFor();
  await until(async () => (await page.locator('[data-field="contact_phone"]').textContent()) === '0512-57001234', 'the saved phone');
  const entries = page.getByTestId('history').getByTestId('history-entry');
  await until(async () => (await entries.count()) >= 2, 'two history entries');
  assert((await page.getByTestId('history').textContent()).includes('contact_phone'), 'the update names the changed field');
}

// ===== issue 3: risk points, the map, the overview, the catalogue =====

const GRADE_HEX = { red: '#e60012', orange: '#f39800', yellow: '#fff100', blue: '#0068b7' };
const HEXES = new Set(Object.values(GRADE_HEX));
const RISK_NAME = `浏览器测试液氨泄漏${Date.now() % 100000}`;

// GET a JSON API path from inside the logged-in page.
const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);

// Logs in as admin unless already so (lets --only run one of these tests alone).
// Bulk import on the units page: a file with one bad row lists it and writes nothing; a good
// file adds its units.
function importCsv(rows) {
  const head = '统一社会信用代码,单位名称,行业,行政区划,地址,经度,纬度,规模,从业人数\n';
  return Buffer.from(head + rows.map((r) => r.join(',')).join('\n') + '\n');
}
function importCode(n) {
  const first = `91320583${orgCode(n)}`;
  return first + creditCheck(first);
}

async function openImport(page, base) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/units`);
  await page.reload(); /* a fresh panel, whatever the last test left */
  await listSettled(page);
  await page.getByTestId('import-toggle').click();
  await page.getByTestId('units-import').waitFor();
}

async function importWithABadRowListsItAndWritesNothing({ page, base }) {
  await openImport(page, base);
  const before = (await apiGet(page, '/units?limit=1')).total;
  const seed = Date.now() % 90000000;
  const good = importCode(seed + 1);
  const bad = good.slice(0, 17) + CC_ALPHABET[(CC_ALPHABET.indexOf(good[17]) + 1) % 31];
  await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles({ name: 'units.csv', mimeType: 'text/csv',
    buffer: importCsv([[good, '导入测试甲仓储有限公司', 'F02', '320583100', '前进路1号', '120.98', '31.385', '规下', '12'],
      [bad, '导入测试乙仓储有限公司', 'F02', '320583100', '前进路2号', '120.98', '31.386', '规下', '8']]) });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  const table = page.getByTestId('import-errors');
  await table.waitFor();
  const text = await table.textContent();
  // Row 3, the column's label and the reason in Chinese (issue 7 #17), not `credit_code`.
  const row = (await table.locator('tbody tr').first().textContent()).trim();
  assert(row.startsWith('3') && row.includes('统一社会信用代码') && row.includes(`校验位应为${good[17]}，而不是${bad[17]}`),
    `the error table names row 3, 统一社会信用代码 and the check character: ${row}`);
  assert(!/[A-Za-z]{3,}/.test(text), `no English in the error table: ${text}`);
  eq((await apiGet(page, '/units?limit=1')).total, before, 'units after a refused import');
}

async function importOfAGoodFileAddsItsUnits({ page, base }) {
  await openImport(page, base);
  const before = (await apiGet(page, '/units?limit=1')).total;
  const seed = Date.now() % 90000000;
  await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles({ name: 'units.csv', mimeType: 'text/csv',
    buffer: importCsv([[importCode(seed + 11), '导入测试丙仓储有限公司', 'F02', '320583100', '前进路3号', '120.98', '31.385', '规上', '120'],
      [importCode(seed + 12), '导入测试丁仓储有限公司', 'F02', '320583100', '前进路4号', '120.981', '31.386', '规下', '9']]) });
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await until(async () => (await page.getByRole('status').allTextContents()).some((s) => s.includes('已导入 2 家单位')),
    'the import banner');
  eq((await apiGet(page, '/units?limit=1')).total, before + 2, 'units after the import');
}

async function asAdmin(page, base) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  const who = await apiGet(page, '/session');
  if (who.user && who.user.login === 'admin') return;
  await login(page, base, 'admin', 'admin123');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

// A unit to add risk points to: the one the unit tests created, else the first demo unit.
async function testUnit(page) {
  if (state.unitId) return state.unitId;
  const r = await apiGet(page, `/units?limit=1&region=320583`);
  state.unitId = r.items[0].id;
  return state.unitId;
}

async function dashboardTotalsMatchTheApi({ page, base }) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/overview`);
  const ov = await apiGet(page, '/stats/overview');
  assert(ov.units !== undefined, `GET /stats/overview answers (${JSON.stringify(ov).slice(0, 80)})`);
  const value = async (id) => {
    const el = page.getByTestId(`stat-${id}`);
    await el.waitFor();
    return Number(await el.getAttribute('data-value'));
  };
  eq(await value('units'), ov.units, 'units on the dashboard');
  eq(await value('risks'), ov.risks, 'risk points on the dashboard');
  eq(await value('grade1'), ov.risks_by_grade['1'], 'grade Ⅰ on the dashboard');
  eq(await value('grade2'), ov.risks_by_grade['2'], 'grade Ⅱ on the dashboard');
  eq(await value('red-units'), ov.units_by_rating.red, 'red units on the dashboard');
  eq(await value('flagged'), ov.flagged_owners, 'flagged owners on the dashboard');
  const listed = await apiGet(page, '/risks?limit=1');
  eq(ov.risks, listed.total, 'overview risks = GET /risks total');
  for (const k of ['new', 'raised', 'lowered', 'overdue_review']) {
    eq(Number(await page.getByTestId(`quarter-${k}`).getAttribute('data-value')), ov.quarter[k], `quarter ${k}`);
  }
  await until(async () => (await page.getByTestId('grade-chart').getAttribute('data-ready')) === 'true', 'the grade chart');
  const pieColours = await page.getByTestId('grade-chart').locator('path').evaluateAll((ps) => ps.map((p) => (p.getAttribute('fill') || '').toLowerCase()));
  for (const h of HEXES) assert(pieColours.some((c) => c === h || c.includes(h.slice(1))), `the pie uses ${h}`);
  await until(async () => (await page.getByTestId('overview-map').locator('path.district').count()) === 10, 'ten districts on the dashboard map');
  const red = page.getByTestId('red-units').getByRole('link');
  eq(await red.count(), ov.red_units.length, 'red units listed');
  if (ov.red_units.length) {
    await red.first().click();
    await until(() => page.url().endsWith(`#/units/${ov.red_units[0].id}`), 'the red unit page');
    await until(async () => (await page.getByTestId('unit-rating').getAttribute('data-color')) === 'red', 'the red unit rated red');
  }
}

async function wallScreenToggleWorks({ page, base }) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/overview`);
  await page.getByTestId('stat-units').waitFor();
  const before = await page.getByTestId('stat-units').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await page.getByRole('button', { name: '大屏模式' }).click();
  await until(async () => (await page.getByTestId('overview').getAttribute('data-wall')) === 'true', 'wall mode on');
  eq(await page.getByTestId('wall-toggle').getAttribute('aria-pressed'), 'true', 'the toggle is pressed');
  await until(async () => !(await page.getByRole('navigation', { name: '主导航' }).isVisible()), 'the navigation hidden on the wall screen');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r, g, b] = bg.match(/\d+/g).map(Number);
  assert(r + g + b < 150, `a dark background on the wall screen (${bg})`);
  const after = await page.getByTestId('stat-units').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert(after >= before * 1.4, `large type on the wall screen (${before}px → ${after}px)`);
  await page.getByRole('button', { name: '退出大屏' }).click();
  await until(async () => (await page.getByTestId('overview').getAttribute('data-wall')) === 'false', 'wall mode off');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  eq(await page.evaluate(() => document.documentElement.classList.contains('wall')), false, 'no wall class after leaving');
}

async function mapDistrictLayerDrawsTenColouredDistricts({ page, base }) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/map`);
  const fc = await apiGet(page, '/areas/risk?level=district&format=geojson');
  assert(Array.isArray(fc.features), `GET /areas/risk?level=district&format=geojson answers (${JSON.stringify(fc).slice(0, 80)})`);
  eq(fc.features.length, 10, 'districts in /areas/risk');
  const paths = page.locator('.leaflet-overlay-pane path.district');
  await until(async () => (await paths.count()) === 10, '10 district paths');
  for (const f of fc.features) {
    const { code, color } = f.properties;
    const fill = await page.locator(`path.district-${code}`).getAttribute('fill');
    eq(fill, GRADE_HEX[color], `fill of district ${code} (${color})`);
  }
  eq(await page.getByTestId('legend').locator('li[data-color]').count(), 4, 'four colours in the legend');
  // The district popup shows the index from the API.
  const first = fc.features[0].properties;
  await page.locator(`path.district-${first.code}`).dispatchEvent('click');
  await until(async () => (await page.getByTestId('popup-index').count()) === 1, 'the district popup');
  eq(Number(await page.getByTestId('popup-index').textContent()), Math.round(first.index * 100) / 100, 'index in the popup');
  // ... and the index per km² and its multiple of the city average that the colour is decided on,
  // while the legend gives the thresholds of each colour (docs/METHODS.md "Area superposition").
  eq(Number(await page.getByTestId('popup-density').textContent()), Math.round(first.density * 100) / 100, 'density in the popup');
  assert((await page.getByTestId('popup-ratio').textContent()).includes(String(Math.round(first.ratio * 100) / 100)), 'ratio in the popup');
  for (const c of ['red', 'orange', 'yellow'])
    assert((await page.getByTestId(`legend-threshold-${c}`).textContent()).includes(String(Math.round(fc.thresholds[c] * 100) / 100)), `legend threshold of ${c}`);
  await until(async () => (await page.getByTestId('legend-city').count()) === 1, 'the city level basis in the legend');
  assert(new Set(fc.features.map((f) => f.properties.color)).size > 1, 'the districts do not all share one colour');
  // Risk points come as clusters at city zoom: rings of grade colours, labelled by count.
  const clusters = page.locator('.risk-cluster');
  await until(async () => (await clusters.count()) > 0, 'risk clusters');
  const fills = await page.locator('.risk-cluster circle.ring-seg').evaluateAll((cs) => cs.map((c) => c.getAttribute('stroke')));
  assert(fills.length > 0 && fills.every((f) => HEXES.has(f)), `cluster colours are grade colours: ${[...new Set(fills)]}`);
  const labels = await page.locator('.risk-cluster text').allTextContents();
  assert(labels.length === await clusters.count() && labels.every((x) => /^\d+$/.test(x.trim())), 'each cluster labelled by its count');
  // The grid layer switches on.
  await page.getByTestId('layer-grid').check();
  await until(async () => (await page.locator('.leaflet-overlay-pane canvas').count()) > 0, 'the grid layer drawn');
  await page.getByTestId('layer-grid').uncheck();
}

async function risksListFiltersByGradeAndFlagged({ page, base }) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/risks`);
  const total = page.getByTestId('risks-total');
  const settled = async () => {
    await until(async () => (await page.getByTestId('loading').count()) === 0
      && (await total.getAttribute('data-loaded-for')) === await page.evaluate(() => location.hash)
      && (await total.getAttribute('data-total')) !== '', 'the risks list to load');
    return Number(await total.getAttribute('data-total'));
  };
  const all = await settled();
  eq(all, (await apiGet(page, '/risks?limit=1')).total, 'risks total = API');
  await page.getByLabel('风险等级').selectOption('1');
  await until(() => page.url().includes('grade=1'), 'grade in the URL');
  const g1 = await settled();
  eq(g1, (await apiGet(page, '/risks?limit=1&grade=1')).total, 'grade Ⅰ total = API');
  const grades = await page.getByTestId('risk-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.grade));
  assert(grades.length > 0 && grades.every((x) => x === '1'), 'only grade Ⅰ rows');
  const badge = page.getByTestId('risk-row').first().locator('.grade-badge');
  eq((await badge.textContent()).trim(), 'Ⅰ 红', 'the badge');
  eq(await badge.getAttribute('style').then((st) => /230, 0, 18|#e60012/i.test(st)), true, 'the badge is red');
  await page.getByLabel('仅看责任人层级不足').check();
  await until(() => page.url().includes('flagged=1'), 'flagged in the URL');
  const flagged = await settled();
  eq(flagged, (await apiGet(page, '/risks?limit=1&grade=1&flagged=1')).total, 'flagged total = API');
  if (flagged) {
    const rows = page.getByTestId('risk-row');
    eq(await rows.getByTestId('owner-flag').count(), await rows.count(), 'every flagged row marks the owner');
  }
}

async function selectLec(page, L, E, C) {
  const f = (n) => page.getByTestId(`factor-in-${n}`);
  await f('L').locator('option').nth(1).waitFor({ state: 'attached' });
  await f('L').selectOption(String(L));
  await f('E').selectOption(String(E));
  await f('C').selectOption(String(C));
}

async function riskFormShowsInlineErrors({ page, base }) {
  await asAdmin(page, base);
  const uid = await testUnit(page);
  const before = (await apiGet(page, `/units/${uid}/risks`)).items.length;
  await page.goto(`${base}/#/units/${uid}/risks/new`);
  await page.getByLabel('风险点名称').fill('错误输入测试');
  await selectLec(page, 3, 6, 7);
  await until(async () => (await page.getByTestId('grade-preview').getAttribute('data-grade')) === '3', 'the preview of 3×6×7 = 126 → Ⅲ');
  await page.getByLabel('影响半径（米）').fill('200000');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${uid}/risks`) && r.request().method() === 'POST'),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  eq(res.status(), 400, 'status of the refused risk point');
  const body = await res.json();
  eq(body.error.field, 'impact_radius_m', 'the field the server names');
  const input = page.getByLabel('影响半径（米）');
  await until(async () => (await input.getAttribute('aria-invalid')) === 'true', 'the radius marked invalid');
  const msg = (await page.locator(`#${await input.getAttribute('aria-describedby')}`).textContent()).trim();
  assert(msg.startsWith('影响半径应在') && !/[A-Za-z]{3,}/.test(msg), `the inline message in Chinese: ${msg}`);
  assert(page.url().endsWith(`#/units/${uid}/risks/new`), 'still on the form');
  // A consequence input the server refuses: the live preview puts /assess's error under it.
  await page.getByLabel('评价方法').selectOption('consequence');
  await page.getByLabel('可能死亡人数').fill('1.5');
  await page.getByLabel('可能重伤人数').fill('0');
  await page.getByLabel('可能直接经济损失（元）').fill('0');
  const deaths = page.getByLabel('可能死亡人数');
  await until(async () => (await deaths.getAttribute('aria-invalid')) === 'true', 'deaths marked invalid by /assess');
  assert((await page.getByTestId('error-r-in-deaths').textContent()).length > 0, 'the message under deaths');
  eq((await apiGet(page, `/units/${uid}/risks`)).items.length, before, 'no risk point stored');
}

async function createsALecRiskPointSeesTheLiveGradeAndFindsItOnTheMap({ page, base }) {
  await asAdmin(page, base);
  const uid = await testUnit(page);
  const ratingBefore = await apiGet(page, `/units/${uid}/rating`);
  await page.goto(`${base}/#/units/${uid}`);
  await until(async () => (await page.getByTestId('unit-rating').getAttribute('data-color')) === ratingBefore.color, 'the rating before');
  await page.getByRole('link', { name: '新增风险点' }).click();
  await until(() => page.url().endsWith(`#/units/${uid}/risks/new`), 'the new risk form');
  await page.getByLabel('风险点名称').fill(RISK_NAME);
  await page.getByLabel('场所/部位/环节').fill('液氨储罐区');
  await page.getByTestId('accident-types').getByLabel('中毒和窒息').check();
  // Live grade: 6×6×7 = 252 → Ⅱ orange, then C = 15: 540 → Ⅰ red.
  await selectLec(page, 6, 6, 7);
  const pv = page.getByTestId('grade-preview');
  await until(async () => (await pv.getAttribute('data-state')) === 'ok' && (await pv.getAttribute('data-score')) === '252', 'the preview score 252');
  eq(await pv.getAttribute('data-grade'), '2', 'preview grade of 252');
  eq(await pv.getAttribute('data-color'), 'orange', 'preview colour of 252');
  assert((await page.getByTestId('preview-explain').textContent()).includes('252'), 'the explain text');
  assert((await pv.locator('.grade-badge').textContent()).includes('Ⅱ 橙'), 'the orange badge');
  await page.getByTestId('factor-in-C').selectOption('15');
  await until(async () => (await pv.getAttribute('data-score')) === '540', 'the preview score 540');
  eq(await pv.getAttribute('data-grade'), '1', 'preview grade of 540');
  eq(await pv.getAttribute('data-color'), 'red', 'preview colour of 540');
  // 一险一人: a middle manager is too low for grade Ⅰ.
  await page.getByLabel('责任人', { exact: true }).fill('李安全');
  await page.getByLabel('责任人层级').selectOption('middle_manager');
  await page.getByTestId('owner-warning').waitFor();
  await page.getByLabel('责任人层级').selectOption('deputy_gm');
  await until(async () => (await page.getByTestId('owner-warning').count()) === 0, 'no warning for a deputy GM');
  await page.getByLabel('工程技术措施').fill('围堰\n氨气泄漏报警');
  await page.getByLabel('应急处置措施').fill('喷淋稀释');
  await page.getByLabel('影响半径（米）').fill('150');
  await page.getByLabel('暴露人数').fill('25');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${uid}/risks`) && r.request().method() === 'POST'),
    page.getByRole('button', { name: '保存' }).click(),
  ]);
  const risk = await res.json();
  eq(res.status(), 201, `status of the create (${JSON.stringify(risk).slice(0, 120)})`);
  eq(risk.grade, 1, 'stored grade');
  eq(JSON.stringify(risk.measures.engineering), '["围堰","氨气泄漏报警"]', 'measures one per line');
  state.riskId = risk.id;
  // The unit page: the rating is now red, and the new point is listed.
  await until(() => page.url().endsWith(`#/units/${uid}`), 'back on the unit page');
  await until(async () => (await page.getByTestId('unit-rating').getAttribute('data-color')) === 'red', 'the unit rated red');
  eq((await apiGet(page, `/units/${uid}/rating`)).color, 'red', 'the API rating');
  const row = page.getByTestId('unit-risk-row').filter({ hasText: RISK_NAME });
  eq(await row.getAttribute('data-grade'), '1', 'the row grade');
  await row.getByRole('link', { name: RISK_NAME }).click();
  await until(() => page.url().endsWith(`#/risks/${risk.id}`), 'the risk page');
  await page.getByTestId('risk-history').getByTestId('risk-history-entry').first().waitFor();
  // The map, centred on the point: a red marker and its impact circle; a click opens the risk.
  await page.getByRole('link', { name: '在地图上查看' }).click();
  const marker = page.locator(`path.risk-${risk.id}`);
  await until(async () => (await marker.count()) === 1, 'the risk point on the map', 15000);
  eq(await marker.getAttribute('fill'), GRADE_HEX.red, 'the marker colour');
  eq(await page.locator(`path.impact-${risk.id}`).count(), 1, 'the impact circle at zoom 16');
  await marker.dispatchEvent('click');
  await until(() => page.url().endsWith(`#/risks/${risk.id}`), 'the click opens the risk page');
}

async function catalogueAddsRiskPointsToAUnit({ page, base }) {
  await asAdmin(page, base);
  await page.getByRole('link', { name: '目录', exact: true }).click();
  await until(async () => Number(await page.getByTestId('catalogue-total').getAttribute('data-total')) > 0, 'catalogue entries');
  assert(await page.getByTestId('catalogue-sector').count() > 0, 'entries grouped by sector');
  // A unit filed under the section C (制造业) sees its section's entries without 显示全部行业, each
  // with the grade its inputs give (issue 9 #4).
  const uid = (await apiGet(page, '/units?limit=1&region=320583&sector=C')).items[0].id;
  const before = (await apiGet(page, `/units/${uid}/risks`)).items.length;
  await page.goto(`${base}/#/units/${uid}`);
  await page.getByRole('link', { name: '从行业目录添加' }).click();
  const entry = page.getByTestId('catalogue-entry').first();
  await entry.waitFor();
  eq(await page.getByLabel('显示全部行业').isChecked(), false, 'not ticked');
  const secs = await page.getByTestId('catalogue-sector').evaluateAll((els) => els.map((e) => e.dataset.sector));
  assert(secs.length > 0 && secs.every((x) => x.startsWith('C')), `only manufacturing sectors: ${secs}`);
  const grades = await page.getByTestId('catalogue-grade').evaluateAll((els) => els.map((e) => e.dataset.grade));
  assert(grades.some((g) => /^[1-4]$/.test(g)), `entries show their grade: ${grades}`);
  await page.getByLabel('显示全部行业').check();
  await until(async () => (await page.getByTestId('catalogue-sector').evaluateAll((els) => els.some((e) => !e.dataset.sector.startsWith('C')))), 'every industry once ticked');
  await entry.getByRole('checkbox').check();
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${uid}/risks/from-catalogue`)),
    page.getByTestId('catalogue-add').click(),
  ]);
  eq(res.status(), 201, 'status of the add from catalogue');
  await until(() => page.url().endsWith(`#/units/${uid}`), 'back on the unit page');
  await until(async () => (await page.getByTestId('unit-risk-row').count()) === before + 1, 'one more risk point listed');
}

async function englishOnTheNewPages({ page, base }) {
  await asAdmin(page, base);
  await page.goto(`${base}/#/overview`);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Safety risk overview · 苏州市' }).waitFor();
  await page.getByRole('button', { name: 'Wall screen' }).waitFor();
  await page.getByRole('link', { name: 'Catalogue', exact: true }).waitFor();
  await page.goto(`${base}/#/risks?grade=1`);
  await page.getByRole('heading', { name: 'Risk points' }).waitFor();
  await until(async () => (await page.getByTestId('risk-row').count()) > 0, 'rows');
  eq((await page.getByTestId('risk-row').first().locator('.grade-badge').textContent()).trim(), 'Ⅰ Red', 'the English badge');
  const uid = await testUnit(page);
  await page.goto(`${base}/#/units/${uid}`);
  const rating = await apiGet(page, `/units/${uid}/rating`);
  await until(async () => ((await page.getByTestId('rating-reason').textContent()) || '').trim() === rating.reason, 'the English rating reason');
  await page.goto(`${base}/#/units/${uid}/risks/new`);
  await page.getByLabel('Risk point name').waitFor();
  await page.getByLabel('L Likelihood').selectOption('6');
  await page.getByLabel('E Exposure').selectOption('6');
  await page.getByLabel('C Consequence').selectOption('7');
  await until(async () => (await page.getByTestId('grade-preview').textContent()).includes('Ⅱ Orange'), 'the English preview');
  await page.getByRole('button', { name: '切换到中文' }).click();
  await page.getByLabel('风险点名称').waitFor();
}

async function shellFitsAPhone({ page, base }) {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${base}/#/units`);
    await listSettled(page);
    assert(await page.getByRole('link', { name: '地图' }).isVisible(), 'navigation visible on a phone');
    assert(await page.getByRole('button', { name: '退出登录' }).isVisible(), 'log-out visible on a phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `page wider than the phone by ${overflow}px`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
}

async function logoutReturnsToLogin({ page }) {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('密码').waitFor();
  await page.reload();
  await page.getByLabel('密码').waitFor();
  eq(await page.getByRole('navigation', { name: '主导航' }).count(), 0, 'navigation after log-out and reload');
}

async function districtUserSeesOnlyTheirDistrict({ page, base }) {
  await login(page, base, 'kunshan', 'kunshan123');
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  assert((await page.getByTestId('user-role').textContent()).includes('区县'), 'district role in the top bar');
  await page.goto(`${base}/#/units`);
  await listSettled(page);
  const regions = await page.getByTestId('unit-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.region));
  assert(regions.length > 0, 'kunshan sees units');
  assert(regions.every((r) => r.startsWith('320583')), 'kunshan sees units of 昆山市 only');
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByLabel('密码').waitFor();
}

const TESTS = [
  loginFailsWithWrongPassword,
  loginWorks,
  mapShowsTheTenDistricts,
  clickingADistrictOpensItsUnits,
  englishSwitchChangesNavigation,
  bothLanguagesHaveEveryString,
  unitsListFiltersByKunshan,
  wrongCheckCharacterShowsTheServerMessageInline,
  fixingTheCodeSavesAndListsTheUnit,
  historyShowsTheCreateEntry,
  editingAUnitRecordsAnUpdate,
  importWithABadRowListsItAndWritesNothing,
  importOfAGoodFileAddsItsUnits,
  dashboardTotalsMatchTheApi,
  wallScreenToggleWorks,
  mapDistrictLayerDrawsTenColouredDistricts,
  risksListFiltersByGradeAndFlagged,
  riskFormShowsInlineErrors,
  createsALecRiskPointSeesTheLiveGradeAndFindsItOnTheMap,
  catalogueAddsRiskPointsToAUnit,
  englishOnTheNewPages,
  shellFitsAPhone,
  logoutReturnsToLogin,
  districtUserSeesOnlyTheirDistrict,
  ...POLISH_TESTS, // issue 9 #4 (before the hazard tests use up the report quota): tests/browser/polish.mjs
  ...HAZARD_TESTS, // issue 4: tests/browser/hazards.mjs
  ...ACCOUNT_TESTS, // 账号管理: tests/browser/accounts.mjs
  ...RISK_BULK_TESTS, // 复制到其他单位, 标记为已复核: tests/browser/risk-bulk.mjs
  ...EXPORT_TESTS, // 台账 export and print: tests/browser/export.mjs
  ...REPORT_TESTS, // reports and warning signs (issue 13): tests/browser/reports.mjs
  ...UX_TEXT_TESTS, // issue 7: line breaks and errors in the user's language: tests/browser/ux-text.mjs
  ...MAP_TESTS, // issue 9: ring clusters, hazard symbols, towns, tiles, screenshots: tests/browser/map.mjs
  ...OVERVIEW_TESTS, // issue 9 #3–4: the overview of each role, the changes page: tests/browser/overview-roles.mjs
  ...INSTALLATION_TESTS, // issue 10 #7: the GB 18218 installation form: tests/browser/installations.mjs
  ...QRA_TESTS, // issue 12: the QRA page: tests/browser/qra.mjs
  ...TARGET_TESTS, // issue 10: targets, the four lists, the map's target layer: tests/browser/targets.mjs
  ...EMERGENCY_TESTS, // issue 13: resources, plans, capability, snapshots: tests/browser/emergency.mjs
  ...REVIEW_TESTS, // issue 11: the review chain, verification and the progress board: tests/browser/reviews.mjs
  ...ALERT_TESTS, // issue 11: dynamic reports and the live alert badge: tests/browser/alerts.mjs
  ...SYSTEM_TESTS, // 系统运行, issue 14's operations in the UI: tests/browser/system.mjs
];

// ===== the runner =====

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { env: ENV, cwd: REPO, encoding: 'utf8', timeout: 300000, ...opts });
  if (r.error || r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${r.error ? r.error.message : `exit ${r.status}`})\n${r.stdout || ''}${r.stderr || ''}`);
  }
}

// Report files that a server stopped cleanly left in its TMPDIR (../api/lib/server_tmp.mjs).
const reportsLeftBehind = [];

// A server on the test database; `env` adds variables (a test starts a second one with a tile URL).
// Its TMPDIR is a folder of its own, removed when it exits.
async function startServer(tmp, env = {}) {
  const port = await freePort();
  const log = fs.openSync(path.join(tmp, 'server.log'), 'a');
  const serverDir = serverTmp(path.join(tmp, 'tmp'));
  const proc = spawn(BIN, ['serve', '--db', path.join(tmp, 'db.sqlite'), '--listen', `127.0.0.1:${port}`],
    { env: { ...ENV, TMPDIR: serverDir, ...env }, cwd: REPO, stdio: ['ignore', log, log] });
  let exited = null;
  proc.on('exit', (code, sig) => {
    exited = sig || code;
    reportsLeftBehind.push(...closeServerTmp(serverDir, code === 0));
  });
  const base = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (exited !== null) throw new Error(`server exited (${exited})`);
    const r = await fetch(`${base}/api/v1/session`, { signal: AbortSignal.timeout(1000) });
    return r.status > 0;
  }, 'the server to answer GET /api/v1/session', 30000).catch((e) => {
    proc.kill('SIGKILL');
    throw e;
  });
  return { proc, base, exited: () => exited };
}

async function stopServer(proc) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(t);
}

async function main() {
  let passed = 0;
  let failed = 0;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cityrisk-browser-'));
  let server = null;
  let browser = null;
  try {
    if (!fs.existsSync(BIN)) throw new Error(`no binary at ${BIN} (make cityrisk)`);
    run(BIN, ['demo', '--db', path.join(tmp, 'db.sqlite'), '--scale', '0.005', '--seed', '1']);
    server = await startServer(tmp);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const blocked = [];
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      blocked.push(url.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10000);
    const pageErrors = [];
    page.on('pageerror', (e) => { pageErrors.push(e.message); console.log(`  page error: ${e.stack || e.message}`); });
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) console.log(`  console: ${m.text()}`); });

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    for (const test of TESTS) {
      if (ONLY && !test.name.includes(ONLY)) continue;
      pageErrors.length = 0;
      try {
        if (server.exited() !== null) throw new Error(`the server is not running (it exited: ${server.exited()})`);
        await test({ page, base: server.base, artifacts: ARTIFACTS, startServer: (env) => startServer(tmp, env), stopServer });
        if (server.exited() !== null) throw new Error(`the server exited during the test (${server.exited()})`);
        if (pageErrors.length) throw new Error(`uncaught error in the page: ${pageErrors.join('; ')}`);
        passed++;
        console.log(`ok   ${test.name}`);
      } catch (e) {
        failed++;
        console.log(`FAIL ${test.name}: ${e.message.split('\n')[0]}`);
        if (server.exited() !== null && e.message.startsWith('the server is not running')) continue;
        const shot = path.join(ARTIFACTS, `${test.name}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.log(`     url ${page.url()}, screenshot ${path.relative(process.cwd(), shot)}`);
        if (server.exited() !== null) console.log(`     the server has exited (${server.exited()})`);
      }
    }
    if (blocked.length) console.log(`note: blocked ${blocked.length} request(s) beyond loopback, e.g. ${blocked[0]}`);
  } catch (e) {
    failed++;
    console.log(`FAIL setup: ${e.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await stopServer(server.proc);
    if (reportsLeftBehind.length) {
      failed++;
      console.log(`FAIL temp files: a server stopped cleanly left ${reportsLeftBehind.join(', ')}`);
    }
    if (failed && fs.existsSync(path.join(tmp, 'server.log'))) {
      const log = fs.readFileSync(path.join(tmp, 'server.log'), 'utf8').split('\n').slice(-30).join('\n');
      if (log.trim()) console.log(`--- last lines of the server log ---\n${log}`);
    }
    if (KEEP) console.log(`kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
