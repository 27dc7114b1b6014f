// targets.mjs — browser tests of the vulnerable targets and the four lists (issue 10 #3, #5, #7),
// run by run.mjs: kunshan registers a target (map pick, class following the kind) near a
// Kunshan grade Ⅰ/Ⅱ point with an impact radius and sees that point on the target's page; the
// four lists page keeps to Kunshan and its export links carry the filters; the map's target
// layer draws target symbols, the impact circles, and lines from a clicked source. Screenshots
// of the lists page and of the map with targets go to artifacts/. Each test logs in itself.

import fs from 'node:fs';
import path from 'node:path';
import { assert, eq, relogin as loginAs, until } from './assert.mjs';
import { download, parseCsv, readXlsx } from './export.mjs';

export const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);
const apiSend = (page, method, p, body) => page.evaluate(async ([m, u, b]) => {
  const s = await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json();
  const r = await fetch(`/api/v1${u}`, { method: m, credentials: 'same-origin', body: JSON.stringify(b),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf } });
  return { status: r.status, body: await r.json() };
}, [method, p, body]);

const state = {};

// A Kunshan point of grade Ⅰ or Ⅱ with a position; given an impact radius of 400 m when it has none.
async function kunshanSource(page) {
  for (const grade of [1, 2]) {
    const r = await apiGet(page, `/risks?region=320583&grade=${grade}&limit=50`);
    const p = (r.items || []).find((x) => typeof x.lon === 'number' && typeof x.lat === 'number');
    if (!p) continue;
    if (!(Number(p.impact_radius_m) > 0)) {
      const u = await apiSend(page, 'PATCH', `/risks/${p.id}`, { impact_radius_m: 400 });
      assert(u.status === 200, `impact radius on risk ${p.id}: ${u.status} ${JSON.stringify(u.body)}`);
      return u.body;
    }
    return p;
  }
  throw new Error('no Kunshan grade Ⅰ/Ⅱ point with a position in the demo');
}

