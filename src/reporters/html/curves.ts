/**
 * Latency percentile curves, recomputed from the encoded histograms in the
 * report (`phases.*.histogram`), not from the few summary percentiles, so the
 * whole tail is drawn — and a merged report draws exactly like one run.
 */
import { LatencyHistogram, type Phase } from '../../metrics/index.js';
import type { Report } from '../../report/schema.js';
import type { XY } from './chart-spec.js';

/** A phase's curve, or why there is none. */
export type PhaseCurve =
  | { readonly state: 'ok'; readonly curve: XY; readonly count: number }
  | { readonly state: 'empty' }
  | { readonly state: 'unreadable'; readonly message: string };

/**
 * x for percentile `p` (0–100): 1/(1−p/100), so 90 % → 10, 99 % → 100,
 * 99.9 % → 1000 and a log axis spreads the tail evenly. The 100th
 * percentile (the max) has no finite x: it is drawn one step (×2) past the
 * last point, or at `count` when that is further.
 */
export function percentileX(p: number): number {
  return 1 / (1 - p / 100);
}

/** Decodes one encoded histogram into a percentile curve (ms, zeros left out: the y axis is logarithmic). */
export function curveOf(encoded: string, clamped: number): PhaseCurve {
  let h: LatencyHistogram;
  try {
    h = LatencyHistogram.decode(encoded, clamped);
  } catch (err: unknown) {
    return { state: 'unreadable', message: err instanceof Error ? err.message : String(err) };
  }
  if (h.count === 0) return { state: 'empty' };
  const points = h.percentileCurve();
  const x: number[] = [];
  const y: (number | null)[] = [];
  let lastX = 1;
  for (const pt of points) {
    let px: number;
    if (pt.percentile >= 100) px = Math.max(lastX * 2, h.count);
    else px = percentileX(pt.percentile);
    if (x.length > 0 && px <= lastX) continue;
    x.push(px);
    y.push(pt.valueMs > 0 ? pt.valueMs : null);
    lastX = px;
  }
  return { state: 'ok', curve: { x, y }, count: h.count };
}

/** The raw and the corrected curve of one phase of a report. */
export function phaseCurves(report: Report, phase: Phase): { raw: PhaseCurve; corrected: PhaseCurve } {
  const p = (report.phases as Partial<Report['phases']>)[phase];
  if (p === undefined) return { raw: { state: 'empty' }, corrected: { state: 'empty' } };
  return { raw: curveOf(p.histogram, p.clamped), corrected: curveOf(p.correctedHistogram, 0) };
}
