// installations — a unit's installations (生产单元/储存单元) on its page: the list with each one's
// GB 18218 grade, and the form with live S and R and every term (POST /gb18218/assess while the
// user types), the substance found by CAS number or name. Saving re-grades the unit's risk points.

import { html, useEffect, useRef, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, Field, Progress, Select, described, errorText } from '../ui.js';
import { gradeInfo } from '../colors.js';

const CAS_RE = /^\d{2,7}-\d{2}-\d$/;
const KINDS = ['storage', 'production'];
let lineSeq = 0;
const newLine = (over) => ({ key: ++lineSeq, text: '', seq: null, category: '', q: '', ...over });

// A number as the terms show it: up to 4 decimals, no trailing zeros.
const num = (v) => (v === null || v === undefined || v === '' ? '' : String(Math.round(Number(v) * 1e4) / 1e4));

// A GB 18218 grade (1–4, 一级 most severe) in the colour of the risk grade of the same rank.
export function MhsGrade({ grade }) {
  if (!grade) return html`<span class="mhs-grade none" data-testid="mhs-grade" data-grade="">${t('mhsgrade.none')}</span>`;
  const g = gradeInfo(grade);
  return html`<span class="grade-badge mhs-grade" data-testid="mhs-grade" data-grade=${grade}
    style=${{ background: g.hex, color: g.text }}>${t(`mhsgrade.${grade}`)}</span>`;
}

// The API line of a form line: a picked Table 1 row by seq, else the text as a CAS number or a name.
function toLine(l) {
  const o = {};
  const text = l.text.trim();
  if (l.seq) o.seq = l.seq;
  else if (text) o[CAS_RE.test(text) ? 'cas' : 'name'] = text;
  if (l.category) o.category = l.category;
  if (l.q !== '') o.q = Number(l.q);
  return o;
}
const blank = (l) => !l.text.trim() && !l.seq && !l.category && l.q === '';

function fromInstallation(inst) {
  return (inst.inventory || []).map((line, i) => {
    const term = (inst.terms || [])[i] || {};
    const label = term.name_cn ? `${term.name_cn}${term.cas ? ` ${term.cas}` : ''}` : (line.name || line.cas || '');
    return newLine({ text: label, seq: term.seq || line.seq || null, category: line.category || '', q: String(line.q ?? '') });
  });
}

