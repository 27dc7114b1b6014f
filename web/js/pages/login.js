// login — the log-in page: user name and password; a 401 shows a message, not a new page.

import { html, useState } from '../html.js';
import { t } from '../i18n.js';
import * as api from '../api.js';
import { Banner, errorText } from '../ui.js';

export function LoginPage({ onLogin, langSwitch }) {
  const [loginName, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const s = await api.login(loginName.trim(), password);
      onLogin(s);
    } catch (err) {
      setError(err.status === 401 ? t('login.failed') : errorText(err));
      setBusy(false);
    }
  }

  return html`
    <main class="login-page">
      <div class="login-lang">${langSwitch}</div>
      <form class="login-card" onSubmit=${submit} aria-labelledby="login-title" data-testid="login-form">
        <h1 class="product">${t('app.name')}</h1>
        <h2 id="login-title">${t('login.title')}</h2>
        <div class="field">
          <label for="login-name">${t('login.login')}</label>
          <input id="login-name" name="login" autocomplete="username" required
            value=${loginName} onInput=${(e) => setLogin(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="login-password">${t('login.password')}</label>
          <input id="login-password" name="password" type="password" autocomplete="current-password" required
            value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
        </div>
        <${Banner} testid="login-error">${error}<//>
        <button type="submit" class="primary" disabled=${busy}>${busy ? t('login.busy') : t('login.submit')}</button>
      </form>
    </main>`;
}
