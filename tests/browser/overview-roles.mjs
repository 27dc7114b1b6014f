// overview-roles.mjs — browser tests of issue 9 #3–4: the overview of each role. The city sees the
// district ranking table and the 重大隐患 figures of GET /stats/overview; Kunshan its towns under its
// own name; a department (ajj) its sectors under its name; a unit user its rating, points and what
// to do next. None but the city is shown "全市". The changes page pages its lists. Each test logs in
// itself and leaves a screenshot of the overview in artifacts/overview-<role>.png.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { apiGet, assert, eq, loginAs, until } from './assert.mjs';

const ARTIFACTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'artifacts');

const apiPost = (page, p, body) => page.evaluate(async ([u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: 'POST', credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [p, body]);

// Opens the overview, waits for its data and charts, and keeps a screenshot for the eye.
async function openOverview(page, base, shot) {
  await page.goto(`${base}/#/overview`);
  await page.getByTestId('stat-risks').waitFor();
  await until(async () => (await page.getByTestId('loading').count()) === 0, 'the overview loaded');
  await until(async () => (await page.getByTestId('grade-chart').getAttribute('data-ready')) === 'true', 'the grade chart');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(ARTIFACTS, `overview-${shot}.png`), fullPage: true });
  return apiGet(page, '/stats/overview');
}

async function noCityWideText(page, who) {
  const text = await page.locator('main, .content, body').first().innerText();
  assert(!text.includes('全市'), `no 全市 on the overview of ${who}`);
}

