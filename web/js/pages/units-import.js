// units-import — bulk import of units from a CSV or Excel file on the units page: the server
// takes all rows or none and names every bad row and field, which this panel lists. The targets
// page uses the same panel with its own endpoint, template and strings (`path`, `template`, `keys`).

import { html, useState } from '../html.js';
import { t, getLang } from '../i18n.js';
import { fieldLabel } from '../errors.js';
import * as api from '../api.js';
import { Banner, Progress, errorText } from '../ui.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function contentType(file) {
  if (/\.xlsx$/i.test(file.name)) return XLSX;
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return file.type || 'application/octet-stream';
}

const UNIT_KEYS = { title: 'import.title', hint: 'import.hint', done: 'import.done' };

export function UnitsImport({ onDone, path = '/units/import', template = '/templates/units-import.csv', keys = UNIT_KEYS, testid = 'units-import' }) {
  const [file, setFile] = useState(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);

  async function upload(e) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const r = await api.request('POST', path, { body: file, raw: true, contentType: contentType(file) });
      setResult(r);
      if (onDone) onDone(r);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  }

  return html`
    <form class="import-panel card" aria-label=${t(keys.title)} data-testid=${testid} onSubmit=${upload}>
      <h2>${t(keys.title)}</h2>
      <p class="hint">${t(keys.hint)} <a href=${template} download>${t('import.template')}</a></p>
      <div class="field">
        <label for="import-file">${t('import.file')}</label>
        <input id="import-file" type="file" accept=".csv,.xlsx,text/csv,${XLSX}"
          onChange=${(e) => setFile(e.currentTarget.files[0] || null)} />
      </div>
      <button type="submit" class="primary" disabled=${!file || busy}>${t('import.upload')}</button>
      ${busy && html`<${Progress} />`}
      ${result && html`<${Banner} kind="ok">${t(keys.done, { n: result.imported })}<//>`}
      ${error && html`<${Banner} kind="error">${errorText(error)}<//>`}
      ${error && error.rows && html`
        <table class="import-errors" data-testid="import-errors">
          <caption>${t('import.rows', { n: error.rows.length })}</caption>
          <thead><tr><th>${t('import.row')}</th><th>${t('import.field')}</th><th>${t('import.message')}</th></tr></thead>
          <tbody>${error.rows.map((r) => html`<tr><td>${r.row}</td><td>${fieldLabel(r.field, 'import', getLang())}</td><td>${errorText({ ...r, row: null }, 'import')}</td></tr>`)}</tbody>
        </table>`}
    </form>`;
}
