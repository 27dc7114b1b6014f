// i18n — the UI's strings, Simplified Chinese and English, and the language switch. The strings
// live one module per area in i18n/ ({ 'key': { zh, en } }); this file joins them and answers
// t('key'). Components call t() while rendering; setLang() re-renders through onLangChange listeners.

import common from './i18n/common.js';
import map from './i18n/map.js';
import overview from './i18n/overview.js';
import units from './i18n/units.js';
import risks from './i18n/risks.js';
import hazards from './i18n/hazards.js';
import accounts from './i18n/accounts.js';
import exportArea from './i18n/export.js';
import installations from './i18n/installations.js';
import qra from './i18n/qra.js';
import targets from './i18n/targets.js';
import emergency from './i18n/emergency.js';
import reviews from './i18n/reviews.js';
import reports from './i18n/reports.js';
import alerts from './i18n/alerts.js';
import system from './i18n/system.js';

// The areas in one table; a key defined in two areas keeps the first and is reported by
// missingKeys() (and by scripts/check-i18n.mjs in `make lint`).
export const AREAS = { common, map, overview, units, risks, hazards, accounts, export: exportArea, installations, qra, targets, emergency, reviews, reports, alerts, system };
export const languages = ['zh', 'en'];

const strings = {};
const duplicates = [];
for (const area of Object.values(AREAS)) {
  for (const [key, value] of Object.entries(area)) {
    if (key in strings) duplicates.push(key);
    else strings[key] = value;
  }
}

const STORAGE_KEY = 'lang';
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh' || saved === 'en') return saved;
  } catch (_) { /* storage disabled: fall back to Chinese */ }
  return 'zh';
}

let lang = initialLang();
document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

export function getLang() { return lang; }

export function setLang(next) {
  if (next !== 'zh' && next !== 'en' || next === lang) return;
  lang = next;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch (_) { /* not persisted */ }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('app.name');
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// t('units.total', {n: 5}) → '共 5 家单位'. A missing key shows itself, so it is easy to spot.
export function t(key, params) {
  const entry = strings[key];
  let s = entry ? entry[lang] ?? entry.zh ?? key : key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

// Reference data carries both names (name_cn, name_en); show the one of the current language.
export function pickName(item) {
  if (!item) return '';
  if (lang === 'en' && item.name_en) return item.name_en;
  return item.name_cn || item.name || item.name_en || '';
}

// Used by the browser tests: every key has every language, and no key is defined twice.
export function missingKeys() {
  const out = duplicates.map((k) => `twice:${k}`);
  for (const [k, v] of Object.entries(strings)) for (const l of languages) if (typeof v[l] !== 'string') out.push(`${l}:${k}`);
  return out;
}
