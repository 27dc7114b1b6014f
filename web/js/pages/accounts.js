// accounts — 账号管理 (docs/API.md "Accounts"): the accounts the user administers (GET /users) with a
// filter box kept in the hash (#/accounts?q=…), a "new account" form whose role list and scope
// fields follow what the user may create, and per row: disable / enable and reset the password.
// Each account carries the person: real name (姓名, shown as 发现人/责任人 on hazards) and phone.
// Only the city office and districts get here (the navigation entry is theirs); the server is the
// authority and its errors are shown under the field it names.

import { html, useEffect, useState } from '../html.js';
import { t, pickName } from '../i18n.js';
import * as api from '../api.js';
import { navigate, href } from '../router.js';
import { Banner, Field, Progress, Select, described, errorText } from '../ui.js';
import * as refdata from '../refdata.js';
import { useDepartments } from '../refdata.js';

export const ALL_ROLES = ['city', 'city_dept', 'district', 'district_dept', 'street', 'unit', 'expert'];
// What each administering role may create (the server's rule, src/domain/user.c cr_user_can_admin).
export const CREATABLE = {
  city: ALL_ROLES,
  district: ['district_dept', 'street', 'unit'],
};
export const ACCOUNT_ADMINS = Object.keys(CREATABLE);

const needsRegion = (role) => role === 'district' || role === 'district_dept' || role === 'street';
const needsDept = (role) => role === 'city_dept' || role === 'district_dept';
const LOGIN_RE = /^[a-z0-9_.-]{2,63}$/;

// Names shown in the list: regions (GET /regions/CODE, through refdata.js) and units (GET /units/ID).
const unitNames = new Map();
function useNames(items) {
  const [, setTick] = useState(0);
  const [regionNames] = useState(() => new Map());
  useEffect(() => {
    let alive = true;
    const bump = () => alive && setTick((n) => n + 1);
    for (const code of new Set(items.map((a) => a.region).filter(Boolean))) {
      if (!regionNames.has(code)) {
        regionNames.set(code, '');
        refdata.region(code).then((r) => { regionNames.set(code, r.name || ''); bump(); }).catch(() => {});
      }
    }
    for (const id of new Set(items.map((a) => a.unit_id).filter(Boolean))) {
      if (!unitNames.has(id)) {
        unitNames.set(id, '');
        api.getUnit(id).then((u) => { unitNames.set(id, u.name || ''); bump(); }).catch(() => {});
      }
    }
    return () => { alive = false; };
  }, [items]);
  return { region: (c) => regionNames.get(c) || '', unit: (id) => unitNames.get(id) || '' };
}

