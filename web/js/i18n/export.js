// i18n/export.js — the UI strings of the export and print buttons on the register pages. Each key
// holds both languages side by side; its first part names the area: export.

export default {
  'export.label': { zh: '导出与打印', en: 'Export and print' },
  'export.xlsx': { zh: '导出 Excel', en: 'Export Excel' },
  'export.csv': { zh: '导出 CSV', en: 'Export CSV' },
  'export.print': { zh: '打印', en: 'Print' },
  'export.hint': { zh: '按当前筛选条件导出全部记录（不限本页）', en: 'Exports every record matching the current filters, not only this page' },
};
