// errors — turns a server error {code, field, params} into a sentence in the user's language that
// names the field by its form label. It must not show the server's English message: the API keeps
// that for machines and logs. Pure data and functions (no DOM), so a node test can check that every
// code and rule the server emits (grep cr_err_set / cr_err_param in src/) is translated here.
//
// Adding an error on the server: give it a code from CODES (or add one here, both languages); if
// its message has variable parts, add cr_err_param(err, "rule", "…") and the values, and a line in
// RULES. Templates take {field} (the label) and the params by name.

const CODES = {
  zh: {
    invalid: '{field}填写有误',
    invalid_json: '请求格式有误',
    invalid_utf8: '{field}含有无效字符',
    unknown_field: '不支持的字段：{field}',
    required: '请填写{field}',
    forbidden: '您无权进行此操作',
    unauthorized: '请先登录',
    csrf: '页面已过期，请刷新后重试',
    not_found: '未找到相关记录',
    conflict: '操作与当前状态冲突，请刷新后重试',
    version_conflict: '该记录已被他人修改，请刷新后重试',
    duplicate: '{field}已存在',
    illegal_transition: '当前状态下不能执行此操作',
    separation_of_duties: '整改情况须由登记人以外的人员验收',
    outside_region: '位置不在所选地区范围内，请核对经纬度',
    invalid_rows: '文件中有错误行，未导入任何数据',
    too_large: '{field}过大',
    unsupported_media_type: '不支持的文件或请求类型',
    rate_limited: '操作过于频繁，请稍后再试',
    method_not_allowed: '不支持此操作',
    unavailable: '服务暂不可用，请稍后重试',
    internal: '服务器内部错误，请稍后重试',
    oom: '服务器内存不足，请稍后重试',
    db: '数据库错误，请稍后重试',
    refdata: '基础数据加载失败',
    demo: '演示数据生成失败',
    listen: '服务端口配置有误',
    network: '无法连接服务器，请稍后重试',
    generic: '操作失败',
    cross_site: '请求来自其他网站，已拒绝',
    too_many_parameters: '查询条件过多，请减少筛选条件',
    busy: '登录人数较多，请稍后重试',
  },
  en: {
    invalid: '{field} is not valid',
    invalid_json: 'The request is malformed',
    invalid_utf8: '{field} contains invalid characters',
    unknown_field: 'Unsupported field: {field}',
    required: '{field} is required',
    forbidden: 'You may not do this',
    unauthorized: 'Please log in first',
    csrf: 'The page has expired, please reload and try again',
    not_found: 'No such record',
    conflict: 'This conflicts with the current state, please reload and try again',
    version_conflict: 'Someone else changed this record, please reload and try again',
    duplicate: '{field} already exists',
    illegal_transition: 'This step is not possible in the current state',
    separation_of_duties: 'The rectification must be verified by someone other than who reported it',
    outside_region: 'The position lies outside the chosen region; check the coordinates',
    invalid_rows: 'The file has invalid rows; nothing was imported',
    too_large: '{field} is too large',
    unsupported_media_type: 'Unsupported file or request type',
    rate_limited: 'Too many requests, please try again later',
    method_not_allowed: 'This operation is not supported',
    unavailable: 'The service is unavailable, please try again later',
    internal: 'Server error, please try again later',
    oom: 'The server is out of memory, please try again later',
    db: 'Database error, please try again later',
    refdata: 'Reference data could not be loaded',
    demo: 'The demo data could not be generated',
    listen: 'The server address is misconfigured',
    network: 'Cannot reach the server, please try again',
    generic: 'The operation failed',
    cross_site: 'The request came from another site and was refused',
    too_many_parameters: 'Too many query parameters; use fewer filters',
    busy: 'The server is busy logging people in, please try again shortly',
  },
};

