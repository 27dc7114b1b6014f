// pwa — registers the service worker (/sw.js) that lets the app open without a network, and
// tells it which of our files this page has already loaded, so they are cached as well.

function sendLoaded(sw) {
  if (!sw) return;
  const urls = performance.getEntriesByType('resource').map((e) => e.name)
    .concat([location.pathname])
    .filter((u) => { try { return new URL(u, location.href).origin === location.origin; } catch (_) { return false; } });
  sw.postMessage({ type: 'cache', urls });
}

export function registerServiceWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).then((reg) => {
    const sw = reg.active || reg.waiting || reg.installing;
    if (reg.active) sendLoaded(reg.active);
    else if (sw) sw.addEventListener('statechange', () => { if (sw.state === 'activated') sendLoaded(sw); });
  }).catch(() => { /* no offline support: the app works online as before */ });
  // Files loaded later (pages opened on demand) are cached by the worker itself once it controls.
  window.addEventListener('load', () => {
    if (navigator.serviceWorker.controller) setTimeout(() => sendLoaded(navigator.serviceWorker.controller), 2000);
  });
}
