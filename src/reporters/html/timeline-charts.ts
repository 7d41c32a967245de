/**
 * Timeline charts from `report.timeline`: connections and progress with the
 * hang window shaded, and the stuck-by-phase stacked areas. x is seconds
 * since the run started (the end of each sample's slot).
 */
import type { Report } from '../../report/schema.js';
import type { TimelineSeries } from '../../catalog/timeline-series.js';
import { palette, type ChartBand, type ChartMarker, type ChartSeries, type ChartSpec } from './chart-spec.js';
import { clock, duration } from '../format.js';

/** One timeline series as a column: gauges as read (`null` when absent), counters per second (0 when absent). */
export function column(report: Report, series: TimelineSeries): (number | null)[] {
  const tl = report.timeline;
  const perSec = 1000 / (tl.intervalMs > 0 ? tl.intervalMs : 1000);
  const counter = tl.kinds[series] === 'counter';
  return tl.samples.map((s) => {
    const v = s.values[series];
    if (counter) return (v ?? 0) * perSec;
    return v === undefined ? null : v;
  });
}

/** Sample times in seconds since the run started. */
export function xSeconds(report: Report): number[] {
  return report.timeline.samples.map((s) => s.tMs / 1000);
}

/** Stalls (recovered pauses), the hang's no-progress window and outages as shaded x ranges, in seconds. */
export function stallBands(report: Report): ChartBand[] {
  const bands: ChartBand[] = report.stalls.map((s) => ({
    from: s.startMs / 1000,
    to: (s.startMs + s.lengthMs) / 1000,
    kind: s.wasHang ? 'hang' : 'stall',
    label: s.wasHang ? `hang: no progress from ${clock(s.startMs)}` : `stall at ${clock(s.startMs)} for ${duration(s.lengthMs)}`,
  }));
  const h = report.hang;
  if (h !== null && !bands.some((b) => b.kind === 'hang')) {
    // The no-progress window up to the declaration, when no stall record carries it.
    const from = Math.min(h.noProgressSinceMs, h.atMs);
    bands.push({ from: from / 1000, to: h.atMs / 1000, kind: 'hang', label: `hang: no progress from ${clock(from)}` });
  }
  // Outages (issue #11): from the first refused connect to the first handshake after it, or to the end.
  for (const o of report.outages ?? []) {
    bands.push({
      from: o.startMs / 1000,
      to: (o.endMs ?? Math.max(report.durationMs, o.startMs + o.lengthMs)) / 1000,
      kind: 'outage',
      label:
        o.endMs === null
          ? `outage: target unreachable from ${clock(o.startMs)} to the end`
          : `outage: target unreachable ${clock(o.startMs)}–${clock(o.endMs)}`,
    });
  }
  return bands;
}

/** The hang declaration as a vertical marker. */
export function hangMarkers(report: Report): ChartMarker[] {
  return report.hang === null ? [] : [{ at: report.hang.atMs / 1000, kind: 'hang', label: `HANG ${clock(report.hang.atMs)}` }];
}

const hasAny = (col: readonly (number | null)[]): boolean => col.some((v) => v !== null && v !== 0);

/** Open connections, the server's online count (when read) and completions per second. */
export function progressChart(report: Report, id: string): ChartSpec {
  const series: ChartSeries[] = [
    { label: 'open connections', color: palette.open, values: column(report, 'open'), scale: 'y', unit: 'count' },
  ];
  const online = column(report, 'serverOnline');
  if (online.some((v) => v !== null))
    series.push({ label: 'server online count', color: palette.serverOnline, values: online, scale: 'y', unit: 'count' });
  const rates: ReadonlyArray<readonly [TimelineSeries, string, string]> = [
    ['handshakes', 'handshakes/s', palette.handshakes],
    ['replies', 'replies/s', palette.replies],
    ['closes', 'closes/s', palette.closes],
    ['iterations', 'iterations/s', palette.iterations],
    ['errors', 'errors/s', palette.errors],
  ];
  for (const [key, label, color] of rates) {
    const values = column(report, key);
    if (key !== 'errors' || hasAny(values)) series.push({ label, color, values, scale: 'y2', unit: 'per-sec', dash: true });
  }
  return {
    id,
    kind: 'time',
    yLabel: 'connections',
    y2Label: 'completions per second',
    x: xSeconds(report),
    series,
    bands: stallBands(report),
    markers: hangMarkers(report),
  };
}

