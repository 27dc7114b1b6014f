// api — the only module that talks to the server (docs/API.md). JSON in and out, cookie session,
// CSRF token on every write, error bodies turned into ApiError with .status, .code, .field and .params.

const BASE = '/api/v1';
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrf = null;
let me = null; // the logged-in user of the last session answer (pages hide what a role may not do)
let unauthorizedHandler = null;

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = e.code || (status === 0 ? 'network' : `http_${status}`);
    this.field = e.field || null;
    this.params = e.params || null; // the message's variable parts, for translation (errors.js)
    this.rows = (body && body.rows) || null;
  }
}

// Called with the error whenever the server answers 401 to anything but a log-in attempt,
// so the shell can fall back to the log-in page when a session expires.
export function onUnauthorized(fn) { unauthorizedHandler = fn; }

function query(params) {
  if (!params) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request(method, path, { params, body, raw, contentType } = {}) {
  const headers = { Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    if (raw) {
      init.body = body;
      headers['Content-Type'] = contentType || 'application/octet-stream';
    } else {
      init.body = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  if (WRITE.has(method) && csrf) headers['X-CSRF-Token'] = csrf;

  let res;
  try {
    res = await fetch(BASE + path + query(params), init);
  } catch (_) {
    throw new ApiError(0, null);
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch (_) { data = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    const isLogin = path === '/session' && method === 'POST';
    const isProbe = path === '/session' && method === 'GET';
    if (res.status === 401 && !isLogin && !isProbe && unauthorizedHandler) unauthorizedHandler(err);
    throw err;
  }
  return data;
}

export const get = (path, params) => request('GET', path, { params });
export const post = (path, body) => request('POST', path, { body });
export const patch = (path, body) => request('PATCH', path, { body });
export const del = (path) => request('DELETE', path);

// ----- session -----

// The logged-in user ({login, role, region, unit_id, …}) or null.
export const currentUser = () => me;

// Returns {csrf, user} or null when nobody is logged in.
export async function currentSession() {
  try {
    const s = await get('/session');
    csrf = s.csrf || null;
    me = s.user || null;
    return s;
  } catch (e) {
    if (e.status === 401) { csrf = null; me = null; return null; }
    throw e;
  }
}

export async function login(loginName, password) {
  const s = await post('/session', { login: loginName, password });
  csrf = s.csrf || null;
  me = s.user || null;
  return s;
}

export async function logout() {
  try {
    await del('/session');
  } finally {
    csrf = null;
    me = null;
  }
}

// ----- reference data (cached for the page's life; it changes only with a new release) -----

const cache = new Map();
function cached(key, load) {
  if (!cache.has(key)) {
    const p = load().catch((e) => { cache.delete(key); throw e; });
    cache.set(key, p);
  }
  return cache.get(key);
}

export const regions = (parent) =>
  cached(`regions:${parent || ''}`, () => get('/regions', parent ? { parent } : undefined).then((r) => r.items));
export const region = (code) => cached(`region:${code}`, () => get(`/regions/${encodeURIComponent(code)}`));
export const sectors = () => cached('sectors', () => get('/sectors').then((r) => r.items));
export const departments = () => cached('departments', () => get('/departments').then((r) => r.items));
export const districtOutlines = (city) => cached(`geo:${city}`, () => get('/geo/districts', { city }));

// Optional server configuration (e.g. a tile URL). Absent endpoint or any error → {}.
export const config = () => cached('config', () => get('/config').catch(() => ({})));

// ----- units -----

export const listUnits = (filters) => get('/units', filters);
export const getUnit = (id) => get(`/units/${id}`);
export const createUnit = (unit) => post('/units', unit);
export const updateUnit = (id, changes) => patch(`/units/${id}`, changes);
export const archiveUnit = (id) => del(`/units/${id}`);

// ----- accounts (docs/API.md "Accounts"; the city office and districts only) -----

export const listUsers = () => get('/users');
export const createUser = (account) => post('/users', account);
// {disabled?: bool, password?: text}; disabling or a new password ends the account's sessions.
export const updateUser = (id, changes) => patch(`/users/${id}`, changes);

// ----- audit -----

export const auditTrail = (entity, id) => get('/audit', { entity, id }).then((r) => r.items || []);
// 系统运行 (the city office's): how the system runs, and the audit chain recomputed (seconds on a
// province's chain).
export const systemStatus = () => get('/system');
export const verifyAuditChain = () => post('/audit/verify', {});

// ----- risk points (docs/API.md "Risk points") -----

export const accidentTypes = () => cached('accident-types', () => get('/accident-types').then((r) => r.items || []));
// One GB 6441 edition's types (1986 or 2025), each with `map`, its codes in the other edition.
export const accidentTypesOf = (edition) => cached(`accident-types-${edition}`,
  () => get('/accident-types', { edition }).then((r) => r.items || []));
export const listRisks = (filters) => get('/risks', filters);
export const unitRisks = (unitId) => get(`/units/${unitId}/risks`).then((r) => r.items || []);
export const getRisk = (id) => get(`/risks/${id}`);
export const createRisk = (unitId, risk) => post(`/units/${unitId}/risks`, risk);
export const updateRisk = (id, changes) => patch(`/risks/${id}`, changes);
export const archiveRisk = (id) => del(`/risks/${id}`);
export const riskHistory = (id) => get(`/risks/${id}/history`).then((r) => r.items || []);
// Copies the assessments of risk_ids to every unit of unit_ids (all or nothing) → {created}.
export const copyRisks = (riskIds, unitIds) => post('/risks/copy', { risk_ids: riskIds, unit_ids: unitIds });
export const unitRating = (unitId) => get(`/units/${unitId}/rating`);
// Grades method + inputs without storing anything: {score, grade, color, color_cn, roman, explain}.
export const assess = (method, inputs) => post('/assess', { method, inputs });
// Factor tables of every method; null when the server has no /methods endpoint yet (404).
export const methods = () => cached('methods', () => get('/methods').catch((e) => {
  if (e.status === 404 || e.status === 405) return null;
  throw e;
}));
export const riskChanges = (params) => get('/risks/changes', params);

// ----- statistics, areas, map (docs/API.md "Statistics, areas and the map") -----

export const overview = () => get('/stats/overview');
export const riskStats = (params) => get('/stats/risks', params);
export const areaRisk = (level, params) => get('/areas/risk', { level, ...params });
export const mapRisks = (params) => get('/map/risks', params);

// ----- industry risk catalogues -----

export const catalogue = (filters) => get('/catalogue', filters).then((r) => r.items || []);
export const addFromCatalogue = (unitId, entries) => post(`/units/${unitId}/risks/from-catalogue`, { entries });

// ----- hidden hazards (docs/API.md "Hidden hazards", docs/HAZARDS.md) -----

export const listHazards = (filters) => get('/hazards', filters);
export const getHazard = (id) => get(`/hazards/${id}`);
// `client_id` (a UUID made on the device) makes a repeat answer the hazard already filed.
export const createHazard = (hazard) => post('/hazards', hazard);
export const updateHazard = (id, changes) => patch(`/hazards/${id}`, changes);
export const transitionHazard = (id, to, fields) => post(`/hazards/${id}/transition`, { ...fields, to });
export const uploadAttachment = (id, file, name) => request('POST', `/hazards/${id}/attachments`,
  { params: { name }, body: file, raw: true, contentType: file.type || 'application/octet-stream' });
// An attachment's bytes as a Blob (the server sends it as a download, never inline).
export async function attachmentBlob(hazardId, attId) {
  let res;
  try {
    res = await fetch(`${BASE}/hazards/${hazardId}/attachments/${attId}`, { credentials: 'same-origin' });
  } catch (_) {
    throw new ApiError(0, null);
  }
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  return res.blob();
}
export const hazardStats = (params) => get('/stats/hazards', params);
// No log-in: {description, address, lon, lat, contact?} → {id, state}; 429 after 5 in 10 minutes.
export const publicReport = (report) => post('/public/reports', report);

// GB 18218 major hazard sources: the chemicals catalogue, the pure assessment, installations.
export const chemicals = (q) => get('/chemicals', { q });
export const chemicalCategories = () => cached('gb18218-categories', () => get('/chemicals').then((r) => r.categories || []));
// exposed500m null: the server counts the targets within 500 m of pos ({lon, lat}) when given.
export const gb18218Assess = (inventory, exposed500m, pos) => post('/gb18218/assess', {
  inventory, ...(exposed500m === null ? {} : { exposed_500m: exposed500m }), ...(pos ? { lon: pos.lon, lat: pos.lat } : {}),
});
export const unitInstallations = (unitId) => get(`/units/${unitId}/installations`).then((r) => r.items || []);
export const createInstallation = (unitId, inst) => post(`/units/${unitId}/installations`, inst);
export const updateInstallation = (id, changes) => patch(`/installations/${id}`, changes);
export const archiveInstallation = (id) => del(`/installations/${id}`);
export const mapInstallations = (params) => get('/map/installations', params);

// ---- the review chain, reporting cycles, progress and verification
export const submitList = (unitId, note) => post(`/units/${unitId}/submit`, note ? { note } : {});
export const unitReview = (unitId) => get(`/units/${unitId}/review`);
export const listReviews = (params) => get('/reviews', params);
export const decideReview = (id, decision, comment) => post(`/reviews/${id}/decision`, comment ? { decision, comment } : { decision });
export const owedReports = (params) => get('/reporting/owed', params);
export const progress = (params) => get('/progress', params);
export const unitVerifications = (unitId) => get(`/units/${unitId}/verifications`).then((r) => r.items || []);
export const createVerification = (unitId, v) => post(`/units/${unitId}/verifications`, v);
export const verificationCoverage = (params) => get('/verifications/coverage', params);
