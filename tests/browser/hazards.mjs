// hazards.mjs — browser tests of issue 4 (hidden hazards), run by run.mjs after its own tests on the
// same page: the closed loop with a photo through the action buttons (kunshan records and
// rectifies, admin verifies and closes), only the allowed actions shown (the expert sees none),
// the register / board / statistics / map layer, offline capture queued in IndexedDB and sent
// without duplicates (lost answers included), the public report form without log-in (and 429),
// and the capture page on a phone. Each test logs in itself, so `--only` works for one alone.

import zlib from 'node:zlib';

import { apiGet, assert, eq, loginAs, logout, until } from './assert.mjs';

// A small PNG (size×size, one colour) made here: a real image for the attachment checks.
function crc32(buf) {
  let crc = 0xffffffff;
  for (const b of buf) {
    let c = (crc ^ b) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function makePng(size, [r, g, b]) {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) raw.set([r, g, b], y * (size * 3 + 1) + 1 + x * 3);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

const todayCst = (plusDays = 0) => new Date(Date.now() + 8 * 3600e3 + plusDays * 86400e3).toISOString().slice(0, 10);
const stamp = () => `${Date.now() % 1000000}`;
const state = {};

async function kunshanUnit(page) {
  if (state.unitId) return state.unitId;
  const r = await apiGet(page, '/units?limit=1&region=320583');
  state.unitId = r.items[0].id;
  return state.unitId;
}

async function hazardPageSettled(page, id) {
  const hp = page.getByTestId('hazard-page');
  await until(async () => (await hp.getAttribute('data-id')) === String(id), `hazard #${id} shown`);
  return hp;
}

// Takes the step to `to` through its button: fills `values` (label → value) and confirms.
async function takeStep(page, to, values = {}) {
  await page.getByTestId(`action-${to}`).click();
  const form = page.getByTestId('action-form');
  await form.waitFor();
  for (const [label, v] of Object.entries(values)) await form.getByLabel(label).fill(v);
  await form.getByTestId('action-submit').click();
  await until(async () => (await page.getByTestId('hazard-page').getAttribute('data-state')) === to, `state ${to}`);
  await until(async () => (await page.getByTestId('action-form').count()) === 0, 'the step form to close');
}

// REQUIRED: a browser test registers a hazard with a photo and closes it.
async function registersAHazardWithAPhotoAndClosesIt({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const uid = await kunshanUnit(page);
  const desc = `浏览器测试隐患：消防通道堵塞${stamp()}`;
  await page.goto(`${base}/#/hazards/new?unit_id=${uid}`);
  await until(async () => (await page.locator('#hc-unit').inputValue()) === String(uid), 'the unit chosen from the URL');
  await page.getByLabel('隐患来源').selectOption('inspection');
  await page.getByLabel('一般隐患').check();
  await page.getByLabel('隐患描述').fill(desc);
  await page.getByLabel('隐患部位').fill('1号仓库北侧通道');
  await page.getByLabel('现场照片（可拍照）').setInputFiles({ name: 'site.png', mimeType: 'image/png', buffer: makePng(16, [200, 30, 30]) });
  await page.getByTestId('hc-photo-list').locator('img').waitFor();
  await page.getByTestId('hc-submit').click();

  await until(() => /#\/hazards\/\d+$/.test(page.url()), 'the new hazard page');
  const id = Number(page.url().split('/').pop());
  state.loopId = id;
  const hp = await hazardPageSettled(page, id);
  eq(await hp.getAttribute('data-state'), 'found', 'state of a new hazard');
  // The photo: fetched as a Blob and shown as a thumbnail.
  const img = page.getByTestId('attachment-img');
  await img.waitFor();
  await until(() => img.evaluate((i) => i.complete && i.naturalWidth === 16), 'the thumbnail to load');
  assert(/^(blob|data):/.test(await img.getAttribute('src')), 'the thumbnail comes from a Blob');

  await takeStep(page, 'registered', { 整改期限: todayCst(20) });
  await takeStep(page, 'assessed', { '意见/说明': '一般隐患，责令限期整改' });

  // The plan needs measures, responsible and funds: an empty form says so under each field.
  await page.getByTestId('action-rectifying').click();
  const form = page.getByTestId('action-form');
  await form.getByTestId('action-submit').click();
  for (const label of ['整改措施', '整改责任人', '整改资金（元）']) {
    const field = form.getByLabel(label);
    eq(await field.getAttribute('aria-invalid'), 'true', `${label} marked invalid`);
  }
  await form.getByLabel('整改措施').fill('清理通道堆放物，设置禁止占用标识');
  await form.getByLabel('整改责任人').fill('张伟');
  await form.getByLabel('整改资金（元）').fill('1500');
  await form.getByTestId('action-submit').click();
  await until(async () => (await hp.getAttribute('data-state')) === 'rectifying', 'state rectifying');

  await takeStep(page, 'rectified', { 整改情况及佐证: '通道已清理，见整改后照片' });
  // The rectifier may not verify: kunshan is offered no 验收.
  eq(await page.getByTestId('action-verified').count(), 0, 'verify offered to the rectifier');

  await loginAs(page, base, 'admin', 'admin123');
  await page.goto(`${base}/#/hazards/${id}`);
  await hazardPageSettled(page, id);
  await page.getByTestId('action-verified').waitFor();
  await takeStep(page, 'verified', { '意见/说明': '现场复核合格' });
  await takeStep(page, 'closed', { '意见/说明': '同意销号' });
  await page.getByTestId('hz-no-actions').waitFor();
  eq(await page.getByTestId('hz-actions').getByRole('button').count(), 0, 'steps offered on a closed hazard');
  const events = await page.getByTestId('hz-events').locator('li').evaluateAll((li) => li.map((x) => x.dataset.to));
  for (const s of ['found', 'registered', 'assessed', 'rectifying', 'rectified', 'verified', 'closed']) {
    assert(events.includes(s), `the timeline shows ${s} (${events.join(',')})`);
  }
  const h = await apiGet(page, `/hazards/${id}`);
  eq(h.state, 'closed', 'state on the server');
  eq(h.attachments.length, 1, 'attachments on the server');
  eq(h.description, desc, 'description on the server');
}

// The buttons are exactly the server's `actions`; the expert gets none (and no upload).
async function onlyAllowedActionsAreShown({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const r = await apiGet(page, '/hazards?state=assessed&limit=5');
  assert(r.items && r.items.length, 'an assessed hazard in the demo data');
  const id = r.items[0].id;
  const h = await apiGet(page, `/hazards/${id}`);
  await page.goto(`${base}/#/hazards/${id}`);
  await hazardPageSettled(page, id);
  await until(async () => (await page.getByTestId('hz-actions').getByRole('button').count()) === h.actions.length, 'the buttons');
  const shown = await page.getByTestId('hz-actions').getByRole('button').evaluateAll((b) => b.map((x) => x.dataset.testid).sort());
  eq(shown.join(','), h.actions.map((a) => `action-${a.to}`).sort().join(','), 'buttons vs actions');
  // A step's form asks exactly for its `takes`, the `needs` marked required.
  const a = h.actions[0];
  await page.getByTestId(`action-${a.to}`).click();
  const form = page.getByTestId('action-form');
  const names = await form.locator('input, textarea, select').evaluateAll((els) => els.map((e) => `${e.name}${e.required ? '*' : ''}`).sort());
  eq(names.join(','), a.takes.map((f) => `${f}${a.needs.includes(f) ? '*' : ''}`).sort().join(','), 'fields of the step form');
  await form.getByRole('button', { name: '取消' }).click();

  await loginAs(page, base, 'expert', 'expert123');
  const he = await apiGet(page, `/hazards/${id}`);
  eq((he.actions || []).length, 0, 'actions the server gives the expert');
  await page.goto(`${base}/#/hazards/${id}`);
  await hazardPageSettled(page, id);
  await page.getByTestId('hz-no-actions').waitFor();
  eq(await page.getByTestId('hz-actions').getByRole('button').count(), 0, 'buttons shown to the expert');
  eq(await page.getByTestId('hz-photo-input').count(), 0, 'upload offered to the expert');
}

// Register filters, overdue badges, the listed board, the statistics and the map layer.
async function registerBoardStatisticsAndMapLayer({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '隐患' }).click();
  const total = page.getByTestId('hz-total');
  const settled = async () => until(async () => (await page.getByTestId('loading').count()) === 0
    && (await total.getAttribute('data-loaded-for')) === await page.evaluate(() => location.hash)
    && (await total.getAttribute('data-total')) !== '', 'the register to load');
  await settled();
  eq(Number(await total.getAttribute('data-total')), (await apiGet(page, '/hazards?limit=1')).total, 'register total');
  await page.getByLabel('已逾期').check();
  await until(() => page.url().includes('overdue=1'), 'overdue in the URL');
  await settled();
  const api = await apiGet(page, '/hazards?limit=1&overdue=1');
  eq(Number(await total.getAttribute('data-total')), api.total, 'overdue total');
  assert(api.total > 0, 'overdue hazards in the demo');
  const flags = await page.getByTestId('hz-row').evaluateAll((tr) => tr.map((x) => x.dataset.overdue));
  assert(flags.length && flags.every((f) => f === '1'), 'only overdue rows');
  eq(await page.getByTestId('hz-row').first().getByTestId('badge-overdue').count(), 1, 'the overdue badge');
  await page.getByLabel('隐患等级').selectOption('major');
  await settled();
  const grades = await page.getByTestId('hz-row').evaluateAll((tr) => tr.map((x) => x.dataset.grade));
  assert(grades.every((g) => g === 'major'), 'only major hazards');

  // 挂牌督办: grouped by supervisor, the city office first.
  await page.getByRole('link', { name: '挂牌督办', exact: true }).click();
  await page.getByTestId('hb-total').waitFor();
  const listed = await apiGet(page, '/hazards?listed=1&open=1&limit=1');
  eq(Number(await page.getByTestId('hb-total').getAttribute('data-total')), listed.total, 'listed open hazards');
  const sups = await page.getByTestId('hb-group').evaluateAll((g) => g.map((x) => x.dataset.supervisor));
  assert(sups.length > 0, 'supervisor groups');
  if (sups.includes('AWB')) eq(sups[0], 'AWB', 'the city office first');

  // 统计: the table's total and the chart.
  await page.getByRole('link', { name: '隐患统计', exact: true }).click();
  await page.getByTestId('hs-total').waitFor();
  const st = await apiGet(page, '/stats/hazards?by=district');
  eq(Number(await page.getByTestId('hs-found').textContent()), st.total.found, 'found in total');
  eq(await page.getByTestId('hs-row').count(), st.items.length, 'rows by district');
  await until(async () => (await page.getByTestId('hs-chart').getAttribute('data-ready')) === 'true', 'the chart');
  await page.getByLabel('统计维度').selectOption('source');
  await until(async () => (await page.getByTestId('hs-row').first().textContent()).match(/自查|执法|网格|中介|举报/), 'rows by source');

  // The map: open hazards as a layer (clustered, tests/browser/map.mjs), overdue ones emphasised.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '地图' }).click();
  await page.getByTestId('layer-hazards').check();
  await page.getByTestId('hazard-legend').waitFor();
  const n = Number(await page.getByTestId('hazard-legend').getAttribute('data-count'));
  assert(n > 0, 'hazards on the map');
  const symbols = page.locator('.hazard-point, .hazard-cluster');
  await until(async () => (await symbols.count()) > 0, 'hazard markers');
  const overdue = await page.evaluate(() => [...document.querySelectorAll('.hazard-cluster')].reduce((a, e) => a + Number(e.dataset.overdue), 0)
    + document.querySelectorAll('.hazard-point.hz-overdue').length);
  assert(overdue > 0, 'overdue markers');
  await page.getByTestId('layer-hazards').uncheck();
  await until(async () => (await symbols.count()) === 0, 'the layer off');
}

// Offline capture: queued in IndexedDB with its photo, the count in the top bar, sent when back
// online; lost answers (the hazard's, then the photo's) are retried without a second hazard or
// a second photo.
async function offlineCaptureQueuesAndSyncsWithoutDuplicates({ page, base }) {
  const context = page.context();
  await loginAs(page, base, 'kunshan', 'kunshan123');
  const uid = await kunshanUnit(page);
  await page.goto(`${base}/#/hazards/new?unit_id=${uid}`);
  await until(async () => (await page.locator('#hc-unit').inputValue()) === String(uid), 'the unit');
  // The service worker is in control and has the app shell (the page's modules) in its cache.
  await page.evaluate(() => navigator.serviceWorker.ready);
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) await page.reload();
  await until(() => page.evaluate(async () => !!navigator.serviceWorker.controller
    && !!(await caches.match('/js/pages/hazard-capture.js')) && !!(await caches.match('/js/pages/overview.js'))
    && !!(await caches.match('/vendor/htm/preact/standalone.module.js')) && !!(await caches.match('/'))), 'the app shell in the cache', 15000);

  const desc = `离线登记隐患${stamp()}`;
  let created = 0;
  try {
    await context.setOffline(true);
    // The app opens without a network (from the service worker's cache) on the capture page.
    await page.reload();
    await page.getByTestId('capture-form').waitFor();
    eq(await page.getByTestId('net-state').textContent(), '离线', 'offline shown');
    assert(!(await page.evaluate(() => fetch('/api/v1/session').then(() => true, () => false))), 'the API is unreachable');
    await page.locator('#hc-unit').selectOption(String(uid));
    await page.getByLabel('隐患描述').fill(desc);
    await page.getByLabel('现场照片（可拍照）').setInputFiles({ name: 'offline.png', mimeType: 'image/png', buffer: makePng(12, [30, 90, 200]) });
    await page.getByTestId('hc-submit').click();
    await page.getByTestId('hc-notice').waitFor();
    await until(async () => (await page.getByTestId('queue-count').getAttribute('data-count')) === '1', 'one capture waiting');
    assert((await page.getByTestId('queue-count').textContent()).includes('待上传 1'), 'the top bar says 待上传 1');

    // Back online: the first POST reaches the server but its answer is lost.
    let lostHazard = 0;
    let lostPhoto = 0;
    await context.route('**/api/v1/hazards', async (route) => {
      if (route.request().method() === 'POST' && lostHazard === 0) {
        lostHazard++;
        const res = await route.fetch();
        created = (await res.json()).id;
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    await context.route('**/api/v1/hazards/*/attachments?*', async (route) => {
      if (route.request().method() === 'POST' && lostPhoto === 0) {
        lostPhoto++;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    await context.setOffline(false);
    await until(() => lostHazard === 1, 'the capture sent on the online event');
    await until(async () => (await page.getByTestId('queue-count').getAttribute('data-count')) === '1'
      && !(await page.evaluate(() => document.querySelector('[data-testid=queue-count]').textContent.includes('上传中'))), 'the failed attempt to end');
    // App start sends again: the hazard is found by its client_id; the photo's answer is lost.
    await page.reload();
    await until(() => lostPhoto === 1, 'the photo sent on app start');
    await until(async () => (await page.getByTestId('queue-count').getAttribute('data-count')) === '1', 'still waiting after the lost photo');
    // Third try (the queue page's button): the photo is already there, nothing is sent twice.
    await page.getByTestId('queue-count').click();
    await page.getByTestId('hq-sync').click();
    await until(async () => (await page.getByTestId('queue-count').getAttribute('data-count')) === '0', 'the queue to empty');
    await page.getByTestId('hq-empty').waitFor();
  } finally {
    await context.setOffline(false);
    await context.unroute('**/api/v1/hazards');
    await context.unroute('**/api/v1/hazards/*/attachments?*');
  }
  const found = await apiGet(page, `/hazards?q=${encodeURIComponent(desc)}&limit=10`);
  eq(found.total, 1, 'hazards filed for one offline capture');
  eq(found.items[0].id, created, 'the hazard created by the first (lost) answer');
  const h = await apiGet(page, `/hazards/${created}`);
  eq(h.attachments.length, 1, 'photos on the hazard');
  eq(h.unit_id, uid, 'unit of the offline capture');
}

// 举报 without log-in: the form is reachable logged out, files a report, and 429 reads well.
async function publicReportWorksWithoutLogin({ page, base }) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  await logout(page);
  await page.goto(`${base}/#/report`);
  await page.reload();
  await page.getByTestId('report-form').waitFor();
  eq(await page.getByLabel('密码').count(), 0, 'no log-in form on the report page');
  const desc = `群众举报：路边燃气管道漏气${stamp()}`;
  await page.getByTestId('report-submit').click();
  await page.getByTestId('error-rp-description').waitFor();
  await page.getByLabel('隐患情况').fill(desc);
  await page.getByLabel('地址').fill('昆山市前进西路 100 号');
  await page.getByLabel('经度').fill('120.95');
  await page.getByLabel('纬度').fill('31.38');
  await page.getByLabel('联系方式').fill('13800000000');
  await page.getByTestId('report-submit').click();
  const done = page.getByTestId('report-done');
  await done.waitFor();
  const id = Number((await done.textContent()).match(/编号\s*(\d+)/)[1]);
  assert(id > 0, 'the report number');
  // Use up the address's allowance, then the form shows the rate limit plainly.
  await page.evaluate(async () => {
    for (let i = 0; i < 6; i++) {
      const r = await fetch('/api/v1/public/reports', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ description: 'x', address: 'y', lon: 120.95, lat: 31.38 }) });
      if (r.status === 429) return;
    }
  });
  await done.getByRole('button', { name: '再次举报' }).click();
  await page.getByLabel('隐患情况').fill('再次举报');
  await page.getByLabel('地址').fill('同上');
  await page.getByLabel('经度').fill('120.95');
  await page.getByLabel('纬度').fill('31.38');
  await page.getByTestId('report-submit').click();
  const err = page.getByTestId('report-error');
  await err.waitFor();
  assert((await err.textContent()).includes('10 分钟内最多举报 5 次'), `the 429 message (${await err.textContent()})`);

  await loginAs(page, base, 'admin', 'admin123');
  const h = await apiGet(page, `/hazards/${id}`);
  eq(h.description, desc, 'the report as a hazard');
  eq(h.source, 'public_report', 'its source');
  eq(h.unit_id, null, 'no unit yet');
}

// The capture page on a phone: no sideways scrolling, the submit button in reach.
async function captureFitsAPhone({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await page.goto(`${base}/#/hazards/new`);
    await page.getByTestId('capture-form').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `capture page wider than the phone by ${overflow}px`);
    assert(await page.getByTestId('hc-submit').isVisible(), 'submit visible');
    for (const id of ['hc-unit', 'hc-source', 'hc-description', 'hc-location', 'hc-lon', 'hc-lat', 'hc-found-at', 'hc-found-by', 'hc-deadline', 'hc-photos']) {
      eq(await page.locator(`label[for="${id}"]`).count(), 1, `label of ${id}`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
}

// English on the hazard pages (the dictionary check of run.mjs covers missing keys).
async function hazardPagesInEnglish({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  await page.goto(`${base}/#/hazards`);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  try {
    await page.getByRole('heading', { name: 'Hazard register' }).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Hazards' }).waitFor();
    await page.getByLabel('Hazard grade').waitFor();
  } finally {
    await page.getByRole('button', { name: '切换到中文' }).click();
  }
}

export const HAZARD_TESTS = [
  registersAHazardWithAPhotoAndClosesIt,
  onlyAllowedActionsAreShown,
  registerBoardStatisticsAndMapLayer,
  offlineCaptureQueuesAndSyncsWithoutDuplicates,
  captureFitsAPhone,
  hazardPagesInEnglish,
  publicReportWorksWithoutLogin,
];