/** The waiting phases, bottom of the stack first. */
const stackOrder: ReadonlyArray<readonly [TimelineSeries, string, string]> = [
  ['waitingConnecting', 'in handshake', palette.waitingConnecting],
  ['waitingReply', 'waiting for reply', palette.waitingReply],
  ['waitingPush', 'waiting for push', palette.waitingPush],
  ['waitingClosing', 'in close', palette.waitingClosing],
];

/**
 * VUs waiting per phase, stacked: each area's top is the running sum (drawn
 * largest first so the lower areas paint over it), its legend shows its own
 * count. "Open but silent" (handshake done, no reply for the stall
 * threshold) is a line over the stack.
 */
export function stuckChart(report: Report, id: string): ChartSpec {
  if (hasStuckSeries(report)) {
    // Only waits past the stall threshold: a healthy run always has waits in flight, and drawing them made it look stuck.
    const series: ChartSeries[] = [
      {
        label: `stuck > ${stallThresholdText(report)}`,
        color: palette.waitingReply,
        values: column(report, 'stuck'),
        scale: 'y',
        unit: 'count',
        fill: true,
      },
      { label: 'open but silent', color: palette.openSilent, values: column(report, 'openSilent'), scale: 'y', unit: 'count', dash: true },
    ];
    return {
      id,
      kind: 'time',
      yLabel: 'virtual users stuck',
      x: xSeconds(report),
      series,
      bands: stallBands(report),
      markers: hangMarkers(report),
    };
  }
  const n = report.timeline.samples.length;
  const running: number[] = new Array<number>(n).fill(0);
  const layers: ChartSeries[] = [];
  for (const [key, label, color] of stackOrder) {
    const raw = column(report, key);
    const values = raw.map((v, i) => {
      running[i] = (running[i] ?? 0) + (v ?? 0);
      return running[i] ?? 0;
    });
    layers.push({ label, color, values, raw, scale: 'y', unit: 'count', fill: true });
  }
  const series: ChartSeries[] = layers.reverse();
  series.push({
    label: 'open but silent',
    color: palette.openSilent,
    values: column(report, 'openSilent'),
    scale: 'y',
    unit: 'count',
    dash: true,
  });
  return {
    id,
    kind: 'time',
    yLabel: 'virtual users waiting',
    x: xSeconds(report),
    series,
    bands: stallBands(report),
    markers: hangMarkers(report),
  };
}

/** Whether the report's timeline has the `stuck` series (waits past the stall threshold); older reports do not. */
export function hasStuckSeries(report: Report): boolean {
  return report.timeline.samples.some((s) => s.values.stuck !== undefined);
}

/** The run's stall threshold as text ("2 s"), or "the stall threshold" when the report does not say. */
export function stallThresholdText(report: Report): string {
  const ms = report.config['stallThresholdMs'];
  return typeof ms === 'number' ? duration(ms) : 'the stall threshold';
}

/** The stuck chart's caption: what is drawn, so a reader knows in-flight waits are left out. */
export function stuckChartCaption(report: Report): string {
  return hasStuckSeries(report)
    ? `VUs whose wait (any phase) is older than the stall threshold (${stallThresholdText(report)}); waits still in flight below it are not drawn; dashed: connections open but silent`
    : 'VUs waiting on the target in each phase (stacked; this report predates the stuck series, so in-flight waits are included); dashed: connections open but silent';
}
