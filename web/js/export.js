// export — the 导出 Excel / 导出 CSV / 打印 buttons of a register page: download links to the page's
// own list endpoint with its filters and format=xlsx|csv (the whole filtered list, scoped by the
// server as the list is), and the browser's print dialog (the print stylesheet hides the chrome).

import { html } from './html.js';
import { t } from './i18n.js';

// "/api/v1/risks?region=320583&grade=1&format=xlsx": empty filters and paging left out.
export function exportHref(path, filters, format) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters || {})) {
    if (v !== '' && v !== undefined && v !== null && k !== 'limit' && k !== 'after') q.set(k, v);
  }
  q.set('format', format);
  return `/api/v1${path}?${q}`;
}

export function PrintButton() {
  return html`<button type="button" class="no-print" data-testid="print"
    onClick=${() => window.print()}>${t('export.print')}</button>`;
}

// path: the list endpoint under /api/v1 ("/risks"); filters: the page's filter values.
export function ExportButtons({ path, filters }) {
  return html`<span class="export-actions no-print" role="group" aria-label=${t('export.label')}
    title=${t('export.hint')} data-testid="export">
    <a class="button" href=${exportHref(path, filters, 'xlsx')} download data-testid="export-xlsx">${t('export.xlsx')}</a>
    <a class="button" href=${exportHref(path, filters, 'csv')} download data-testid="export-csv">${t('export.csv')}</a>
    <${PrintButton} />
  </span>`;
}
