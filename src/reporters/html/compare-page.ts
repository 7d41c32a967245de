/**
 * `renderCompareHtml`: before (base) and after (head) on one page — the
 * verdict change, the regression rules' outcomes, the metric deltas, and the
 * two runs overlaid: timelines on a relative time axis, latency percentile
 * curves per phase.
 */
import type { Comparison } from '../../report/compare.js';
import type { Report } from '../../report/schema.js';
import { verdictBanner } from '../console.js';
import { changeText, metricValue, resultLine } from '../compare-format.js';
import { targetText } from '../format.js';
import { compareLatencyCharts, compareProgressChart, compareStuckChart } from './compare-charts.js';
import type { ChartSpec } from './chart-spec.js';
import { escapeHtml as e } from './escape.js';
import { chartBlock, htmlTable, renderPage, verdictColors } from './page.js';
import { compareSurvivalChart, isItFixedSection } from './trials-section.js';

function verdictChangeBanner(c: Comparison, base: Report, head: Report): string {
  const v = c.verdictChange;
  // A failed rule is exit 6: the banner must not read green "improved" above it.
  const failed = c.rules.filter((r) => !r.passed).length;
  const [bg, fg] =
    c.regression || v.worsened
      ? (verdictColors['hang'] ?? ['#fff', '#000'])
      : v.improved
        ? (verdictColors['ok'] ?? ['#fff', '#000'])
        : (verdictColors['interrupted'] ?? ['#fff', '#000']);
  const trend = v.improved ? 'improved' : v.worsened ? 'worse' : 'unchanged';
  const regression = c.regression ? ` — REGRESSION: ${failed} of ${c.rules.length} rules failed (exit 6)` : '';
  return [
    `<div class="banner" id="verdict-change" data-trend="${trend}" data-regression="${c.regression}" style="background:${bg};color:${fg}">`,
    `verdict ${e(v.label)} <span class="sub">(${trend})</span>${e(regression)}`,
    `<div class="sub">before: ${e(verdictBanner(base))}</div>`,
    `<div class="sub">after: ${e(verdictBanner(head))}</div>`,
    '</div>',
  ].join('');
}

function rulesSection(c: Comparison): string {
  // The terminal's and markdown's result line (compare-format.ts): a worse verdict is a regression without any rule.
  const head = `<p class="${c.regression ? 'bad' : c.rules.length === 0 ? 'muted' : 'good'}" id="result">${e(resultLine(c))}</p>`;
  if (c.rules.length === 0) return `<section id="rules"><h2>Regression</h2>${head}</section>`;
  const rows = c.rules.map((r) => [
    r.passed ? '<span class="good">✓</span>' : '<span class="bad">✗</span>',
    e(r.rule.source),
    e(r.message),
  ]);
  return `<section id="rules"><h2>Regression rules</h2>${head}${htmlTable(['', 'rule', 'outcome'], rows)}</section>`;
}

function metricsSection(c: Comparison): string {
  // The terminal's and markdown's wording (compare-format.ts): `none` / `hangs now` for time to hang, not a bare dash.
  const rows = c.metrics.map((m) => [
    e(m.metric),
    e(metricValue(m.base, m.unit, m.metric)),
    e(metricValue(m.head, m.unit, m.metric)),
    m.worse ? `<span class="bad">${e(changeText(m))}</span>` : e(changeText(m)),
  ]);
  return `<section id="metrics"><h2>Metrics</h2><p class="caption muted">red: the head (after) is worse in the metric's direction; latencies recomputed from the histograms</p>${htmlTable(['metric', 'before', 'after', 'change'], rows, [1, 2, 3])}</section>`;
}

function configSection(c: Comparison): string {
  if (c.configChanges.length === 0)
    return '<section id="config-changes"><h2>Configuration</h2><p class="good">same configuration in both runs</p></section>';
  const rows = c.configChanges.map((d) => [
    `<span class="msg">${e(d.key)}</span>`,
    `<span class="msg">${e(d.base)}</span>`,
    `<span class="msg">${e(d.head)}</span>`,
  ]);
  return `<section id="config-changes"><h2>Configuration changes (${e(c.configChanges.length)})</h2><p class="muted">keys whose values differ between the runs: check the two are comparable</p>${htmlTable(['key', 'before', 'after'], rows)}</section>`;
}

function runLine(label: string, r: Report, file: string | undefined): string {
  return `<li><b>${e(label)}</b>: ${e(file ?? r.scenario)} — ${e(targetText(r, { embeddedUrl: true }))}, started ${e(r.startedAt)}, verdict ${e(r.verdict.status)}</li>`;
}

/** The page comparing `head` (after) against `base` (before). */
export function renderCompareHtml(base: Report, head: Report, comparison: Comparison): string {
  const charts: ChartSpec[] = [compareProgressChart(base, head, 'chart-progress'), compareStuckChart(base, head, 'chart-stuck')];
  const latencyCharts = compareLatencyCharts(base, head);
  charts.push(...latencyCharts);
  const withTrials = base.trials !== undefined || head.trials !== undefined;
  if (comparison.trials !== undefined && withTrials) charts.push(compareSurvivalChart(base, head));
  const body = [
    `<h1>imstress compare — ${e(comparison.base.scenario)} vs ${e(comparison.head.scenario)}</h1>`,
    `<ul class="meta">${runLine('before (base)', base, comparison.base.file)}${runLine('after (head)', head, comparison.head.file)}</ul>`,
    verdictChangeBanner(comparison, base, head),
    isItFixedSection(comparison, withTrials),
    rulesSection(comparison),
    '<section id="timeline"><h2>Timelines (time since each run started)</h2>',
    chartBlock(
      'chart-progress',
      'Connections and throughput',
      'open connections (left) and iterations per second (right); dashed grey: before; shaded: stalls and hang windows of either run',
    ),
    chartBlock(
      'chart-stuck',
      'Virtual users stuck and server online count',
      'VUs whose wait is older than the stall threshold (reports without that series: every VU waiting), and the server online count when read; dashed grey: before',
    ),
    '</section>',
    '<section id="latency"><h2>Latency percentiles per phase (raw)</h2>',
    `<div class="grid2">${latencyCharts.map((c) => chartBlock(c.id, c.id.replace(/^latency-/, ''), 'x: percentile (log of 1/(1−p)), y: ms (log); dashed grey: before')).join('\n')}</div>`,
    '</section>',
    metricsSection(comparison),
    configSection(comparison),
  ].join('\n');
  return renderPage({ title: `imstress compare — ${comparison.verdictChange.label}`, body, data: { charts } });
}
