/**
 * The metrics `imstress compare` knows: their names (what `--max-regression`
 * rules name), units, which direction is better, and how each is read from a
 * report. Latency percentiles are recomputed from the encoded histograms, not
 * copied from the stored summaries, so a compare reads the same numbers a
 * merge or a re-analysis would.
 */
import { headline } from './headline.js';
import { LatencyHistogram, PHASES } from '../metrics/index.js';
import type { Phase, Summary } from '../metrics/index.js';
import { errorKinds } from '../catalog/error-kinds.js';
import type { Report } from './schema.js';
import type { VerdictStatus } from './verdict.js';

/** Unit of a compared metric. */
export type MetricUnit = 'ms' | 'count' | 'per-sec' | 'ratio' | 's';

/** Which way is better: a latency should go down, a throughput up. */
type Better = 'lower' | 'higher';

/** One comparable metric. */
export interface MetricDef {
  /** The name rules use, e.g. `reply.p99`. */
  readonly name: string;
  readonly unit: MetricUnit;
  readonly better: Better;
  /** What it measures, for the README and error messages. */
  readonly description: string;
  /**
   * A missing value (null) is the best possible one rather than "no data":
   * a run that never hung has no time to hang, and that beats any time.
   */
  readonly nullIsBest: boolean;
  /** Listed in every comparison even when both sides are zero or missing. */
  readonly alwaysListed: boolean;
  /** Not shown as a row (it is shown elsewhere, e.g. `verdict.severity` as the verdict change), but usable in rules. */
  readonly hidden: boolean;
}

/** A report with its histograms decoded once (decoding is the costly part). */
export interface DecodedReport {
  readonly report: Report;
  /** Raw summary per phase, recomputed from `phases.*.histogram`; null when the phase has no samples. */
  readonly phases: Readonly<Record<Phase, Summary | null>>;
}

/** Phases compared by latency percentiles (`stall` has its own metrics). */
const LATENCY_PHASES: readonly Phase[] = PHASES.filter((p) => p !== 'stall');

/** Percentile stats compared per phase, with the `Summary` key each reads. */
const LATENCY_STATS = [
  ['p50', 'p50'],
  ['p90', 'p90'],
  ['p99', 'p99'],
  ['p999', 'p999'],
  ['max', 'max'],
] as const satisfies ReadonlyArray<readonly [string, keyof Summary]>;

/**
 * How bad each verdict is, for `verdict.severity` and the verdict change.
 * `interrupted` is absent: a partial run says nothing about the build, so
 * a change to or from it is neither an improvement nor a worsening.
 */
export const verdictSeverity: Readonly<Record<VerdictStatus, number | null>> = {
  ok: 0,
  'thresholds-failed': 1,
  leak: 2,
  hang: 3,
  // A build whose target cannot be reached, or dies mid-run, cannot be shown fixed: worse than a hang, so
  // hang → target-lost (the head build crashes) is never read as an improvement (issue #11: never OK when dead).
  'target-unavailable': 4,
  'target-lost': 4,
  interrupted: null,
};

/** Decodes every phase's raw histogram of a report. @throws HistogramDecodeError on a bad encoding. */
export function decodeReport(report: Report): DecodedReport {
  const phases = {} as Record<Phase, Summary | null>;
  for (const p of PHASES) {
    const ph = (report.phases as Partial<Report['phases']>)[p];
    if (ph === undefined) {
      phases[p] = null;
      continue;
    }
    const s = LatencyHistogram.decode(ph.histogram, ph.clamped).summary();
    phases[p] = s.count === 0 ? null : s;
  }
  return { report, phases };
}

/**
 * Longest time, in seconds, the server's online count held one value while
 * virtual users were stuck: over consecutive timeline samples that read the
 * same count, the intervals in which some VU's wait was older than the stall
 * threshold (the `stuck` series). Users waiting and a server count that does
 * not move is the v3.5.1 deadlock; a healthy run has waits in flight but
 * none stuck, so it reads near zero even when its count is steady. Reports
 * without the `stuck` series count the intervals with a VU waiting and no
 * reply or push arriving. Null when the timeline has no readings (no
 * metrics endpoint).
 */
export function longestOnlineFreezeSec(report: Report): number | null {
  let best: number | null = null;
  let runValue: number | null = null;
  let frozenMs = 0;
  let prevMs: number | null = null;
  for (const s of report.timeline.samples) {
    const dt = prevMs === null ? 0 : s.tMs - prevMs;
    prevMs = s.tMs;
    const v = s.values.serverOnline;
    if (v === undefined) continue;
    if (v !== runValue) {
      runValue = v;
      frozenMs = 0;
    } else if (stuckIn(s.values)) {
      frozenMs += dt;
    }
    best = Math.max(best ?? 0, frozenMs / 1000);
  }
  return best;
}

/** Whether users were stuck in one timeline sample's interval. */
function stuckIn(v: Report['timeline']['samples'][number]['values']): boolean {
  if (v.stuck !== undefined) return v.stuck > 0;
  const waiting = (v.waitingConnecting ?? 0) + (v.waitingReply ?? 0) + (v.waitingPush ?? 0) + (v.waitingClosing ?? 0);
  return waiting > 0 && (v.replies ?? 0) + (v.pushes ?? 0) === 0;
}

/**
 * Virtual-user seconds spent stuck (waiting past the stall threshold): the
 * area under the stuck chart. Null for reports without the `stuck` series.
 */