// One inventory line: the substance with its suggestions, the category and the quantity.
function LineEditor({ line, n, categories, onChange, onRemove, canRemove }) {
  const [hits, setHits] = useState([]);
  const timer = useRef(null);
  const id = `inst-line-${line.key}`;
  const search = (text) => {
    clearTimeout(timer.current);
    if (!text.trim()) { setHits([]); return; }
    timer.current = setTimeout(() => {
      api.chemicals(text.trim()).then((r) => setHits((r.items || []).slice(0, 8))).catch(() => setHits([]));
    }, 200);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const pick = (c) => {
    onChange({ ...line, seq: c.seq, text: `${c.name_cn}${c.cas && c.cas.length ? ` ${c.cas[0]}` : ''}` });
    setHits([]);
  };
  return html`
    <fieldset class="inst-line" data-testid="inst-line">
      <legend>${t('inst.line', { n })}</legend>
      <div class="grid">
        <div class="field wide">
          <label for=${`${id}-s`}>${t('inst.substance')}</label>
          <input id=${`${id}-s`} type="text" autocomplete="off" value=${line.text} placeholder=${t('inst.substance.placeholder')}
            data-testid="inst-substance"
            onInput=${(e) => { const v = e.currentTarget.value; onChange({ ...line, text: v, seq: null }); search(v); }} />
          ${hits.length ? html`
            <ul class="suggestions" aria-label=${t('inst.suggestions')} data-testid="inst-suggestions">
              ${hits.map((c) => html`<li key=${c.seq}><button type="button" class="link" data-testid="inst-suggestion"
                onClick=${() => pick(c)}>${c.name_cn} · ${c.name_en}${c.cas.length ? ` · ${c.cas.join(', ')}` : ''} · Q ${num(c.critical_t)} t</button></li>`)}
            </ul>` : ''}
        </div>
        <${Field} id=${`${id}-c`} label=${t('inst.category')}>
          <${Select} id=${`${id}-c`} value=${line.category} empty=${t('inst.category.none')}
            options=${categories.map((c) => ({ value: c.code, label: `${c.code} ${c.description}` }))}
            onChange=${(v) => onChange({ ...line, category: v })} extra=${{ 'data-testid': 'inst-category' }} />
        <//>
        <${Field} id=${`${id}-q`} label=${t('inst.q')}>
          <input id=${`${id}-q`} type="text" inputmode="decimal" value=${line.q} data-testid="inst-q"
            onInput=${(e) => onChange({ ...line, q: e.currentTarget.value })} />
        <//>
      </div>
      ${canRemove ? html`<button type="button" class="link" onClick=${onRemove} aria-label=${t('inst.removeLine', { n })}>×</button>` : ''}
    </fieldset>`;
}

// The live result: S, R, α, the grade and one row per term.
export function LiveResult({ result, error }) {
  if (error) return html`<div class="live-result" data-testid="inst-live"><${Banner} testid="inst-live-error">${errorText(error, 'installation')}<//></div>`;
  if (!result) return html`<div class="live-result" data-testid="inst-live"><p class="hint">${t('inst.live.empty')}</p></div>`;
  const src = (s) => t(`inst.source.${s}`);
  return html`
    <div class="live-result" data-testid="inst-live" data-major=${result.major ? '1' : '0'} data-grade=${result.grade || ''}>
      <p>
        <strong>${t('inst.S')}</strong> = <span data-testid="inst-S">${num(result.S)}</span> ·
        <strong>${t('inst.alpha')}</strong> = <span data-testid="inst-alpha">${num(result.alpha)}</span>
        <span class="meta" data-testid="inst-alpha-basis" data-basis=${result.exposed_basis}>(${t(`inst.alpha.${result.exposed_basis}`, { n: result.exposed_500m })})</span> ·
        <strong>${t('inst.R')}</strong> = <span data-testid="inst-R">${num(result.R)}</span>
        ${' '}<${MhsGrade} grade=${result.grade} />
        ${' '}<span data-testid="inst-major">${result.major ? t('inst.major') : t('inst.notMajor')}</span>
      </p>
      <div class="table-wrap">
        <table class="data" data-testid="inst-terms">
          <thead><tr>
            <th scope="col">${t('inst.col.substance')}</th><th scope="col">${t('inst.col.q')}</th>
            <th scope="col">${t('inst.col.Q')}</th><th scope="col">${t('inst.col.ratio')}</th>
            <th scope="col">${t('inst.col.beta')}</th><th scope="col">${t('inst.col.weighted')}</th>
          </tr></thead>
          <tbody>
            ${result.terms.map((x) => html`<tr key=${x.line} data-testid="inst-term">
              <td>${x.name_cn || (x.category ? t('inst.categoryOnly', { c: x.category }) : '')}${x.cas ? ` (${x.cas})` : ''}</td>
              <td>${num(x.q)}</td>
              <td>${num(x.Q)} <span class="meta">${src(x.Q_source)}</span></td>
              <td>${num(x.ratio)}</td>
              <td>${num(x.beta)} <span class="meta">${src(x.beta_source)}${x.beta_source === 'table4' && x.category ? ` ${x.category}` : ''}</span></td>
              <td>${num(x.weighted)}</td>
            </tr>`)}
            <tr class="total"><th scope="row">${t('inst.total')}</th><td></td><td></td>
              <td>${num(result.S)}</td><td></td><td>${num(result.sum_beta)}</td></tr>
          </tbody>
        </table>
      </div>
    </div>`;
}

// The count of people entered for α, '' when none (the server then counts the targets).
const enteredOf = (inst) => (inst && inst.exposed_entered !== null && inst.exposed_entered !== undefined ? String(inst.exposed_entered) : '');
const exposedValue = (text) => (text.trim() === '' ? null : Number(text));

function InstallationForm({ unitId, installation, unitPos, onDone, onCancel }) {
  const [name, setName] = useState(installation ? installation.name : '');
  const [kind, setKind] = useState(installation ? installation.kind : 'storage');
  const [exposed, setExposed] = useState(enteredOf(installation));
  const pos = installation && installation.lon !== null && installation.lon !== undefined
    ? { lon: installation.lon, lat: installation.lat } : unitPos;
  const [lines, setLines] = useState(() => (installation ? fromInstallation(installation) : [newLine()]));
  const [categories, setCategories] = useState([]);
  const [result, setResult] = useState(null);
  const [liveError, setLiveError] = useState(null);
  const [banner, setBanner] = useState('');
  const [nameError, setNameError] = useState('');
  const [saving, setSaving] = useState(false);
  const asked = useRef(0);
  useEffect(() => { api.chemicalCategories().then(setCategories).catch(() => setCategories([])); }, []);
  useEffect(() => {
    const used = lines.filter((l) => !blank(l));
    if (!used.length) { setResult(null); setLiveError(null); return undefined; }
    const ask = ++asked.current;
    const timer = setTimeout(() => {
      api.gb18218Assess(used.map(toLine), exposedValue(exposed), pos)
        .then((r) => { if (ask === asked.current) { setResult(r); setLiveError(null); } })
        .catch((e) => { if (ask === asked.current) { setResult(null); setLiveError(e); } });
    }, 250);
    return () => clearTimeout(timer);
  }, [lines, exposed]);
  const setLine = (i) => (l) => setLines((ls) => ls.map((x, j) => (j === i ? l : x)));
  const save = async (e) => {
    e.preventDefault();
    setBanner('');
    setNameError('');
    const body = { name: name.trim(), kind, exposed_500m: exposedValue(exposed),
      inventory: lines.filter((l) => !blank(l)).map(toLine) };
    setSaving(true);
    try {
      if (installation) await api.updateInstallation(installation.id, { ...body, version: installation.version });
      else await api.createInstallation(unitId, body);
      onDone();
    } catch (err) {
      if (err.field === 'name') setNameError(errorText(err, 'installation'));
      else setBanner(errorText(err, 'installation'));
    } finally {
      setSaving(false);
    }
  };
  return html`
    <form class="unit-form inst-form" onSubmit=${save} noValidate data-testid="inst-form">
      <${Banner} testid="inst-form-error">${banner}<//>
      <fieldset disabled=${saving}>
        <div class="grid">
          <${Field} id="inst-name" label=${t('inst.name')} required error=${nameError} hint=${t('inst.name.hint')}>
            <input id="inst-name" type="text" value=${name} onInput=${(e) => setName(e.currentTarget.value)}
              ...${described('inst-name', nameError, t('inst.name.hint'))} />
          <//>
          <${Field} id="inst-kind" label=${t('inst.kind')}>
            <${Select} id="inst-kind" value=${kind} onChange=${setKind}
              options=${KINDS.map((k) => ({ value: k, label: t(`inst.kind.${k}`) }))} />
          <//>
          <${Field} id="inst-exposed" label=${t('inst.exposed')} hint=${t('inst.exposed.hint')}>
            <input id="inst-exposed" type="text" inputmode="numeric" value=${exposed}
              onInput=${(e) => setExposed(e.currentTarget.value)} ...${described('inst-exposed', '', t('inst.exposed.hint'))} />
            ${result && result.exposed_basis !== 'none' ? html`<p class="hint" data-testid="inst-exposed-computed"
              data-people=${result.exposed_counted} data-targets=${result.exposed_targets}>${t('inst.exposed.computed',
              { k: result.exposed_targets, n: result.exposed_counted, a: num(result.alpha_computed) })}</p>` : ''}
          <//>
        </div>
        <h3 class="form-section">${t('inst.inventory')}</h3>
        ${lines.map((l, i) => html`<${LineEditor} key=${l.key} line=${l} n=${i + 1} categories=${categories}
          onChange=${setLine(i)} canRemove=${lines.length > 1}
          onRemove=${() => setLines((ls) => ls.filter((_x, j) => j !== i))} />`)}
        <button type="button" onClick=${() => setLines((ls) => [...ls, newLine()])} data-testid="inst-add-line">${t('inst.addLine')}</button>
      </fieldset>
      <h3 class="form-section">${t('inst.live')}</h3>
      <${LiveResult} result=${result} error=${liveError} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${saving} data-testid="inst-save">${saving ? t('inst.saving') : t('inst.save')}</button>
        <button type="button" onClick=${onCancel}>${t('inst.cancel')}</button>
      </div>
    </form>`;
}

// The unit page's panel: its installations and the form. onChanged runs after every write (the
// unit's risk points and rating may have been re-graded).
export function UnitInstallations({ unitId, unitPos, readOnly: archived, onChanged }) {
  const me = api.currentUser();
  const readOnly = archived || (me && me.role === 'expert');
  const [items, setItems] = useState(null);
  const [error, setError] = useState(null);
  const [editing, setEditing] = useState(null); // null, 'new' or an installation
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let alive = true;
    api.unitInstallations(unitId).then((r) => alive && setItems(r)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [unitId, reload]);
  const changed = () => { setEditing(null); setReload((k) => k + 1); if (onChanged) onChanged(); };
  const archive = async (inst) => {
    if (!window.confirm(t('inst.archive.confirm'))) return;
    try { await api.archiveInstallation(inst.id); changed(); } catch (e) { setError(e); }
  };
  return html`
    <section class="panel unit-installations" aria-labelledby="unit-inst-title" data-testid="unit-installations">
      <header class="page-head">
        <h2 id="unit-inst-title">${t('inst.title')}${items ? ` (${items.length})` : ''}</h2>
        ${readOnly || editing ? '' : html`<div class="head-actions">
          <button type="button" class="primary" onClick=${() => setEditing('new')} data-testid="inst-new">${t('inst.add')}</button>
        </div>`}
      </header>
      ${!items && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error, 'installation') : ''}<//>
      ${editing ? html`<${InstallationForm} unitId=${unitId} unitPos=${unitPos} installation=${editing === 'new' ? null : editing}
        onDone=${changed} onCancel=${() => setEditing(null)} />` : ''}
      ${items ? html`
        <div class="table-wrap">
          <table class="data" data-testid="inst-table">
            <thead><tr>
              <th scope="col">${t('inst.name')}</th><th scope="col">${t('inst.col.kind')}</th>
              <th scope="col">S</th><th scope="col">R</th><th scope="col">${t('inst.col.grade')}</th>
              ${readOnly ? '' : html`<th scope="col"></th>`}
            </tr></thead>
            <tbody>
              ${items.map((x) => html`<tr key=${x.id} data-testid="inst-row" data-id=${x.id} data-grade=${x.grade || ''}>
                <td><a href=${`#/installations/${x.id}`} data-testid="inst-link">${x.name}</a></td><td>${t(`inst.kind.${x.kind}`)}</td>
                <td>${num(x.S)}</td><td>${x.major ? num(x.R) : ''}</td><td><${MhsGrade} grade=${x.grade} /></td>
                ${readOnly ? '' : html`<td class="actions">
                  <button type="button" class="link" onClick=${() => setEditing(x)}>${t('inst.edit')}</button>
                  <button type="button" class="link danger" onClick=${() => archive(x)}>${t('inst.archive')}</button></td>`}
              </tr>`)}
              ${items.length === 0 ? html`<tr><td colspan=${readOnly ? 5 : 6} class="empty">${t('inst.empty')}</td></tr>` : ''}
            </tbody>
          </table>
        </div>` : ''}
    </section>`;
}
