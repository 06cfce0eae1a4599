// The app's version as package.json gives it. A default import with the JSON attribute works in
// Vite, tsx, vitest and Playwright's loader alike (Node needs the attribute; a named import does not).
import pkg from '../../../package.json' with { type: 'json' };

/** Pairwise's version, recorded in every weight set. */
export const APP_VERSION: string = pkg.version;
