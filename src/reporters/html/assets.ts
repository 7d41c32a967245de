/**
 * uPlot, inlined: the one module that owns the `uplot` package.
 *
 * Why uPlot: the report must open offline from one file, so whatever draws
 * the charts is embedded in every page. uPlot is ~50 KB minified, draws to
 * canvas (thousands of timeline samples stay fast), and is made for time
 * series with several y scales, gaps, log scales and a draw hook — exactly
 * the timeline, hang shading and percentile curves the report needs. The
 * larger chart libraries (Chart.js, ECharts, Plotly) would add 200 KB–3 MB
 * to every report for features it does not use.
 *
 * The dist files are read from the installed package at render time (never
 * copied into this repository), once per process, with the package's MIT
 * license kept in a comment in front of the code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inlineAsset } from './escape.js';

/** The uPlot code and stylesheet, ready to inline. */
export interface UplotAssets {
  /** Package version, e.g. `1.6.32`. */
  readonly version: string;
  /** License comment + the IIFE build (defines the global `uPlot`). */
  readonly js: string;
  /** The stylesheet. */
  readonly css: string;
}

let cached: UplotAssets | null = null;

/**
 * Reads uPlot's IIFE build, stylesheet and license from the installed
 * package (resolved from this module, so it works from any working directory).
 * @throws Error when the package is not installed (a broken install: exit 1).
 */
export function uplotAssets(): UplotAssets {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  const jsPath = require.resolve('uplot/dist/uPlot.iife.min.js');
  const dist = dirname(jsPath);
  const pkgDir = dirname(dist);
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version?: unknown }).version;
  const license = readFileSync(join(pkgDir, 'LICENSE'), 'utf8').replace(/\*\//g, '* /');
  const js = readFileSync(jsPath, 'utf8');
  const css = readFileSync(join(dist, 'uPlot.min.css'), 'utf8');
  cached = {
    version: typeof version === 'string' ? version : 'unknown',
    js: inlineAsset(`/*! uPlot ${String(version)} — embedded by imstress from the npm package "uplot".\n${license}*/\n${js}`, 'script'),
    css: inlineAsset(css, 'style'),
  };
  return cached;
}
