// Every error code and rule the server can emit (read from src/: cr_err_set, send_error, the XLSX
// reader's fail, cr_err_param "rule") has a Chinese and an English sentence in web/js/errors.js,
// so a new code cannot reach the screen untranslated (issue 7 #17). Also checks a few answers of
// the running server come out as the UI would show them.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

function sources(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.[ch]$/.test(e.name)) out.push(p);
  }
  return out;
}

// The string literals of one argument (a literal, or a ternary of literals).
const literals = (arg) => [...arg.matchAll(/"([a-z][a-z0-9_]*)"/g)].map((m) => m[1]);

function emitted() {
  const codes = new Set();
  const rules = new Set();
  for (const file of sources('src')) {
    const text = fs.readFileSync(file, 'utf8');
    // cr_err_set(err, status, CODE, …), send_error(conn, status, CODE, …), fail(x, status, CODE, …)
    const call = /\b(?:cr_err_set|send_error|fail)\(\s*[^,;]+,\s*[^,;]+,\s*([^,;]+),/g;
    for (const m of text.matchAll(call)) for (const c of literals(m[1])) codes.add(c);
    for (const m of text.matchAll(/\bcr_err_param\(\s*[^,;]+,\s*"rule",\s*([^;]*?)\)\s*[;,]/g)) {
      for (const r of literals(m[1])) rules.add(r);
    }
  }
  return { codes, rules };
}

async function tables() {
  const url = pathToFileURL(path.resolve('web/js/errors.js')).href;
  return import(url);
}

export async function everyEmittedErrorIsTranslated(ctx) {
  const { errorTables } = await tables();
  const { codes, rules } = emitted();
  ctx.require(codes.size > 20, `expected the server's error codes in src/ (found ${codes.size})`);
  ctx.require(rules.size > 10, `expected the rules of cr_err_param in src/ (found ${rules.size})`);
  for (const c of ['invalid', 'required', 'forbidden', 'not_found', 'invalid_rows', 'duplicate'])
    ctx.check(codes.has(c), `the scan should find the code ${c}`);
  for (const r of ['cc_check', 'too_long', 'line_break', 'unit_scope']) ctx.check(rules.has(r), `the scan should find the rule ${r}`);
  for (const lang of ['zh', 'en']) {
    for (const c of codes) ctx.check(typeof errorTables.codes[lang][c] === 'string', `error code '${c}' has no ${lang} text in web/js/errors.js`);
    for (const r of rules) ctx.check(typeof errorTables.rules[lang][r] === 'string', `error rule '${r}' has no ${lang} text in web/js/errors.js`);
  }
  for (const kind of ['codes', 'rules']) {
    const zh = Object.keys(errorTables[kind].zh).sort().join();
    ctx.check(zh === Object.keys(errorTables[kind].en).sort().join(), `errors.js ${kind}: zh and en differ`);
  }
  for (const [entity, zh] of Object.entries(errorTables.labels.zh))
    ctx.check(Object.keys(zh).sort().join() === Object.keys(errorTables.labels.en[entity] || {}).sort().join(),
      `errors.js labels.${entity}: zh and en differ`);
  for (const [c, s] of Object.entries(errorTables.codes.zh))
    ctx.check(/[\u4e00-\u9fff]/.test(s), `zh text of '${c}' is not Chinese: ${s}`);
  for (const [r, s] of Object.entries(errorTables.rules.zh))
    ctx.check(/[\u4e00-\u9fff]/.test(s), `zh text of rule '${r}' is not Chinese: ${s}`);
}

// The server's own answers, translated as the UI does: Chinese, the field's label, no English.
export async function serverErrorsReadInChinese(ctx) {
  const { translateError } = await tables();
  const noLatin = (s) => !/[A-Za-z]{3,}/.test(s);
  const bad = ctx.creditCodeBad();
  let res = await ctx.request('admin', 'POST', '/api/v1/units', {
    credit_code: bad, name: `校验位${ctx.uniq()}`, sector: 'C01', region: '320583', lon: 120.955, lat: 31.384 });
  ctx.require(res.status === 400 && res.json && res.json.error, `bad credit code: ${res.status} ${res.text}`);
  let s = translateError({ status: res.status, ...res.json.error }, 'zh', 'unit');
  ctx.check(s.startsWith('统一社会信用代码') && s.includes(`校验位应为${res.json.error.params.expected}`) && noLatin(s), `credit code error: ${s}`);
  s = translateError({ status: res.status, ...res.json.error }, 'en', 'unit');
  ctx.check(s.includes('check character should be') && s.includes('Unified social credit code'), `credit code error in English: ${s}`);

  res = await ctx.request('admin', 'POST', '/api/v1/units', { credit_code: ctx.creditCode(), name: '缺规模' , sector: 'C01', region: '320583' });
  ctx.require(res.status === 400, `missing coordinates: ${res.status} ${res.text}`);
  s = translateError({ status: res.status, ...res.json.error }, 'zh', 'unit');
  ctx.check(noLatin(s) && /[\u4e00-\u9fff]/.test(s), `required error: ${s}`);

  res = await ctx.request('kunshan', 'GET', `/api/v1/units/${ctx.vars.wj_unit_id}`);
  ctx.require(res.status === 403, `scope: ${res.status}`);
  s = translateError({ status: res.status, ...res.json.error }, 'zh', 'unit');
  ctx.check(s === `单位 ${ctx.vars.wj_unit_id} 不在您的管辖范围内`, `scope error: ${s}`);
}
