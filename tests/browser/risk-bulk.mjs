// risk-bulk.mjs — browser tests of 复制到其他单位 (copying risk points to many units at once, on a
// unit's page) and 标记为已复核 (a risk point's review date), run by run.mjs after the other tests:
// admin copies two points of a Kunshan unit to two other Kunshan units through the panel (each
// target gets two more points, checked through the API); kunshan's unit search offers only Kunshan
// units (a Wujiang unit is never offered), and when a chosen target moves to Wujiang before the copy
// (the city office changes its region meanwhile) the server's 403 is shown with the refused unit and
// nothing is created; 标记为已复核 sets today's date and bumps the version, and the expert has no
// such button. Each test logs in itself, so `--only` works.

import { apiGet, assert, eq, loginAs, until } from './assert.mjs';

const apiWrite = (page, method, p, body) => page.evaluate(async ([m, u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: m, credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [method, p, body]);

// Another user's session, from Node (loopback only): "someone else changes it meanwhile".
async function otherSession(base, login, password) {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }) });
  if (!r.ok) throw new Error(`${login} could not log in from the test (${r.status})`);
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  const { csrf } = await r.json();
  return async (method, p, body) => {
    const res = await fetch(`${base}/api/v1${p}`, { method, body: body ? JSON.stringify(body) : undefined,
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json', Accept: 'application/json' } });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}

const activeRisks = async (page, unitId) => {
  const r = await apiGet(page, `/units/${unitId}/risks`);
  assert(r.items, `risk points of unit ${unitId} readable (${r.status || ''})`);
  return r.items.filter((x) => x.status !== 'archived');
};

// Kunshan units (as the logged-in user), the first with at least two active points as the source.
async function kunshanUnits(page) {
  const list = (await apiGet(page, '/units?region=320583&status=active&limit=60')).items || [];
  let source = null;
  for (const u of list) {
    if ((await activeRisks(page, u.id)).length >= 2) { source = u; break; }
  }
  assert(source, 'a Kunshan unit with two active risk points');
  return { source, others: list.filter((u) => u.id !== source.id) };
}

// The unit's page with its risk list loaded; ticks the first `n` points and opens the copy panel.
async function openCopyPanel(page, base, unitId, n) {
  await page.goto(`${base}/#/units/${unitId}`);
  await page.getByTestId('unit-risks-table').waitFor();
  const picks = page.getByTestId('unit-risk-pick');
  await until(async () => (await picks.count()) >= n, `${n} risk points to tick`);
  const ids = [];
  for (let i = 0; i < n; i++) {
    await picks.nth(i).check();
    ids.push(Number(await page.getByTestId('unit-risk-row').nth(i).getAttribute('data-id')));
  }
  eq(page.url().endsWith(`#/units/${unitId}`), true, 'ticking a point stays on the unit page');
  await page.getByTestId('copy-open').click();
  const panel = page.getByTestId('copy-panel');
  await panel.waitFor();
  await until(async () => (await panel.getByTestId('copy-found').getAttribute('data-state')) === 'ok', 'the first unit search');
  return { panel, ids };
}

// Searches the panel by name (every district and sector) and ticks the unit.
async function chooseTarget(panel, unit) {
  await panel.getByLabel('行业').selectOption('');
  await panel.getByLabel('单位名称').fill(unit.name);
  const box = panel.locator(`[data-testid="copy-unit"][data-id="${unit.id}"] input[type="checkbox"]`);
  await box.waitFor();
  await box.check();
  await panel.locator(`[data-testid="copy-chosen-unit"][data-id="${unit.id}"]`).waitFor();
}

// (a) admin: two points of a Kunshan unit to two other Kunshan units.
async function adminCopiesTwoRiskPointsToTwoKunshanUnits({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const { source, others } = await kunshanUnits(page);
  const targets = others.slice(0, 2);
  eq(targets.length, 2, 'two other Kunshan units');
  const before = await Promise.all(targets.map(async (u) => (await activeRisks(page, u.id)).length));

  const { panel, ids } = await openCopyPanel(page, base, source.id, 2);
  eq(await panel.getByLabel('区县').inputValue(), '320583', 'the search starts in the source unit\'s district');
  eq(await panel.getByLabel('行业').inputValue(), source.sector, 'and in its sector');
  for (const u of targets) await chooseTarget(panel, u);
  eq(await panel.getByTestId('copy-chosen-unit').count(), 2, 'two targets chosen');
  const submit = panel.getByTestId('copy-submit');
  assert((await submit.textContent()).includes('复制 2 个风险点到 2 家单位'), 'the button says what will be copied');
  await submit.click();
  const done = panel.getByTestId('copy-result');
  await done.waitFor();
  assert((await done.textContent()).includes('新增 4 个风险点'), `the result names 4 new points: ${await done.textContent()}`);

  const names = (await activeRisks(page, source.id)).filter((r) => ids.includes(r.id)).map((r) => r.name).sort();
  for (const [i, u] of targets.entries()) {
    const after = await activeRisks(page, u.id);
    eq(after.length, before[i] + 2, `risk points of target unit ${u.id} after the copy`);
    const copied = after.filter((r) => names.includes(r.name)).map((r) => r.name);
    assert(names.every((n) => copied.includes(n)), `unit ${u.id} has both copied points (${names.join(', ')})`);
  }
}

// (b) kunshan: the search offers Kunshan units only; Wujiang is never offered.
async function kunshanCopySearchOffersOnlyKunshanUnits({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const wujiang = ((await apiGet(page, '/units?region=320509&status=active&limit=1')).items || [])[0];
  assert(wujiang, 'a Wujiang unit (as admin)');
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const { source } = await kunshanUnits(page);
  const { panel } = await openCopyPanel(page, base, source.id, 1);
  const regionsShown = async () => panel.getByTestId('copy-unit').evaluateAll((els) => els.map((e) => e.dataset.region));

  await panel.getByLabel('行业').selectOption('');
  await until(async () => (await panel.getByTestId('copy-found').getAttribute('data-state')) === 'ok'
    && (await panel.getByTestId('copy-unit').count()) > 0, 'Kunshan units listed');
  const shown = await regionsShown();
  assert(shown.every((r) => r.startsWith('320583')), `kunshan is offered Kunshan units only: ${shown.join(', ')}`);

  // The Wujiang unit by name, in every district: not offered.
  await panel.getByLabel('区县').selectOption('');
  await panel.getByLabel('单位名称').fill(wujiang.name);
  await until(async () => (await panel.getByTestId('copy-found').getAttribute('data-state')) === 'ok', 'the name search');
  eq(await panel.locator(`[data-testid="copy-unit"][data-id="${wujiang.id}"]`).count(), 0, 'the Wujiang unit is not offered');
  assert((await regionsShown()).every((r) => r.startsWith('320583')), 'only Kunshan units for a Wujiang name');

  // 吴江区 as the district: the server refuses the search, and the panel says so.
  await panel.getByLabel('单位名称').fill('');
  await panel.getByLabel('区县').selectOption('320509');
  await until(async () => (await panel.getByTestId('copy-found').getAttribute('data-state')) !== 'busy', 'the Wujiang search');
  eq(await panel.getByTestId('copy-unit').count(), 0, 'no unit offered in Wujiang');
  assert((await panel.getByRole('alert').allTextContents()).some((s) => s.includes('320509')), 'the server\'s refusal of the Wujiang search is shown');
}

// (b) kunshan chooses a Kunshan unit; before the copy the city office moves it to Wujiang: the
// server refuses (403 naming the unit), the panel shows the message and that nothing was created.
async function kunshanCopyToAUnitNowInWujiangIsRefused({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const wujiang = ((await apiGet(page, '/units?region=320509&status=active&limit=1')).items || [])[0];
  assert(wujiang, 'a Wujiang unit (as admin)');
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const { source, others } = await kunshanUnits(page);
  const target = others[others.length - 1];
  const sourceBefore = (await activeRisks(page, source.id)).length;

  const { panel } = await openCopyPanel(page, base, source.id, 2);
  await chooseTarget(panel, target);

  const admin = await otherSession(base, 'admin', 'admin123');
  const unit = (await admin('GET', `/units/${target.id}`)).body;
  const moved = await admin('PATCH', `/units/${target.id}`, { region: wujiang.region, lon: wujiang.lon, lat: wujiang.lat, version: unit.version });
  eq(moved.status, 200, `the city office moves unit ${target.id} to Wujiang (${JSON.stringify(moved.body)})`);
  try {
    const targetBefore = (await admin('GET', `/units/${target.id}/risks`)).body.items.filter((r) => r.status !== 'archived').length;
    await panel.getByTestId('copy-submit').click();
    const err = panel.getByTestId('copy-error');
    await err.waitFor();
    const text = await err.textContent();
    assert(text.includes(String(target.id)), `the message names unit ${target.id}: ${text}`);
    assert(text.includes('未复制任何风险点'), `the panel says nothing was copied: ${text}`);
    await panel.locator(`[data-testid="copy-chosen-unit"][data-id="${target.id}"][data-refused="1"]`).waitFor();
    eq(await panel.getByTestId('copy-result').count(), 0, 'no success message');
    const targetAfter = (await admin('GET', `/units/${target.id}/risks`)).body.items.filter((r) => r.status !== 'archived').length;
    eq(targetAfter, targetBefore, 'risk points of the refused unit');
    eq((await activeRisks(page, source.id)).length, sourceBefore, 'risk points of the source unit');
  } finally {
    const now = (await admin('GET', `/units/${target.id}`)).body;
    const back = await admin('PATCH', `/units/${target.id}`, { region: unit.region, lon: unit.lon, lat: unit.lat, version: now.version });
    eq(back.status, 200, `unit ${target.id} moved back to Kunshan`);
  }
}

const todayInPage = (page) => page.evaluate(() => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
});

// (c) 标记为已复核: today's date, the next version; the expert has no button.
async function markReviewedSetsTodayAndBumpsTheVersion({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const { source } = await kunshanUnits(page);
  const risk = (await activeRisks(page, source.id))[0];
  // An old review date first, so today's is a change.
  const old = await apiWrite(page, 'PATCH', `/risks/${risk.id}`, { reviewed_at: '2026-01-05', version: risk.version });
  eq(old.status, 200, `an old review date (${JSON.stringify(old.body)})`);
  const v = old.body.version;

  await page.goto(`${base}/#/risks/${risk.id}`);
  const shown = page.getByTestId('risk-reviewed');
  await until(async () => (await shown.getAttribute('data-date')) === '2026-01-05', 'the old review date shown');
  assert((await shown.textContent()).includes('复核日期'), 'the review date is labelled 复核日期');
  eq(await page.getByTestId('risk-version').textContent(), String(v), 'the version shown');
  await page.getByRole('button', { name: '标记为已复核' }).click();
  const today = await todayInPage(page);
  await until(async () => (await shown.getAttribute('data-date')) === today, `the review date ${today} shown`);
  eq(await page.getByTestId('risk-version').textContent(), String(v + 1), 'the version after the review');
  assert((await page.getByTestId('form-info').textContent()).includes(today), 'the confirmation names the date');
  const stored = await apiGet(page, `/risks/${risk.id}`);
  eq(String(stored.reviewed_at).slice(0, 10), today, 'reviewed_at stored');
  eq(stored.version, v + 1, 'version stored');
}

async function expertSeesNoReviewButton({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const { source } = await kunshanUnits(page);
  const risk = (await activeRisks(page, source.id))[0];
  await loginAs(page, base, 'expert', 'expert123');
  await page.goto(`${base}/#/risks/${risk.id}`);
  await page.getByTestId('risk-reviewed').waitFor();
  eq(await page.getByRole('button', { name: '标记为已复核' }).count(), 0, 'no 标记为已复核 for the expert');
  // Nor the copy choice on the unit's page.
  await page.goto(`${base}/#/units/${source.id}`);
  await page.getByTestId('unit-risks-table').waitFor();
  eq(await page.getByTestId('copy-open').count(), 0, 'no 复制到其他单位 for the expert');
  eq(await page.getByTestId('unit-risk-pick').count(), 0, 'no risk point ticks for the expert');
}

export const RISK_BULK_TESTS = [
  adminCopiesTwoRiskPointsToTwoKunshanUnits,
  kunshanCopySearchOffersOnlyKunshanUnits,
  kunshanCopyToAUnitNowInWujiangIsRefused,
  markReviewedSetsTodayAndBumpsTheVersion,
  expertSeesNoReviewButton,
];
