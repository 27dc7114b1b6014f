// accounts.mjs — browser tests of the accounts page (账号管理, #/accounts), run by run.mjs after the
// other tests on the same page: the city office creates a street account for 玉山镇 (a taken login
// first, shown under 用户名), the new account logs in and sees only its town's units; kunshan (a
// district) resets its password, disables it (then it cannot log in) and enables it again; kunshan's
// role list has no city-level roles, a forced one gets the server's 403 under 角色, and its unit
// search finds only Kunshan units; the expert has no 账号 entry. Each test logs in itself, and the
// street account is made through the API when the first test did not run, so `--only` works.

import { apiGet, assert, eq, logout, until } from './assert.mjs';

const apiPost = (page, p, body) => page.evaluate(async ([u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: 'POST', credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json().catch(() => null) };
}, [p, body]);

// Shows the log-in page (logged out) and submits it.
async function submitLogin(page, base, user, password) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  await logout(page);
  await page.goto(`${base}/#/`);
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function loginAs(page, base, user, password) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  const who = await apiGet(page, '/session');
  if (who.user && who.user.login === user) return;
  await submitLogin(page, base, user, password);
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

async function loginFails(page, base, user, password) {
  await submitLogin(page, base, user, password);
  const msg = page.getByTestId('login-error');
  await msg.waitFor();
  assert((await msg.textContent()).includes('用户名或密码错误'), `${user}: the log-in error says 用户名或密码错误`);
  eq(await page.getByRole('navigation', { name: '主导航' }).count(), 0, `navigation after ${user}'s failed log-in`);
}

// The accounts page through the navigation, its list loaded.
async function openAccounts(page) {
  await page.getByTestId('nav-accounts').click();
  await page.getByRole('heading', { name: '账号管理' }).waitFor();
  await until(async () => (await page.getByTestId('accounts-total').getAttribute('data-total')) !== '', 'the accounts list to load');
}
const row = (page, login) => page.locator(`[data-testid="account-row"][data-login="${login}"]`);

// Waits until the units list shows the rows of the current URL (as run.mjs's listSettled).
async function unitsSettled(page) {
  const total = page.getByTestId('units-total');
  await until(async () => (await page.getByTestId('loading').count()) === 0
    && (await total.getAttribute('data-loaded-for')) === await page.evaluate(() => location.hash)
    && (await total.getAttribute('data-total')) !== '', 'the units list to load');
  return Number(await total.getAttribute('data-total'));
}

const stamp = `${Date.now() % 1000000}`;
const STREET = { login: `yushan.${stamp}`, password: 'street-pw-1', region: '320583100' };
const state = {};

// The street account of the first test, or one made through the API when that test did not run.
async function streetAccount(page, base) {
  if (state.street) return state.street;
  await loginAs(page, base, 'admin', 'admin123');
  const r = await apiPost(page, '/users', { login: STREET.login, role: 'street', region: STREET.region, password: STREET.password });
  assert(r.status === 201 || r.status === 409, `POST /users for ${STREET.login}: ${r.status}`);
  state.street = { ...STREET };
  return state.street;
}

