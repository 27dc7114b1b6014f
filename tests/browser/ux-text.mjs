// Issue 7 #16–17 in the browser: a line break typed into 隐患描述 is kept and shown as two lines,
// and the server's refusals (scope) reach the screen in Chinese, never in its English.
// The unit form's credit code and the import table are checked in run.mjs.

import { apiGet, assert, eq, loginAs, until } from './assert.mjs';

const ENGLISH = /[A-Za-z]{3,}/;

async function enterInTheDescriptionGivesTwoLines({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const uid = (await apiGet(page, '/units?limit=1&region=320583')).items[0].id;
  await page.goto(`${base}/#/hazards/new?unit_id=${uid}`);
  await until(async () => (await page.locator('#hc-unit').inputValue()) === String(uid), 'the unit chosen from the URL');
  await page.getByLabel('隐患来源').selectOption('inspection');
  await page.getByLabel('一般隐患').check();
  const tag = `${Date.now() % 1000000}`;
  const desc = page.getByLabel('隐患描述');
  await desc.click();
  await page.keyboard.type(`第一行${tag}`);
  await page.keyboard.press('Enter');
  await page.keyboard.type('第二行');
  await page.getByLabel('隐患部位').fill('仓库');
  await page.getByTestId('hc-submit').click();
  await until(() => /#\/hazards\/\d+$/.test(page.url()), 'the new hazard page (the server took the line break)');
  const id = Number(page.url().split('/').pop());
  const stored = await apiGet(page, `/hazards/${id}`);
  eq(stored.description, `第一行${tag}\n第二行`, 'the description as stored');
  const shown = page.getByTestId('hz-description');
  await until(async () => (await shown.innerText()) === `第一行${tag}\n第二行`, 'the description shown with its line break');
  const [h, lh] = await shown.evaluate((el) => [el.getBoundingClientRect().height, parseFloat(getComputedStyle(el).lineHeight) || 16]);
  assert(h >= 1.8 * lh, `the description takes two lines on the record page (height ${h}, line ${lh})`);
  // and in the register
  await page.goto(`${base}/#/hazards?q=${encodeURIComponent(`第一行${tag}`)}`);
  const cell = page.locator('td.lines', { hasText: `第一行${tag}` });
  await cell.waitFor();
  eq(await cell.innerText(), `第一行${tag}\n第二行`, 'the description in the list keeps its line break');
}

async function aScopeErrorIsShownInChinese({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const wj = (await apiGet(page, '/units?limit=1&region=320509')).items[0].id;
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/units/${wj}`);
  const alerts = page.getByRole('alert').filter({ hasText: String(wj) });
  await alerts.first().waitFor();
  const texts = (await alerts.allTextContents()).map((x) => x.trim());
  for (const text of texts) {
    eq(text, `单位 ${wj} 不在您的管辖范围内`, 'the 403 in Chinese');
    assert(!ENGLISH.test(text), `no English: ${text}`);
  }
  // In English the same error reads in English (the language is picked before the page opens:
  // a message already on the screen keeps the language it was shown in).
  await page.evaluate(() => import('/js/i18n.js').then((m) => m.setLang('en')));
  await page.goto(`${base}/#/units`);
  await page.goto(`${base}/#/units/${wj}`);
  await until(async () => (await alerts.first().textContent()).trim() === `Unit ${wj} is outside your scope`, 'the 403 in English');
  await page.evaluate(() => import('/js/i18n.js').then((m) => m.setLang('zh')));
}

export const UX_TEXT_TESTS = [
  enterInTheDescriptionGivesTwoLines,
  aScopeErrorIsShownInChinese,
];
