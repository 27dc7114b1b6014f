// hazard-queue — hazards captured in the field, kept on the device until the server has them.
//
// Every capture (its fields and its photos as Blobs) goes into IndexedDB first, under a UUID made
// here (`client_id`), and is then sent: POST /hazards with that client_id (a repeat answers the
// hazard already filed, so a retry after a lost answer never makes a second one), then each photo
// not yet on the server (compared by SHA-256 with the hazard's attachments, so a photo whose
// answer was lost is not sent twice). The queue is sent on app start, on the 'online' event and
// right after a capture; one sender at a time (Web Locks across tabs where the browser has them).
// Items belong to the user who made them and are sent only in that user's session.

import { useEffect, useState } from './html.js';
import * as api from './api.js';

const DB = 'cityrisk-field';
const STORE = 'captures';
const USER_KEY = 'cityrisk.lastUser';

// ----- the user, for an app started without a network -----

// Keeps the signed-in user (no secret: the session cookie stays with the browser) so that the
// shell can open the capture page offline; forgets it on log-out.
export function rememberUser(session) {
  try {
    if (session && session.user && !session.offline) localStorage.setItem(USER_KEY, JSON.stringify(session.user));
    else if (session === null) localStorage.removeItem(USER_KEY);
  } catch (_) { /* storage disabled */ }
}

// {user, offline: true} from the last session on this device, or null.
export function offlineSession() {
  try {
    const u = JSON.parse(localStorage.getItem(USER_KEY) || 'null');
    return u && u.login ? { user: u, csrf: null, offline: true } : null;
  } catch (_) {
    return null;
  }
}

// ----- IndexedDB -----

let dbP = null;
function db() {
  if (!dbP) {
    dbP = new Promise((resolve, reject) => {
      const rq = indexedDB.open(DB, 1);
      rq.onupgradeneeded = () => {
        const s = rq.result.createObjectStore(STORE, { keyPath: 'client_id' });
        s.createIndex('login', 'login');
      };
      rq.onsuccess = () => resolve(rq.result);
      rq.onerror = () => reject(rq.error);
    }).catch((e) => { dbP = null; throw e; });
  }
  return dbP;
}

