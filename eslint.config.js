// eslint.config.js — the JavaScript lint run by `make lint` (scripts/lint): ESLint's recommended
// rules over the web UI (browser globals), its service worker, the tests and the scripts (Node).
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/', 'build/', 'tests/browser/artifacts/', 'bench/out/'] },
  js.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `catch (_)` and `(_, i) =>` say "deliberately unused"; everything else unused is an error.
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['web/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['tests/**/*.mjs', 'tests/**/*.js', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    // Browser tests hand functions to page.evaluate(): they run in the page.
    files: ['tests/browser/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },
];