async function targetsNearAMajorPointListIt({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const src = await kunshanSource(page);
  const radius = Number(src.impact_radius_m);
  const lat = src.lat + (radius * 0.4) / 111195;
  const lon = src.lon;
  state.source = src;
  state.lonlat = [lon, lat];

  await page.getByTestId('nav-targets').click();
  await page.getByTestId('targets-total').waitFor();
  await page.getByTestId('new-target').click();
  await page.getByTestId('target-form').waitFor();
  state.name = `浏览器测试医院${Date.now() % 100000}`;
  await page.locator('#tg-name').fill(state.name);
  await page.locator('#tg-kind').selectOption('mall');
  eq(await page.locator('#tg-protection_class').inputValue(), 'important', 'a mall defaults to 重要');
  await page.locator('#tg-kind').selectOption('hospital');
  eq(await page.locator('#tg-protection_class').inputValue(), 'high', 'a hospital defaults to 高敏感');
  await page.locator('#tg-district').selectOption('320583');
  // A click on the small map fills the position; then the exact one is typed.
  await page.getByTestId('pick-map').click();
  await until(async () => (await page.locator('#tg-lon').inputValue()) !== '', 'the map pick to fill lon');
  assert(Number.isFinite(Number(await page.locator('#tg-lat').inputValue())), 'the map pick fills lat');
  await page.locator('#tg-lon').fill(lon.toFixed(6));
  await page.locator('#tg-lat').fill(lat.toFixed(6));
  await page.locator('#tg-people_day').fill('850');
  await page.locator('#tg-people_night').fill('120');
  await page.getByTestId('target-save').click();
  await page.waitForURL(/#\/targets\/\d+$/);
  state.targetId = Number(page.url().match(/#\/targets\/(\d+)$/)[1]);
  await page.getByTestId('target-sources-count').waitFor();
  const row = page.locator(`[data-testid="target-source"][data-kind="risk"][data-id="${src.id}"]`);
  await until(async () => (await row.count()) === 1, `risk ${src.id} listed as reaching the target`);
  const shown = Number((await row.getByTestId('source-distance').innerText()).replace(/[^\d]/g, ''));
  assert(Math.abs(shown - radius * 0.4) <= Math.max(5, radius * 0.05), `distance ${shown} m, expected about ${radius * 0.4}`);
  eq((await page.getByTestId('target-people-day').innerText()).replace(/\D/g, ''), '850', 'people by day');
  const exp = await apiGet(page, `/exposure?target=${state.targetId}`);
  eq(await page.locator('[data-testid="target-source"]').count(), exp.sources.length, 'every source of the API on the page');
  eq(await page.getByTestId('target-superposed').count(), exp.superposed ? 1 : 0, '叠加 flag as the API says');
  // The register lists it.
  await page.goto(`${base}/#/targets?kind=hospital&region=320583`);
  await until(async () => (await page.locator(`[data-testid="target-row"][data-id="${state.targetId}"]`).count()) === 1, 'the target in the register');
}

async function targetsFourListsKeepToKunshanAndExportWithTheFilters({ page, base, artifacts }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.goto(`${base}/#/lists?list=targets`);
  await page.getByTestId('list-table').waitFor();
  await page.locator('#lf-district').selectOption('320583');
  const total = page.getByTestId('list-total');
  await until(async () => (await total.getAttribute('data-loaded-for')) === '#/lists?list=targets&region=320583', 'the Kunshan targets');
  const api = await apiGet(page, '/lists/targets?region=320583&limit=1');
  eq(Number(await total.getAttribute('data-total')), api.total, 'the page total is the API total');
  assert((await total.innerText()).includes(`共 ${api.total} 条`), `共 N 条: ${await total.innerText()}`);
  const regions = await page.locator('[data-testid="list-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.region));
  assert(regions.length > 0 && regions.every((r) => r.startsWith('320583')), `only Kunshan rows: ${regions.join(',')}`);
  for (const f of ['csv', 'xlsx', 'geojson']) {
    const h = await page.getByTestId(`export-${f}`).getAttribute('href');
    assert(h.startsWith('/api/v1/lists/targets?') && h.includes('region=320583') && h.includes(`format=${f}`), `export link ${h}`);
  }
  await page.locator('#lf-dept').selectOption('WJW');
  await until(async () => (await page.getByTestId('export-csv').getAttribute('href')).includes('dept=WJW'), 'the dept in the export link');
  const res = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, text: await r.text() }; }, await page.getByTestId('export-csv').getAttribute('href'));
  assert(res.status === 200 && res.text.includes('所属单位'), `the CSV link answers ${res.status}`);
  await page.locator('#lf-dept').selectOption('');

  // The major risks tab keeps the filter and shows the seed's columns.
  await page.getByTestId('tab-major-risks').click();
  await until(async () => (await total.getAttribute('data-loaded-for') || '').startsWith('#/lists?list=major-risks'), 'the major risks tab');
  const heads = await page.locator('[data-testid="list-table"] th').allInnerTexts();
  for (const h of ['所属单位', '所处位置', '风险（隐患）等级', '风险（隐患）特征', '主管（监管）单位']) assert(heads.includes(h), `column ${h}: ${heads.join('|')}`);
  await page.getByTestId('tab-targets').click();
  await until(async () => (await total.getAttribute('data-loaded-for') || '').startsWith('#/lists?list=targets'), 'back on the targets');
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifacts, 'lists-targets-kunshan.png'), fullPage: true });

  // Kunshan itself: no district choice, its towns, its rows only; hazard sources say why empty.
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.getByTestId('nav-lists').click();
  await page.getByTestId('list-table').waitFor();
  eq(await page.locator('#lf-district').count(), 0, 'a district account has no district choice');
  await until(async () => (await page.locator('#lf-town option').count()) > 1, 'a district account picking among its towns');
  await page.getByTestId('tab-hazard-sources').click();
  await until(async () => (await total.getAttribute('data-loaded-for') || '').includes('hazard-sources'), 'the hazard sources');
  const hs = await apiGet(page, '/lists/hazard-sources');
  eq(await page.getByTestId('list-note').count(), hs.available ? 0 : 1, 'the note when hazard sources are unavailable');
  await page.getByTestId('tab-targets').click();
  await until(async () => (await total.getAttribute('data-loaded-for') || '') === '#/lists?list=targets', 'kunshan targets');
  const mine = await page.locator('[data-testid="list-row"]').evaluateAll((rs) => rs.map((r) => r.dataset.region));
  assert(mine.length > 0 && mine.every((r) => r.startsWith('320583')), 'kunshan sees only Kunshan');
}

