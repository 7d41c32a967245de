/**
 * The shell every HTML page shares: head with the inlined stylesheets, the
 * body sections, the chart data as JSON, uPlot and the drawing script — one
 * self-contained file that makes no request (no CDN, no font, no image).
 */
import { uplotAssets } from './assets.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { escapeHtml, inlineAsset, jsonForScript } from './escape.js';
import type { PageData } from './chart-spec.js';

/** Colours of the verdict banners (status → background, text), light theme. */
export const verdictColors: Readonly<Record<string, readonly [string, string]>> = {
  ok: ['#e3f4ea', '#14532d'],
  hang: ['#fde2e1', '#8b1a10'],
  'target-unavailable': ['#fde2e1', '#8b1a10'],
  'target-lost': ['#fde2e1', '#8b1a10'],
  leak: ['#f3e5f5', '#5b1670'],
  'thresholds-failed': ['#fff1d6', '#7a4b00'],
  interrupted: ['#ececec', '#333333'],
};

const STYLE = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #dfe3ea; --bg: #f6f7f9; --card: #ffffff; --bad: #b42318; --good: #1a7f37; --warn: #9a6700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 0 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.banner { border-radius: 10px; padding: 14px 18px; margin: 0 0 18px; font-size: 17px; font-weight: 600; border: 1px solid rgba(0,0,0,.08); }
.banner .also { font-size: 13px; font-weight: 400; margin: 6px 0 0; padding-left: 18px; }
.banner .sub { font-size: 13px; font-weight: 400; margin-top: 4px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 0 0 18px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .v { font-size: 20px; font-weight: 600; }
.card .k { color: var(--muted); font-size: 12px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; margin: 0 0 18px; }
.chart { margin: 0 0 8px; }
.chart .caption { color: var(--muted); font-size: 12px; margin: 0 0 6px; }
.hang-flag { display: inline-block; background: #fde2e1; color: #8b1a10; border-radius: 4px; padding: 0 6px; font-weight: 600; font-size: 12px; margin-left: 6px; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.bad { color: var(--bad); font-weight: 600; }
.good { color: var(--good); }
.warn { color: var(--warn); }
.muted { color: var(--muted); }
details { margin: 8px 0; border: 1px solid var(--line); border-radius: 8px; padding: 6px 10px; background: #fbfbfc; }
summary { cursor: pointer; font-weight: 600; }
pre { white-space: pre-wrap; word-break: break-word; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; margin: 8px 0 0; max-height: 520px; overflow: auto; }
.msg { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-word; }
.scroll { max-height: 420px; overflow: auto; }
footer { color: var(--muted); font-size: 12px; text-align: center; }
.u-legend { font-size: 12px; }
`;

/** What a page is made of. */
export interface PageParts {
  /** The document title (plain text: escaped here). */
  readonly title: string;
  /** The body's HTML, already escaped by its builders. */
  readonly body: string;
  /** The charts, drawn by the inlined script. */
  readonly data: PageData;
}

/** The whole document. */
export function renderPage(parts: PageParts): string {
  const uplot = uplotAssets();
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces for "opens offline": the page may load nothing from anywhere.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${uplot.css}</style>`,
    `<style>${inlineAsset(STYLE, 'style')}</style>`,
    '</head>',
    '<body>',
    '<main>',
    parts.body,
    `<footer>imstress HTML report · charts by uPlot ${escapeHtml(uplot.version)} (MIT), embedded · opens offline</footer>`,
    '</main>',
    `<script type="application/json" id="imstress-data">${jsonForScript(parts.data)}</script>`,
    `<script>${uplot.js}</script>`,
    `<script>${inlineAsset(CLIENT_SCRIPT, 'script')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A chart's container: heading, caption, and the element uPlot draws into. */
export function chartBlock(id: string, title: string, caption: string, extra = ''): string {
  return `<div class="chart" id="${escapeHtml(id)}"><h3>${escapeHtml(title)}${extra}</h3><p class="caption">${escapeHtml(caption)}</p><div class="plot"></div></div>`;
}

/** A table from header cells and rows of already-escaped cell HTML; `n` marks numeric columns. */
export function htmlTable(head: readonly string[], rows: readonly (readonly string[])[], numeric: readonly number[] = []): string {
  const cls = (i: number): string => (numeric.includes(i) ? ' class="n"' : '');
  const th = head.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