// Keyed by params.rule: the exact check, more precise than the code.
const RULES = {
  zh: {
    qra_stability: '{field}：大气稳定度应为 A–F',
    qra_grid_too_large: '{field}：计算网格过大，请加大网格边长',
    not_string: '{field}应为文本',
    not_integer: '{field}应为整数',
    not_number: '{field}应为数字',
    not_boolean: '{field}应为“是”或“否”',
    range: '{field}应在 {min} 至 {max} 之间',
    too_long: '{field}不能超过 {max} 个字符',
    control_chars: '{field}含有不允许的控制字符',
    line_break: '{field}不能换行',
    empty: '请填写{field}',
    cc_length: '{field}：应为 18 位，当前为 {got} 位',
    cc_lower: '{field}：第 {pos} 位“{char}”应为大写字母',
    cc_excluded: '{field}：第 {pos} 位“{char}”不可使用（不含 I、O、Z、S、V）',
    cc_char: '{field}：第 {pos} 位“{char}”不是数字或字母',
    cc_authority: '{field}：第 1 位登记管理部门代码“{char}”无效',
    cc_org_type: '{field}：第 2 位机构类别应为数字 1–9，而不是“{char}”',
    cc_region: '{field}：第 3–8 位应为行政区划代码（数字），第 {pos} 位为“{char}”',
    cc_check: '{field}：校验位应为{expected}，而不是{got}',
    unit_scope: '单位 {id} 不在您的管辖范围内',
    unit_change: '您无权修改单位 {id}',
    target_scope: '该脆弱性目标不在您的管辖范围内',
    target_change: '您无权修改该脆弱性目标',
    target_kind: '{field}应为学校、幼儿园、医院、养老院、福利院、商场、车站、体育场馆、居住区或宗教场所',
    risk_scope: '风险点 {id} 不在您的管辖范围内',
    region_scope: '地区 {region} 不在您的管辖范围内',
    dept_scope: '部门 {dept} 不在您的管辖范围内',
    units_refused: '您无权向其中 {n} 家单位添加风险点：{ids}',
    coords: '坐标系应为 WGS84、GCJ-02（高德、腾讯）或 BD-09（百度）',
    accident_type: '{field}：第 {index} 项不是 GB 6441-{edition} 的事故类别代码',
    accident_edition: '事故分类标准应为 GB 6441-1986 或 GB 6441-2025',
    unit_own_place: '{field}由监管部门设置，单位账号不能修改',
    gb18218_ambiguous: '第 {index} 行：GB 18218 表1 中有多个品名使用该 CAS 号，请选择具体品名',
    gb18218_need_category: '第 {index} 行：请选择危险性类别（表2），以确定临界量或校正系数 β',
    gb18218_q_fixed: '第 {index} 行：表1 所列物质的临界量由标准规定，不能修改',
    dynamic_kind: '{field}应为升级改造、装修施工、大型活动、动火作业、停产检修或其他',
    datetime: '{field}应为日期（年-月-日）或日期时间（年-月-日T时:分）',
    window_order: '{field}不能早于开始时间',
    dynamic_report_scope: '该动态上报不在您的管辖范围内',
    alert_scope: '该预警不是发给您的',
    alert_evaluate: '只有市安委办可以立即运行预警规则',
    alert_rule: '{field}：第 {index} 项不是已知的预警规则',
    webhook_url: '{field}应为 http:// 开头的地址',
    webhook_secret: '{field}至少 16 个字符',
    webhook_scope: '该推送地址不在您的管辖范围内',
    cap_code: '{field}不是 CAP 1.2 规定的取值',
    cap_area: '请以多边形或圆形给出预警区域（二选一）',
    cap_polygon: '{field}应为 3 至 200 个不同的经纬度点',
    cap_circle: '{field}应为中心经纬度和 0 至 1000 公里的半径',
    cap_scope: '该公共预警不在您的管辖范围内',
    cap_approver: '公共预警须由起草人以外的人员审核发布',
  },
  en: {
    qra_stability: '{field}: stability must be A to F',
    qra_grid_too_large: '{field}: the grid is too large; choose a larger cell',
    not_string: '{field} must be text',
    not_integer: '{field} must be a whole number',
    not_number: '{field} must be a number',
    not_boolean: '{field} must be yes or no',
    range: '{field} must be between {min} and {max}',
    too_long: '{field} must not be longer than {max} characters',
    control_chars: '{field} contains control characters',
    line_break: '{field} must be a single line',
    empty: '{field} is required',
    cc_length: '{field} must have 18 characters, not {got}',
    cc_lower: '{field}: character {pos} ("{char}") must be upper case',
    cc_excluded: '{field}: character {pos} ("{char}") is not used (no I, O, Z, S or V)',
    cc_char: '{field}: character {pos} ("{char}") is not a digit or letter',
    cc_authority: '{field}: registration authority "{char}" (character 1) is not assigned',
    cc_org_type: '{field}: organisation type (character 2) must be a digit 1–9, not "{char}"',
    cc_region: '{field}: characters 3–8 must be a region code (digits); character {pos} is "{char}"',
    cc_check: '{field}: the check character should be {expected}, not {got}',
    unit_scope: 'Unit {id} is outside your scope',
    unit_change: 'You may not change unit {id}',
    target_scope: 'This vulnerable target is outside your scope',
    target_change: 'You may not change this vulnerable target',
    target_kind: '{field} must be a school, kindergarten, hospital, elderly or welfare home, mall, station, stadium, residential area or religious site',
    risk_scope: 'Risk point {id} is outside your scope',
    region_scope: 'Region {region} is outside your scope',
    dept_scope: 'Department {dept} is outside your scope',
    units_refused: 'You may not add risk points to {n} of the units: {ids}',
    coords: 'The coordinate system must be WGS84, GCJ-02 (AMap, Tencent) or BD-09 (Baidu)',
    accident_type: '{field}: item {index} is not a GB 6441-{edition} accident type code',
    accident_edition: 'The accident classification must be GB 6441-1986 or GB 6441-2025',
    unit_own_place: '{field} is set by the regulators; a unit account cannot change it',
    gb18218_ambiguous: 'Line {index}: several substances of GB 18218 Table 1 share this CAS number; pick one by name',
    gb18218_need_category: 'Line {index}: choose the hazard category (Table 2) that gives the critical quantity or β',
    gb18218_q_fixed: 'Line {index}: the critical quantity of a Table 1 substance is set by the standard',
    dynamic_kind: '{field} must be an upgrade, renovation, large event, hot work, shutdown or other',
    datetime: '{field} must be a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)',
    window_order: '{field} must not be before the start',
    dynamic_report_scope: 'This dynamic report is outside your scope',
    alert_scope: 'This alert is not addressed to you',
    alert_evaluate: 'Only the city office may run the early-warning rules now',
    alert_rule: '{field}: item {index} is not a known early-warning rule',
    webhook_url: '{field} must be an http:// address',
    webhook_secret: '{field} must have at least 16 characters',
    webhook_scope: 'This webhook is outside your scope',
    cap_code: '{field} is not a CAP 1.2 value',
    cap_area: 'Give the warning area as a polygon or a circle (one of them)',
    cap_polygon: '{field} must have 3 to 200 distinct points',
    cap_circle: '{field} must be a centre and a radius of 0 to 1000 km',
    cap_scope: 'This public warning is outside your scope',
    cap_approver: 'A public warning is approved by someone other than its author',
  },
};