export function AccountsPage({ route, user }) {
  const q = route.query.get('q') || '';
  const [filter, setFilter] = useState(q);
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const [creating, setCreating] = useState(false);
  const [resetFor, setResetFor] = useState(null);
  const [personFor, setPersonFor] = useState(null); // the row whose name and phone are being edited
  const [busyId, setBusyId] = useState(null);
  const departments = useDepartments();
  const names = useNames(items);
  const allowed = ACCOUNT_ADMINS.includes(user.role);

  useEffect(() => { setFilter(q); }, [q]);

  function load() {
    setLoading(true);
    return api.listUsers().then((r) => {
      setItems(r.items || []);
      setError(null);
      setLoading(false);
    }).catch((e) => { setError(e); setItems([]); setLoading(false); });
  }
  useEffect(() => { load(); }, []);

  const deptName = new Map(departments.map((d) => [d.code, pickName(d)]));
  const needle = q.trim().toLowerCase();
  const shown = needle ? items.filter((a) => [a.login, a.name, a.phone, a.role, t(`role.${a.role}`), a.region, names.region(a.region),
    a.dept, deptName.get(a.dept), a.unit_id ? names.unit(a.unit_id) : ''].some((s) => s && String(s).toLowerCase().includes(needle)))
    : items;

  function replaceItem(acc) { setItems((list) => list.map((a) => (a.id === acc.id ? acc : a))); }

  async function toggle(a) {
    setBusyId(a.id);
    setNotice('');
    setError(null);
    try {
      const acc = await api.updateUser(a.id, { disabled: !a.disabled });
      replaceItem(acc);
      setNotice(t(acc.disabled ? 'accounts.disabled.done' : 'accounts.enabled.done', { login: acc.login }));
    } catch (e) {
      setError(e);
    }
    setBusyId(null);
  }

  const errText = (e) => (e.status === 403 ? `${t('accounts.forbidden')} (${errorText(e, 'account')})` : errorText(e, 'account'));

  return html`
    <section class="page accounts-page" aria-labelledby="accounts-title">
      <header class="page-head">
        <h1 id="accounts-title">${t('accounts.title')}</h1>
        ${allowed ? html`
          <span class="actions">
            <button type="button" class="primary" aria-expanded=${creating} data-testid="account-new"
              onClick=${() => setCreating(!creating)}>${t('accounts.new')}</button>
          </span>` : ''}
      </header>
      ${creating && html`<${AccountForm} user=${user} departments=${departments}
        onCancel=${() => setCreating(false)}
        onCreated=${(acc) => { setCreating(false); setNotice(t('accounts.created', { login: acc.login })); load(); }} />`}

      <form class="filters accounts-filter" onSubmit=${(e) => e.preventDefault()}>
        <div class="field grow">
          <label for="acc-filter">${t('accounts.filter')}</label>
          <input id="acc-filter" type="search" value=${filter} placeholder=${t('accounts.filter.placeholder')}
            data-testid="account-filter"
            onInput=${(e) => { setFilter(e.currentTarget.value); navigate(href('/accounts', { q: e.currentTarget.value }), { replace: true }); }} />
        </div>
      </form>

      <div class="list-head">
        <p class="total" data-testid="accounts-total" data-total=${loading ? '' : items.length} aria-live="polite">
          ${loading ? '' : t('accounts.total', { n: items.length })}
          ${!loading && shown.length !== items.length ? html` · ${t('accounts.shown', { n: shown.length })}` : ''}
        </p>
        ${loading ? html`<${Progress} />` : ''}
      </div>
      <${Banner} kind="info" testid="accounts-notice">${notice}<//>
      <${Banner} testid="accounts-error">${error ? errText(error) : ''}<//>

      <div class="table-wrap">
        <table class="data accounts" data-testid="accounts-table" aria-label=${t('accounts.title')}
          aria-busy=${loading ? 'true' : 'false'}>
          <thead><tr>
            <th scope="col">${t('accounts.col.login')}</th>
            <th scope="col">${t('accounts.col.person')}</th>
            <th scope="col">${t('accounts.col.role')}</th>
            <th scope="col">${t('accounts.col.region')}</th>
            <th scope="col">${t('accounts.col.dept')}</th>
            <th scope="col">${t('accounts.col.unit')}</th>
            <th scope="col">${t('accounts.col.status')}</th>
            <th scope="col">${t('accounts.col.actions')}</th>
          </tr></thead>
          <tbody>
            ${shown.map((a) => {
              const self = a.id === user.id;
              return html`
              <tr key=${a.id} data-testid="account-row" data-login=${a.login} data-role=${a.role}
                data-region=${a.region} data-disabled=${a.disabled ? 'true' : 'false'} class=${a.disabled ? 'disabled' : ''}>
                <td class="mono">${a.login}${self ? html` <span class="tag self">${t('accounts.self')}</span>` : ''}</td>
                <td data-testid="account-person">${a.name || ''}${a.phone ? html`<br /><span class="hint mono">${a.phone}</span>` : ''}</td>
                <td data-testid="account-role">${t(`role.${a.role}`)}</td>
                <td data-testid="account-region">${names.region(a.region) || a.region}${a.region ? html` <span class="hint mono">${a.region}</span>` : ''}</td>
                <td>${deptName.get(a.dept) || a.dept}</td>
                <td data-testid="account-unit">${a.unit_id ? html`<a href=${`#/units/${a.unit_id}`}>${names.unit(a.unit_id) || `#${a.unit_id}`}</a>` : ''}</td>
                <td data-testid="account-status"><span class=${`tag ${a.disabled ? 'archived' : 'active'}`}>${t(a.disabled ? 'accounts.status.disabled' : 'accounts.status.active')}</span></td>
                <td class="row-actions">
                  ${self ? '' : html`<span class="acts">
                    <button type="button" class=${a.disabled ? '' : 'danger'} disabled=${busyId === a.id}
                      data-testid="account-toggle" aria-label=${`${t(a.disabled ? 'accounts.enable' : 'accounts.disable')} ${a.login}`}
                      onClick=${() => toggle(a)}>${t(a.disabled ? 'accounts.enable' : 'accounts.disable')}</button>
                    <button type="button" aria-expanded=${resetFor === a.id} data-testid="account-reset"
                      aria-label=${`${t('accounts.reset')} ${a.login}`}
                      onClick=${() => setResetFor(resetFor === a.id ? null : a.id)}>${t('accounts.reset')}</button>
                    <button type="button" aria-expanded=${personFor === a.id} data-testid="account-person-edit"
                      aria-label=${`${t('accounts.person.edit')} ${a.login}`}
                      onClick=${() => setPersonFor(personFor === a.id ? null : a.id)}>${t('accounts.person.edit')}</button></span>`}
                </td>
              </tr>
              ${resetFor === a.id ? html`
                <tr key=${`reset-${a.id}`} class="reset-row"><td colspan="8">
                  <${ResetPassword} account=${a} onCancel=${() => setResetFor(null)}
                    onDone=${(acc) => { setResetFor(null); replaceItem(acc); setNotice(t('accounts.reset.done', { login: acc.login })); }} />
                </td></tr>` : ''}
              ${personFor === a.id ? html`
                <tr key=${`person-${a.id}`} class="reset-row"><td colspan="8">
                  <${PersonForm} account=${a} onCancel=${() => setPersonFor(null)}
                    onDone=${(acc) => { setPersonFor(null); replaceItem(acc); setNotice(t('accounts.person.done', { login: acc.login })); }} />
                </td></tr>` : ''}`;
            })}
            ${!loading && !error && shown.length === 0 ? html`
              <tr><td colspan="8" class="empty">${t('accounts.empty')}</td></tr>` : ''}
          </tbody>
        </table>
      </div>
    </section>`;
}

// A small form under the row: new password twice.
function ResetPassword({ account, onCancel, onDone }) {
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `rp-${account.id}`;

  async function save(e) {
    e.preventDefault();
    const local = {};
    if (pw.length < 8 || pw.length > 128) local.password = t('accounts.password.hint');
    if (pw2 !== pw) local.password2 = t('accounts.mismatch');
    setErrors(local);
    setBanner('');
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      onDone(await api.updateUser(account.id, { password: pw }));
    } catch (err) {
      setBusy(false);
      if (err.field === 'password') setErrors({ password: errorText(err, 'account') });
      else setBanner(err.status === 403 ? `${t('accounts.forbidden')} (${errorText(err, 'account')})` : errorText(err, 'account'));
    }
  }

  return html`
    <form class="reset-form" onSubmit=${save} noValidate data-testid="reset-form"
      aria-label=${t('accounts.reset.title', { login: account.login })}>
      <p class="sub">${t('accounts.reset.title', { login: account.login })}</p>
      <${Banner}>${banner}<//>
      <div class="grid">
        <${Field} id=${`${id}-pw`} label=${t('accounts.password.new')} error=${errors.password} required>
          <input id=${`${id}-pw`} type="password" autocomplete="new-password" value=${pw} required
            onInput=${(e) => setPw(e.currentTarget.value)} ...${described(`${id}-pw`, errors.password)} />
        <//>
        <${Field} id=${`${id}-pw2`} label=${t('accounts.password2')} error=${errors.password2} required>
          <input id=${`${id}-pw2`} type="password" autocomplete="new-password" value=${pw2} required
            onInput=${(e) => setPw2(e.currentTarget.value)} ...${described(`${id}-pw2`, errors.password2)} />
        <//>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${busy} data-testid="reset-save">${busy ? t('accounts.busy') : t('accounts.reset.save')}</button>
        <button type="button" onClick=${onCancel}>${t('accounts.cancel')}</button>
      </div>
    </form>`;
}

