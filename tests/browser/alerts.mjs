// alerts.mjs — browser tests of early warning (issue 11 items 3, 5, 8): kunshan files a dynamic
// report (动态上报) through the form with multi-line risks and measures, sees the line breaks kept,
// and watches the header badge count the alert live from the event stream without a reload; the
// alerts page shows the alert with its reason and records and acknowledges it. Each test logs in
// itself.

import { assert, eq, relogin as loginAs, until } from './assert.mjs';
import { apiGet } from './targets.mjs';
import { creditCode } from './emergency.mjs';

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

// The webhooks page: add one pointing at a closed loopback port, file a report, and see the
// delivery listed as pending with its failed attempt.
async function webhookDeliveriesAreListed({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/alerts`);
  await page.getByRole('link', { name: '推送地址' }).click();
  const form = page.getByTestId('wh-form');
  await form.locator('#wh-name').fill('昆山值班系统');
  await form.locator('#wh-url').fill('http://127.0.0.1:9/hook');
  await form.locator('#wh-secret').fill('short');
  await form.getByRole('button', { name: '保存' }).click();
  const secretErr = page.getByTestId('error-wh-secret');
  await secretErr.waitFor();
  assert((await secretErr.textContent()).includes('至少 16 个字符'), `the secret's error: ${await secretErr.textContent()}`);
  await form.locator('#wh-secret').fill('kunshan-duty-secret-2026');
  await form.getByRole('button', { name: '保存' }).click();
  await page.getByTestId('wh-deliveries').waitFor();
  const units = await apiGet(page, '/units?region=320583&limit=1');
  const sent = await page.evaluate(async (uid) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/dynamic-reports', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ unit_id: uid, kind: 'shutdown', title: '停产检修', start: '2026-12-05', end: '2026-12-06', place: '全厂', risks: '有限空间', measures: '先通风后检测' }) });
    return r.status;
  }, units.items[0].id);
  eq(sent, 201, 'the report');
  const row = page.getByTestId('wh-delivery').filter({ hasText: '停产检修' });
  await until(async () => (await row.count()) === 1 && (await row.getAttribute('data-state')) === 'pending' && (await row.textContent()).includes('cannot connect'),
    'the delivery is listed as pending after a failed attempt', 15000);
  // switch it off so later tests' alerts are not queued for it
  await page.getByTestId('wh-list').getByRole('button', { name: '停用' }).last().click();
  await until(async () => (await page.getByTestId('wh-list').getByRole('button', { name: '启用' }).count()) >= 1, 'switched off');
}

// CAP approval: kunshan drafts a circle warning and may not approve it; admin approves it and the
// public feed carries it.
async function capWarningIsApprovedBySomeoneElse({ page, base }) {
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/alerts`);
  await page.getByRole('link', { name: '公共预警（CAP）' }).click();
  const form = page.getByTestId('cap-form');
  const headline = `玉山镇暴雨橙色预警${Date.now()}`;
  await form.locator('#cap-event').fill('暴雨');
  await form.locator('#cap-headline').fill(headline);
  await form.locator('#cap-area_desc').fill('玉山镇全域');
  await form.locator('#cap-expires').fill('2099-06-01T18:00');
  await form.locator('#cap-lon').fill('120.95');
  await form.locator('#cap-lat').fill('31.38');
  await form.locator('#cap-radius_km').fill('0');
  await page.getByTestId('cap-submit').click();
  const circleErr = page.getByTestId('error-cap-circle');
  await circleErr.waitFor();
  assert((await circleErr.textContent()).includes('半径'), `the circle's error: ${await circleErr.textContent()}`);
  await form.locator('#cap-radius_km').fill('5');
  await page.getByTestId('cap-submit').click();
  await page.getByTestId('cap-info').waitFor();
  const row = page.getByTestId('cap-row').filter({ hasText: headline });
  await row.waitFor();
  eq(await row.getAttribute('data-state'), 'draft', 'a draft');
  eq(await row.getByTestId('cap-approve').count(), 0, 'its author is not offered approval');
  let feed = await page.evaluate(async () => (await fetch('/api/v1/alerts.cap')).text());
  assert(!feed.includes(headline), 'a draft is not in the feed');

  await loginAs(page, base, 'admin', 'admin123');
  await page.goto(`${base}/#/cap`);
  const mine = page.getByTestId('cap-row').filter({ hasText: headline });
  await mine.getByTestId('cap-approve').click();
  await until(async () => (await mine.getAttribute('data-state')) === 'published', 'published');
  feed = await page.evaluate(async () => (await fetch('/api/v1/alerts.cap')).text());
  assert(feed.includes(headline) && feed.includes('<circle>31.380000,120.950000 5.000</circle>'), 'the feed carries the approved warning');
}

