/**
 * The chart model the pages embed as JSON and the in-page script draws with
 * uPlot: plain data, so the renderers stay pure and testable without a
 * browser. Columns are aligned on one x array (uPlot's data layout).
 */

/** One line (or filled area) of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** CSS colour, `#rrggbb`. */
  readonly color: string;
  /** One value per x; `null` where there is none (a gap). */
  readonly values: readonly (number | null)[];
  /** The y scale: `y` (left axis) or `y2` (right axis). */
  readonly scale: 'y' | 'y2';
  /** How values read in the legend and axes. */
  readonly unit: 'count' | 'per-sec' | 'ms';
  /** Fill the area under the line. */
  readonly fill?: boolean;
  /** Dashed line (the "before" run on compare pages). */
  readonly dash?: boolean;
  /** For stacked areas: the series' own values (shown in the legend), `values` being the running sum. */
  readonly raw?: readonly (number | null)[];
}

/** A shaded x range: a stall (recovered pause) or the hang's no-progress window. */
export interface ChartBand {
  readonly from: number;
  readonly to: number;
  /** outage: the target unreachable (refused, reset, TLS, DNS) for at least the hang window */
  readonly kind: 'hang' | 'stall' | 'outage';
  readonly label: string;
}

/** A vertical line with a label: where the hang was declared. */
export interface ChartMarker {
  readonly at: number;
  readonly kind: 'hang';
  readonly label: string;
}

/** One chart. */
export interface ChartSpec {
  /** The id of the page element the chart is drawn into. */
  readonly id: string;
  /** `time`: x in seconds since the run started; `percentile`: x is 1/(1−p), drawn on a log scale. */
  readonly kind: 'time' | 'percentile';
  readonly yLabel: string;
  /** Label of the right axis, when a series uses `y2`. */
  readonly y2Label?: string;
  readonly x: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly bands: readonly ChartBand[];
  readonly markers: readonly ChartMarker[];
  /** Connect points across gaps (curves of two runs joined on one x). */
  readonly spanGaps?: boolean;
}

/** The JSON a page embeds. */
export interface PageData {
  readonly charts: readonly ChartSpec[];
}

/** Colours by role, readable on white and told apart by colour-blind readers (Okabe–Ito). */
export const palette = {
  open: '#0072b2',
  serverOnline: '#e69f00',
  handshakes: '#56b4e9',
  replies: '#009e73',
  closes: '#cc79a7',
  iterations: '#000000',
  errors: '#d55e00',
  waitingConnecting: '#56b4e9',
  waitingReply: '#d55e00',
  waitingPush: '#e69f00',
  waitingClosing: '#cc79a7',
  openSilent: '#7f0000',
  raw: '#0072b2',
  corrected: '#d55e00',
  base: '#7a7a7a',
  head: '#0072b2',
} as const;

/** One curve on its own x. */
export interface XY {
  readonly x: readonly number[];
  readonly y: readonly (number | null)[];
}

/**
 * Aligns curves that have their own x values on the sorted union of them,
 * `null` where a curve has no point (the chart spans the gap).
 */
export function joinOnX(curves: readonly XY[]): { x: number[]; ys: (number | null)[][] } {
  const x = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b);
  const index = new Map(x.map((v, i) => [v, i]));
  const ys = curves.map((c) => {
    const col: (number | null)[] = new Array<number | null>(x.length).fill(null);
    c.x.forEach((v, i) => {
      const at = index.get(v);
      if (at !== undefined) col[at] = c.y[i] ?? null;
    });
    return col;
  });
  return { x, ys };
}

/** A latency percentile chart of one phase: the curves joined on one x axis, each series given its values. */
export function percentileChart(phase: string, curves: readonly XY[], series: readonly ChartSeries[]): ChartSpec {
  const joined = joinOnX(curves);
  return {
    id: `latency-${phase}`,
    kind: 'percentile',
    yLabel: 'latency',
    x: joined.x,
    series: series.map((s, i) => ({ ...s, values: joined.ys[i] ?? [] })),
    bands: [],
    markers: [],
    spanGaps: true,
  };
}
