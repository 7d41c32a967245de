/**
 * The compare page's charts: before (base, dashed grey) and after (head)
 * overlaid — timelines on a relative time axis (seconds since each run's
 * start), percentile curves per phase.
 */
import { PHASES, type Phase } from '../../metrics/index.js';
import type { Report } from '../../report/schema.js';
import type { TimelineSeries } from '../../catalog/timeline-series.js';
import {
  joinOnX,
  palette,
  percentileChart,
  type ChartBand,
  type ChartMarker,
  type ChartSeries,
  type ChartSpec,
  type XY,
} from './chart-spec.js';
import { phaseCurves } from './curves.js';
import { column, hangMarkers, hasStuckSeries, stallBands, stallThresholdText, xSeconds } from './timeline-charts.js';

/** Which run a series belongs to. */
type Side = 'base' | 'head';

const sideLabel: Readonly<Record<Side, string>> = { base: 'before', head: 'after' };

/** Sum of several timeline series per sample (VUs waiting in any phase). */
function summed(report: Report, keys: readonly TimelineSeries[]): (number | null)[] {
  const cols = keys.map((k) => column(report, k));
  return report.timeline.samples.map((_, i) => cols.reduce((acc, c) => acc + (c[i] ?? 0), 0));
}

/** Bands and markers of one run, labelled with the side. */
function sideBands(report: Report, side: Side): { bands: ChartBand[]; markers: ChartMarker[] } {
  const prefix = `${sideLabel[side]}: `;
  return {
    bands: stallBands(report).map((b) => ({ ...b, label: prefix + b.label })),
    markers: hangMarkers(report).map((m) => ({ ...m, label: `${sideLabel[side]} ${m.label}` })),
  };
}

interface Line {
  readonly label: string;
  readonly color: string;
  readonly dash: boolean;
  readonly scale: 'y' | 'y2';
  readonly unit: ChartSeries['unit'];
  readonly xy: XY;
}

function chartOf(id: string, yLabel: string, y2Label: string | undefined, lines: readonly Line[], base: Report, head: Report): ChartSpec {
  const joined = joinOnX(lines.map((l) => l.xy));
  const b = sideBands(base, 'base');
  const h = sideBands(head, 'head');
  return {
    id,
    kind: 'time',
    yLabel,
    ...(y2Label === undefined ? {} : { y2Label }),
    x: joined.x,
    series: lines.map((l, i) => ({
      label: l.label,
      color: l.color,
      dash: l.dash,
      scale: l.scale,
      unit: l.unit,
      values: joined.ys[i] ?? [],
    })),
    bands: [...b.bands, ...h.bands],
    markers: [...b.markers, ...h.markers],
    spanGaps: true,
  };
}

const color = (side: Side): string => (side === 'base' ? palette.base : palette.head);

/** Open connections (left) and iterations per second (right), before and after. */
export function compareProgressChart(base: Report, head: Report, id: string): ChartSpec {
  const lines: Line[] = [];
  for (const [side, r] of [
    ['base', base],
    ['head', head],
  ] as const) {
    lines.push({
      label: `${sideLabel[side]}: open connections`,
      color: color(side),
      dash: side === 'base',
      scale: 'y',
      unit: 'count',
      xy: { x: xSeconds(r), y: column(r, 'open') },
    });
  }
  for (const [side, r] of [
    ['base', base],
    ['head', head],
  ] as const) {
    lines.push({
      label: `${sideLabel[side]}: iterations/s`,
      color: side === 'base' ? '#b0b0b0' : palette.replies,
      dash: side === 'base',
      scale: 'y2',
      unit: 'per-sec',
      xy: { x: xSeconds(r), y: column(r, 'iterations') },
    });
  }
  return chartOf(id, 'connections', 'iterations per second', lines, base, head);
}

/** VUs waiting on the target (all phases) and the server's online count, before and after. */
export function compareStuckChart(base: Report, head: Report, id: string): ChartSpec {
  const waiting: readonly TimelineSeries[] = ['waitingConnecting', 'waitingReply', 'waitingPush', 'waitingClosing'];
  const lines: Line[] = [];
  for (const [side, r] of [
    ['base', base],
    ['head', head],
  ] as const) {
    // Stuck (past the stall threshold) when the report has it; older reports only have every wait in flight.
    const stuck = hasStuckSeries(r);
    const label = stuck ? `${sideLabel[side]}: VUs stuck > ${stallThresholdText(r)}` : `${sideLabel[side]}: VUs waiting`;
    lines.push({
      label,
      color: side === 'base' ? palette.base : palette.waitingReply,
      dash: side === 'base',
      scale: 'y',
      unit: 'count',
      xy: { x: xSeconds(r), y: stuck ? column(r, 'stuck') : summed(r, waiting) },
    });
  }
  for (const [side, r] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const online = column(r, 'serverOnline');
    if (online.some((v) => v !== null)) {
      lines.push({
        label: `${sideLabel[side]}: server online count`,
        color: side === 'base' ? '#9a9a9a' : palette.serverOnline,
        dash: side === 'base',
        scale: 'y',
        unit: 'count',
        xy: { x: xSeconds(r), y: online },
      });
    }
  }
  return chartOf(id, 'virtual users / sessions', undefined, lines, base, head);
}

/** Raw percentile curves of one phase, before and after; null when neither run has samples. */
function compareLatencyChart(base: Report, head: Report, phase: Phase): ChartSpec | null {
  const curves: XY[] = [];
  const series: ChartSeries[] = [];
  for (const [side, r] of [
    ['base', base],
    ['head', head],
  ] as const) {
    const c = phaseCurves(r, phase).raw;
    if (c.state !== 'ok') continue;
    curves.push(c.curve);
    series.push({
      label: `${sideLabel[side]} (${c.count} samples)`,
      color: color(side),
      dash: side === 'base',
      scale: 'y',
      unit: 'ms',
      values: [],
    });
  }
  if (curves.length === 0) return null;
  return percentileChart(phase, curves, series);
}

/** Every phase that has a curve in either run. */
export function compareLatencyCharts(base: Report, head: Report): ChartSpec[] {
  return PHASES.map((p) => compareLatencyChart(base, head, p)).filter((c): c is ChartSpec => c !== null);
}
