// qra.mjs — browser tests of the QRA page (#/qra): a scenario's distances listed and drawn as
// circles on the map, and a risk run's contours, verdict, F-N chart and protected targets.

import { assert, eq, until } from './assert.mjs';

async function loginAs(page, base, user, password) {
  await page.goto(`${base}/`);
  await page.evaluate(async () => {
    const s = await fetch('/api/v1/session', { credentials: 'same-origin' });
    if (!s.ok) return;
    const { csrf } = await s.json();
    await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } });
  }).catch(() => {});
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

async function qraScenarioDrawsItsDistances({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.goto(`${base}/#/qra`);
  await page.getByLabel('事故模型').selectOption('bleve');
  await page.getByTestId('qra-compute').click();
  const rows = page.getByTestId('qra-distances').locator('tbody tr');
  await until(async () => (await rows.count()) === 6, 'six distances for a fireball');
  eq((await rows.first().locator('td').first().innerText()).trim(), '热辐射 kW/m²', 'the first effect in Chinese');
  await until(async () => (await page.getByTestId('qra-map').locator('path.leaflet-interactive').count()) >= 5, 'the circles on the map');
  await page.getByTestId('qra-run-risk').click();
  await page.getByTestId('qra-verdict').waitFor({ timeout: 20000 });
  const verdict = await page.getByTestId('qra-verdict').innerText();
  assert(/可接受|ALARP|不可接受|尽可能降低/.test(verdict), `a verdict is shown: ${verdict}`);
  await until(async () => (await page.getByTestId('qra-targets').locator('tbody tr').count()) === 2, 'the two protected targets');
}

export const QRA_TESTS = [qraScenarioDrawsItsDistances];
