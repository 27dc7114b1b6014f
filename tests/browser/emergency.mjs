// emergency.mjs — browser tests of issue 13 (resources, plans, capability, snapshots), run by
// run.mjs: a risk point's page lists the same nearest resources as the API, nearest first, and
// the map's resource layer draws them; a new major hazard source appears on the plan gaps page,
// its own page says it has no plan, a plan added on the unit's page covers it and it leaves the
// gaps; a capability checklist with one drill a year is scored with the drills item weak; two
// snapshots around a raised risk point compare with that one raise in Kunshan's row, and the
// export carries the table. Screenshots go to artifacts/. Each test logs in itself.

import path from 'node:path';
import { assert, eq, until } from './assert.mjs';

const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);
const apiSend = (page, method, p, body) => page.evaluate(async ([m, u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: m, credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json() };
}, [method, p, body]);

async function loginAs(page, base, user, password) {
  await page.goto(`${base}/`);
  await page.evaluate(async () => {
    const s = await fetch('/api/v1/session', { credentials: 'same-origin' });
    if (!s.ok) return;
    const { csrf } = await s.json();
    await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } });
  });
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

let serial = 0;
const creditCode = (() => {
  const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  return (region) => {
    const body = `91${region}${String(Date.now() % 1e6).padStart(6, '0')}${String(++serial % 1000).padStart(3, '0')}`.slice(0, 17);
    const sum = [...body].reduce((s, c, i) => s + CH.indexOf(c) * W[i], 0);
    return body + CH[(31 - (sum % 31)) % 31];
  };
})();

async function kunshanUnit(page, tag) {
  const u = await apiSend(page, 'POST', '/units', {
    credit_code: creditCode('320583'), name: `应急测试${tag}${Date.now() % 100000}`, sector: 'C01', region: '320583',
    lon: 120.955, lat: 31.384, size_class: 'below', employees: 20, address: '测试地址',
  });
  assert(u.status === 201, `unit: ${u.status} ${JSON.stringify(u.body)}`);
  return u.body;
}

async function riskPageListsTheNearestResources({ page, base, artifacts }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const r = await apiGet(page, '/risks?region=320583&limit=50');
  const risk = (r.items || []).find((x) => typeof x.lon === 'number');
  assert(risk, 'a Kunshan risk point with a position');
  const want = await apiGet(page, `/resources/nearest?risk=${risk.id}&n=3`);
  assert(want.items && want.items.length > 0, 'the API finds resources near it');
  await page.goto(`${base}/#/risks/${risk.id}`);
  const rows = page.getByTestId('nearest-row');
  await until(async () => (await rows.count()) === want.items.length, `${want.items.length} nearest rows`);
  const ids = await rows.evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
  eq(JSON.stringify(ids), JSON.stringify(want.items.map((x) => x.id)), 'the page lists the API\'s nearest, in its order');
  const kinds = await rows.evaluateAll((els) => els.map((e) => e.dataset.kind));
  assert(kinds.includes('shelter') && kinds.includes('team'), `every kind is looked for: ${kinds}`);
  assert(await page.getByTestId('nearest-resources').getByText('避难场所').count() > 0, 'kinds are named in Chinese');
  await page.getByTestId('nearest-resources').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'risk-nearest-resources.png') });
  // the map's resource layer
  await page.goto(`${base}/#/map?resources=1&lat=${risk.lat}&lon=${risk.lon}&z=12`);
  const map = page.getByTestId('map');
  await until(async () => Number(await map.getAttribute('data-resources-loaded')) > 0, 'the resource layer');
  await until(async () => (await page.locator(`.resource-mark.resource-${want.items[0].id}`).count()) === 1, 'the nearest resource on the map');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, 'map-resources.png') });
  // the register: kunshan registers a shelter with the form
  await page.goto(`${base}/#/resources`);
  await page.getByTestId('res-total').waitFor();
  await page.getByTestId('res-name').fill('浏览器测试避难场所');
  await page.getByTestId('res-region').fill('320583');
  await page.getByTestId('res-lon').fill('120.955');
  await page.getByTestId('res-lat').fill('31.384');
  await page.getByTestId('res-save').click();
  await page.getByTestId('res-saved').waitFor();
  await page.getByTestId('res-filter-q').fill('浏览器测试避难场所');
  await page.getByTestId('res-filter-q').press('Enter');
  await until(async () => (await page.getByTestId('resource-row').count()) === 1, 'the new shelter listed');
}

