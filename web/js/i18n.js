// i18n — every user-visible string of the UI, Simplified Chinese first, English second.
// Components call t('key') while rendering; setLang() re-renders through onLangChange listeners.

const dict = {
  zh: {
    'app.name': '城市安全风险管控平台',
    'app.loading': '加载中…',
    'lang.switch': 'EN',
    'lang.switch.label': 'Switch to English',

    'nav.label': '主导航',
    'nav.overview': '总览',
    'nav.map': '地图',
    'nav.units': '单位',
    'nav.risks': '风险',
    'nav.hazards': '隐患',

    'role.city': '市安委办',
    'role.city_dept': '市级部门',
    'role.district': '区县',
    'role.district_dept': '区级部门',
    'role.street': '街道/镇',
    'role.unit': '生产经营单位',
    'role.expert': '专家',

    'login.title': '用户登录',
    'login.login': '用户名',
    'login.password': '密码',
    'login.submit': '登录',
    'login.busy': '正在登录…',
    'login.failed': '用户名或密码错误',
    'logout': '退出登录',

    'error.network': '无法连接服务器，请稍后重试',
    'error.generic': '操作失败',
    'error.notFound': '页面不存在',

    'map.title': '苏州市行政区划图',
    'map.districts': '区县',
    'map.districts.hint': '点击区县查看其单位',
    'map.label': '苏州市区县边界地图',
    'map.loadFailed': '区县边界加载失败',

    'units.title': '生产经营单位',
    'units.new': '新增单位',
    'units.filters': '筛选条件',
    'units.district': '区县',
    'units.town': '街道/镇',
    'units.sector': '行业',
    'units.dept': '监管部门',
    'units.size': '规模',
    'units.status': '状态',
    'units.q': '单位名称',
    'units.q.placeholder': '输入名称关键字',
    'units.search': '查询',
    'units.reset': '重置',
    'units.all': '全部',
    'units.total': '共 {n} 家单位',
    'units.shown': '已显示 {n} 家',
    'units.more': '加载更多',
    'units.empty': '没有符合条件的单位',
    'units.col.name': '单位名称',
    'units.col.credit': '统一社会信用代码',
    'units.col.region': '行政区划',
    'units.col.sector': '行业',
    'units.col.dept': '监管部门',
    'units.col.size': '规模',
    'units.col.status': '状态',
    'units.sectors.sections': '国民经济行业门类',
    'units.sectors.key': '重点行业领域',

    'size.above': '规上',
    'size.below': '规下',
    'status.active': '在册',
    'status.archived': '已归档',

    'unit.new': '新增生产经营单位',
    'unit.edit': '编辑生产经营单位',
    'unit.credit_code': '统一社会信用代码',
    'unit.credit_code.hint': '18 位，末位为校验码',
    'unit.credit_code.length': '统一社会信用代码应为 18 位',
    'unit.credit_code.chars': '统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）',
    'unit.name': '单位名称',
    'unit.sector': '行业',
    'unit.district': '所属区县',
    'unit.town': '所属街道/镇',
    'unit.town.none': '（不指定）',
    'unit.address': '地址',
    'unit.lon': '经度',
    'unit.lat': '纬度',
    'unit.coord.hint': 'WGS84 坐标，须位于所属行政区划内',
    'unit.size_class': '规模',
    'unit.employees': '从业人数',
    'unit.contact_name': '联系人',
    'unit.contact_phone': '联系电话',
    'unit.dept': '监管部门',
    'unit.dept.auto': '按行业自动确定',
    'unit.status': '状态',
    'unit.version': '版本',
    'unit.required': '此项为必填项',
    'unit.number': '请输入数字',
    'unit.integer': '请输入非负整数',
    'unit.choose': '请选择',
    'unit.save': '保存',
    'unit.saving': '正在保存…',
    'unit.cancel': '返回列表',
    'unit.archive': '归档',
    'unit.archive.confirm': '确定归档该单位吗？',
    'unit.archived': '该单位已归档',
    'unit.fixErrors': '请修正标出的错误后再保存',
    'unit.notFound': '未找到该单位',

    'history.title': '变更记录',
    'history.empty': '暂无记录',
    'history.create': '创建',
    'history.update': '修改',
    'history.archive': '归档',
    'history.delete': '删除',
    'history.import': '导入',
    'history.by': '操作人',
    'history.at': '时间',
    'history.fields': '变更字段',
  },
  en: {
    'app.name': 'City Safety Risk Control Platform',
    'app.loading': 'Loading…',
    'lang.switch': '中',
    'lang.switch.label': '切换到中文',

    'nav.label': 'Main navigation',
    'nav.overview': 'Overview',
    'nav.map': 'Map',
    'nav.units': 'Units',
    'nav.risks': 'Risks',
    'nav.hazards': 'Hazards',

    'role.city': 'City office',
    'role.city_dept': 'City department',
    'role.district': 'District',
    'role.district_dept': 'District department',
    'role.street': 'Street / town',
    'role.unit': 'Unit',
    'role.expert': 'Expert',

    'login.title': 'Sign in',
    'login.login': 'User name',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.busy': 'Signing in…',
    'login.failed': 'Wrong user name or password',
    'logout': 'Sign out',

    'error.network': 'Cannot reach the server, please try again',
    'error.generic': 'The operation failed',
    'error.notFound': 'Page not found',

    'map.title': 'Suzhou districts',
    'map.districts': 'Districts',
    'map.districts.hint': 'Choose a district to see its units',
    'map.label': 'Map of Suzhou district outlines',
    'map.loadFailed': 'Could not load the district outlines',

    'units.title': 'Production and business units',
    'units.new': 'New unit',
    'units.filters': 'Filters',
    'units.district': 'District',
    'units.town': 'Town / street',
    'units.sector': 'Sector',
    'units.dept': 'Department',
    'units.size': 'Size',
    'units.status': 'Status',
    'units.q': 'Unit name',
    'units.q.placeholder': 'Part of the name',
    'units.search': 'Search',
    'units.reset': 'Reset',
    'units.all': 'All',
    'units.total': '{n} units',
    'units.shown': '{n} shown',
    'units.more': 'Load more',
    'units.empty': 'No unit matches the filters',
    'units.col.name': 'Name',
    'units.col.credit': 'Credit code',
    'units.col.region': 'Region',
    'units.col.sector': 'Sector',
    'units.col.dept': 'Department',
    'units.col.size': 'Size',
    'units.col.status': 'Status',
    'units.sectors.sections': 'GB/T 4754 sections',
    'units.sectors.key': 'Key sectors',

    'size.above': 'Above designated size',
    'size.below': 'Below designated size',
    'status.active': 'Active',
    'status.archived': 'Archived',

    'unit.new': 'New unit',
    'unit.edit': 'Edit unit',
    'unit.credit_code': 'Unified social credit code',
    'unit.credit_code.hint': '18 characters, the last is a check character',
    'unit.credit_code.length': 'The credit code must have 18 characters',
    'unit.credit_code.chars': 'The credit code holds digits and capital letters only (no I, O, Z, S, V)',
    'unit.name': 'Unit name',
    'unit.sector': 'Sector',
    'unit.district': 'District',
    'unit.town': 'Town / street',
    'unit.town.none': '(none)',
    'unit.address': 'Address',
    'unit.lon': 'Longitude',
    'unit.lat': 'Latitude',
    'unit.coord.hint': 'WGS84; must lie inside the unit\'s region',
    'unit.size_class': 'Size',
    'unit.employees': 'Employees',
    'unit.contact_name': 'Contact person',
    'unit.contact_phone': 'Contact phone',
    'unit.dept': 'Supervising department',
    'unit.dept.auto': 'From the sector',
    'unit.status': 'Status',
    'unit.version': 'Version',
    'unit.required': 'This field is required',
    'unit.number': 'Enter a number',
    'unit.integer': 'Enter a whole number, 0 or more',
    'unit.choose': 'Choose',
    'unit.save': 'Save',
    'unit.saving': 'Saving…',
    'unit.cancel': 'Back to the list',
    'unit.archive': 'Archive',
    'unit.archive.confirm': 'Archive this unit?',
    'unit.archived': 'This unit is archived',
    'unit.fixErrors': 'Please correct the marked fields and save again',
    'unit.notFound': 'Unit not found',

    'history.title': 'History',
    'history.empty': 'No entries yet',
    'history.create': 'Created',
    'history.update': 'Changed',
    'history.archive': 'Archived',
    'history.delete': 'Deleted',
    'history.import': 'Imported',
    'history.by': 'By',
    'history.at': 'At',
    'history.fields': 'Fields',
  },
};

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
  let s = dict[lang][key] ?? dict.zh[key] ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
  return s;
}

// Reference data carries both names (name_cn, name_en); show the one of the current language.
export function pickName(item) {
  if (!item) return '';
  if (lang === 'en' && item.name_en) return item.name_en;
  return item.name_cn || item.name || item.name_en || '';
}

// Used by tests and docs to check that both languages define the same keys.
export const languages = Object.keys(dict);
export function missingKeys() {
  const all = new Set(Object.values(dict).flatMap(Object.keys));
  const out = [];
  for (const l of languages) for (const k of all) if (!(k in dict[l])) out.push(`${l}:${k}`);
  return out;
}
