// methods — the assessment methods' factor tables for the risk form. They come from
// GET /api/v1/methods; when that endpoint is missing (404) the built-in copy below — the defaults
// of src/domain/methods.c (data/risk-methods.md) — is used. The server grades; this only offers
// the allowed values.

export const METHODS = ['lec', 'ls', 'mes', 'consequence'];

const row = (value, label_cn, label_en) => ({ value, label_cn, label_en });
const E = [
  row(10, '连续暴露', 'continuous'), row(6, '每天工作时间内暴露', 'daily, in working hours'),
  row(3, '每周一次或偶然暴露', 'weekly or occasionally'), row(2, '每月一次暴露', 'monthly'),
  row(1, '每年几次暴露', 'a few times a year'), row(0.5, '非常罕见地暴露', 'very rarely'),
];

export const BUILTIN = {
  lec: {
    factors: [
      { name: 'L', options: [
        row(10, '完全可以预料', 'expected'), row(6, '相当可能', 'quite possible'),
        row(3, '可能，但不经常', 'possible, not often'), row(1, '可能性小，完全意外', 'unlikely, a mere accident'),
        row(0.5, '很不可能，可以设想', 'very unlikely, conceivable'), row(0.2, '极不可能', 'extremely unlikely'),
        row(0.1, '实际不可能', 'practically impossible')] },
      { name: 'E', options: E },
      { name: 'C', options: [
        row(100, '大灾难，许多人死亡', 'catastrophe, many deaths'), row(40, '灾难，数人死亡', 'disaster, several deaths'),
        row(15, '非常严重，一人死亡', 'very serious, one death'), row(7, '严重，重伤', 'serious injury'),
        row(3, '重大，致残', 'disabling injury'), row(1, '引人注目，需要救护', 'needs first aid')] },
    ],
  },
  ls: {
    factors: [
      { name: 'L', options: [
        row(5, '无防范、监测、控制措施，或此类事件经常发生', 'no prevention or control, or it happens often'),
        row(4, '危害不易发现，或控制措施未有效执行', 'hard to detect, or controls not applied'),
        row(3, '无保护措施或未按操作规程执行，或曾发生类似事件', 'no protection or procedures ignored, or it has happened'),
        row(2, '危害能及时发现，控制措施有效，过去偶尔发生', 'detected in time, controls effective, rare'),
        row(1, '控制措施充分有效，极不可能发生', 'controls fully effective, very unlikely')] },
      { name: 'S', options: [
        row(5, '死亡；直接经济损失50万元以上；重大社会影响', 'death; loss ≥ 500k CNY; major public impact'),
        row(4, '永久致残；直接经济损失25万元以上', 'permanent disability; loss ≥ 250k CNY'),
        row(3, '截肢、骨折、职业病；直接经济损失10万元以上', 'amputation, fracture, occupational disease; loss ≥ 100k CNY'),
        row(2, '轻微受伤；直接经济损失10万元以下', 'minor injury; loss < 100k CNY'),
        row(1, '无伤亡，无损失', 'no injury, no loss')] },
    ],
  },
  mes: {
    factors: [
      { name: 'M', options: [
        row(5, '无控制措施', 'no control measures'),
        row(3, '有减轻后果的应急措施（如报警、个体防护）', 'emergency measures that limit the harm (alarms, PPE)'),
        row(1, '有有效的预防措施（如防护装置）', 'effective preventive measures (guards)')] },
      { name: 'E', options: E },
      { name: 'S', options: [
        row(10, '多人死亡', 'several deaths'), row(8, '一人死亡或多人永久失能', 'one death or several disabled'),
        row(4, '一人永久失能', 'one permanently disabled'), row(2, '需医院治疗，缺工', 'hospital treatment, lost time'),
        row(1, '仅需急救', 'first aid only')] },
    ],
  },
  consequence: {
    factors: [
      { name: 'deaths', free: true, integer: true },
      { name: 'injuries', free: true, integer: true },
      { name: 'loss_cny', free: true, integer: false },
    ],
  },
};

const str = (v) => (v === null || v === undefined ? '' : String(v));

function normFactor(f, key) {
  const name = str(f.name || f.code || f.key || key);
  const raw = f.options || f.values || f.levels || [];
  const labelsCn = f.labels_cn || f.labels || [];
  const labelsEn = f.labels_en || [];
  const options = raw.map((v, i) => (typeof v === 'object' && v !== null
    ? row(Number(v.value), str(v.label_cn || v.criteria_cn || v.label || v.criteria), str(v.label_en || v.criteria_en))
    : row(Number(v), str(labelsCn[i]), str(labelsEn[i]))));
  if (!options.length) return { name, free: true, integer: !!f.integer };
  return { name, options };
}

