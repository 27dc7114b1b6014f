// reports.mjs — browser tests of issue 13's pages, run by run.mjs: kunshan makes its district's
// report on #/reports (the progress bar moves to 100 %, the download is a PDF whose text is the
// district's report, the city's report is not offered); the risk point page's 风险告知卡 button
// downloads the A4 sign; the QR code's public page shows the point without log-in and without
// the responsible person. Each test logs in itself; screenshots go to the artifacts.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, eq, relogin as loginAs, until } from './assert.mjs';

async function download(page, testId) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByTestId(testId).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-dl-')), dl.suggestedFilename());
  await dl.saveAs(file);
  return file;
}

async function districtReportWithProgressBar({ page, base, artifacts }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.getByRole('link', { name: '报告' }).click();
  await page.getByRole('heading', { name: '风险评估报告' }).waitFor();
  const kinds = await page.getByTestId('report-kind').locator('option').allTextContents();
  eq(kinds.join(','), '区县,行业', 'a district is offered its district and industries, not the city');
  // the district list arrives after the page: wait for the select to be filled, then hold it
  await until(async () => (await page.getByTestId('report-district').inputValue()) !== '', 'the district filled in');
  eq(await page.getByTestId('report-district').inputValue(), '320583', 'its own district, fixed');
  const seen = new Set();
  await page.getByTestId('report-generate').click();
  await until(async () => {
    const v = await page.getByTestId('report-progress').getAttribute('value');
    seen.add(v);
    return (await page.getByTestId('report-job').getAttribute('data-state')) === 'done';
  }, 'the report job to finish', 60000);
  eq(await page.getByTestId('report-progress').getAttribute('value'), '100', 'the bar ends full');
  await page.screenshot({ path: path.join(artifacts, 'reports-page.png') });
  const file = await download(page, 'report-download');
  assert(/昆山市.*\.pdf$/.test(path.basename(file)), `file name ${path.basename(file)}`);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  assert(text.includes('昆山市安全风险评估报告') && !text.includes('全市'), 'the district report in its own words');
  // The industry choice needs an industry first, said in Chinese.
  await page.getByTestId('report-kind').selectOption('industry');
  await page.getByTestId('report-generate').click();
  await page.getByTestId('report-error').getByText('请先选择区县或行业').waitFor();
}

async function signButtonAndPublicPage({ page, base, artifacts }) {
  await loginAs(page, base, 'admin', 'admin123');
  const risk = await page.evaluate(async () => {
    const r = await fetch('/api/v1/risks?grade=1&limit=1', { credentials: 'same-origin' });
    return (await r.json()).items[0];
  });
  assert(risk && risk.owner_name, 'a grade Ⅰ point with a responsible person');
  await page.goto(`${base}/#/risks/${risk.id}`);
  const file = await download(page, 'risk-sign');
  const text = execFileSync('pdftotext', [file, '-']).toString();
  assert(text.includes('安全风险告知卡') && text.includes(risk.name) && text.includes(risk.owner_name), 'the sign names the point and its responsible person');
  execFileSync('pdftoppm', ['-r', '50', '-png', '-singlefile', file, path.join(artifacts, 'risk-sign')]);
  // The QR code's page, in a fresh context without the session cookie.
  const anon = await page.context().browser().newContext({ locale: 'zh-CN' });
  try {
    const p2 = await anon.newPage();
    await p2.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    await p2.goto(`${base}/risk-public.html?id=${risk.id}`);
    await p2.getByTestId('public-risk').waitFor();
    const body = await p2.locator('body').innerText();
    assert(body.includes(risk.name) && body.includes('重大风险'), 'the public page shows the point and its grade');
    assert(!body.includes(risk.owner_name), 'the public page names no responsible person');
    await p2.screenshot({ path: path.join(artifacts, 'risk-public.png') });
    await p2.goto(`${base}/risk-public.html?id=99999999`);
    await p2.getByTestId('public-missing').waitFor();
  } finally {
    await anon.close();
  }
}

export const REPORT_TESTS = [districtReportWithProgressBar, signButtonAndPublicPage];
