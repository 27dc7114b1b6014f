// html — the view library in one place: preact with hooks, and htm tagged templates instead of
// JSX. Other modules import from here, never from /vendor, so a switch is a one-file change.
//
// htm's "standalone" build bundles preact + hooks + htm in one module without bare imports.
// The server's Content-Security-Policy (default-src 'self') refuses inline scripts and so an
// import map, without which preact/hooks (it imports 'preact') cannot load from /vendor.

export {
  html, render, h, Component, createContext,
  useState, useEffect, useLayoutEffect, useRef, useMemo, useCallback, useContext,
} from '/vendor/htm/preact/standalone.module.js';