// A small form under the row: the person's name and phone (PATCH {name, phone}).
function PersonForm({ account, onCancel, onDone }) {
  const [name, setName] = useState(account.name || '');
  const [phone, setPhone] = useState(account.phone || '');
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const id = `pf-${account.id}`;

  async function save(e) {
    e.preventDefault();
    setErrors({});
    setBanner('');
    setBusy(true);
    try {
      onDone(await api.updateUser(account.id, { name: name.trim(), phone: phone.trim() }));
    } catch (err) {
      setBusy(false);
      if (err.field === 'name' || err.field === 'phone') setErrors({ [err.field]: errorText(err, 'account') });
      else setBanner(errorText(err, 'account'));
    }
  }

  return html`
    <form class="reset-form" onSubmit=${save} noValidate data-testid="person-form"
      aria-label=${t('accounts.person.title', { login: account.login })}>
      <p class="sub">${t('accounts.person.title', { login: account.login })}</p>
      <${Banner}>${banner}<//>
      <div class="grid">
        <${Field} id=${`${id}-name`} label=${t('accounts.name')} error=${errors.name}>
          <input id=${`${id}-name`} value=${name} maxLength="30" onInput=${(e) => setName(e.currentTarget.value)}
            ...${described(`${id}-name`, errors.name)} />
        <//>
        <${Field} id=${`${id}-phone`} label=${t('accounts.phone')} error=${errors.phone}>
          <input id=${`${id}-phone`} type="tel" value=${phone} maxLength="20" onInput=${(e) => setPhone(e.currentTarget.value)}
            ...${described(`${id}-phone`, errors.phone)} />
        <//>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${busy} data-testid="person-save">${busy ? t('accounts.busy') : t('accounts.person.save')}</button>
        <button type="button" onClick=${onCancel}>${t('accounts.cancel')}</button>
      </div>
    </form>`;
}

