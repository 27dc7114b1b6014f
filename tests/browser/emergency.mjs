// emergency.mjs — browser tests of issue 13 (resources, plans, capability, snapshots), run by
// run.mjs: a risk point's page lists the same nearest resources as the API, nearest first, and
// the map's resource layer draws them; a new major hazard source appears on the plan gaps page,
// its own page says it has no plan, a plan added on the unit's page covers it and it leaves the
// gaps; a capability checklist with one drill a year is scored with the drills item weak; two
// snapshots around a raised risk point compare with that one raise in Kunshan's row, and the
// export carries the table. Screenshots go to artifacts/. Each test logs in itself.

import path from 'node:path';
import { assert, eq, relogin as loginAs, until } from './assert.mjs';

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

let serial = 0;
export const creditCode = (() => {
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
}

// The register's form: the city office registers a rescue team (its own checks and the server's
// name the field by its label; the position is picked on the map, then typed), edits every field
// it changed, and archives it; the list shows each state, the record's history lists create,
// update and archive, and the audit trail holds the same with the values before and after.
async function resourceIsRegisteredEditedAndArchived({ page, base, artifacts }) {
  await loginAs(page, base, 'admin', 'admin123');
  const name = `浏览器救援队${Date.now() % 100000}`;
  await page.goto(`${base}/#/resources`);
  await page.getByTestId('res-total').waitFor();
  await page.getByTestId('res-new').click();
  await page.getByTestId('resource-form').waitFor();
  await page.getByTestId('res-save').click();
  eq(await page.getByTestId('error-res-name').textContent(), '请填写资源名称', 'an empty name is named by its label');
  eq(await page.getByTestId('error-res-district').textContent(), '请填写所在区县', 'so is the district');
  eq(await page.getByTestId('error-res-lon').textContent(), '请填写经度', 'and the longitude');
  await page.getByTestId('res-name').fill(name);
  await page.getByTestId('res-kind').selectOption('team');
  await page.getByTestId('res-district').selectOption('320583');
  await page.getByTestId('res-quantity').fill('十二');
  await page.getByTestId('res-measure').fill('人');
  await page.getByTestId('res-contact_name').fill('王队长');
  await page.getByTestId('res-contact_phone').fill('0512-57000000');
  // a click on the map sets the position; the map opens on Suzhou's centre, outside Kunshan
  const map = page.getByTestId('pick-map');
  await map.click();
  await until(async () => (await page.getByTestId('res-lon').inputValue()) !== '', 'the click sets the longitude');
  const picked = [Number(await page.getByTestId('res-lon').inputValue()), Number(await page.getByTestId('res-lat').inputValue())];
  assert(Math.abs(picked[0] - 120.6) < 0.5 && Math.abs(picked[1] - 31.3) < 0.5, `the picked position is where the map shows Suzhou: ${picked}`);
  await page.getByTestId('res-save').click();
  eq(await page.getByTestId('error-res-quantity').textContent(), '数量应为数字', 'a quantity in words is refused, naming 数量');
  await page.getByTestId('res-quantity').fill('12');
  await page.getByTestId('res-save').click();
  eq(await page.getByTestId('error-res-lon').textContent(), '位置不在所选地区范围内，请核对经纬度', 'the server refuses a position outside Kunshan, under the position');
  await page.getByTestId('res-lon').fill('120.955');
  await page.getByTestId('res-lat').fill('31.384');
  await until(async () => (await page.locator('.pick-marker').count()) === 1, 'the marker shows the typed position');
  await page.screenshot({ path: path.join(artifacts, 'resource-form.png') });
  await page.getByTestId('res-save').click();
  eq(await page.getByTestId('res-saved').textContent(), `已保存“${name}”`, 'saved, back on the list');
  await page.getByTestId('res-filter-q').fill(name);
  const row = page.getByTestId('resource-row');
  await until(async () => (await row.count()) === 1, 'the new team listed');
  const id = Number(await row.getAttribute('data-id'));
  const cells = async () => (await row.locator('td').allTextContents()).map((x) => x.trim());
  let c = await cells();
  eq(JSON.stringify(c.slice(0, 7)), JSON.stringify([name, '救援队伍', '', '昆山市', '12 人', '王队长 0512-57000000', '是']), 'the list row');
  // edit: every changed field goes to the server, the list shows them
  await row.getByTestId('res-edit').click();
  await until(async () => (await page.getByTestId('res-name').inputValue()) === name, 'the form holds the stored record');
  eq(await page.getByTestId('res-lon').inputValue(), '120.955', 'the stored position');
  await page.getByTestId('res-name').fill(`${name}（改）`);
  await page.getByTestId('res-owner').fill('昆山市消防救援大队');
  await page.getByTestId('res-address').fill('昆山市前进西路1号');
  await page.getByTestId('res-quantity').fill('20');
  await page.getByTestId('res-available').selectOption('no');
  await page.getByTestId('res-dept').selectOption('AJJ');
  await page.getByTestId('res-save').click();
  eq(await page.getByTestId('res-saved').textContent(), `已保存“${name}（改）”`, 'saved');
  await page.getByTestId('res-filter-q').fill(name);
  await until(async () => (await row.count()) === 1 && (await cells())[0] === `${name}（改）`, 'the changed row');
  c = await cells();
  eq(JSON.stringify(c.slice(0, 7)), JSON.stringify([`${name}（改）`, '救援队伍', '昆山市消防救援大队', '昆山市', '20 人', '王队长 0512-57000000', '否']), 'the list row after the edit');
  const stored = await apiGet(page, `/resources/${id}`);
  eq(JSON.stringify([stored.address, stored.dept, stored.available, stored.quantity, stored.lon, stored.lat, stored.version]),
    JSON.stringify(['昆山市前进西路1号', 'AJJ', false, 20, 120.955, 31.384, 2]), 'the stored record');
  // archive from the form
  await row.getByTestId('res-edit').click();
  const history = page.getByTestId('history-entry');
  await until(async () => (await history.count()) === 2, 'the history lists the creation and the change');
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('res-archive').click();
  eq(await page.getByTestId('res-saved').textContent(), `已作废“${name}（改）”`, 'archived, back on the list');
  await page.getByTestId('res-filter-q').fill(name);
  await page.getByTestId('res-total').waitFor();
  await until(async () => (await row.count()) === 0, 'the archived team leaves the list');
  const audit = await apiGet(page, `/audit?entity=resource&id=${id}`);
  eq(JSON.stringify(audit.items.map((x) => x.action)), JSON.stringify(['create', 'update', 'archive']), 'audited: create, update, archive');
  const change = audit.items[1];
  const [before, after] = [change.before, change.after].map((x) => (typeof x === 'string' ? JSON.parse(x) : x));
  eq(JSON.stringify([before.quantity, after.quantity, before.available, after.available]), JSON.stringify([12, 20, true, false]), 'the change records the values before and after');
  eq((await apiGet(page, `/resources/${id}`)).status, 'archived', 'the record is archived');
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
  resourceIsRegisteredEditedAndArchived,
  riskPageListsTheNearestResources,
  plansCloseTheGapOfANewMajorSource,
  capabilityChecklistScoresAndKeepsHistory,
  snapshotsCompareShowsTheRaise,
];
