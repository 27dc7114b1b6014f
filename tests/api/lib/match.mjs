// Subset matcher for expected JSON: returns a list of mismatch strings (empty = match).
// Objects: listed keys must match recursively. Keys starting with "$" are operators:
//   $len $min_len $max_len  (arrays, strings)   $each $contains $not_contains  (arrays)
//   $re (+ $flags)  (strings)   $gt $gte $lt $lte $approx:[v,eps]  (numbers)
//   $in:[…] $ne $type $absent:true $any:true $or:[…] $not
// Arrays given literally must have the same length and match element by element.

export function match(actual, expected, path = '$') {
  const out = [];
  walk(actual, expected, path, out);
  return out;
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isInteger(v)) return 'integer';
  return typeof v;
}

function show(v) {
  const s = JSON.stringify(v);
  if (s === undefined) return 'undefined';
  return s.length > 200 ? s.slice(0, 200) + '…' : s;
}

function walk(a, e, p, out) {
  if (isObj(e)) {
    const ops = Object.keys(e).filter((k) => k.startsWith('$'));
    const keys = Object.keys(e).filter((k) => !k.startsWith('$'));
    for (const op of ops) applyOp(a, op, e[op], e, p, out);
    if (keys.length) {
      if (!isObj(a)) { out.push(`${p}: expected an object, got ${show(a)}`); return; }
      for (const k of keys) {
        const sub = e[k];
        if (isObj(sub) && sub.$absent === true) {
          if (k in a) out.push(`${p}.${k}: expected absent, got ${show(a[k])}`);
          continue;
        }
        if (!(k in a)) { out.push(`${p}.${k}: missing (expected ${show(sub)})`); continue; }
        walk(a[k], sub, `${p}.${k}`, out);
      }
    }
    return;
  }
  if (Array.isArray(e)) {
    if (!Array.isArray(a)) { out.push(`${p}: expected an array, got ${show(a)}`); return; }
    if (a.length !== e.length) { out.push(`${p}: expected ${e.length} items, got ${a.length}`); return; }
    e.forEach((x, i) => walk(a[i], x, `${p}[${i}]`, out));
    return;
  }
  if (a !== e) out.push(`${p}: expected ${show(e)}, got ${show(a)}`);
}

function applyOp(a, op, v, e, p, out) {
  const fail = (msg) => out.push(`${p}: ${msg}`);
  switch (op) {
    case '$len': case '$min_len': case '$max_len': {
      if (!Array.isArray(a) && typeof a !== 'string') return fail(`expected array/string for ${op}, got ${show(a)}`);
      const n = a.length;
      if (op === '$len' && n !== v) fail(`expected length ${v}, got ${n}`);
      if (op === '$min_len' && n < v) fail(`expected length >= ${v}, got ${n}`);
      if (op === '$max_len' && n > v) fail(`expected length <= ${v}, got ${n}`);
      return;
    }
    case '$each': {
      if (!Array.isArray(a)) return fail(`expected an array for $each, got ${show(a)}`);
      for (let i = 0; i < a.length; i++) {
        const sub = match(a[i], v, `${p}[${i}]`);
        if (sub.length) { out.push(...sub.slice(0, 3)); return; }
      }
      return;
    }
    case '$contains': case '$not_contains': {
      if (!Array.isArray(a)) return fail(`expected an array for ${op}, got ${show(a)}`);
      const found = a.some((x) => match(x, v).length === 0);
      if (op === '$contains' && !found) fail(`no item matches ${show(v)} (${a.length} items)`);
      if (op === '$not_contains' && found) fail(`an item matches ${show(v)} but none should`);
      return;
    }
    case '$re': {
      if (typeof a !== 'string') return fail(`expected a string matching /${v}/, got ${show(a)}`);
      if (!new RegExp(v, e.$flags || '').test(a)) fail(`expected /${v}/, got ${show(a)}`);
      return;
    }
    case '$flags': return;
    case '$gt': case '$gte': case '$lt': case '$lte': {
      if (typeof a !== 'number') return fail(`expected a number (${op} ${v}), got ${show(a)}`);
      const ok = op === '$gt' ? a > v : op === '$gte' ? a >= v : op === '$lt' ? a < v : a <= v;
      if (!ok) fail(`expected ${op.slice(1)} ${v}, got ${a}`);
      return;
    }
    case '$approx': {
      const [x, eps] = v;
      if (typeof a !== 'number' || Math.abs(a - x) > eps) fail(`expected ${x} ± ${eps}, got ${show(a)}`);
      return;
    }
    case '$in': {
      if (!v.some((x) => match(a, x).length === 0)) fail(`expected one of ${show(v)}, got ${show(a)}`);
      return;
    }
    case '$ne': {
      if (match(a, v).length === 0) fail(`expected anything but ${show(v)}`);
      return;
    }
    case '$type': {
      const t = typeOf(a);
      const want = Array.isArray(v) ? v : [v];
      if (!want.some((w) => w === t || (w === 'number' && t === 'integer'))) fail(`expected type ${want.join('|')}, got ${t} ${show(a)}`);
      return;
    }
    case '$any': if (a === undefined) fail('expected a value'); return;
    case '$absent': if (a !== undefined) fail(`expected absent, got ${show(a)}`); return;
    case '$or': {
      const res = v.map((x) => match(a, x, p));
      if (!res.some((r) => r.length === 0)) fail(`no alternative matched: ${res.map((r) => r[0]).join(' | ')}`);
      return;
    }
    case '$not': if (match(a, v).length === 0) fail(`expected not to match ${show(v)}`); return;
    default: fail(`unknown operator ${op}`);
  }
}

// "$.a.b[0].c" → value (undefined when absent)
export function jsonPath(obj, path) {
  if (path === '$') return obj;
  if (!path.startsWith('$')) throw new Error(`bad path ${path}`);
  const parts = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(-?\d+)\]/g)];
  let v = obj;
  for (const m of parts) {
    if (v == null) return undefined;
    if (m[1] !== undefined) v = m[1] === 'length' && Array.isArray(v) ? v.length : v[m[1]];
    else { const i = Number(m[2]); v = v[i < 0 ? v.length + i : i]; }
  }
  return v;
}