async function targetsOnTheMapWithImpactCirclesAndReachLines({ page, base, artifacts }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  assert(state.source && state.targetId, 'the target test ran first');
  const [lon, lat] = state.lonlat;
  await page.goto(`${base}/#/map?targets=1&lat=${lat}&lon=${lon}&z=15`);
  const map = page.getByTestId('map');
  await until(async () => Number(await map.getAttribute('data-targets-loaded')) > 0, 'the target layer');
  await until(async () => (await page.locator(`.target-mark.target-${state.targetId}`).count()) === 1, 'the new target on the map');
  assert(await page.locator(`.target-mark.target-${state.targetId} svg text`).textContent() === '医', 'a hospital is 医');
  await until(async () => (await page.locator(`.impact-risk-${state.source.id}`).count()) === 1, 'the impact circle of the source');
  await page.locator(`.impact-risk-${state.source.id}`).dispatchEvent('click');
  await until(async () => Number(await map.getAttribute('data-reach-lines')) >= 1, 'a line from the source');
  assert(await page.locator(`.reach-line.reach-${state.targetId}`).count() === 1, 'the line reaches the new target');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(artifacts, 'map-targets.png') });
  // Zoomed out: every target of Kunshan as a symbol.
  await page.goto(`${base}/#/map?targets=1&lat=31.35&lon=120.95&z=11`);
  await until(async () => (await page.locator('.target-mark').count()) > 1, 'target symbols city-wide');
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(artifacts, 'map-targets-kunshan.png') });
}

// The targets page exports like every register: its 导出 CSV / Excel links carry the filters,
// and the files read back hold the page's rows with Chinese headers and labels.
async function targetsPageExportsTheFilteredRegister({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const tok = `导出页${Date.now()}`;
  for (const [name, kind] of [[`${tok}幼儿园`, 'kindergarten'], [`${tok}商场`, 'mall']]) {
    const r = await apiSend(page, 'POST', '/targets', { name, kind, region: '320583', lon: 120.96, lat: 31.39, people_day: 300, people_night: 5 });
    eq(r.status, 201, `target ${name}`);
  }
  await page.goto(`${base}/#/targets?kind=kindergarten&q=${encodeURIComponent(tok)}`);
  await until(async () => (await page.getByTestId('target-row').count()) === 1, 'one kindergarten on the page');
  const href = await page.getByTestId('export-csv').getAttribute('href');
  assert(href.includes('kind=kindergarten') && href.includes('format=csv'), `the CSV link carries the filters: ${href}`);
  const csvFile = await download(page, 'export-csv');
  const bytes = fs.readFileSync(csvFile);
  eq(bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'the CSV starts with a UTF-8 BOM');
  const csv = parseCsv(bytes.toString('utf8').slice(1));
  eq(csv[0].slice(0, 4).join(), '编号,名称,类型,防护类别', 'Chinese headers');
  eq(csv.length, 2, 'the page\'s one row');
  eq(csv[1].slice(1, 4).join(), `${tok}幼儿园,幼儿园,高敏感防护目标`, 'its name, kind and class');
  const x = readXlsx(await download(page, 'export-xlsx'));
  eq(x[0][0], '脆弱性目标台账', 'the workbook title');
  assert(x[1][0].includes('类型 幼儿园') && x[1][0].includes(tok), `its filter line: ${x[1][0]}`);
  eq(x.length, 5, 'title, filter, date, header and the one row');
  eq(x[4][1], `${tok}幼儿园`, 'the row');
}

export const TARGET_TESTS = [
  targetsPageExportsTheFilteredRegister,
  targetsNearAMajorPointListIt,
  targetsFourListsKeepToKunshanAndExportWithTheFilters,
  targetsOnTheMapWithImpactCirclesAndReachLines,
];
