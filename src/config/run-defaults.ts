/**
 * Defaults of `imstress run`, read off the settings table (`run-settings.ts`,
 * the only place they are written), with the run constants that are not
 * settings. For code and tests that want one default by name.
 */
import { runConstants, runRows, type RunTable } from './run-settings.js';

export const runDefaults = {
  ...(Object.fromEntries(runRows.map(([k, r]) => [k, r.default])) as { readonly [K in keyof RunTable]: RunTable[K]['default'] }),
  ...runConstants,
};