// The signal form: a red rainstorm warning over 昆山市 during a renovation there raises an alert
// that names the unit.
async function rainstormOverARenovationRaisesAnAlert({ page, base }) {
  await loginAs(page, base, 'admin', 'admin123');
  const units = await apiGet(page, '/units?region=320583&limit=1');
  const unit = units.items[0];
  const made = await page.evaluate(async (uid) => {
    const s = await (await fetch('/api/v1/session')).json();
    const r = await fetch('/api/v1/dynamic-reports', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf },
      body: JSON.stringify({ unit_id: uid, kind: 'renovation', title: '厂房屋面翻修', start: '2027-01-05', end: '2027-01-06', place: '3号厂房', risks: '高处坠落', measures: '搭设防护' }) });
    return r.status;
  }, unit.id);
  eq(made, 201, 'the renovation report');
  await page.goto(`${base}/#/alerts`);
  await page.getByRole('link', { name: '外部预警信息' }).click();
  const form = page.getByTestId('sg-form');
  await form.locator('#sg-type').selectOption('rainstorm');
  await form.locator('#sg-level').selectOption('red');
  await form.locator('#sg-title').fill('暴雨红色预警信号');
  await form.locator('#sg-start').fill('2027-01-05T06:00');
  await form.locator('#sg-end').fill('2027-01-05T20:00');
  await page.getByTestId('sg-submit').click();
  const regionsErr = page.getByTestId('error-sg-regions');
  await regionsErr.waitFor();
  assert((await regionsErr.textContent()).includes('行政区划或多边形'), `no area: ${await regionsErr.textContent()}`);
  await page.getByTestId('sg-regions').getByLabel('昆山市').check();
  await page.getByTestId('sg-submit').click();
  const result = page.getByTestId('sg-result');
  await result.waitFor();
  const text = await result.textContent();
  assert(/发出预警 [1-9]\d* 条/.test(text) && text.includes(unit.name) && text.includes('红色暴雨'), `the alert for the renovation: ${text}`);
}

// An admin session outside the browser on base: send(method, path, body) → {status, json}.
async function adminSession(base) {
  const r = await fetch(`${base}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'admin', password: 'admin123' }) });
  eq(r.status, 200, 'admin logs in');
  const headers = { cookie: r.headers.get('set-cookie').split(';')[0], 'x-csrf-token': (await r.json()).csrf, 'content-type': 'application/json' };
  return async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
}

// Reports owed and late (issue 11 item 5): a unit registered 31 days ago — filed on a second
// server whose test clock runs 31 days behind — owes its initial report since yesterday; when the
// rules run, its alert arrives in the open alerts panel live, filtered to that rule, with why.
async function lateReportShowsInTheAlertsPanel({ page, base, startServer, stopServer }) {
  const past = await startServer({ CITYRISK_CLOCK_SHIFT_DAYS: '-31' });
  const name = `逾期未报单位${Date.now()}`;
  let unit;
  try {
    const sendPast = await adminSession(past.base);
    const u = await sendPast('POST', '/api/v1/units', {
      credit_code: creditCode('320583'), name, sector: 'C01', region: '320583100',
      lon: 120.957, lat: 31.386, size_class: 'below', employees: 30, address: '玉山镇测试路3号',
    });
    unit = u.json;
    eq(u.status, 201, `the unit filed 31 days ago: ${JSON.stringify(u.json)}`);
  } finally {
    await stopServer(past.proc);
  }
  // edited on this server, so its unit index (following rows by updated_at) takes the row in
  const send = await adminSession(base);
  eq((await send('PATCH', `/api/v1/units/${unit.id}`, { contact_phone: '0512-57000000' })).status, 200, 'the unit edited');
  await loginAs(page, base, 'kunshan', 'kunshan123');
  await page.goto(`${base}/#/alerts`);
  await until(async () => (await page.getByTestId('alerts-live').getAttribute('class')).includes('on'), 'the stream is live');
  await page.locator('#al-rule').selectOption({ label: '风险报告逾期未报' });
  const item = page.getByTestId('alert-item').filter({ hasText: name });
  eq(await item.count(), 0, 'no alert before the rules run');
  const ev = await send('POST', '/api/v1/alerts/evaluate', { rules: ['report_late'] });
  eq(ev.status, 200, 'the rules ran');
  await item.waitFor({ timeout: 5000 });
  eq(await item.getAttribute('data-rule'), 'report_late', 'the rule');
  const text = await item.textContent();
  assert(text.includes('首次报告') && text.includes('已逾期 1 天') && text.includes('风险报告逾期未报'), `the alert says which report and how late: ${text}`);
  assert(await item.getByRole('link', { name: unit.name }).count() === 1, 'the alert links the unit');
}

export const ALERT_TESTS = [rainstormOverARenovationRaisesAnAlert, dynamicReportAlertsTheBadgeLive, webhookDeliveriesAreListed, capWarningIsApprovedBySomeoneElse, lateReportShowsInTheAlertsPanel];