async function plansCloseTheGapOfANewMajorSource({ page, base, artifacts }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const unit = await kunshanUnit(page, '预案');
  const inst = await apiSend(page, 'POST', `/units/${unit.id}/installations`, { name: '浏览器液氯储罐区', kind: 'storage', exposed_500m: 10, inventory: [{ cas: '7782-50-5', q: 10 }] });
  assert(inst.status === 201 && inst.body.major, `installation: ${JSON.stringify(inst.body)}`);
  await page.goto(`${base}/#/plans`);
  await until(async () => (await page.locator(`[data-testid="gap-source"][data-id="${inst.body.id}"]`).count()) === 1, 'the source listed without a plan');
  await page.locator(`[data-testid="gap-source"][data-id="${inst.body.id}"] a`).first().click();
  await page.getByTestId('source-no-plan').waitFor();
  await page.getByTestId('nearest-row').first().waitFor();
  await page.goto(`${base}/#/units/${unit.id}`);
  const panel = page.getByTestId('unit-plans');
  await panel.getByText('尚未登记应急预案').waitFor();
  await panel.getByTestId('plan-add').click();
  await page.getByTestId('plan-name').fill('液氯泄漏专项应急预案');
  await page.locator(`[data-testid="plan-source"][data-id="${inst.body.id}"]`).check();
  await page.getByTestId('plan-issued_on').fill('2024-03-01');
  await page.getByTestId('plan-drilled_on').fill('2024-05-01');
  await page.getByTestId('plan-save').click();
  await page.getByTestId('plan-saved').waitFor();
  const row = page.getByTestId('plan-row');
  await until(async () => (await row.count()) === 1, 'the plan listed on the unit page');
  eq(await row.getByTestId('plan-drill-due').getAttribute('data-overdue'), '1', 'a drill in May 2024 is overdue');
  eq(await row.getByTestId('plan-drill-due').textContent(), '2024-11-01 已逾期', 'a chemical plant (a key unit) drills every half year: due six months after May 2024');
  eq(await row.getByTestId('plan-drill-every').textContent(), '每6个月至少演练一次', 'the period is shown');
  eq(await row.getByTestId('plan-key-unit').textContent(), '重点单位', 'the unit is marked as a key unit');
  const planId = await row.getAttribute('data-id');
  assert((await row.textContent()).includes('浏览器液氯储罐区'), 'the plan names the source it covers');
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(artifacts, 'unit-plans.png') });
  await page.goto(`${base}/#/installations/${inst.body.id}`);
  await page.getByTestId('source-plans').getByTestId('plan-row').waitFor();
  await page.goto(`${base}/#/plans`);
  await page.getByTestId('plan-gaps').getByRole('heading', { name: /逾期/ }).waitFor();
  await until(async () => (await page.locator(`[data-testid="gap-source"][data-id="${inst.body.id}"]`).count()) === 0, 'the covered source leaves the gaps');
  const late = page.getByTestId('plan-gaps').locator(`[data-testid="plan-row"][data-id="${planId}"]`);
  eq(await late.getByTestId('plan-drill-due').getAttribute('data-overdue'), '1', 'the overdue drill is among the gaps');
}

