// system.mjs — browser tests of the 系统运行 page (#/system), run by run.mjs: the city office
// opens it from the navigation, reads the database section (back end, registers with thousands
// separators, sizes in MB) and the memory bar, runs the audit chain's check and sees 完好 with
// the count, then the page in English; a district has no entry and, at #/system anyway, gets the server's refusal. Each
// test logs in itself; screenshots go to the artifacts.

import path from 'node:path';
import { apiGet, assert, eq, relogin as loginAs, until } from './assert.mjs';

const grouped = (n) => n.toLocaleString('zh-CN');

async function cityOfficeSeesTheSystemAndVerifiesTheChain({ page, base, artifacts }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.getByTestId('nav-system').click();
  await page.getByRole('heading', { name: '系统运行' }).waitFor();
  const db = page.getByTestId('system-database');
  await db.getByRole('heading', { name: '数据库' }).waitFor();
  const api = await apiGet(page, '/system');
  eq(await db.getByTestId('system-backend').textContent(), 'SQLite', 'the back end');
  const units = api.database.registers.units, risks = api.database.registers.risk_points;
  assert(risks >= 1000, `enough risk points to need a separator: ${risks}`);
  eq(await db.getByTestId('system-units').textContent(), grouped(units), 'units as the API counts them');
  const shownRisks = await db.getByTestId('system-risks').textContent();
  eq(shownRisks, grouped(risks), 'risk points as the API counts them');
  assert(/^\d{1,3}(,\d{3})+$/.test(shownRisks), `thousands separators: ${shownRisks}`);
  assert(/^\d+\.\d (MB|GB)$/.test(await db.getByTestId('system-size').textContent()), 'the size in MB or GB with one decimal');
  eq(await page.getByTestId('system-replica-none').textContent(), '未配置', 'no replica');
  const bar = page.getByTestId('system-memory-bar');
  assert((await bar.getAttribute('aria-label')).startsWith('常驻内存'), 'the memory bar says what it draws');
  assert(/^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(await page.getByTestId('system-started').textContent()), 'the start in China time');
  // the check shows its progress while it runs, then its result
  const verify = page.getByTestId('system-verify');
  eq(await verify.textContent(), '校验审计链', 'the button');
  await verify.click();
  const result = page.getByTestId('system-verify-result');
  await result.waitFor({ timeout: 30000 });
  eq(await result.getAttribute('data-intact'), '1', 'the demo city\'s chain is intact');
  const text = await result.textContent();
  assert(text.startsWith('完好：共 ') && /共 [\d,]+ 条记录/.test(text), `intact with the count: ${text}`);
  assert(await result.evaluate((el) => getComputedStyle(el).color === 'rgb(46, 125, 50)'), 'intact in green');
  await page.screenshot({ path: path.join(artifacts, 'system-page.png'), fullPage: true });
  // refreshing asks once more and keeps the page
  const before = await page.getByTestId('system-loaded-at').textContent();
  await page.getByTestId('system-refresh').click();
  await until(async () => !(await page.getByTestId('system-refresh').isDisabled()), 'the refresh to finish');
  assert(before.startsWith('数据时间'), `the figures' time: ${before}`);
  // the English switch
  await page.getByRole('button', { name: 'Switch to English' }).click();
  try {
    await page.getByRole('heading', { name: 'How the system runs' }).waitFor();
    eq(await page.getByTestId('system-replica-none').textContent(), 'Not configured', 'no replica, in English');
    eq(await page.getByTestId('system-verify').textContent(), 'Verify the audit chain', 'the button in English');
    eq(await db.getByTestId('system-risks').textContent(), risks.toLocaleString('en-GB'), 'separators in English');
  } finally {
    await page.getByRole('button', { name: '切换到中文' }).click();
  }
}

async function districtHasNoSystemPage({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.getByTestId('nav-map').waitFor();
  eq(await page.getByTestId('nav-system').count(), 0, 'no 系统运行 entry for a district');
  await page.goto(`${base}/#/system`);
  const err = page.getByTestId('system-error');
  await err.waitFor();
  eq(await err.textContent(), '只有市安委办可以查看系统运行情况', 'the server\'s refusal in Chinese');
  eq(await page.getByTestId('system-database').count(), 0, 'no figures');
  eq(await page.getByTestId('system-verify').count(), 0, 'no verify button');
}

export const SYSTEM_TESTS = [cityOfficeSeesTheSystemAndVerifiesTheChain, districtHasNoSystemPage];
