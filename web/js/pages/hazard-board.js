// hazard-board — 挂牌督办, the listed major hazards (GET /hazards?listed=1) grouped by who supervises
// them: the city office (AWB) first, then each department; deadlines, days left, overdue rows
// highlighted. Open ones by default; #/hazards/board?closed=1 includes the closed (销号) ones.

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { useDepartments } from '../refdata.js';
import { href, navigate } from '../router.js';
import { Banner, Progress, errorText } from '../ui.js';
import { DueBadge, HazardTabs, StateBadge } from './hazard-common.js';
import { ExportButtons } from '../export.js';

const MAX = 2000;

async function loadAll(params) {
  let items = [];
  let after;
  for (;;) {
    const r = await api.listHazards({ ...params, limit: 200, after });
    items = items.concat(r.items || []);
    if (!r.next || items.length >= MAX) return items;
    after = r.next;
  }
}

export function HazardBoardPage({ route }) {
  const withClosed = route.query.get('closed') === '1';
  const [items, setItems] = useState(null);
  const departments = useDepartments();
  const [error, setError] = useState(null);

  useEffect(() => {
    let alive = true;
    setItems(null);
    setError(null);
    loadAll({ listed: 1, open: withClosed ? '' : 1 }).then((x) => alive && setItems(x)).catch((e) => alive && setError(e));
    return () => { alive = false; };
  }, [withClosed]);

  const order = ['AWB'].concat(departments.map((d) => d.code).filter((c) => c !== 'AWB'));
  const groups = new Map();
  for (const h of items || []) {
    const k = h.supervised_by || '';
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(h);
  }
  const keys = [...groups.keys()].sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.localeCompare(b);
  });
  const name = (c) => pickName(departments.find((d) => d.code === c)) || c || t('hz.board.none');
  const overdueAll = (items || []).filter((h) => h.overdue).length;
  // Overdue first, then by deadline.
  const sorted = (list) => list.slice().sort((a, b) => (b.overdue - a.overdue) || String(a.deadline || '9').localeCompare(String(b.deadline || '9')));

  return html`
    <section class="page board-page" aria-labelledby="hb-title">
      <header class="page-head">
        <h1 id="hb-title">${t('hz.board.title')}</h1>
        <label class="inline"><input type="checkbox" checked=${withClosed} data-testid="hb-closed"
          onChange=${(e) => navigate(href('/hazards/board', { closed: e.currentTarget.checked ? '1' : '' }), { replace: true })} />
          ${t('hz.board.withClosed')}</label>
        <${ExportButtons} path="/hazards" filters=${{ listed: 1, open: withClosed ? '' : 1 }} />
      </header>
      <${HazardTabs} current="board" />
      ${items === null && !error ? html`<${Progress} />` : ''}
      <${Banner}>${error ? errorText(error) : ''}<//>
      ${items ? html`<p class="total" data-testid="hb-total" data-total=${items.length}>
        ${t('hz.board.total', { n: items.length, overdue: overdueAll })}</p>` : ''}
      ${items && items.length === 0 ? html`<p class="panel hint">${t('hz.board.empty')}</p>` : ''}
      ${keys.map((k) => {
        const list = sorted(groups.get(k));
        const late = list.filter((h) => h.overdue).length;
        return html`
          <section class="panel board-group" key=${k} data-testid="hb-group" data-supervisor=${k} aria-labelledby=${`hb-${k}`}>
            <h2 id=${`hb-${k}`}>${name(k)} <span class="hint">${t('hz.board.count', { n: list.length })}</span>
              ${late ? html`<span class="hz-due overdue">${t('hz.board.overdue', { n: late })}</span>` : ''}</h2>
            <div class="table-wrap">
              <table class="data">
                <thead><tr>
                  <th scope="col">${t('hz.col.no')}</th>
                  <th scope="col">${t('hz.description')}</th>
                  <th scope="col">${t('hz.state')}</th>
                  <th scope="col">${t('hz.deadline')}</th>
                  <th scope="col" class="opt">${t('hz.unit')}</th>
                  <th scope="col" class="opt">${t('hz.field.responsible')}</th>
                  <th scope="col" class="opt">${t('hz.region')}</th>
                </tr></thead>
                <tbody>
                  ${list.map((h) => html`
                    <tr key=${h.id} class=${`clickable${h.overdue ? ' hz-overdue' : ''}`} data-testid="hb-row" data-id=${h.id}
                      data-overdue=${h.overdue ? '1' : '0'} onClick=${(e) => { if (e.target.tagName !== 'A') navigate(`#/hazards/${h.id}`); }}>
                      <td class="mono"><a href=${`#/hazards/${h.id}`}>${h.id}</a></td>
                      <td class="wrap lines">${h.description}</td>
                      <td><${StateBadge} state=${h.state} /></td>
                      <td>${h.deadline || '—'} <${DueBadge} h=${h} /></td>
                      <td class="opt">${h.unit_name || ''}</td>
                      <td class="opt">${h.responsible || ''}</td>
                      <td class="opt">${h.region_name || h.region}</td>
                    </tr>`)}
                </tbody>
              </table>
            </div>
          </section>`;
      })}
    </section>`;
}
