// reviews.mjs — browser tests of the review chain (issue 11): a unit submits its risk list on its
// page and sees who acts next; the street returns it from its queue with a comment; the unit
// resubmits; the street, the district department (on the unit's page) and the city department
// (from its queue) approve it to 已发布; the street records an on-site verification; the progress
// board ranks the districts, colours the map on a sequential scale and links its exports.

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

async function loginAs(page, base, user, password) {
  await page.context().clearCookies();
  await page.goto(`${base}/#/`);
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

const PW = 'browser-review-1';
const ctx = {};

// As admin: a 玉山镇 unit of AJJ with a grade Ⅰ point, its account, a street and a district department.
async function setUp(page, base) {
  await loginAs(page, base, 'admin', 'admin123');
  const tag = Date.now() % 1000000;
  const code = `91320583${String(tag).padStart(9, '0')}`;
  const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...code].reduce((s, ch, i) => s + CC.indexOf(ch) * W[i], 0);
  const u = await apiWrite(page, 'POST', '/units', {
    credit_code: code + CC[(31 - (sum % 31)) % 31], name: `审核浏览器测试${tag}`, sector: 'C01', size_class: 'below',
    employees: 15, address: '玉山镇测试路', region: '320583100', lon: 120.957, lat: 31.386,
  });
  eq(u.status, 201, `the unit ${JSON.stringify(u.body)}`);
  ctx.unit = u.body;
  const k = await apiWrite(page, 'POST', `/units/${u.body.id}/risks`, { name: '液氨储罐区', method: 'lec', inputs: { L: 6, E: 6, C: 40 } });
  eq(k.status, 201, 'the risk point');
  ctx.logins = {};
  for (const [role, extra] of [['unit', { unit_id: u.body.id }], ['street', { region: '320583100' }], ['district_dept', { region: '320583', dept: 'AJJ' }]]) {
    const login = `br${role.replace('_', '')}${tag}`;
    const a = await apiWrite(page, 'POST', '/users', { login, role, password: PW, ...extra });
    eq(a.status, 201, `the ${role} account`);
    ctx.logins[role] = login;
  }
}

async function panelState(page) {
  const panel = page.getByTestId('review-panel');
  await panel.getByTestId('review-state').waitFor();
  return { state: await panel.getByTestId('review-state').getAttribute('data-state'), next: await panel.getByTestId('review-next').getAttribute('data-actor') };
}

async function unitSubmitsAndStreetReturnsThenApprovesTheChain({ page, base }) {
  await setUp(page, base);
  const uid = ctx.unit.id;
  // the unit: draft, it acts next, the initial report is owed; it submits with a note
  await loginAs(page, base, ctx.logins.unit, PW);
  await page.goto(`${base}/#/units/${uid}`);
  let s = await panelState(page);
  eq(s.state, 'draft', 'a new list');
  eq(s.next, 'unit', 'the unit acts next');
  assert((await page.getByTestId('review-owed').textContent()).includes('首次报告'), 'the initial report is owed');
  await page.getByTestId('review-note').fill('书面报告已报送');
  await page.getByTestId('review-submit').click();
  await until(async () => (await page.getByTestId('review-panel').getByTestId('review-state').getAttribute('data-state')) === 'submitted', 'submitted');
  assert((await page.getByTestId('review-next').textContent()).includes('街道'), 'it now waits on the street');
  eq(await page.getByTestId('review-submit').count(), 0, 'no second submission');

  // the street: its queue holds the list; it returns it with a two-line comment
  await loginAs(page, base, ctx.logins.street, PW);
  await page.getByTestId('nav-reviews').click();
  const row = page.locator(`[data-testid="review-row"][data-unit="${uid}"]`);
  await row.waitFor();
  await row.getByTestId('decide-return').click();
  await row.getByTestId('decide-return-confirm').click();
  await until(async () => (await row.locator('.field-error').count()) > 0, 'the comment is required');
  assert((await row.locator('.field-error').textContent()).includes('退回意见'), 'the message names the field');
  await row.getByTestId('decide-comment').fill('风险点辨识不全\n请补充仓库');
  await row.getByTestId('decide-return-confirm').click();
  await until(async () => (await row.count()) === 0, 'the row leaves the queue');
  assert((await page.getByTestId('review-done').textContent()).includes('已退回'), 'the confirmation');

  // the unit sees the comment and resubmits
  await loginAs(page, base, ctx.logins.unit, PW);
  await page.goto(`${base}/#/units/${uid}`);
  s = await panelState(page);
  eq(s.state, 'returned', 'returned');
  const steps = page.getByTestId('review-steps');
  assert((await steps.textContent()).includes('请补充仓库'), 'the street\'s comment');
  eq(await page.getByTestId('review-submit').textContent(), '重新提交', 'the button says resubmit');
  await page.getByTestId('review-submit').click();
  await until(async () => (await panelState(page)).state === 'submitted', 'resubmitted');

  // the street approves from its queue
  await loginAs(page, base, ctx.logins.street, PW);
  await page.goto(`${base}/#/reviews`);
  await row.waitFor();
  await row.getByTestId('decide-approve').click();
  await until(async () => (await row.count()) === 0, 'approved by the street');

  // the district department approves on the unit's page; public safety sends it to the city
  await loginAs(page, base, ctx.logins.district_dept, PW);
  await page.goto(`${base}/#/units/${uid}`);
  s = await panelState(page);
  eq(s.state, 'street_checked', 'checked by the street');
  await page.getByTestId('review-panel').getByTestId('decide-approve').click();
  await until(async () => (await panelState(page)).state === 'dept_reviewed', 'reviewed by the district department');
  assert((await page.getByTestId('review-public').textContent()).includes('公共安全'), 'why the city re-assesses it');

  // the city department (demo account ajj) publishes from its queue
  await loginAs(page, base, 'ajj', 'ajj12345');
  await page.goto(`${base}/#/reviews`);
  await row.waitFor();
  await row.getByTestId('decide-approve').click();
  await until(async () => (await row.count()) === 0, 'published by the city department');
  const st = await apiGet(page, `/units/${uid}/review`);
  eq(st.state, 'published', 'the API state');
  eq(st.review.steps.map((x) => x.action).join(','), 'submit,return,resubmit,approve,approve,approve', 'the steps');
}