// REQUIRED: admin creates a street account for 玉山镇 and it appears in the list.
async function adminCreatesAStreetAccountForYushan({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await openAccounts(page);
  const before = Number(await page.getByTestId('accounts-total').getAttribute('data-total'));
  assert(before >= 5, `admin sees the demo accounts (${before})`);
  eq(await row(page, 'kunshan').getByTestId('account-role').textContent(), '区县', 'kunshan\'s role in Chinese');
  await until(async () => (await row(page, 'kunshan').getByTestId('account-region').textContent()).includes('昆山市'), 'kunshan\'s region name');

  await page.getByTestId('account-new').click();
  const form = page.getByTestId('account-form');
  await form.waitFor();
  const roles = await form.getByLabel('角色').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  eq(roles.join(','), 'city,city_dept,district,district_dept,street,unit,expert', 'the city office may create every role');
  await form.getByLabel('角色').selectOption('street');
  await form.getByLabel('区县').selectOption('320583');
  await form.getByLabel('街道/镇').selectOption(STREET.region);
  await form.getByLabel('初始密码').fill(STREET.password);
  await form.getByLabel('确认密码').fill(STREET.password);
  // A taken login: the server's 409 (field login) under 用户名, nothing created.
  await form.getByLabel('用户名').fill('kunshan');
  await form.getByTestId('account-create').click();
  const loginError = page.getByTestId('error-a-login');
  await loginError.waitFor();
  assert((await loginError.textContent()).includes('已被使用'), 'the taken login is shown under 用户名');
  eq(await form.getByLabel('用户名').getAttribute('aria-invalid'), 'true', 'the login input is marked invalid');

  await form.getByLabel('用户名').fill(STREET.login);
  eq(await loginError.count(), 0, 'the error goes when the login is edited');
  await form.getByTestId('account-create').click();
  await until(async () => (await form.count()) === 0, 'the form to close after creating');
  assert((await page.getByTestId('accounts-notice').textContent()).includes(STREET.login), 'a notice names the new account');
  const r = row(page, STREET.login);
  await r.waitFor();
  eq(await r.getByTestId('account-role').textContent(), '街道/镇', 'the new account\'s role');
  eq(await r.getAttribute('data-region'), STREET.region, 'the new account\'s region');
  await until(async () => (await r.getByTestId('account-region').textContent()).includes('玉山镇'), 'the region name 玉山镇');
  eq(await r.getAttribute('data-disabled'), 'false', 'the new account is active');

  // The filter box narrows the list to it (and keeps the filter in the URL).
  await page.getByLabel('筛选账号').fill('玉山');
  await until(async () => (await page.getByTestId('account-row').count()) === 1, 'the filter to leave one account');
  assert(page.url().includes('#/accounts?q='), 'the filter in the URL');
  await page.getByLabel('筛选账号').fill('');
  await until(async () => (await page.getByTestId('account-row').count()) === before + 1, 'the whole list again');

  const users = await apiGet(page, '/users');
  const made = users.items.find((u) => u.login === STREET.login);
  assert(made && made.role === 'street' && made.region === STREET.region, 'GET /users has the street account');
  state.street = { ...STREET, id: made.id };
}

// REQUIRED: the new account logs in and sees only its town's units.
async function newStreetAccountSeesOnlyItsTown({ page, base }) {
  const acc = await streetAccount(page, base);
  await submitLogin(page, base, acc.login, acc.password);
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
  assert((await page.getByTestId('user').textContent()).includes(acc.login), 'the top bar shows the new account');
  await until(async () => (await page.getByTestId('user-role').textContent()).includes('街道/镇 · 玉山镇'), 'role and town in the top bar');
  eq(await page.getByTestId('nav-accounts').count(), 0, 'no 账号 entry for a street');
  await page.getByTestId('nav-units').click();
  const total = await unitsSettled(page);
  assert(total > 0, 'the street sees units');
  const regions = await page.getByTestId('unit-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.region));
  assert(regions.length > 0 && regions.every((r) => r.startsWith(STREET.region)), `only 玉山镇 units (${[...new Set(regions)].join(' ')})`);
  const all = await apiGet(page, '/units?limit=500');
  eq(all.total, total, 'the list total is the street\'s whole scope');
  assert(all.items.every((u) => u.region.startsWith(STREET.region)), 'GET /units as the street: 玉山镇 only');
}

// REQUIRED: kunshan disables the account, which then cannot log in (after a password reset it can).
async function kunshanResetsAndDisablesTheStreetAccount({ page, base }) {
  const acc = await streetAccount(page, base);
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await openAccounts(page);
  const regions = await page.getByTestId('account-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.region));
  assert(regions.every((r) => r.startsWith('320583')), `kunshan lists Kunshan accounts only (${regions.join(' ')})`);
  eq(await row(page, 'admin').count(), 0, 'kunshan does not list the city office');
  const r = row(page, acc.login);
  await r.waitFor();

  // Reset the password: a mismatch is caught in the form, then the new one is saved.
  await r.getByTestId('account-reset').click();
  const reset = page.getByTestId('reset-form');
  await reset.waitFor();
  const newPw = 'street-pw-2';
  await reset.getByLabel('新密码').fill(newPw);
  await reset.getByLabel('确认密码').fill('something-else');
  await reset.getByTestId('reset-save').click();
  await reset.getByRole('alert').filter({ hasText: '两次输入的密码不一致' }).waitFor();
  await reset.getByLabel('确认密码').fill(newPw);
  await reset.getByTestId('reset-save').click();
  await until(async () => (await reset.count()) === 0, 'the reset form to close');
  assert((await page.getByTestId('accounts-notice').textContent()).includes('已重置'), 'the reset notice');
  acc.password = newPw;
  await loginFails(page, base, acc.login, STREET.password);
  await loginAs(page, base, acc.login, acc.password);

  // Disable: the row says 已停用 and the account cannot log in any more.
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await openAccounts(page);
  await row(page, acc.login).getByTestId('account-toggle').click();
  await until(async () => (await row(page, acc.login).getAttribute('data-disabled')) === 'true', 'the row to show it disabled');
  eq(await row(page, acc.login).getByTestId('account-status').textContent(), '已停用', 'status 已停用');
  eq(await row(page, acc.login).getByTestId('account-toggle').textContent(), '启用', 'the button now enables');
  await loginFails(page, base, acc.login, acc.password);

  // And enabling lets it in again.
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await openAccounts(page);
  await row(page, acc.login).getByTestId('account-toggle').click();
  await until(async () => (await row(page, acc.login).getAttribute('data-disabled')) === 'false', 'the row to show it enabled');
  await loginAs(page, base, acc.login, acc.password);
}

// REQUIRED: kunshan has no city-level roles in the form; forcing one shows the server's 403 inline.
async function kunshanCannotCreateCityLevelAccounts({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await openAccounts(page);
  await page.getByTestId('account-new').click();
  const form = page.getByTestId('account-form');
  await form.waitFor();
  const role = form.getByLabel('角色');
  const roles = await role.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  eq(roles.join(','), 'district_dept,street,unit', 'kunshan\'s roles');
  await role.selectOption('street');
  const district = form.getByLabel('区县');
  eq(await district.inputValue(), '320583', 'the district is kunshan\'s own');
  assert(await district.isDisabled(), 'kunshan cannot pick another district');

  // Forced through the page: the server refuses it with 403 (field role), shown under 角色.
  const login = `city.${stamp}`;
  await role.evaluate((sel) => { const o = document.createElement('option'); o.value = 'city'; o.textContent = '市安委办'; sel.append(o); });
  await role.selectOption('city');
  await form.getByLabel('用户名').fill(login);
  await form.getByLabel('初始密码').fill('city-pw-123');
  await form.getByLabel('确认密码').fill('city-pw-123');
  await form.getByTestId('account-create').click();
  const err = page.getByTestId('error-a-role');
  await err.waitFor();
  assert((await err.textContent()).includes('无权'), `the 403 under 角色: ${await err.textContent()}`);
  eq(await role.getAttribute('aria-invalid'), 'true', 'the role select is marked invalid');
  const users = await apiGet(page, '/users');
  assert(!users.items.some((u) => u.login === login), 'no account was created');

  // A unit account: the unit search finds Kunshan's units only, and the account is made.
  await role.selectOption('unit');
  await form.getByLabel('单位').fill('有限公司');
  const options = page.getByTestId('unit-option');
  await until(async () => (await options.count()) > 0, 'units found');
  const unitRegions = await options.evaluateAll((bs) => bs.map((b) => b.dataset.region));
  assert(unitRegions.length <= 10 && unitRegions.every((r) => r.startsWith('320583')), `Kunshan units only (${unitRegions.join(' ')})`);
  const unitName = (await options.first().textContent()).trim();
  await options.first().click();
  await form.getByText('已选：').waitFor();
  const unitLogin = `unit.${stamp}`;
  await form.getByLabel('用户名').fill(unitLogin);
  await form.getByTestId('account-create').click();
  await until(async () => (await form.count()) === 0, 'the form to close after creating the unit account');
  const r = row(page, unitLogin);
  await r.waitFor();
  eq(await r.getByTestId('account-role').textContent(), '生产经营单位', 'the unit account\'s role');
  const cell = r.getByTestId('account-unit');
  await until(async () => { const n = (await cell.textContent()).trim(); return n && !n.startsWith('#') && unitName.startsWith(n); }, 'the unit\'s name in the row');
}

// REQUIRED: an expert has no 账号 entry (and the page, opened anyway, shows the server's 403).
async function expertHasNoAccountsEntry({ page, base }) {
  await loginAs(page, base, 'expert', 'expert123');
  await page.getByTestId('nav-map').waitFor();
  eq(await page.getByTestId('nav-accounts').count(), 0, 'no 账号 entry for the expert');
  await page.goto(`${base}/#/accounts`);
  await page.getByTestId('accounts-error').waitFor();
  eq(await page.getByTestId('account-new').count(), 0, 'no new-account button for the expert');
  eq(await page.getByTestId('account-row').count(), 0, 'no accounts listed');
}

// English labels on the page (the dictionary check of run.mjs covers missing keys).
async function accountsPageInEnglish({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  try {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts' }).waitFor();
    await page.getByRole('button', { name: 'New account' }).click();
    await page.getByLabel('Login').waitFor();
    await page.getByLabel('Role').selectOption('district_dept');
    await page.getByLabel('Department').waitFor();
    await page.getByLabel('District').waitFor();
    eq(await page.getByLabel('Role').locator('option:checked').textContent(), 'District department', 'role names in English');
  } finally {
    await page.getByRole('button', { name: '切换到中文' }).click();
  }
}

export const ACCOUNT_TESTS = [
  adminCreatesAStreetAccountForYushan,
  newStreetAccountSeesOnlyItsTown,
  kunshanResetsAndDisablesTheStreetAccount,
  kunshanCannotCreateCityLevelAccounts,
  expertHasNoAccountsEntry,
  accountsPageInEnglish,
];
