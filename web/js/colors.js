// colors — the one colour table of the UI (DOMAIN.md "Grades and colours", src/domain/grade.c):
// grade Ⅰ red, Ⅱ orange, Ⅲ yellow, Ⅳ blue, with the same RGB as the server. Every page, chart and
// map layer takes its colours from here; nothing else names a grade colour.

export const GRADES = [1, 2, 3, 4];

const TABLE = {
  1: { color: 'red', hex: '#e60012', text: '#ffffff', roman: 'Ⅰ', cn: '红', name_cn: '重大风险', name_en: 'Major' },
  2: { color: 'orange', hex: '#f39800', text: '#1d1d1d', roman: 'Ⅱ', cn: '橙', name_cn: '较大风险', name_en: 'Significant' },
  3: { color: 'yellow', hex: '#fff100', text: '#1d1d1d', roman: 'Ⅲ', cn: '黄', name_cn: '一般风险', name_en: 'General' },
  4: { color: 'blue', hex: '#0068b7', text: '#ffffff', roman: 'Ⅳ', cn: '蓝', name_cn: '低风险', name_en: 'Low' },
};
const UNASSESSED = { color: 'unassessed', hex: '#9aa5b1', text: '#ffffff', roman: '—', cn: '未评', name_cn: '未评级', name_en: 'Unassessed' };

const BY_COLOR = Object.fromEntries(GRADES.map((g) => [TABLE[g].color, g]));

// Grade (1–4) from a grade number, a numeric string or a colour name; 0 when not one of those.
export function gradeOf(v) {
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'number') return TABLE[v] ? v : 0;
  const s = String(v);
  if (TABLE[s]) return Number(s);
  return BY_COLOR[s] || 0;
}

// Everything about a grade or a colour name: {color, hex, text, roman, cn, name_cn, name_en}.
export function gradeInfo(v) {
  const g = gradeOf(v);
  return g ? { grade: g, ...TABLE[g] } : { grade: 0, ...UNASSESSED };
}

export const hex = (v) => gradeInfo(v).hex;
export const textOn = (v) => gradeInfo(v).text;
export const roman = (v) => gradeInfo(v).roman;

// Hidden hazards on the map: purples, apart from the four grade colours (risk points and the
// area fills) so a hazard is never read as a risk grade. A closed hazard is drawn hollow in its
// grade's colour; an overdue one has a thick dark outline.
export const HAZARD = {
  major: { hex: '#4a148c', text: '#ffffff' }, // 重大隐患: deep purple
  general: { hex: '#9c8fc8', text: '#1d1d1d' }, // 一般隐患: grey-violet
  closed: { hex: '#ffffff', text: '#4a148c' },
  overdue: '#1d1d1d',
};