// Form labels by entity; `common` answers for every entity. Import columns are the unit's fields.
const UNIT = {
  zh: { credit_code: '统一社会信用代码', name: '单位名称', sector: '行业', region: '所属地区',
    district: '所属区县', town: '所属街道/镇', address: '地址', lon: '经度', lat: '纬度',
    size_class: '规模', employees: '从业人数', contact_name: '联系人', contact_phone: '联系电话',
    dept: '监管部门', status: '状态', file: '导入文件' },
  en: { credit_code: 'Unified social credit code', name: 'Unit name', sector: 'Sector',
    region: 'Region', district: 'District', town: 'Town', address: 'Address', lon: 'Longitude',
    lat: 'Latitude', size_class: 'Size', employees: 'Employees', contact_name: 'Contact',
    contact_phone: 'Contact phone', dept: 'Supervising department', status: 'Status',
    file: 'Import file' },
};
const LABELS = {
  zh: {
    common: { version: '版本', id: '记录', q: '关键字', limit: '每页条数', after: '分页位置',
      lon: '经度', lat: '纬度', region: '地区', dept: '部门', sector: '行业', grade: '等级',
      unit_id: '单位', body: '上传内容', file: '文件', 'Content-Type': '内容类型',
      'X-CSRF-Token': '安全令牌' },
    unit: UNIT.zh,
    import: UNIT.zh,
    risk: { name: '风险点名称', place: '场所/部位/环节', consequences: '可能后果',
      accident_types: '事故类型', method: '评价方法', inputs: '评价因子',
      inherent_inputs: '固有风险因子', direct: '直接判定', measures: '管控措施',
      control_level: '管控层级', owner_name: '责任人', owner_rank: '责任人层级',
      impact_radius_m: '影响半径', reviewed_at: '复核日期', unit_id: '所属单位',
      unit_ids: '目标单位', risk_ids: '风险点' },
    hazard: { unit_id: '单位', risk_id: '关联风险点', source: '隐患来源', grade: '隐患等级',
      description: '隐患描述', location: '隐患部位', found_at: '发现日期', found_by: '发现人',
      deadline: '整改期限', comment: '意见/说明', measures: '整改措施', responsible: '整改责任人',
      funds_cny: '整改资金', evidence: '整改情况及佐证', supervised_by: '挂牌督办单位',
      to: '处理步骤', contact: '联系方式', address: '地址', client_id: '登记编号',
      escalation: '逾期升级', state: '状态', name: '文件名' },
    account: { login: '用户名', password: '密码', role: '角色', region: '区县/街道', dept: '部门', name: '姓名', phone: '电话',
      unit_id: '单位', unit: '单位', disabled: '账号状态', id: '账号' },
    catalogue: { name: '风险点名称', sector: '行业', dept: '部门', place: '场所/部位/环节',
      method: '评价方法', inputs: '评价因子', measures: '管控措施', consequences: '可能后果',
      entries: '目录条目', unit_ids: '目标单位', risk_ids: '风险点' },
    installation: { name: '单元名称', kind: '单元类型', exposed_500m: '500 米内人数',
      inventory: '危险化学品', cas: 'CAS 号', category: '危险性类别', q: '最大存在量', Q: '临界量',
      seq: '表1 序号', unit_id: '所属单位' },
    dynamic_report: { unit_id: '上报单位', kind: '上报类型', title: '标题', description: '说明',
      start: '开始时间', end: '结束时间', place: '地点/部位', risks: '临时风险', measures: '管控措施' },
    alert: { rules: '预警规则', state: '状态', rule: '预警规则', level: '预警级别' },
    webhook: { name: '名称', url: '推送地址', secret: '签名密钥', region: '地区', dept: '部门',
      rules: '预警规则', retry_s: '重试间隔（秒）', max_attempts: '最多尝试次数', active: '启用' },
    cap: { event: '事件', category: '类别', urgency: '紧急程度', severity: '严重程度', certainty: '确定程度',
      headline: '标题', description: '说明', instruction: '防范建议', area_desc: '区域说明', polygon: '多边形区域',
      circle: '圆形区域', expires: '失效时间', region: '地区', id: '公共预警' },
  },
  en: {
    common: { version: 'Version', id: 'Record', q: 'Keyword', limit: 'Page size', after: 'Page',
      lon: 'Longitude', lat: 'Latitude', region: 'Region', dept: 'Department', sector: 'Sector',
      grade: 'Grade', unit_id: 'Unit', body: 'Upload', file: 'File', 'Content-Type': 'Content type',
      'X-CSRF-Token': 'Security token' },
    unit: UNIT.en,
    import: UNIT.en,
    risk: { name: 'Risk point name', place: 'Place / part / step', consequences: 'Consequences',
      accident_types: 'Accident types', method: 'Method', inputs: 'Factors',
      inherent_inputs: 'Inherent factors', direct: 'Direct determination', measures: 'Measures',
      control_level: 'Control level', owner_name: 'Owner', owner_rank: "Owner's rank",
      impact_radius_m: 'Impact radius', reviewed_at: 'Review date', unit_id: 'Unit',
      unit_ids: 'Target units', risk_ids: 'Risk points' },
    hazard: { unit_id: 'Unit', risk_id: 'Risk point', source: 'Source', grade: 'Hazard grade',
      description: 'Description', location: 'Location', found_at: 'Found on', found_by: 'Found by',
      deadline: 'Deadline', comment: 'Comment', measures: 'Measures', responsible: 'Responsible person',
      funds_cny: 'Funds', evidence: 'Rectification and evidence', supervised_by: 'Supervised by',
      to: 'Step', contact: 'Contact', address: 'Address', client_id: 'Capture id',
      escalation: 'Escalation', state: 'State', name: 'File name' },
    account: { login: 'User name', password: 'Password', role: 'Role', region: 'District / town', name: 'Name', phone: 'Phone',
      dept: 'Department', unit_id: 'Unit', unit: 'Unit', disabled: 'Account status', id: 'Account' },
    catalogue: { name: 'Risk point name', sector: 'Sector', dept: 'Department',
      place: 'Place / part / step', method: 'Method', inputs: 'Factors', measures: 'Measures',
      consequences: 'Consequences', entries: 'Catalogue entries', unit_ids: 'Target units',
      risk_ids: 'Risk points' },
    installation: { name: 'Installation name', kind: 'Kind', exposed_500m: 'People within 500 m',
      inventory: 'Hazardous chemicals', cas: 'CAS number', category: 'Hazard category',
      q: 'Maximum quantity', Q: 'Critical quantity', seq: 'Table 1 row', unit_id: 'Unit' },
    dynamic_report: { unit_id: 'Reporting unit', kind: 'Kind', title: 'Title', description: 'Description',
      start: 'Start', end: 'End', place: 'Place', risks: 'Temporary risks', measures: 'Measures' },
    alert: { rules: 'Rules', state: 'State', rule: 'Rule', level: 'Level' },
    webhook: { name: 'Name', url: 'URL', secret: 'Signing secret', region: 'Region', dept: 'Department',
      rules: 'Rules', retry_s: 'Retry interval (s)', max_attempts: 'Maximum attempts', active: 'Active' },
    cap: { event: 'Event', category: 'Category', urgency: 'Urgency', severity: 'Severity', certainty: 'Certainty',
      headline: 'Headline', description: 'Description', instruction: 'Instruction', area_desc: 'Area', polygon: 'Polygon',
      circle: 'Circle', expires: 'Expires', region: 'Region', id: 'Public warning' },
  },
};

