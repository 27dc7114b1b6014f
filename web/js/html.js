// html — preact bound to htm tagged templates, so components are plain ES modules without JSX.

import { h, render } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
export { render };
