/**
 * Defaults of `imstress run`, read off the settings table (`run-settings.ts`,
 * the only place they are written), with the run constants that are not
 * settings. For code and tests that want one default by name.
 */
import { runConstants, runRows, type DirectRunConfig, type RunTable } from './run-settings.js';

export const runDefaults = {
  ...(Object.fromEntries(runRows.map(([k, r]) => [k, r.default])) as { readonly [K in keyof RunTable]: RunTable[K]['default'] }),
  ...runConstants,
};

/** The default of every field of the resolved config that is a row of its own (for configs built in tests: a new row needs no edit there). */
export const directRunDefaults = Object.fromEntries(
  runRows.filter(([, r]) => r.part === undefined).map(([k, r]) => [k, r.default]),
) as DirectRunConfig;
