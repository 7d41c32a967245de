/**
 * `renderReportHtml`: one report as a self-contained HTML page — verdict
 * banner, timeline of connections and progress with the hang window shaded,
 * VUs stuck by phase, latency percentile curves per phase (recomputed from
 * the encoded histograms), errors, stalls, hang evidence and the config.
 */
import { PHASES, type Phase } from '../../metrics/index.js';
import type { Report } from '../../report/schema.js';
import { clock, targetText } from '../format.js';
import { palette, percentileChart, type ChartSeries, type ChartSpec } from './chart-spec.js';
import { phaseCurves, type PhaseCurve } from './curves.js';
import { escapeHtml as e } from './escape.js';
import { chartBlock, renderPage } from './page.js';
import {
  cardsSection,
  configSection,
  drainAndThresholds,
  errorsSection,
  evidenceSection,
  latencyTable,
  outagesSection,
  shardsSection,
  stallsSection,
  verdictSection,
} from './sections.js';
import { hasStuckSeries, progressChart, stuckChart, stuckChartCaption } from './timeline-charts.js';
import { survivalChart, trialsSectionHtml } from './trials-section.js';

/** Why a phase has no curve, in words. */
function missing(c: PhaseCurve): string | null {
  if (c.state === 'empty') return 'no samples';
  if (c.state === 'unreadable') return `histogram unreadable: ${c.message}`;
  return null;
}

/** The raw and corrected percentile curves of one phase, or null when it has no samples. */
function phaseChart(report: Report, phase: Phase): { spec: ChartSpec | null; note: string } {
  const { raw, corrected } = phaseCurves(report, phase);
  if (raw.state !== 'ok') return { spec: null, note: missing(raw) ?? '' };
  const curves = [raw.curve];
  const series: ChartSeries[] = [{ label: 'raw', color: palette.raw, values: [], scale: 'y', unit: 'ms' }];
  if (corrected.state === 'ok' && corrected.count > raw.count) {
    curves.push(corrected.curve);
    series.push({ label: 'corrected for coordinated omission', color: palette.corrected, values: [], scale: 'y', unit: 'ms', dash: true });
  }
  return {
    spec: percentileChart(phase, curves, series),
    note: `${raw.count} samples`,
  };
}

/** The page for one report. */
export function renderReportHtml(report: Report): string {
  const charts: ChartSpec[] = [progressChart(report, 'chart-progress'), stuckChart(report, 'chart-stuck')];
  const hangFlag =
    report.hang === null
      ? ''
      : `<span class="hang-flag" data-hang-at="${e(report.hang.atMs)}">HANG at ${e(clock(report.hang.atMs))}</span>`;
  const latencyBlocks: string[] = [];
  const skipped: string[] = [];
  for (const phase of PHASES) {
    const { spec, note } = phaseChart(report, phase);
    if (spec === null) {
      skipped.push(`${phase}: ${note}`);
      continue;
    }
    charts.push(spec);
    latencyBlocks.push(chartBlock(spec.id, phase, `${note}; x: percentile (log of 1/(1−p)), y: ms (log)`));
  }
  const survival = survivalChart(report);
  if (survival !== null) charts.push(survival);
  const body = [
    `<h1>imstress report — ${e(report.scenario)}</h1>`,
    `<p class="meta">${e(targetText(report, { embeddedUrl: true }))} · started ${e(report.startedAt)} · ran ${e(clock(report.durationMs))} · ended ${e(report.end)} · ${e(report.tool.name)} ${e(report.tool.version)}</p>`,
    verdictSection(report),
    cardsSection(report),
    shardsSection(report),
    trialsSectionHtml(report),
    '<section id="timeline"><h2>Timeline</h2>',
    chartBlock(
      'chart-progress',
      'Connections and progress',
      'open connections and the server online count (left), completions per second (right, dashed); shaded: stalls, red: the hang window, blue: outages (target unreachable)',
      hangFlag,
    ),
    chartBlock(
      'chart-stuck',
      hasStuckSeries(report) ? 'Virtual users stuck' : 'Virtual users stuck, by phase',
      stuckChartCaption(report),
      hangFlag,
    ),
    '</section>',
    '<section id="latency"><h2>Latency percentiles per phase</h2>',
    latencyTable(report),
    `<div class="grid2">${latencyBlocks.join('\n')}</div>`,
    skipped.length === 0 ? '' : `<p class="muted">no curve: ${e(skipped.join('; '))}</p>`,
    '</section>',
    errorsSection(report),
    stallsSection(report),
    outagesSection(report),
    evidenceSection(report),
    drainAndThresholds(report),
    configSection(report),
  ].join('\n');
  return renderPage({ title: `imstress ${report.verdict.status} — ${report.scenario} ${report.startedAt}`, body, data: { charts } });
}
