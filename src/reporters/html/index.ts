/**
 * HTML renderers: self-contained pages (uPlot and the data inlined) that
 * open offline. `(report) => string`, like every reporter.
 */
export { renderReportHtml } from './report-page.js';
export { escapeHtml, jsonForScript } from './escape.js';
export type { ChartSpec, PageData } from './chart-spec.js';
export { renderCompareHtml } from './compare-page.js';
export { renderExplainHtml } from './explain-page.js';
