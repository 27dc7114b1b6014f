// installations.mjs — browser tests of the GB 18218 installation form on a unit's page (issue 10
// item 7): admin adds a storage installation, finds chlorine by its Chinese name and methanol by
// CAS number, sees S, R and every term recomputed as the quantities are typed (below S = 1, then
// above it, and the "choose a category" message in between), saves it, and sees its grade in the
// list, the unit's risk point raised to Ⅰ by direct determination, and the source on the map's
// 重大危险源 layer. Each test logs in itself.

import { assert, eq, until } from './assert.mjs';

const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);
const apiWrite = (page, method, p, body) => page.evaluate(async ([m, u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: m, credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [method, p, body]);

async function asAdmin(page, base) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  const who = await apiGet(page, '/session');
  if (who.user && who.user.login === 'admin') return;
  await page.goto(`${base}/#/`);
  await page.getByLabel('用户名').fill('admin');
  await page.getByLabel('密码').fill('admin123');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

async function addsAnInstallationCrossingTheThresholdAndSeesTheGrade({ page, base }) {
  await asAdmin(page, base);
  // A Kunshan demo unit with a new low risk point (LEC 1 × 1 × 15 → Ⅳ).
  const units = await apiGet(page, '/units?limit=1&region=320583');
  const uid = units.items[0].id;
  const p = await apiWrite(page, 'POST', `/units/${uid}/risks`, { name: `液氯储罐区${Date.now()}`, method: 'lec', inputs: { L: 1, E: 1, C: 15 } });
  eq(p.status, 201, 'the risk point');
  // Another test may have left a source on this unit: archive its installations first.
  for (const x of await apiGet(page, `/units/${uid}/installations`).then((r) => r.items || []))
    await apiWrite(page, 'DELETE', `/installations/${x.id}`);
  eq((await apiGet(page, `/risks/${p.body.id}`)).grade, 4, 'the point starts at Ⅳ');

  await page.goto(`${base}/#/units/${uid}`);
  const panel = page.getByTestId('unit-installations');
  await panel.getByTestId('inst-new').click();
  const form = page.getByTestId('inst-form');
  await form.getByLabel('单元名称').fill('液氯及甲醇储罐区');
  await form.getByLabel('厂区边界外 500 米内人数').fill('60');
  // Line 1: chlorine by its Chinese name, picked from the Table 1 suggestions.
  const line1 = form.getByTestId('inst-line').nth(0);
  await line1.getByTestId('inst-substance').fill('氯');
  await line1.getByTestId('inst-suggestion').filter({ hasText: '7782-50-5' }).click();
  await line1.getByTestId('inst-q').fill('4');
  const live = form.getByTestId('inst-live');
  await until(async () => (await live.getAttribute('data-major')) === '0' && (await form.getByTestId('inst-S').textContent()) === '0.8',
    'S = 0.8 below the threshold');
  assert((await form.getByTestId('inst-major').textContent()).includes('不构成'), 'not a major hazard source yet');
  // 12 t: S = 2.4, α 1.5, R = 1.5 × 4 × 2.4 = 14.4 → 三级.
  await line1.getByTestId('inst-q').fill('12');
  await until(async () => (await live.getAttribute('data-grade')) === '3', 'grade 三级 at 12 t', 10000);
  eq(await form.getByTestId('inst-R').textContent(), '14.4', 'R');
  eq(await form.getByTestId('inst-alpha').textContent(), '1.5', 'α for 60 people');
  const term = form.getByTestId('inst-term').first();
  assert((await term.textContent()).includes('表3'), 'chlorine takes β from Table 3');
  // Line 2: methanol by CAS number needs its category for β.
  await form.getByTestId('inst-add-line').click();
  const line2 = form.getByTestId('inst-line').nth(1);
  await line2.getByTestId('inst-substance').fill('67-56-1');
  await line2.getByTestId('inst-q').fill('800');
  await until(async () => (await form.getByTestId('inst-live-error').count()) === 1, 'the category message');
  assert((await form.getByTestId('inst-live-error').textContent()).includes('危险性类别'), 'the message asks for the category');
  await line2.getByTestId('inst-category').selectOption('W5.3');
  // S = 2.4 + 1.6 = 4; R = 1.5 × (9.6 + 1.6) = 16.8 → 三级, every term shown.
  await until(async () => (await form.getByTestId('inst-S').textContent()) === '4', 'S = 4 with methanol');
  eq(await form.getByTestId('inst-R').textContent(), '16.8', 'R with methanol');
  eq(await form.getByTestId('inst-term').count(), 2, 'one row per term');

  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${uid}/installations`) && r.request().method() === 'POST'),
    form.getByTestId('inst-save').click(),
  ]);
  eq(res.status(), 201, 'the installation is saved');
  const row = panel.getByTestId('inst-row').filter({ hasText: '液氯及甲醇储罐区' });
  await row.waitFor();
  eq(await row.getAttribute('data-grade'), '3', 'the list shows its grade');
  assert((await row.getByTestId('mhs-grade').textContent()).includes('三级'), 'the grade in Chinese');
  // The unit's risk point is now Ⅰ by direct determination, on the page and in the API.
  const riskRow = page.getByTestId('unit-risk-row').filter({ has: page.locator(`[href="#/risks/${p.body.id}"]`) });
  await until(async () => (await riskRow.getAttribute('data-grade')) === '1', 'the risk point raised to Ⅰ');
  eq((await apiGet(page, `/risks/${p.body.id}`)).grade, 1, 'the API grade');
  // The map's 重大危险源 layer shows it in its grade's colour (三级: yellow).
  const inst = await res.json();
  await page.goto(`${base}/#/map?sources=1&lat=${inst.lat}&lon=${inst.lon}&z=15`);
  const marker = page.locator(`.mhs-${inst.id} span`);
  await until(async () => (await marker.count()) === 1, 'the source on the map', 15000);
  eq(await marker.getAttribute('data-grade'), '3', 'the marker grade');
  assert(Number(await page.getByTestId('sources-legend').getAttribute('data-count')) >= 1, 'the layer count');
  // Clean up so other tests see the unit as it was.
  await apiWrite(page, 'DELETE', `/installations/${inst.id}`);
  eq((await apiGet(page, `/risks/${p.body.id}`)).grade, 4, 'archiving undoes it');
}

// α beside the entered count: with the field blank the form counts the vulnerable targets within
// 500 m of the unit (a kindergarten of 130 people put 190 m away is among them) and says α was
// computed; typing a count makes it the one used, the computed count still shown beside it.
async function alphaComputedFromTargetsBesideTheEnteredCount({ page, base }) {
  await asAdmin(page, base);
  const units = await apiGet(page, '/units?limit=3&region=320583');
  const u = units.items.find((x) => x.lon !== null) || units.items[0];
  const k = await apiWrite(page, 'POST', '/targets', { name: `α幼儿园${Date.now()}`, kind: 'kindergarten', region: '320583',
    lon: u.lon + 0.002, lat: u.lat, people_day: 40, people_night: 130 });
  eq(k.status, 201, 'a kindergarten 190 m away');
  const ask = await apiWrite(page, 'POST', '/gb18218/assess', { inventory: [{ cas: '7782-50-5', q: 12 }], lon: u.lon, lat: u.lat });
  const counted = ask.body.exposed_counted;
  assert(counted >= 130, `the API counts it: ${counted}`);
  await page.goto(`${base}/#/units/${u.id}`);
  const panel = page.getByTestId('unit-installations');
  await panel.getByTestId('inst-new').click();
  const form = page.getByTestId('inst-form');
  await form.getByLabel('单元名称').fill('液氯罐组α');
  const line1 = form.getByTestId('inst-line').nth(0);
  await line1.getByTestId('inst-substance').fill('7782-50-5');
  await line1.getByTestId('inst-q').fill('12');
  const basis = form.getByTestId('inst-alpha-basis');
  await until(async () => (await basis.count()) === 1 && (await basis.getAttribute('data-basis')) === 'computed', 'α computed from the targets');
  eq(await form.getByTestId('inst-alpha').textContent(), '2', 'α 2.0 for 100 or more people');
  const computed = form.getByTestId('inst-exposed-computed');
  eq(Number(await computed.getAttribute('data-people')), counted, 'the people counted beside the field');
  assert((await computed.textContent()).includes('500 米内脆弱性目标'), 'said in Chinese');
  await form.getByLabel('厂区边界外 500 米内人数').fill('10');
  await until(async () => (await basis.getAttribute('data-basis')) === 'entered', 'the entered count wins');
  eq(await form.getByTestId('inst-alpha').textContent(), '1', 'α 1.0 for 10 people');
  eq(Number(await computed.getAttribute('data-people')), counted, 'the computed count stays beside it');
  await form.getByLabel('厂区边界外 500 米内人数').fill('');
  await until(async () => (await basis.getAttribute('data-basis')) === 'computed', 'blank again: computed');
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/v1/units/${u.id}/installations`) && r.request().method() === 'POST'),
    form.getByTestId('inst-save').click(),
  ]);
  const saved = await res.json();
  eq(saved.exposed_basis, 'computed', 'saved with the computed count');
  eq(saved.alpha, 2, 'and its α');
  await apiWrite(page, 'DELETE', `/installations/${saved.id}`);
  await apiWrite(page, 'DELETE', `/targets/${k.body.id}`);
}

// A major hazard source's page lists the vulnerable targets it reaches — name, kind, distance,
// people, protection class — and draws them with lines on its small map; the unit page's row
// links to it.
async function sourcePageListsTheTargetsItReaches({ page, base, artifacts }) {
  await asAdmin(page, base);
  const units = await apiGet(page, '/units?limit=5&region=320583');
  const u = units.items.find((x) => x.lon !== null) || units.items[0];
  const stamp = Date.now();
  const near = await apiWrite(page, 'POST', '/targets', { name: `危源页医院${stamp}`, kind: 'hospital', region: '320583',
    lon: u.lon + 0.003, lat: u.lat, people_day: 2400, people_night: 800 });
  eq(near.status, 201, 'a hospital ~285 m away');
  const inst = await apiWrite(page, 'POST', `/units/${u.id}/installations`, { name: `液氨储罐区${stamp}`, exposed_500m: 120,
    inventory: [{ cas: '7664-41-7', q: 50 }] });
  eq(inst.status, 201, 'ammonia 50 t: S 5');
  eq(inst.body.grade, 3, 'R = 2 × 2 × 5 = 20 → 三级');
  await page.goto(`${base}/#/units/${u.id}`);
  await page.getByTestId('inst-link').filter({ hasText: `液氨储罐区${stamp}` }).click();
  await page.waitForURL(new RegExp(`#/installations/${inst.body.id}$`));
  await page.getByRole('heading', { name: `液氨储罐区${stamp}` }).waitFor();
  const row = page.getByTestId('inst-target').filter({ hasText: `危源页医院${stamp}` });
  await row.waitFor();
  const cells = await row.locator('td').allTextContents();
  eq(cells[1], '医院', 'its kind');
  const d = Number(cells[2].replace(/,/g, ''));
  assert(d >= 280 && d <= 290, `its distance ${cells[2]}`);
  eq(cells[3], '2,400', 'people by day');
  eq(cells[4], '800', 'people at night');
  eq(cells[5], '高敏感防护目标', 'its GB 36894 class');
  eq(await page.getByTestId('inst-facts-radius').textContent().then((x) => x.trim().slice(0, 3)), '500', 'the 500 m default radius');
  const map = page.getByTestId('inst-reach-map');
  await until(async () => Number(await map.getAttribute('data-lines')) >= 1, 'lines on the small map');
  eq(await page.locator(`.inst-target-${near.body.id}`).count(), 1, 'the hospital drawn on the map');
  eq(await page.locator(`.reach-${near.body.id}`).count(), 1, 'its line');
  const n = Number(await page.getByTestId('inst-targets-count').getAttribute('data-count'));
  const e = await apiGet(page, `/exposure?source=${inst.body.id}&kind=installation`);
  eq(n, e.targets.length, 'the page lists what the API answers');
  await page.screenshot({ path: `${artifacts}/installation-page.png`, fullPage: true });
  await apiWrite(page, 'DELETE', `/installations/${inst.body.id}`);
  await apiWrite(page, 'DELETE', `/targets/${near.body.id}`);
}

export const INSTALLATION_TESTS = [
  sourcePageListsTheTargetsItReaches,
  addsAnInstallationCrossingTheThresholdAndSeesTheGrade,
  alphaComputedFromTargetsBesideTheEnteredCount,
];