async function tx(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const store = t.objectStore(STORE);
    let out;
    const rq = fn(store);
    if (rq) rq.onsuccess = () => { out = rq.result; };
    t.oncomplete = () => resolve(out);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const putItem = (item) => tx('readwrite', (s) => s.put(item));
const deleteItem = (id) => tx('readwrite', (s) => s.delete(id));
export const getItem = (id) => tx('readonly', (s) => s.get(id));
export async function listQueue(login) {
  const all = (await tx('readonly', (s) => s.getAll())) || [];
  return all.filter((i) => !login || i.login === login).sort((a, b) => a.created - b.created);
}

// ----- pending count, for the top bar -----

const listeners = new Set();
let count = 0;
let currentLogin = '';
let syncingNow = false;

async function refreshCount() {
  try {
    count = currentLogin ? (await listQueue(currentLogin)).length : 0;
  } catch (_) {
    count = 0;
  }
  for (const fn of listeners) fn({ count, syncing: syncingNow });
}

export function useQueue() {
  const [s, setS] = useState({ count, syncing: syncingNow });
  useEffect(() => {
    listeners.add(setS);
    refreshCount();
    return () => listeners.delete(setS);
  }, []);
  return s;
}

export function useOnline() {
  const [on, setOn] = useState(navigator.onLine);
  useEffect(() => {
    const up = () => setOn(true);
    const down = () => setOn(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => { window.removeEventListener('online', up); window.removeEventListener('offline', down); };
  }, []);
  return on;
}

// ----- capture -----

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Queues a capture: body = the fields of POST /hazards, photos = [File|Blob]. Returns the item.
export async function enqueue(login, body, photos, clientId) {
  const item = {
    client_id: clientId || uuid(),
    login,
    created: Date.now(),
    body,
    photos: photos.map((f, i) => ({ name: f.name || `photo-${i + 1}.jpg`, type: f.type || 'application/octet-stream', blob: f, done: false })),
    hazard_id: null,
    error: null,
  };
  await putItem(item);
  await refreshCount();
  return item;
}

export async function discard(clientId) {
  await deleteItem(clientId);
  await refreshCount();
}

async function sha256(blob) {
  const buf = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(buf)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

// Sends one item. Returns 'done', 'stop' (no network, no session, server trouble: try later) or
// 'error' (the server refused the capture; kept with the error for the user to see).
async function sendOne(item) {
  try {
    if (!item.hazard_id) {
      const h = await api.createHazard({ ...item.body, client_id: item.client_id });
      item.hazard_id = h.id;
      item.error = null;
      await putItem(item);
    }
    const pending = item.photos.filter((p) => !p.done);
    if (pending.length) {
      // What the server already holds (a photo whose answer was lost last time).
      const h = await api.getHazard(item.hazard_id);
      const have = new Set((h.attachments || []).map((a) => a.sha256).filter(Boolean));
      for (const p of pending) {
        const sum = await sha256(p.blob);
        if (!have.has(sum)) {
          await api.uploadAttachment(item.hazard_id, p.blob, p.name);
          have.add(sum);
        }
        p.done = true;
        await putItem(item);
      }
    }
    await deleteItem(item.client_id);
    return 'done';
  } catch (e) {
    if (e.status === 0 || e.status === 401 || e.status === 403 && e.code !== 'forbidden' || e.status >= 500 || e.status === 429) return 'stop';
    item.error = { status: e.status, code: e.code, message: e.message, field: e.field, params: e.params };
    await putItem(item);
    return 'error';
  }
}

let running = null;
// client_id → hazard id of the captures sent during this page's life (the capture form opens it).
const sent = new Map();
export const sentHazardId = (clientId) => sent.get(clientId) || null;

// Sends the queue of `login` (the signed-in user). Resolves to {sent, failed, left, results}
// where results maps client_id → hazard id for the items sent.
export function sync(login) {
  if (login) currentLogin = login;
  if (!currentLogin) return Promise.resolve({ sent: 0, failed: 0, left: 0, results: {} });
  if (running) return running.then(() => sync());
  const work = async () => {
    const out = { sent: 0, failed: 0, left: 0, results: {} };
    let items = [];
    try { items = await listQueue(currentLogin); } catch (_) { return out; }
    items = items.filter((i) => !i.error);
    if (!items.length) return out;
    syncingNow = true;
    await refreshCount();
    // The CSRF token may be missing (an app started offline): the session probe sets it.
    try {
      const s = await api.currentSession();
      if (!s || !s.user || s.user.login !== currentLogin) return out;
    } catch (_) {
      return out;
    }
    for (const item of items) {
      const r = await sendOne(item);
      if (r === 'done') { out.sent++; out.results[item.client_id] = item.hazard_id; sent.set(item.client_id, item.hazard_id); }
      if (r === 'error') out.failed++;
      if (r === 'stop') break;
    }
    return out;
  };
  const locked = () => (navigator.locks ? navigator.locks.request('cityrisk-field-sync', work) : work());
  running = locked().finally(async () => {
    running = null;
    syncingNow = false;
    await refreshCount();
  });
  return running;
}

// Starts sending the captures of `user` (the signed-in user, or null) now and whenever the
// browser comes back online.
let started = false;
export function startSync(user) {
  currentLogin = (user && user.login) || '';
  refreshCount();
  if (!currentLogin) return;
  if (!started) {
    started = true;
    window.addEventListener('online', () => sync());
  }
  if (navigator.onLine) sync();
}

// Asks the queue to try an item again after it was refused (e.g. after a fix on the server side).
export async function retry(clientId) {
  const item = await getItem(clientId);
  if (!item) return;
  item.error = null;
  await putItem(item);
  return sync();
}
