// alerts.mjs — browser tests of early warning (issue 11 items 3, 5, 8): kunshan files a dynamic
// report (动态上报) through the form with multi-line risks and measures, sees the line breaks kept,
// and watches the header badge count the alert live from the event stream without a reload; the
// alerts page shows the alert with its reason and records and acknowledges it. Each test logs in
// itself.

import { assert, eq, until } from './assert.mjs';

const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);

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

async function dynamicReportAlertsTheBadgeLive({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const units = await apiGet(page, '/units?region=320583&limit=1');
  const unit = units.items[0];
  await page.goto(`${base}/#/alerts`);
  await until(async () => (await page.getByTestId('alerts-live').getAttribute('class')).includes('on'), 'the stream is live');
  const badge = page.getByTestId('alert-count');
  const before = Number(await badge.textContent());
  const open = await apiGet(page, '/alerts?state=open&limit=1');
  eq(before, open.total, 'the badge counts the open alerts');

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '动态上报' }).click();
  const form = page.getByTestId('dr-form');
  await form.locator('#dr-unit_id').fill(String(unit.id));
  await form.locator('#dr-kind').selectOption('hot_work');
  const title = `储罐区动火${Date.now()}`;
  await form.locator('#dr-title').fill(title);
  await form.locator('#dr-place').fill('2号罐区');
  await form.locator('#dr-start').fill('2026-12-02T08:00');
  await form.locator('#dr-end').fill('2026-12-01T18:00');
  await form.locator('#dr-risks').fill('火灾\n爆炸');
  await form.locator('#dr-measures').fill('清罐置换\n专人监护');
  await page.getByTestId('dr-submit').click();
  // the end before the start: the server's refusal under the field, in Chinese
  const endErr = page.getByTestId('error-dr-end');
  await endErr.waitFor();
  assert((await endErr.textContent()).includes('结束时间不能早于开始时间'), `the error names the field: ${await endErr.textContent()}`);
  eq(Number(await badge.textContent()), before, 'nothing was filed');
  await form.locator('#dr-end').fill('2026-12-03T18:00');
  await page.getByTestId('dr-submit').click();
  await page.getByTestId('dr-done').waitFor();
  // live: the badge counts the new alert without a reload
  await until(async () => Number(await badge.textContent()) === before + 1, 'the badge counts the new alert', 3000);
  assert((await page.getByTestId('alert-badge').getAttribute('class')).includes('fresh'), 'the badge shows something new');
  const item = page.getByTestId('dr-item').filter({ hasText: title });
  const risks = await item.getByTestId('dr-risks').evaluate((el) => el.innerText);
  eq(risks, '火灾\n爆炸', 'the risks keep their line break');

  await page.getByTestId('alert-badge').click();
  const alert = page.getByTestId('alert-item').filter({ hasText: title });
  await alert.waitFor();
  assert((await alert.textContent()).includes('动火作业'), 'the alert says why');
  assert(await alert.getByRole('link', { name: unit.name }).count() === 1, 'the alert links the unit');
  await alert.getByTestId('alert-ack').click();
  await until(async () => (await alert.getByTestId('alert-state').textContent()).includes('已签收'), 'acknowledged');
}

export const ALERT_TESTS = [dynamicReportAlertsTheBadgeLive];