const ROW = { zh: '第{row}行 {text}', en: 'Row {row}: {text}' };
const FIELD_FALLBACK = { zh: '该项', en: 'This field' };

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (values[k] !== undefined && values[k] !== null ? String(values[k]) : m));
}

// The label of a field path ("inputs.L", "measures.engineering[2]") for an entity, in lang.
export function fieldLabel(field, entity, lang = 'zh') {
  const l = LABELS[lang] ? lang : 'zh';
  if (!field) return '';
  const own = (entity && LABELS[l][entity]) || {};
  const head = field.split(/[.[]/)[0];
  for (const key of [field, head]) {
    if (key in own) return own[key] + (key === field ? '' : field.slice(head.length));
    if (key in LABELS[l].common) return LABELS[l].common[key] + (key === field ? '' : field.slice(head.length));
  }
  return field;
}

// The sentence for an error {status, code, field, params} (an ApiError or one row of an import
// answer; a row adds "第N行"). entity picks the label table: unit, import, risk, hazard, account,
// catalogue.
export function translateError(err, lang = 'zh', entity) {
  if (!err) return '';
  const l = CODES[lang] ? lang : 'zh';
  const params = err.params || {};
  let code = err.code;
  if (err.status === 0) code = 'network';
  const template = (params.rule && RULES[l][params.rule]) || CODES[l][code] || CODES[l].generic;
  const label = fieldLabel(err.field, entity, l) || FIELD_FALLBACK[l];
  const text = fill(template, { ...params, field: label });
  return err.row !== undefined && err.row !== null ? fill(ROW[l], { row: err.row, text }) : text;
}

// For the test that every code and rule the server emits is translated in every language.
export const errorTables = { codes: CODES, rules: RULES, labels: LABELS };
