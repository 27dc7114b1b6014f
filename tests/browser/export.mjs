// export.mjs — browser tests of the registers taken away (issue 9 item 1), run by run.mjs: kunshan
// exports its grade Ⅰ risk points from the risks page as XLSX and as CSV and both files hold the
// page's rows (the same total, the same ids) under Chinese headers; a unit's page printed (print
// media, and page.pdf()) shows no navigation, filters or buttons. Each test logs in itself.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assert, eq, relogin as loginAs, until } from './assert.mjs';

// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
export function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

export async function download(page, testId) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-dl-')), dl.suggestedFilename());
  await dl.saveAs(file);
  return file;
}

// The shared strings and the rows of the first sheet, as arrays of cell texts.
export function readXlsx(file) {
  const unzip = (part) => execFileSync('unzip', ['-p', file, part], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  const sheet = unzip('xl/worksheets/sheet1.xml');
  let shared = [];
  try {
    shared = [...unzip('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)]
      .map((m) => [...m[1].matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  } catch { /* constant_memory writes inline strings */ }
  const dec = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  return [...sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((r) =>
    [...r[1].matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)].map((c) => {
      const body = c[2] || '';
      if (/t="s"/.test(c[1])) return shared[Number((body.match(/<v>(\d+)<\/v>/) || [])[1])] || '';
      const t = body.match(/<t[^>]*>([^<]*)<\/t>/);
      if (t) return dec(t[1]);
      const v = body.match(/<v>([^<]*)<\/v>/);
      return v ? v[1] : '';
    }));
}

async function kunshanGradeOneExportsMatchThePage({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/risks?region=320583&grade=1`);
  const total = page.getByTestId('risks-total');
  await until(async () => (await page.getByTestId('loading').count()) === 0
    && (await total.getAttribute('data-loaded-for')) === await page.evaluate(() => location.hash)
    && (await total.getAttribute('data-total')) !== '', 'the risks list to load');
  const n = Number(await total.getAttribute('data-total'));
  assert(n > 0, 'Kunshan has grade Ⅰ points in the demo');
  const ids = await page.getByTestId('risk-row').evaluateAll((trs) => trs.map((tr) => tr.dataset.id));
  assert(ids.length === Math.min(n, 50), `the page shows ${ids.length} of ${n} rows`);
  for (const id of ['export-xlsx', 'export-csv']) {
    const href = await page.getByTestId(id).getAttribute('href');
    assert(href.includes('region=320583') && href.includes('grade=1'), `${id} carries the page's filters: ${href}`);
  }

  const csvFile = await download(page, 'export-csv');
  assert(/\.csv$/.test(csvFile), `CSV file name ${path.basename(csvFile)}`);
  const bytes = fs.readFileSync(csvFile);
  eq(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the CSV starts with a UTF-8 BOM');
  const csv = parseCsv(bytes.toString('utf8').slice(1));
  eq(csv[0][0], '编号', 'CSV header');
  assert(csv[0].includes('风险点名称') && csv[0].includes('风险等级'), `CSV Chinese headers: ${csv[0].join(',')}`);
  eq(csv.length - 1, n, 'CSV rows = the page total');
  const csvIds = new Set(csv.slice(1).map((r) => r[0]));
  assert(ids.every((id) => csvIds.has(id)), 'every row on the page is in the CSV');
  const g = csv[0].indexOf('风险等级');
  assert(csv.slice(1).every((r) => r[g] === 'Ⅰ级'), 'CSV grades are Ⅰ级');

  const xlsxFile = await download(page, 'export-xlsx');
  assert(/\.xlsx$/.test(xlsxFile), `XLSX file name ${path.basename(xlsxFile)}`);
  const rows = readXlsx(xlsxFile);
  const head = rows.findIndex((r) => r[0] === '编号');
  assert(head >= 1, 'a title above the header row');
  assert(rows[0][0].includes('风险点台账'), `title ${rows[0][0]}`);
  assert(rows.slice(0, head).some((r) => r[0].startsWith('筛选：') && r[0].includes('昆山市') && r[0].includes('Ⅰ级')), 'the filter line');
  assert(rows[head].includes('风险点名称') && rows[head].includes('经度（WGS84）'), `XLSX headers: ${rows[head].join(',')}`);
  eq(rows.length - head - 1, n, 'XLSX rows = the page total');
  const xIds = new Set(rows.slice(head + 1).map((r) => r[0]));
  assert(ids.every((id) => xIds.has(id)), 'every row on the page is in the XLSX');
  fs.rmSync(path.dirname(csvFile), { recursive: true });
  fs.rmSync(path.dirname(xlsxFile), { recursive: true });
}

async function aUnitPagePrintsWithoutNavigation({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const unit = await page.evaluate(async () =>
    (await (await fetch('/api/v1/units?region=320583&limit=1', { credentials: 'same-origin' })).json()).items[0]);
  await page.goto(`${base}/#/units/${unit.id}`);
  await page.getByTestId('print').waitFor();
  await page.locator('#unit-title').filter({ hasText: unit.name }).waitFor();
  const shown = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)]
    .filter((e) => getComputedStyle(e).display !== 'none').length, sel);
  assert(await shown('.mainnav') > 0, 'navigation on screen');
  await page.emulateMedia({ media: 'print' });
  try {
    eq(await shown('.mainnav'), 0, 'no navigation in print');
    eq(await shown('.topbar'), 0, 'no top bar in print');
    eq(await shown('button'), 0, 'no buttons in print');
    eq(await shown('[data-testid="print"]'), 0, 'no print button in print');
    assert(await shown('#unit-title') === 1, 'the unit itself is printed');
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    eq(pdf.subarray(0, 5).toString(), '%PDF-', 'a PDF');
    let text = null;
    try {
      const f = path.join(os.tmpdir(), `cr-unit-${process.pid}.pdf`);
      fs.writeFileSync(f, pdf);
      text = execFileSync('pdftotext', [f, '-']).toString();
      fs.rmSync(f);
    } catch { /* pdftotext (poppler-utils) not installed: the print media checks above stand */ }
    if (text !== null) {
      assert(!text.includes('主导航') && !text.includes('总览') && !text.includes('退出'), 'no navigation in the PDF');
    }
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

export const EXPORT_TESTS = [kunshanGradeOneExportsMatchThePage, aUnitPagePrintsWithoutNavigation];
