// check-i18n.mjs — run by scripts/lint: every UI string (web/js/i18n/*.js) has both languages,
// each a non-empty string with the same {placeholders}; no key is defined twice, within an area
// module or across them; every area module is loaded by web/js/i18n.js. Reads; never writes.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = path.join(root, 'web/js/i18n');
const LANGS = ['zh', 'en'];
const problems = [];
const seen = new Map(); // key → file that defines it

const loader = fs.readFileSync(path.join(root, 'web/js/i18n.js'), 'utf8');
const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.js')).sort()) {
  const file = path.join(dir, name);
  const rel = `web/js/i18n/${name}`;
  if (!loader.includes(`'./i18n/${name}'`)) problems.push(`${rel} is not imported by web/js/i18n.js`);
  // An object literal keeps the last of two equal keys silently, so count them in the text.
  const text = fs.readFileSync(file, 'utf8');
  const inFile = new Map();
  for (const m of text.matchAll(/^\s*'([^']+)'\s*:/gm)) inFile.set(m[1], (inFile.get(m[1]) || 0) + 1);
  for (const [k, n] of inFile) if (n > 1) problems.push(`${rel}: '${k}' is defined ${n} times`);

  const area = (await import(pathToFileURL(file).href)).default;
  if (!area || typeof area !== 'object') { problems.push(`${rel} has no default export object`); continue; }
  for (const [key, value] of Object.entries(area)) {
    if (seen.has(key)) problems.push(`${rel}: '${key}' is also defined in ${seen.get(key)}`);
    else seen.set(key, rel);
    if (!value || typeof value !== 'object') { problems.push(`${rel}: '${key}' is not { zh, en }`); continue; }
    for (const l of LANGS) {
      if (typeof value[l] !== 'string' || value[l] === '') problems.push(`${rel}: '${key}' has no ${l}`);
    }
    for (const l of Object.keys(value)) if (!LANGS.includes(l)) problems.push(`${rel}: '${key}' has an unknown language '${l}'`);
    if (typeof value.zh === 'string' && typeof value.en === 'string' &&
        placeholders(value.zh) !== placeholders(value.en)) {
      problems.push(`${rel}: '${key}' has different {placeholders} in zh and en`);
    }
  }
}

for (const p of problems) console.log(`lint: ${p}`);
if (problems.length) process.exit(1);