const EMPTY = { login: '', role: '', district: '', town: '', dept: '', unitQ: '', unit: null, password: '', password2: '', name: '', phone: '' };

// The new-account form. The role list holds only the roles the user may create; the scope fields
// follow the role: a district, a town for a street, a department for a *_dept role, a unit (searched
// by name) for a unit account.
function AccountForm({ user, departments, onCancel, onCreated }) {
  const roles = CREATABLE[user.role] || [];
  const ownDistrict = user.role === 'district' ? user.region : '';
  const [form, setForm] = useState({ ...EMPTY, role: roles.length === 1 ? roles[0] : '', district: ownDistrict });
  const [errors, setErrors] = useState({});
  const [banner, setBanner] = useState('');
  const [busy, setBusy] = useState(false);
  const [districts, setDistricts] = useState([]);
  const [towns, setTowns] = useState([]);
  const [found, setFound] = useState(null);

  // A district picks from its own district only; the city office from its districts.
  useEffect(() => {
    let alive = true;
    const load = ownDistrict ? refdata.region(ownDistrict).then((r) => [r])
      : user.region && user.region.length === 4 ? refdata.regions(user.region) : refdata.districts();
    load.then((list) => alive && setDistricts(list)).catch(() => {});
    return () => { alive = false; };
  }, []);
  useEffect(() => {
    let alive = true;
    setTowns([]);
    if (form.district && form.role === 'street') refdata.regions(form.district).then((r) => alive && setTowns(r)).catch(() => {});
    return () => { alive = false; };
  }, [form.district, form.role]);
  // Unit search: GET /units?q=…&limit=10 a moment after typing (the server keeps it in scope).
  useEffect(() => {
    const q = form.unitQ.trim();
    if (form.role !== 'unit' || form.unit || !q) { setFound(null); return undefined; }
    let alive = true;
    const timer = setTimeout(() => {
      api.listUnits({ q, limit: 10 }).then((r) => alive && setFound(r.items || [])).catch((e) => alive && setFound(e));
    }, 250);
    return () => { alive = false; clearTimeout(timer); };
  }, [form.unitQ, form.unit, form.role]);

  const clear = (...keys) => setErrors((e) => {
    if (!keys.some((k) => e[k])) return e;
    const n = { ...e };
    for (const k of keys) delete n[k];
    return n;
  });
  const set = (k, v, extra) => {
    setForm((f) => ({ ...f, [k]: v, ...(extra || {}) }));
    clear(k, ...(k === 'role' ? ['district', 'town', 'dept', 'unit', 'role'] : []));
    if (k === 'role') setBanner('');
  };

  const role = form.role;
  const regionRole = needsRegion(role);

  function check() {
    const e = {};
    if (!LOGIN_RE.test(form.login)) e.login = t('accounts.login.hint');
    if (!role) e.role = t('accounts.required');
    if (regionRole && !form.district) e.district = t('accounts.required');
    if (role === 'street' && !form.town) e.town = t('accounts.required');
    if (needsDept(role) && !form.dept) e.dept = t('accounts.required');
    if (role === 'unit' && !form.unit) e.unit = t('accounts.unit.required');
    if (form.password.length < 8 || form.password.length > 128) e.password = t('accounts.password.hint');
    if (form.password2 !== form.password) e.password2 = t('accounts.mismatch');
    return e;
  }

  function body() {
    const b = { login: form.login, role, password: form.password };
    if (form.name.trim()) b.name = form.name.trim();
    if (form.phone.trim()) b.phone = form.phone.trim();
    if (role === 'street') b.region = form.town;
    else if (regionRole) b.region = form.district;
    else if (role === 'unit') { b.unit_id = form.unit.id; if (form.unit.region) b.region = form.unit.region; }
    // City-level accounts made by the city office get its region, as the demo accounts have.
    else if (user.role === 'city' && user.region) b.region = user.region;
    if (needsDept(role)) b.dept = form.dept;
    return b;
  }

  // The server's `field` → the control it belongs to.
  function fieldOf(err) {
    if (err.status === 409) return 'login';
    switch (err.field) {
      case 'login': case 'role': case 'dept': case 'password': case 'name': case 'phone': return err.field;
      case 'unit': case 'unit_id': return role === 'unit' ? 'unit' : 'role';
      case 'region': return role === 'street' ? 'town' : regionRole ? 'district' : 'role';
      default: return null;
    }
  }

  async function save(e) {
    e.preventDefault();
    setBanner('');
    const local = check();
    setErrors(local);
    if (Object.keys(local).length) { setBanner(t('accounts.fixErrors')); return; }
    setBusy(true);
    try {
      const acc = await api.createUser(body());
      onCreated(acc);
    } catch (err) {
      setBusy(false);
      const msg = err.status === 403 ? `${t('accounts.forbidden.create')} (${errorText(err, 'account')})`
        : err.status === 409 ? t('accounts.login.taken') : errorText(err, 'account');
      const field = fieldOf(err);
      if (field) { setErrors({ [field]: msg }); setBanner(t('accounts.fixErrors')); } else setBanner(msg);
    }
  }

  const roleOptions = roles.map((r) => ({ value: r, label: t(`role.${r}`) }));
  const regionOpts = (list) => list.map((r) => ({ value: r.code, label: r.name }));

  return html`
    <form class="panel account-form" onSubmit=${save} noValidate data-testid="account-form"
      aria-labelledby="account-form-title">
      <h2 id="account-form-title">${t('accounts.new')}</h2>
      <${Banner} testid="account-form-error">${banner}<//>
      <div class="grid">
        <${Field} id="a-login" label=${t('accounts.login')} error=${errors.login} hint=${t('accounts.login.hint')} required>
          <input id="a-login" name="login" value=${form.login} required autocomplete="off" autocapitalize="none"
            spellcheck="false" onInput=${(e) => set('login', e.currentTarget.value)}
            ...${described('a-login', errors.login, t('accounts.login.hint'))} />
        <//>
        <${Field} id="a-name" label=${t('accounts.name')} error=${errors.name}>
          <input id="a-name" name="name" value=${form.name} maxLength="30" autocomplete="off"
            onInput=${(e) => set('name', e.currentTarget.value)} ...${described('a-name', errors.name)} />
        <//>
        <${Field} id="a-phone" label=${t('accounts.phone')} error=${errors.phone}>
          <input id="a-phone" name="phone" type="tel" value=${form.phone} maxLength="20" autocomplete="off"
            onInput=${(e) => set('phone', e.currentTarget.value)} ...${described('a-phone', errors.phone)} />
        <//>
        <${Field} id="a-role" label=${t('accounts.role')} error=${errors.role} required>
          <${Select} id="a-role" value=${role} empty=${t('accounts.choose')} options=${roleOptions} required
            onChange=${(v) => set('role', v, { dept: '', unit: null, unitQ: '', town: '' })}
            extra=${described('a-role', errors.role)} />
        <//>
        ${regionRole ? html`
          <${Field} id="a-district" label=${t('accounts.district')} error=${errors.district} required>
            <${Select} id="a-district" value=${form.district} empty=${ownDistrict ? undefined : t('accounts.choose')}
              options=${regionOpts(districts)} required disabled=${!!ownDistrict}
              onChange=${(v) => set('district', v, { town: '' })} extra=${described('a-district', errors.district)} />
          <//>` : ''}
        ${role === 'street' ? html`
          <${Field} id="a-town" label=${t('accounts.town')} error=${errors.town} required>
            <${Select} id="a-town" value=${form.town} empty=${t('accounts.choose')} options=${regionOpts(towns)}
              required disabled=${!form.district} onChange=${(v) => set('town', v)}
              extra=${described('a-town', errors.town)} />
          <//>` : ''}
        ${needsDept(role) ? html`
          <${Field} id="a-dept" label=${t('accounts.dept')} error=${errors.dept} required>
            <${Select} id="a-dept" value=${form.dept} empty=${t('accounts.choose')} required
              options=${departments.map((d) => ({ value: d.code, label: pickName(d) }))}
              onChange=${(v) => set('dept', v)} extra=${described('a-dept', errors.dept)} />
          <//>` : ''}
        ${role === 'unit' ? html`
          <${Field} id="a-unit" label=${t('accounts.unit')} error=${errors.unit} required wide
            hint=${form.unit ? t('accounts.unit.chosen', { name: form.unit.name }) : ''}>
            <input id="a-unit" type="search" value=${form.unit ? form.unit.name : form.unitQ} autocomplete="off"
              placeholder=${t('accounts.unit.placeholder')} data-testid="unit-search"
              onInput=${(e) => set('unit', null, { unitQ: e.currentTarget.value })}
              ...${described('a-unit', errors.unit, form.unit ? t('accounts.unit.chosen', { name: form.unit.name }) : '')} />
            ${found && !form.unit ? html`
              <ul class="unit-pick" aria-label=${t('accounts.unit.results')} data-testid="unit-results">
                ${found instanceof Error ? html`<li class="field-error">${errorText(found, 'account')}</li>`
                  : found.length === 0 ? html`<li class="hint">${t('accounts.unit.none')}</li>`
                  : found.map((u) => html`
                    <li key=${u.id}><button type="button" data-testid="unit-option" data-id=${u.id} data-region=${u.region}
                      onClick=${() => set('unit', u, { unitQ: u.name })}>${u.name}
                      <span class="hint">${u.region_name || u.region}</span></button></li>`)}
              </ul>` : ''}
          <//>` : ''}
        <${Field} id="a-password" label=${t('accounts.password')} error=${errors.password} hint=${t('accounts.password.hint')} required>
          <input id="a-password" type="password" autocomplete="new-password" value=${form.password} required
            onInput=${(e) => set('password', e.currentTarget.value)}
            ...${described('a-password', errors.password, t('accounts.password.hint'))} />
        <//>
        <${Field} id="a-password2" label=${t('accounts.password2')} error=${errors.password2} required>
          <input id="a-password2" type="password" autocomplete="new-password" value=${form.password2} required
            onInput=${(e) => set('password2', e.currentTarget.value)} ...${described('a-password2', errors.password2)} />
        <//>
      </div>
      <div class="form-actions">
        <button type="submit" class="primary" disabled=${busy} data-testid="account-create">${busy ? t('accounts.busy') : t('accounts.create')}</button>
        <button type="button" onClick=${onCancel}>${t('accounts.cancel')}</button>
      </div>
    </form>`;
}