function normMethod(m) {
  let factors = m.factors || m.inputs || [];
  if (!Array.isArray(factors)) factors = Object.entries(factors).map(([k, v]) => normFactor(v, k));
  else factors = factors.map((f) => normFactor(f));
  return { factors, bands: m.bands || null };
}

// Turns the answer of GET /api/v1/methods into {lec: {factors: [{name, options|free}]}, …}.
// Accepts a list (items/methods) or an object keyed by method; missing methods use the built-in.
export function normalizeMethods(body) {
  const out = { ...BUILTIN };
  if (!body || typeof body !== 'object') return out;
  let src = body.items || body.methods || body;
  const list = Array.isArray(src) ? src.map((m) => [str(m.method || m.code || m.key || m.name), m]) : Object.entries(src);
  for (const [k, m] of list) {
    if (!METHODS.includes(k) || !m || typeof m !== 'object') continue;
    const n = normMethod(m);
    // The server gives Chinese criteria only: borrow the English of the built-in copy by value.
    for (const f of n.factors) {
      const b = (BUILTIN[k].factors.find((x) => x.name === f.name) || {}).options || [];
      for (const o of f.options || []) {
        if (!o.label_en) o.label_en = (b.find((x) => x.value === o.value) || {}).label_en || '';
      }
    }
    if (n.factors.length) out[k] = n;
  }
  return out;
}

// Inputs of a method with nothing chosen yet: {L:'',E:'',C:''}.
export function blankInputs(tables, method) {
  const m = tables[method] || BUILTIN[method];
  return Object.fromEntries((m ? m.factors : []).map((f) => [f.name, '']));
}

// The consequence method's explanation, which the server writes as
// "deaths 3, serious injuries 0, direct loss 2000000 CNY: deaths 3 ≥ 3 → 较大 accident → Ⅱ",
// in the reader's language: Chinese by default, English with the switch. Other methods' explain
// ("R = L×E×C = 6×3×15 = 270 → Ⅱ (160–320)") is symbols and numbers, shown as is.
const CLASS_EN = { 特别重大: 'extraordinarily serious', 重大: 'major', 较大: 'serious', 一般: 'ordinary' };
export function consequenceExplain(explain, lang, fmt = (n) => n) {
  const s = str(explain);
  const m = s.match(/^deaths ([\d.]+), serious injuries ([\d.]+), direct loss ([\d.]+) CNY: (.*)$/);
  if (!m) return s;
  const [, d, i, l, rest] = m;
  const n = (v) => fmt(Number(v));
  const en = lang === 'en';
  const head = en
    ? `deaths ${n(d)}, serious injuries ${n(i)}, direct loss ${n(l)} CNY`
    : `可能死亡 ${n(d)} 人、重伤 ${n(i)} 人、直接经济损失 ${n(l)} 元`;
  let why = rest;
  let r;
  if ((r = rest.match(/^deaths ([\d.]+) ≥ ([\d.]+) → (\S+) accident → (\S+)$/)))
    why = en ? `deaths ${n(r[1])} ≥ ${n(r[2])} → ${CLASS_EN[r[3]] || r[3]} accident (${r[3]}事故) → grade ${r[4]}`
      : `死亡 ${n(r[1])} 人 ≥ ${n(r[2])} 人 → ${r[3]}事故 → ${r[4]}级`;
  else if ((r = rest.match(/^serious injuries ([\d.]+) ≥ ([\d.]+) → (\S+) accident → (\S+)$/)))
    why = en ? `serious injuries ${n(r[1])} ≥ ${n(r[2])} → ${CLASS_EN[r[3]] || r[3]} accident (${r[3]}事故) → grade ${r[4]}`
      : `重伤 ${n(r[1])} 人 ≥ ${n(r[2])} 人 → ${r[3]}事故 → ${r[4]}级`;
  else if ((r = rest.match(/^loss ([\d.]+) ≥ ([\d.]+) CNY → (\S+) accident → (\S+)$/)))
    why = en ? `loss ${n(r[1])} ≥ ${n(r[2])} CNY → ${CLASS_EN[r[3]] || r[3]} accident (${r[3]}事故) → grade ${r[4]}`
      : `直接经济损失 ${n(r[1])} 元 ≥ ${n(r[2])} 元 → ${r[3]}事故 → ${r[4]}级`;
  else if ((r = rest.match(/^below every (\S+) accident minimum → (\S+)$/)))
    why = en ? `below every minimum of an ${CLASS_EN[r[1]] || r[1]} accident (${r[1]}事故) → grade ${r[2]}`
      : `未达${r[1]}事故的任一起点 → ${r[2]}级`;
  return `${head}：${why}`.replace('：', en ? ': ' : '：');
}
