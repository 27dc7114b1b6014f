// assert.mjs — the waits, checks and log-in every browser test file uses.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns a truthy value; throws with `what` after `ms`.
export async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await sleep(100);
  }
}

export function assert(cond, msg) { if (!cond) throw new Error(msg); }
export function eq(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// A GET of the API as the page's session: the JSON, or { status } when refused.
export const apiGet = (page, p) => page.evaluate(async (u) => {
  const r = await fetch(`/api/v1${u}`, { credentials: 'same-origin' });
  return r.ok ? r.json() : { status: r.status };
}, p);

// Ends the page's session, if any.
export async function logout(page) {
  await page.evaluate(async () => {
    const s = await fetch('/api/v1/session', { credentials: 'same-origin' });
    if (!s.ok) return;
    const { csrf } = await s.json();
    await fetch('/api/v1/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } });
  }).catch(() => {});
}

// Logs in through the log-in form as user, unless the page's session is that user already.
export async function loginAs(page, base, user, password) {
  if (!page.url().startsWith(base)) await page.goto(`${base}/`);
  const who = await apiGet(page, '/session');
  if (who.user && who.user.login === user) return;
  await logout(page);
  await page.goto(`${base}/#/`);
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

// Logs out whatever session the page has and logs in as user through the form from the start
// page, always (loginAs keeps a session that is user's already).
export async function relogin(page, base, user, password) {
  await page.goto(`${base}/`);
  await logout(page);
  await page.reload();
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

// Collects the page's console errors from now on (a request the runner blocks beyond loopback,
// a map tile, is not one); stop() detaches and returns them.
export function watchConsole(page) {
  const errors = [];
  const onConsole = (m) => {
    if (m.type() === 'error' && !m.text().includes('net::ERR_BLOCKED_BY_CLIENT')) errors.push(m.text());
  };
  const onError = (e) => errors.push(e.message);
  page.on('console', onConsole);
  page.on('pageerror', onError);
  return { errors, stop: () => { page.off('console', onConsole); page.off('pageerror', onError); return errors; } };
}
