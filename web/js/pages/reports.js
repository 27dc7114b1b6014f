// reports — 风险评估报告 (#/reports): choose the city, a district or an industry and a format, start
// the report as a background job (POST /reports/jobs), watch its progress bar (GET
// /reports/jobs/ID, twice a second) and download the file (/reports/jobs/ID/file). A district
// account is offered its own district only, and the city's report only to city-wide accounts.

import { html, useEffect, useRef, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Select, errorText } from '../ui.js';
import { useCity, useDistricts, useSectors } from '../refdata.js';
import { sectorOptions } from './units.js';

export const REPORT_ROLES = ['city', 'city_dept', 'district', 'district_dept', 'street', 'expert'];
const POLL_MS = 500;

export function ReportsPage({ user }) {
  const city = useCity();
  const districts = useDistricts();
  const sectors = useSectors();
  const own = String((user && user.region) || '');
  const cityWide = city && own.length <= city.length;
  const kinds = [...(cityWide ? ['city'] : []), ...(own.length <= 6 ? ['district'] : []), 'industry'];
  const [kind, setKind] = useState('');
  const [code, setCode] = useState('');
  const [format, setFormat] = useState('pdf');
  const [job, setJob] = useState(null);
  const [error, setError] = useState(null);
  const timer = useRef(null);
  const chosen = kinds.includes(kind) ? kind : kinds[0];
  const districtOptions = districts.filter((d) => d.code.startsWith(own.slice(0, 6)))
    .map((d) => ({ value: d.code, label: pickName(d) }));
  const codeOf = chosen === 'district' && own.length === 6 ? own : code;

  useEffect(() => () => clearTimeout(timer.current), []);

  const poll = (id) => {
    timer.current = setTimeout(async () => {
      try {
        const st = await api.get(`/reports/jobs/${id}`);
        setJob(st);
        if (st.state === 'running') poll(id);
      } catch (e) { setError(e); }
    }, POLL_MS);
  };

  const start = async (e) => {
    e.preventDefault();
    setError(null);
    if (chosen !== 'city' && !codeOf) { setError(t('reports.needChoice')); return; }
    clearTimeout(timer.current);
    try {
      const st = await api.post('/reports/jobs', { kind: chosen, ...(chosen === 'city' ? {} : { code: codeOf }), format });
      setJob(st);
      poll(st.id);
    } catch (err) { setError(err); setJob(null); }
  };

  const running = job && job.state === 'running';
  return html`
    <section class="page reports-page" aria-labelledby="reports-title">
      <header class="page-head"><h1 id="reports-title">${t('reports.title')}</h1></header>
      <p class="hint">${t('reports.intro')}</p>
      <form class="filters" onSubmit=${start} data-testid="report-form">
        <div class="field">
          <label for="rp-kind">${t('reports.kind')}</label>
          <${Select} id="rp-kind" value=${chosen} options=${kinds.map((k) => ({ value: k, label: t(`reports.kind.${k}`) }))}
            onChange=${(v) => { setKind(v); setCode(''); }} extra=${{ 'data-testid': 'report-kind' }} />
        </div>
        ${chosen === 'district' ? html`<div class="field">
          <label for="rp-district">${t('reports.district')}</label>
          <${Select} id="rp-district" value=${codeOf} empty=${own.length === 6 ? undefined : t('reports.choose')}
            options=${districtOptions} onChange=${setCode} disabled=${own.length === 6} extra=${{ 'data-testid': 'report-district' }} />
        </div>` : ''}
        ${chosen === 'industry' ? html`<div class="field">
          <label for="rp-industry">${t('reports.industry')}</label>
          <${Select} id="rp-industry" value=${code} empty=${t('reports.choose')} options=${sectorOptions(sectors)}
            onChange=${setCode} extra=${{ 'data-testid': 'report-industry' }} />
        </div>` : ''}
        <fieldset class="field">
          <legend>${t('reports.format')}</legend>
          ${['pdf', 'html'].map((f) => html`<label key=${f} class="inline">
            <input type="radio" name="rp-format" value=${f} checked=${format === f} onChange=${() => setFormat(f)}
              data-testid=${`report-format-${f}`} /> ${f.toUpperCase()}</label>`)}
        </fieldset>
        <div class="field"><button type="submit" class="primary" disabled=${running} data-testid="report-generate">${t('reports.generate')}</button></div>
      </form>
      <${Banner} testid="report-error">${error ? (typeof error === 'string' ? error : errorText(error, 'report')) : ''}<//>
      ${job ? html`<div class="report-job" data-testid="report-job" data-state=${job.state}>
        <p role="status">${t(job.state === 'done' ? 'reports.done' : job.state === 'failed' ? 'reports.failed' : 'reports.running')}
          ${job.step ? ` · ${t(`reports.step.${job.step}`)}` : ''}</p>
        <progress max="100" value=${job.percent} aria-label=${t('reports.running')} data-testid="report-progress"></progress>
        <span class="hint">${t('reports.percent').replace('{percent}', job.percent)}</span>
        ${job.state === 'failed' && job.error ? html`<${Banner}>${errorText({ ...job.error, status: 500 }, 'report')}<//>` : ''}
        ${job.state === 'done' ? html`<p><a class="button primary" href=${`/api/v1/reports/jobs/${job.id}/file`} download
          data-testid="report-download">${t('reports.download')} (${job.format.toUpperCase()})</a></p>` : ''}
      </div>` : ''}
    </section>`;
}