async function cityOverviewRanksTheDistricts({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const ov = await openOverview(page, base, 'admin');
  eq(ov.territory.kind, 'city', 'the territory of the city office');
  await page.getByRole('heading', { name: '苏州市安全风险总览' }).waitFor();
  const table = page.getByTestId('ranking');
  eq(await table.getAttribute('data-level'), 'district', 'the city ranks districts');
  await page.getByRole('heading', { name: '区县排名' }).waitFor();
  const rows = table.getByTestId('ranking-row');
  eq(await rows.count(), ov.ranking.items.length, 'one row per district');
  eq(await rows.count(), 10, 'ten districts ranked');
  eq(await rows.first().getAttribute('data-code'), ov.ranking.items[0].code, 'the first district as the API ranks it');
  for (const h of ['红色单位', 'Ⅰ级风险点', 'Ⅱ级风险点', '逾期隐患', '整改率']) {
    await table.getByRole('columnheader', { name: h }).waitFor();
  }
  eq(Number(await page.getByTestId('hz-major-open').getAttribute('data-value')), ov.hazards.major_open, '未销号重大隐患');
  eq(Number(await page.getByTestId('hz-major-overdue').getAttribute('data-value')), ov.hazards.major_overdue, '逾期重大隐患');
  eq(Number(await page.getByTestId('hz-major-listed').getAttribute('data-value')), ov.hazards.major_listed, '挂牌督办');
  if (ov.hazards.by_quarter.length) {
    await until(async () => (await page.getByTestId('hazard-trend').getAttribute('data-ready')) === 'true', 'the hazard trend chart');
  }
  // Industries, not activities: the chart's categories are GB/T 4754 sections.
  eq(ov.industries.by, 'section', 'the city counts by section');
  assert(ov.industries.items.every((s) => /^[A-T]$/.test(s.code)), 'only sections in the industry chart');
  await until(async () => (await page.getByTestId('sector-chart').getAttribute('data-ready')) === 'true', 'the industry chart');
  const chartText = await page.getByTestId('sector-chart').innerText();
  assert(!chartText.includes('有限空间作业'), 'no activity (有限空间作业) among the industries');
  // Thousands separators: the units tile of a number over 999 shows a comma.
  if (ov.risks > 999) assert((await page.getByTestId('stat-risks').textContent()).includes(','), 'thousands separator in the risk points tile');
}

async function kunshanOverviewRanksItsTowns({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const ov = await openOverview(page, base, 'kunshan');
  eq(ov.territory.name_cn, '昆山市', 'the territory of kunshan');
  await page.getByRole('heading', { name: '昆山市安全风险总览' }).waitFor();
  const table = page.getByTestId('ranking');
  eq(await table.getAttribute('data-level'), 'town', 'a district ranks its towns');
  const codes = await table.getByTestId('ranking-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
  assert(codes.length > 1, 'towns ranked');
  assert(codes.every((c) => c.startsWith('320583') && c.length === 9), `only towns of 昆山市 (${codes.slice(0, 3)})`);
  eq(await page.getByTestId('overview-map').count(), 0, 'no city-wide district map for a district');
  await noCityWideText(page, 'kunshan');
}

async function departmentOverviewShowsItsSectors({ page, base }) {
  await loginAs(page, base, 'ajj', 'ajj12345');
  const ov = await openOverview(page, base, 'ajj');
  eq(ov.territory.kind, 'dept', 'the territory of a department');
  await page.getByRole('heading', { name: `${ov.territory.name_cn}安全风险总览` }).waitFor();
  assert(ov.territory.name_cn.includes('应急管理局') || ov.territory.name_cn.includes('安'), `the department's name (${ov.territory.name_cn})`);
  eq(ov.industries.by, 'sector', 'a department counts its sectors');
  await page.getByRole('heading', { name: '本部门监管行业的风险点' }).waitFor();
  await noCityWideText(page, 'ajj');
}

async function unitOverviewShowsItsOwnPage({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const open = await apiGet(page, '/hazards?open=1&region=320583&limit=50');
  const withUnit = (open.items || []).find((h) => h.unit_id);
  const unitId = withUnit ? withUnit.unit_id : (await apiGet(page, '/units?limit=1&region=320583')).items[0].id;
  const login = `ovunit.${Date.now() % 1000000}`;
  const r = await apiPost(page, '/users', { login, role: 'unit', unit_id: unitId, password: 'unit-pw-12345' });
  eq(r.status, 201, `POST /users for a unit account (${JSON.stringify(r.body).slice(0, 100)})`);
  await loginAs(page, base, login, 'unit-pw-12345');
  const ov = await openOverview(page, base, 'unit');
  eq(ov.unit.id, unitId, 'the overview answers the unit');
  const panel = page.getByTestId('overview-unit');
  eq(await panel.getAttribute('data-unit'), String(unitId), 'the unit panel');
  eq(await page.getByTestId('unit-own-rating').getAttribute('data-color'), ov.unit.rating, 'its rating');
  await page.getByRole('heading', { name: `${ov.unit.name}安全风险总览` }).waitFor();
  if (ov.unit.open_hazards.length) {
    eq(await page.getByTestId('todo-hazard').count(), ov.unit.open_hazards.length, 'each open hazard is a thing to do');
  }
  eq(await page.getByTestId('ranking').count(), 0, 'no ranking for a unit');
  await noCityWideText(page, 'a unit user');
}

async function changesPageHasAQuarterPickerAndPages({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const all = await apiGet(page, '/risks/changes?limit=1');
  const kind = ['new', 'overdue_review', 'raised', 'lowered'].find((k) => all.counts[k] > 50);
  await page.goto(`${base}/#/changes`);
  const picker = page.getByTestId('quarter-picker');
  await picker.waitFor();
  eq(await picker.inputValue(), all.quarter, 'the current quarter picked');
  if (!kind) return;
  const list = page.getByTestId(`changes-${kind}`);
  await until(async () => (await list.getByTestId('change-row').count()) === 50, 'fifty rows on the first page');
  const n = all.counts[kind].toLocaleString('zh-CN');
  eq((await list.getByTestId(`changes-${kind}-range`).textContent()).trim(), `第 1–50 条，共 ${n} 条`, 'the range line');
  const first = await list.getByTestId('change-row').first().textContent();
  await list.getByRole('button', { name: '下一页' }).click();
  await until(async () => (await list.getAttribute('data-offset')) === '50', 'the second page');
  assert((await list.getByTestId('change-row').first().textContent()) !== first, 'other rows on the second page');
  assert((await list.getByTestId(`changes-${kind}-range`).textContent()).startsWith('第 51–'), 'the range of the second page');
  await list.getByRole('button', { name: '上一页' }).click();
  await until(async () => (await list.getAttribute('data-offset')) === '0', 'back on the first page');
}

export const OVERVIEW_TESTS = [
  cityOverviewRanksTheDistricts,
  kunshanOverviewRanksItsTowns,
  departmentOverviewShowsItsSectors,
  unitOverviewShowsItsOwnPage,
  changesPageHasAQuarterPickerAndPages,
];
