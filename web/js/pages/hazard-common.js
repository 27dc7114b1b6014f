// hazard-common — pieces shared by the hazard pages (docs/HAZARDS.md): states, grades, sources,
// badges (grade, state, overdue / due soon), the section tabs, and images from Blobs.

import { html, useEffect, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';

export const STATES = ['found', 'registered', 'assessed', 'rectifying', 'rectified', 'verified', 'closed'];
export const HZ_GRADES = ['general', 'major'];
export const SOURCES = ['self_check', 'inspection', 'grid_patrol', 'third_party', 'public_report'];
// The colours of a hazard grade: a 重大隐患 in the red of grade Ⅰ, a 一般隐患 in the orange of Ⅱ.
export const HZ_COLOR = { major: '#e60012', general: '#f39800' };
export const HZ_TEXT = { major: '#ffffff', general: '#1d1d1d' };

export const stateOptions = () => STATES.map((s) => ({ value: s, label: t(`hz.state.${s}`) }));
export const gradeOptions = () => HZ_GRADES.map((g) => ({ value: g, label: t(`hz.grade.${g}`) }));
export const sourceOptions = (list = SOURCES) => list.map((s) => ({ value: s, label: t(`hz.source.${s}`) }));

export function HazardGrade({ grade }) {
  if (!grade) return '';
  return html`<span class="grade-badge hz-grade" data-hz-grade=${grade}
    style=${{ background: HZ_COLOR[grade] || '#9aa5b1', color: HZ_TEXT[grade] || '#fff' }}>${t(`hz.grade.${grade}`)}</span>`;
}

export function StateBadge({ state }) {
  return html`<span class=${`hz-state hz-state-${state}`} data-state=${state}>${t(`hz.state.${state}`)}</span>`;
}

// 逾期 N 天 / 即将到期 (N 天) — only while the unit's part is still to do (the server decides).
export function DueBadge({ h }) {
  if (h.overdue) {
    return html`<span class="hz-due overdue" data-testid="badge-overdue">${t('hz.overdue.days', { n: Math.abs(h.days_left ?? 0) })}</span>`;
  }
  if (h.due_soon) {
    return html`<span class="hz-due soon" data-testid="badge-due-soon">${t('hz.dueSoon.days', { n: h.days_left ?? 0 })}</span>`;
  }
  return '';
}

export function EscalationBadge({ h }) {
  if (!h.escalation || h.escalation === 'unit') return '';
  return html`<span class="hz-due escalated" title=${t('hz.escalation')}>${t(`hz.escalation.${h.escalation}`)}</span>`;
}

export function HazardTabs({ current }) {
  const tabs = [
    ['list', '#/hazards', 'hz.tab.list'],
    ['board', '#/hazards/board', 'hz.tab.board'],
    ['stats', '#/hazards/stats', 'hz.tab.stats'],
    ['new', '#/hazards/new', 'hz.tab.new'],
    ['queue', '#/hazards/queue', 'hz.tab.queue'],
  ];
  return html`
    <nav class="hz-tabs" aria-label=${t('hz.tabs')}>
      ${tabs.map(([k, to, key]) => html`<a key=${k} href=${to} aria-current=${current === k ? 'page' : undefined}>${t(key)}</a>`)}
    </nav>`;
}

// ----- images from Blobs -----
// URL.createObjectURL needs `blob:` in the page's img-src; where the Content-Security-Policy does
// not allow it (the probe image fails), a data: URL is used instead.

let blobOk = null;
function probeBlob() {
  if (!blobOk) {
    blobOk = new Promise((resolve) => {
      // 1×1 transparent PNG.
      const b64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const u = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
      const img = new Image();
      img.onload = () => { URL.revokeObjectURL(u); resolve(true); };
      img.onerror = () => { URL.revokeObjectURL(u); resolve(false); };
      img.src = u;
    });
  }
  return blobOk;
}

const dataUrl = (blob) => new Promise((resolve, reject) => {
  const r = new FileReader();
  r.onload = () => resolve(r.result);
  r.onerror = () => reject(r.error);
  r.readAsDataURL(blob);
});

// A displayable URL for a Blob; the returned function releases it.
export async function blobUrl(blob) {
  if (await probeBlob()) {
    const u = URL.createObjectURL(blob);
    return [u, () => URL.revokeObjectURL(u)];
  }
  return [await dataUrl(blob), () => {}];
}

export function BlobImage({ blob, alt, testid }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let release = () => {};
    let alive = true;
    if (blob) blobUrl(blob).then(([u, rel]) => { if (alive) { setSrc(u); release = rel; } else rel(); });
    return () => { alive = false; release(); };
  }, [blob]);
  return src ? html`<img src=${src} alt=${alt} data-testid=${testid} loading="lazy" />` : html`<span class="thumb-wait" aria-hidden="true"></span>`;
}

// A stored attachment: images fetched as a Blob (the server sends them as downloads) and shown as
// a thumbnail; a PDF as a download link. Both open the file in full.
export function AttachmentThumb({ hazardId, att }) {
  const [blob, setBlob] = useState(null);
  const [err, setErr] = useState(false);
  const isImage = /^image\//.test(att.content_type || '');
  useEffect(() => {
    let alive = true;
    api.attachmentBlob(hazardId, att.id).then((b) => alive && setBlob(b)).catch(() => alive && setErr(true));
    return () => { alive = false; };
  }, [hazardId, att.id]);
  const [href, setHref] = useState('');
  useEffect(() => {
    let release = () => {};
    let alive = true;
    if (blob) blobUrl(blob).then(([u, rel]) => { if (alive) { setHref(u); release = rel; } else rel(); });
    return () => { alive = false; release(); };
  }, [blob]);
  return html`
    <figure class="thumb" data-testid="attachment" data-name=${att.name}>
      ${isImage && href ? html`<a href=${href} download=${att.name} title=${att.name}><img src=${href} alt=${att.name} data-testid="attachment-img" /></a>`
        : isImage && !err ? html`<span class="thumb-wait" aria-label=${t('app.loading')}></span>`
        : html`<a class="file" href=${href || undefined} download=${att.name}>${att.name}</a>`}
      <figcaption>${att.name}${att.size ? ` · ${Math.ceil(att.size / 1024)} KB` : ''}</figcaption>
    </figure>`;
}

// Today in China Standard Time (UTC+8), YYYY-MM-DD: the server's calendar for dates.
export function todayCst() {
  return new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