async function streetRecordsAVerification({ page, base }) {
  if (!ctx.unit) await setUp(page, base);
  const uid = ctx.unit.id;
  await loginAs(page, base, ctx.logins.street, PW);
  await page.goto(`${base}/#/units/${uid}`);
  // the unit's page has nothing to type into until 登记核查 opens the form
  await page.getByTestId('vf-new').click();
  const form = page.getByTestId('verification-form');
  await form.getByTestId('vf-result').selectOption('issues');
  await form.getByTestId('vf-save').click();
  await until(async () => (await form.locator('.field-error').count()) > 0, 'findings are required');
  assert((await form.locator('.field-error').textContent()).includes('核查发现'), 'named by its label');
  await form.getByTestId('vf-findings').fill('警示标识缺失\n已责令整改');
  await form.getByTestId('vf-save').click();
  const rows = page.getByTestId('verification-row');
  await until(async () => (await rows.count()) === 1, 'the verification is listed');
  const text = await rows.first().textContent();
  assert(text.includes('街道（镇）') && text.includes('发现问题') && text.includes('已责令整改'), `the row: ${text}`);
  const v = await apiGet(page, `/units/${uid}/verifications`);
  eq(v.items[0].findings, '警示标识缺失\n已责令整改', 'line breaks kept');
}

async function progressBoardRanksAndColoursTheDistricts({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.getByTestId('nav-progress').click();
  const rows = page.getByTestId('progress-row');
  await until(async () => (await rows.count()) >= 10, 'ten districts ranked');
  const api = await apiGet(page, '/progress?by=district');
  eq(await rows.first().getAttribute('data-key'), api.items[0].key, 'the best district first');
  const map = page.getByTestId('progress-map');
  await until(async () => (await map.getAttribute('data-ready')) === 'true', 'the map', 15000);
  const classes = await page.$$eval('[data-testid="progress-map"] path.district', (ps) => ps.map((p) => [...p.classList].find((c) => c.startsWith('completion-'))));
  const distinct = new Set(classes);
  assert(distinct.size >= 3, `the districts take at least three colours: ${[...distinct]}`);
  assert(distinct.has('completion-0') && distinct.has('completion-4'), 'the scale spans lightest to darkest');
  const xlsx = await page.getByTestId('export-xlsx').getAttribute('href');
  eq(xlsx, '/api/v1/progress?by=district&format=xlsx', 'the export link');
  const res = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type') }; }, xlsx);
  eq(res.status, 200, 'the export answers');
  assert(res.type.includes('spreadsheetml'), 'as xlsx');
  await page.getByTestId('progress-by').selectOption('dept');
  await until(async () => (await page.getByTestId('progress-row').first().getAttribute('data-key')) !== api.items[0].key, 'by department');
  eq(await page.getByTestId('progress-map').count(), 0, 'no district map by department');
  await page.getByTestId('lang-switch').click();
  await until(async () => (await page.getByRole('heading', { level: 1 }).textContent()).includes('Progress'), 'English');
  await page.getByTestId('lang-switch').click();
}

export const REVIEW_TESTS = [
  unitSubmitsAndStreetReturnsThenApprovesTheChain,
  streetRecordsAVerification,
  progressBoardRanksAndColoursTheDistricts,
];