async function capabilityChecklistScoresAndKeepsHistory({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/capability`);
  await page.getByTestId('cap-item').first().waitFor();
  eq(await page.getByTestId('cap-region').inputValue(), '320583', 'kunshan assesses itself by default');
  await page.getByTestId('cap-answer-drills_per_year').fill('1');
  await page.getByTestId('cap-submit').click();
  await page.getByTestId('cap-result').waitFor();
  const weak = await page.getByTestId('cap-weak').locator('li').evaluateAll((els) => els.map((e) => e.dataset.code));
  eq(JSON.stringify(weak), JSON.stringify(['drills_per_year']), 'one drill a year is the only weak item');
  const score = Number(await page.getByTestId('cap-score').textContent());
  assert(score > 90 && score < 100, `the score drops below 100: ${score}`);
  const areas = await page.getByTestId('cap-areas').locator('[data-area]').evaluateAll((els) => els.map((e) => [e.dataset.area, e.querySelector('dd').textContent]));
  const drills = areas.find(([a]) => a === 'drills');
  assert(drills && Number(drills[1]) < 100 && areas.filter(([a, v]) => a !== 'drills' && Number(v) !== 100).length === 0, `only the drills area loses points: ${JSON.stringify(areas)}`);
  await until(async () => (await page.getByTestId('cap-history-row').count()) >= 1, 'the history lists it');
}

async function snapshotsCompareShowsTheRaise({ page, base, artifacts }) {
  await loginAs(page, base, 'admin', 'admin123');
  const unit = await kunshanUnit(page, '快照');
  const risk = await apiSend(page, 'POST', `/units/${unit.id}/risks`, {
    name: '浏览器快照风险', place: '车间', method: 'lec', inputs: { L: 3, E: 6, C: 7 }, accident_types: [8],
    owner_name: '张三', owner_rank: 'gm', measures: { engineering: ['围堰'] }, consequences: '火灾',
  });
  assert(risk.status === 201 && risk.body.grade > 1, `risk: ${JSON.stringify(risk.body)}`);
  await page.goto(`${base}/#/snapshots`);
  await page.getByTestId('snapshots-page').getByRole('heading', { name: '已有快照' }).waitFor();
  await page.getByTestId('snap-label').fill('浏览器快照前');
  await page.getByTestId('snap-take-submit').click();
  await page.getByTestId('snap-taken').waitFor();
  const up = await apiSend(page, 'PATCH', `/risks/${risk.body.id}`, { inputs: { L: 10, E: 10, C: 100 }, version: risk.body.version });
  assert(up.status === 200 && up.body.grade === 1, `raise: ${JSON.stringify(up.body)}`);
  await page.getByTestId('snap-label').fill('浏览器快照后');
  await page.getByTestId('snap-take-submit').click();
  await until(async () => (await page.getByTestId('snap-taken').textContent()).includes('浏览器快照后'), 'the second snapshot');
  await page.getByTestId('snap-compare').click();
  const ks = page.locator('[data-testid="district-row"][data-code="320583"]');
  await ks.waitFor();
  eq(await ks.locator('[data-col="raised"]').textContent(), '1', 'Kunshan: one raised');
  eq(await page.getByTestId('district-total').locator('[data-col="raised"]').textContent(), '1', 'one raised in all');
  eq(await page.getByTestId('district-total').locator('[data-col="new"]').textContent(), '0', 'nothing new');
  assert(await page.locator('[data-testid="sector-row"][data-code="C01"] [data-col="raised"]').textContent() === '1', 'C01: one raised');
  const href = await page.getByTestId('snap-export').getAttribute('href');
  const csv = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  assert(csv.includes('浏览器快照前') && csv.includes('昆山市') && csv.includes('按行业'), `the CSV export: ${csv.slice(0, 200)}`);
  await page.screenshot({ path: path.join(artifacts, 'snapshot-compare.png'), fullPage: true });
}

export const EMERGENCY_TESTS = [
  riskPageListsTheNearestResources,
  plansCloseTheGapOfANewMajorSource,
  capabilityChecklistScoresAndKeepsHistory,
  snapshotsCompareShowsTheRaise,
];