export function stuckVuSeconds(report: Report): number | null {
  let total: number | null = null;
  let prevMs: number | null = null;
  for (const s of report.timeline.samples) {
    const dt = prevMs === null ? report.timeline.intervalMs : s.tMs - prevMs;
    prevMs = s.tMs;
    const n = s.values.stuck;
    if (n === undefined) continue;
    total = (total ?? 0) + (n * dt) / 1000;
  }
  return total;
}

interface Entry {
  readonly def: MetricDef;
  readonly read: (d: DecodedReport) => number | null;
}

const def = (
  name: string,
  unit: MetricUnit,
  better: Better,
  description: string,
  read: (d: DecodedReport) => number | null,
  extra: Partial<Pick<MetricDef, 'nullIsBest' | 'alwaysListed' | 'hidden'>> = {},
): Entry => ({ def: { name, unit, better, description, nullIsBest: false, alwaysListed: false, hidden: false, ...extra }, read });

function catalog(): Entry[] {
  const out: Entry[] = [
    def(
      'verdict.severity',
      'count',
      'lower',
      'how bad the verdict is: ok 0, thresholds-failed 1, leak 2, hang 3, target-unavailable and target-lost 4 (interrupted: no value)',
      (d) => verdictSeverity[d.report.verdict.status],
      { hidden: true },
    ),
    def('iterationsPerSec', 'per-sec', 'higher', 'completed iterations per second of run time', (d) => d.report.rates.iterationsPerSec, {
      alwaysListed: true,
    }),
    def('iterations', 'count', 'higher', 'completed iterations', (d) => d.report.totals.iterations, { alwaysListed: true }),
  ];
  for (const phase of LATENCY_PHASES) {
    for (const [stat, key] of LATENCY_STATS) {
      out.push(
        def(
          `${phase}.${stat}`,
          'ms',
          'lower',
          `${phase} latency ${stat}, recomputed from the raw histogram`,
          (d) => d.phases[phase]?.[key] ?? null,
        ),
      );
    }
  }
  out.push(
    def('stalls', 'count', 'lower', 'pauses in progress (stall records, the hang included)', (d) => headline(d.report).stalls, {
      alwaysListed: true,
    }),
    def(
      'outages',
      'count',
      'lower',
      'times the target stopped being reachable for at least the hang window, recovered or not (absent in older reports: 0)',
      (d) => d.report.outages?.length ?? 0,
    ),
    def('stall.max', 'ms', 'lower', 'the longest time a virtual user was stuck in one phase', (d) => d.phases.stall?.max ?? null),
    def(
      'timeToHang',
      's',
      'higher',
      'seconds from the start of load to the declared hang (none: never hung, the best value)',
      (d) => (d.report.hang === null ? null : d.report.hang.atMs / 1000),
      {
        nullIsBest: true,
        alwaysListed: true,
      },
    ),
    def(
      'online.frozen',
      's',
      'lower',
      "the longest time the server's online count did not change while virtual users were stuck past the stall threshold (a frozen count is the v3.5.1 symptom)",
      (d) => longestOnlineFreezeSec(d.report),
    ),
    def('stuck', 's', 'lower', 'virtual-user seconds spent stuck past the stall threshold (the area under the stuck chart)', (d) =>
      stuckVuSeconds(d.report),
    ),
    def(
      'ghosts',
      'count',
      'lower',
      'ghost sessions left after the drain check (no value when the check did not run)',
      (d) => (d.report.drain.checked ? d.report.drain.ghosts : null),
      { alwaysListed: true },
    ),
    def('errors', 'count', 'lower', 'errors of every kind', (d) => d.report.totals.errors, { alwaysListed: true }),
    def('errors.rate', 'ratio', 'lower', 'errors / (iterations + errors)', (d) => d.report.rates.errorRate),
  );
  for (const kind of errorKinds) {
    out.push(
      def(
        `errors.${kind}`,
        'count',
        'lower',
        `errors of kind ${kind}`,
        (d) => (d.report.errors.byKind as Partial<Record<string, number>>)[kind] ?? 0,
      ),
    );
  }
  return out;
}

const entries: readonly Entry[] = catalog();
const byName: ReadonlyMap<string, Entry> = new Map(entries.map((e) => [e.def.name, e]));

/** Every comparable metric, in display order. */
export const compareMetrics: readonly MetricDef[] = entries.map((e) => e.def);

/** Other spellings rules accept, e.g. `reply.p99.9` for `reply.p999`. */
export function canonicalMetricName(name: string): string {
  return thresholdSpellings[name] ?? name.replace(/\.p99\.9$/, '.p999');
}

/** The `--threshold` names of the same numbers, so one metric name works in both grammars. */
const thresholdSpellings: Readonly<Record<string, string>> = {
  'iterations.rate': 'iterationsPerSec',
  'iterations.count': 'iterations',
  'errors.count': 'errors',
};

/** The definition of a metric, or undefined when the name is unknown. */
export function metricDef(name: string): MetricDef | undefined {
  return byName.get(canonicalMetricName(name))?.def;
}

/** The value of metric `name` in a decoded report (null: no data, or — for `nullIsBest` metrics — the best value). */
export function readMetric(name: string, d: DecodedReport): number | null {
  const e = byName.get(canonicalMetricName(name));
  if (e === undefined) return null;
  const v = e.read(d);
  return v === null || !Number.isFinite(v) ? null : v;
}
