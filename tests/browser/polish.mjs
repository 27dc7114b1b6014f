// polish.mjs — browser tests of issue 9 #4, run by run.mjs before the hazard tests (the public
// report here must come before theirs uses up the address's quota): the read-only unit page with
// its edit button, hazards and rating; breadcrumbs on record pages; a hazard that says who takes
// the next step; an account's name and phone; a unit account's form with its district, town and
// department locked; the public report's place picked on a map, with a photo. Each test logs in
// itself, so `--only` works.

import { apiGet, assert, eq, loginAs, logout, until } from './assert.mjs';

const apiSend = (page, method, p, body) => page.evaluate(async ([m, u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: m, credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [method, p, body]);

const crumbs = async (page) => (await page.getByTestId('breadcrumbs').locator('li').allTextContents()).map((s) => s.trim());
const stamp = () => `${Date.now() % 1000000}`;
const state = {};

// A Kunshan unit with hazards and risk points (the demo has some).
async function busyUnit(page) {
  if (state.unit) return state.unit;
  const hz = await apiGet(page, '/hazards?region=320583&limit=200');
  const ids = [...new Set(hz.items.filter((h) => h.unit_id).map((h) => h.unit_id))];
  for (const id of ids) {
    const risks = await apiGet(page, `/units/${id}/risks`);
    if (risks.items && risks.items.length) { state.unit = await apiGet(page, `/units/${id}`); return state.unit; }
  }
  state.unit = await apiGet(page, `/units/${ids[0]}`);
  return state.unit;
}

async function unitPageIsReadOnlyWithItsHazards({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const u = await busyUnit(page);
  const hz = await apiGet(page, `/hazards?unit_id=${u.id}&limit=50`);
  await page.goto(`${base}/#/units/${u.id}`);
  await page.getByRole('heading', { name: u.name, level: 1 }).waitFor();
  eq(await page.locator('#u-name').count(), 0, 'no form on the unit page');
  eq(await page.locator('input:not([type=checkbox])').count(), 0, 'nothing to type into');
  eq((await page.locator('[data-field="credit_code"]').textContent()).trim(), u.credit_code, 'the credit code shown');
  await page.getByTestId('rating-reason').waitFor();
  const rows = page.getByTestId('unit-hazard-row');
  await until(async () => (await rows.count()) === hz.items.length, `the unit's ${hz.items.length} hazards`);
  const listed = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.id)));
  eq(JSON.stringify(listed.sort()), JSON.stringify(hz.items.map((h) => h.id).sort()), 'the same hazards as the API');
  await page.getByTestId('unit-risks-table').waitFor();
  await page.getByTestId('unit-edit').click();
  await until(() => page.url().endsWith(`#/units/${u.id}/edit`), 'the edit button opens the form');
  await until(async () => (await page.getByLabel('单位名称').inputValue()) === u.name, 'the form holds the unit');
  eq(JSON.stringify(await crumbs(page)), JSON.stringify(['首页', '生产经营单位', u.name, '编辑']), 'the form\'s breadcrumbs');
  await page.getByTestId('unit-cancel').click();
  await until(() => page.url().endsWith(`#/units/${u.id}`), 'cancel returns to the unit page');
  await rows.first().click();
  await until(() => /#\/hazards\/\d+$/.test(page.url()), 'a hazard row opens the hazard');
}

async function recordPagesHaveBreadcrumbs({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const u = await busyUnit(page);
  await page.goto(`${base}/#/units/${u.id}`);
  await until(async () => (await crumbs(page))[2] === u.name, 'the unit page\'s breadcrumbs');
  eq(JSON.stringify(await crumbs(page)), JSON.stringify(['首页', '生产经营单位', u.name]), 'the unit page');
  const risk = (await apiGet(page, `/units/${u.id}/risks`)).items[0];
  if (risk) {
    await page.goto(`${base}/#/risks/${risk.id}`);
    await until(async () => (await crumbs(page)).length === 4, 'the risk page\'s breadcrumbs');
    eq(JSON.stringify(await crumbs(page)), JSON.stringify(['首页', '生产经营单位', u.name, risk.name]), '首页 › 生产经营单位 › 单位 › 风险点');
    await page.getByTestId('breadcrumbs').getByRole('link', { name: u.name }).click();
    await until(() => page.url().endsWith(`#/units/${u.id}`), 'the unit crumb opens the unit');
  }
  const h = (await apiGet(page, `/hazards?unit_id=${u.id}&limit=1`)).items[0];
  await page.goto(`${base}/#/hazards/${h.id}`);
  await page.getByTestId('hazard-page').waitFor();
  const hc = await crumbs(page);
  eq(JSON.stringify(hc.slice(0, 3)), JSON.stringify(['首页', '隐患台账', u.name]), 'the hazard page');
  assert(hc[3].includes(String(h.id)), `the hazard itself last: ${hc[3]}`);
  await page.goto(`${base}/#/units/${u.id}/catalogue`);
  await until(async () => (await crumbs(page))[2] === u.name, 'the unit in the catalogue\'s breadcrumbs');
  eq((await crumbs(page)).length, 4, 'the catalogue\'s breadcrumbs');
  await page.getByTestId('breadcrumbs').getByRole('link', { name: '首页' }).click();
  await until(() => /#\/(overview)?$/.test(page.url()), '首页 goes home');
}

async function aHazardSaysWhoTakesTheNextStep({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const u = await busyUnit(page);
  const login = `p9w${stamp()}`;
  const acc = await apiSend(page, 'POST', '/users', { login, role: 'district', region: '320583', password: 'pass-word-9', name: '王建国' });
  eq(acc.status, 201, 'an account with a name');
  const made = await apiSend(page, 'POST', '/hazards', { unit_id: u.id, source: 'inspection', grade: 'general', description: `消防通道堵塞${stamp()}`, location: '仓库', found_by: login });
  eq(made.status, 201, 'a hazard found by it');
  await loginAs(page, base, 'expert', 'expert123');
  await page.goto(`${base}/#/hazards/${made.body.id}`);
  await page.getByTestId('hz-no-actions').waitFor();
  eq((await page.getByTestId('hz-next-step').textContent()).trim(), `下一步：由 ${u.name} 登记`, 'who registers it');
  eq((await page.getByTestId('hz-found-by').textContent()).trim(), `王建国（${login}）`, '发现人 by name');
  await loginAs(page, base, 'admin', 'admin123');
  eq((await apiSend(page, 'POST', `/hazards/${made.body.id}/transition`, { to: 'registered' })).status, 200, 'registered');
  await loginAs(page, base, 'expert', 'expert123');
  await page.goto(`${base}/#/units`);
  await page.goto(`${base}/#/hazards/${made.body.id}`);
  await until(async () => (await page.getByTestId('hz-next-step').getAttribute('data-to')) === 'assessed', 'the next step moved on');
  eq((await page.getByTestId('hz-next-step').textContent()).trim(), '下一步：由 昆山市 评估', 'the district assesses it');
}

async function aUnitAccountCannotChangeItsPlace({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const u = await busyUnit(page);
  const login = `p9u${stamp()}`;
  eq((await apiSend(page, 'POST', '/users', { login, role: 'unit', unit_id: u.id, password: 'unit-pass-9' })).status, 201, 'a unit account');
  await loginAs(page, base, login, 'unit-pass-9');
  await page.goto(`${base}/#/units/${u.id}`);
  await page.getByTestId('unit-edit').click();
  await until(async () => (await page.getByLabel('单位名称').inputValue()) === u.name, 'its form');
  for (const id of ['u-region', 'u-town', 'u-dept']) eq(await page.locator(`#${id}`).isDisabled(), true, `${id} is locked`);
  for (const id of ['u-name', 'u-address', 'u-contact_phone']) eq(await page.locator(`#${id}`).isDisabled(), false, `${id} is open`);
  await page.getByTestId('unit-own-place').waitFor();
  // Forced through the API, the server refuses and names the field.
  const r = await apiSend(page, 'PATCH', `/units/${u.id}`, { dept: u.dept === 'AJJ' ? 'JTJ' : 'AJJ' });
  eq(r.status, 403, 'the server refuses a new department');
  eq(r.body.error.field, 'dept', 'naming the field');
  await page.getByLabel('联系电话').fill('0512-57009999');
  await page.getByRole('button', { name: '保存' }).click();
  await until(() => page.url().endsWith(`#/units/${u.id}`), 'saved and back on the unit page');
  eq((await page.getByTestId('toast').textContent()).trim(), '已保存', 'the confirmation');
  await loginAs(page, base, 'admin', 'admin123');
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function publicReportPicksThePlaceOnAMap({ page, base }) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  await logout(page);
  await page.goto(`${base}/#/report`);
  await page.reload();
  const map = page.getByTestId('report-map');
  await map.waitFor();
  const box = await map.boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await until(async () => (await page.getByLabel('经度').inputValue()) !== '', 'the click sets the longitude');
  const lon = Number(await page.getByLabel('经度').inputValue());
  const lat = Number(await page.getByLabel('纬度').inputValue());
  assert(Math.abs(lon - 120.62) < 0.05 && Math.abs(lat - 31.3) < 0.05, `the map's centre: ${lon}, ${lat}`);
  await until(async () => (await page.locator('path.report-pick').count()) === 1, 'a marker where it was clicked');
  const desc = `群众举报：仓库门口堆放油桶${stamp()}`;
  await page.getByLabel('隐患情况').fill(desc);
  await page.getByLabel('地址').fill('姑苏区人民路 1 号');
  await page.getByLabel('现场照片').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/public/reports')),
    page.getByTestId('report-submit').click(),
  ]);
  const sent = res.request().postDataJSON();
  eq(sent.photo, PNG, 'the photo sent in base64');
  eq(res.status(), 201, `the report (${await res.text()})`);
  await page.getByTestId('report-done').waitFor();
  const id = (await res.json()).id;
  await loginAs(page, base, 'admin', 'admin123');
  const h = await apiGet(page, `/hazards/${id}`);
  eq(h.description, desc, 'the report as a hazard');
  assert(Math.abs(h.lon - lon) < 1e-5 && Math.abs(h.lat - lat) < 1e-5, 'at the place picked');
  eq(h.attachments.length, 1, 'with its photo');
  eq(h.attachments[0].content_type, 'image/png', 'a PNG');
}

async function anAccountCarriesANameAndPhone({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const login = `p9a${stamp()}`;
  eq((await apiSend(page, 'POST', '/users', { login, role: 'expert', password: 'pass-word-9' })).status, 201, 'an account');
  await page.goto(`${base}/#/accounts?q=${login}`);
  const row = page.getByTestId('account-row').filter({ hasText: login });
  await row.waitFor();
  await row.getByTestId('account-person-edit').click();
  const form = page.getByTestId('person-form');
  await form.getByLabel('姓名').fill('李秀英');
  await form.getByLabel('手机/电话').fill('139 0000 1111');
  await form.getByTestId('person-save').click();
  await until(async () => (await row.getByTestId('account-person').textContent()).includes('李秀英'), 'the name in the list');
  const acc = (await apiGet(page, '/users')).items.find((a) => a.login === login);
  eq(`${acc.name}|${acc.phone}`, '李秀英|139 0000 1111', 'stored');
}

// 影响半径 reads 82.4, not 82.4283924; saving without touching it keeps the stored value (no
// change is sent), editing it stores what was typed; the preview's score is formatted.
async function riskFormRoundsTheRadius({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const list = await apiGet(page, '/risks?region=320583&limit=1');
  const r0 = list.items[0];
  const p = await apiSend(page, 'PATCH', `/risks/${r0.id}`, { impact_radius_m: 82.4283924, version: r0.version });
  eq(p.status, 200, 'set the radius');
  await page.goto(`${base}/#/risks/${r0.id}`);
  const field = page.locator('#r-impact_radius_m');
  await field.waitFor();
  await until(async () => (await field.inputValue()) === '82.4', 'the radius shown to 0.1 m');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('已保存').first().waitFor();
  const same = await apiGet(page, `/risks/${r0.id}`);
  eq(`${same.impact_radius_m}|${same.version}`, `82.4283924|${p.body.version}`, 'untouched: stored value and version kept');
  await field.fill('90.25');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await until(async () => (await apiGet(page, `/risks/${r0.id}`)).impact_radius_m === 90.25, 'the edited radius stored');
}

// The consequence method in Chinese: its inputs' labels (no "deaths"/"loss_cny") and the
// preview's explanation of the accident class → grade.
async function consequenceMethodSpeaksChinese({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const list = await apiGet(page, '/risks?region=320583&limit=1');
  await page.goto(`${base}/#/risks/${list.items[0].id}`);
  await page.locator('#r-method').selectOption('consequence');
  await page.getByTestId('factor-in-deaths').fill('3');
  await page.getByTestId('factor-in-injuries').fill('0');
  await page.getByTestId('factor-in-loss_cny').fill('2000000');
  const explain = page.getByTestId('preview-explain');
  await until(async () => (await explain.count()) && (await explain.textContent()).includes('较大事故'), 'a Chinese explanation');
  const text = await explain.textContent();
  assert(/可能死亡 3 人/.test(text) && /Ⅱ级/.test(text) && !/accident|deaths/.test(text), `explanation: ${text}`);
  const label = await page.locator('label[for="r-in-deaths"]').textContent();
  assert(label.includes('可能死亡人数') && !label.includes('deaths'), `label: ${label}`);
  await page.getByTestId('consequence-hint').waitFor();
}

// GB 6441 edition picker: defaults to the point's edition (1986), switching to 2025 shows the
// 2025 checklist with 中毒和窒息 carried over as 中毒 and 窒息, and saving stores the edition.
async function riskFormPicksTheGb6441Edition({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const r0 = (await apiGet(page, '/risks?region=320583&limit=2')).items[1];
  const p = await apiSend(page, 'PATCH', `/risks/${r0.id}`, { accident_types: [19], version: r0.version });
  eq(p.status, 200, 'tick 19 中毒和窒息 (1986)');
  const t25 = (await apiGet(page, '/accident-types?edition=2025')).items;
  const want = ((await apiGet(page, '/accident-types?edition=1986')).items.find((a) => Number(a.code) === 19).map['2025'] || []).map(Number);
  await page.goto(`${base}/#/risks/${r0.id}`);
  const ed = page.getByTestId('accident-edition');
  await ed.waitFor();
  eq(await ed.inputValue(), String(p.body.accident_edition || 1986), 'the point\'s edition');
  const boxes = page.getByTestId('accident-types').locator('input[type=checkbox]');
  await until(async () => (await boxes.count()) === 20, '1986: 20 types'); // the list loads after the form
  await ed.selectOption('2025');
  await until(async () => (await boxes.count()) === t25.length, '2025: its own checklist');
  const ticked = await page.getByTestId('accident-types').locator('input:checked').evaluateAll((els) => els.map((e) => Number(e.value)).sort((a, b) => a - b));
  eq(JSON.stringify(ticked), JSON.stringify([...want].sort((a, b) => a - b)), 'ticked types mapped to 2025');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await until(async () => (await apiGet(page, `/risks/${r0.id}`)).accident_edition === 2025, 'the edition stored');
  const after = await apiGet(page, `/risks/${r0.id}`);
  eq(JSON.stringify(after.accident_types), JSON.stringify([...want].sort((a, b) => a - b)), 'the mapped codes stored');
}

export const POLISH_TESTS = [
  riskFormRoundsTheRadius,
  riskFormPicksTheGb6441Edition,
  consequenceMethodSpeaksChinese,
  anAccountCarriesANameAndPhone,
  unitPageIsReadOnlyWithItsHazards,
  recordPagesHaveBreadcrumbs,
  aHazardSaysWhoTakesTheNextStep,
  aUnitAccountCannotChangeItsPlace,
  publicReportPicksThePlaceOnAMap,
];
