/**
 * `imstress compare`'s pure core: two reports in, one {@link Comparison} out
 * — the verdict change, every metric's delta, and the outcome of each
 * `--max-regression` rule. Renderers (terminal, markdown, JSON, HTML) read
 * only the Comparison and the two reports.
 *
 * Metric changes are a regression only when a rule says so (house-style.md:
 * no hard-coded cut-offs in compare). A worse verdict is one by default
 * (issue #12: `compare v38.json v351.json` must not exit 0): ok → hang,
 * ok → leak, any rise in severity, or a hang rate significantly higher by
 * Fisher's exact test (src/report/trials/compare.ts); `--allow-verdict-change`, or
 * a `verdict.severity` rule, opts out.
 */
import { ExitCode } from '../errors.js';
import { compareMetrics, decodeReport, metricDef, readMetric, verdictSeverity } from './compare-metrics.js';
import type { DecodedReport, MetricDef, MetricUnit } from './compare-metrics.js';
import type { RegressionRule } from './regression-rules.js';
import { configDifferences } from './config-diff.js';
import { presentationKeys as runPresentationKeys } from '../config/run-settings.js';
import type { ConfigDifference } from './config-diff.js';
import type { Report } from './schema.js';
import type { VerdictStatus } from './verdict.js';
import { compareTrials, formatP, type TrialsComparison } from './trials/compare.js';

export type { RegressionRule } from './regression-rules.js';
export type { MetricUnit } from './compare-metrics.js';

/** One metric of both reports. */
export interface MetricDelta {
  /** Canonical name, as rules spell it (`reply.p99`, `errors`, `timeToHang`, …). */
  readonly metric: string;
  readonly unit: MetricUnit;
  /** Base value; null when the base has no data (or, for `timeToHang`, never hung). */
  readonly base: number | null;
  readonly head: number | null;
  /** head − base; null when either is null. */
  readonly delta: number | null;
  /** 100 · (head − base) / |base|; null when either is null or base is 0. */
  readonly changePct: number | null;
  /** Head is worse than base in this metric's direction (a hang appearing counts for `timeToHang`). */
  readonly worse: boolean;
  /** Addition to the shared contract: which direction is better (`lower` for latencies, `higher` for throughput). */
  readonly better: 'lower' | 'higher';
}

/** One rule checked against both reports. */
interface RuleOutcome {
  readonly rule: RegressionRule;
  readonly base: number | null;
  readonly head: number | null;
  readonly passed: boolean;
  /** One sentence: what was allowed, what was measured. */
  readonly message: string;
}

/** One side of a comparison. */
interface ComparedRun {
  readonly scenario: string;
  readonly startedAt: string;
  readonly verdict: VerdictStatus;
  /** The report file, when the caller passed it. */
  readonly file?: string;
}

/** The comparison of a base (before) and a head (after) report. */
export interface Comparison {
  readonly base: ComparedRun;
  readonly head: ComparedRun;
  readonly verdictChange: {
    readonly from: VerdictStatus;
    readonly to: VerdictStatus;
    /** e.g. `hang → ok`, or `ok` when unchanged. */
    readonly label: string;
    /** The head's verdict is less severe (see `verdictSeverity`; a change to or from `interrupted` is neither). */
    readonly improved: boolean;
    readonly worsened: boolean;
  };
  /** Throughput, per-phase p50/p90/p99/p99.9/max (recomputed from the histograms), stalls, time to hang, online count, ghosts, errors. */
  readonly metrics: readonly MetricDelta[];
  readonly rules: readonly RuleOutcome[];
  /** Any rule failed (→ exit 6). False when no rule was given. */
  readonly regression: boolean;
  /**
   * Addition to the shared contract: the configuration keys whose values
   * differ between the runs (the report path and display settings left
   * out), so a reader can tell whether the two are comparable.
   */
  readonly configChanges: readonly ConfigDifference[];
  /** Addition (issue #12): the hang rates compared as trials, with the conclusion in words. */
  readonly trials?: TrialsComparison;
  /** Addition (issue #12): regressions found without any rule (a worse verdict, a significantly higher hang rate), one sentence each. */
  readonly defaultRegressions?: readonly string[];
  /** Addition (issue #12): `--allow-verdict-change` or a `verdict.severity` rule: `defaultRegressions` are shown but do not fail. */
  readonly verdictChangeAllowed?: boolean;
}

/**
 * Config keys that say where a report went or how it was shown, not what was
 * tested (the settings table's `compared: false` rows): never listed as changes. The trial settings decide how many runs
 * were made, not what each run did: trials compare with single runs.
 */
export const presentationKeys: readonly string[] = runPresentationKeys;

/** Options of {@link compareReports}: the file names shown in renderings. */
export interface CompareFiles {
  readonly baseFile?: string;
  readonly headFile?: string;
  /** `--allow-verdict-change`: a worse verdict is not a regression by itself. */
  readonly allowVerdictChange?: boolean;
}

/** Head worse than base, treating null as best for `nullIsBest` metrics and as "not comparable" otherwise. */
function isWorse(d: MetricDef, base: number | null, head: number | null): boolean {
  if (d.nullIsBest) {
    if (head === null) return false;
    if (base === null) return true;
  }
  if (base === null || head === null) return false;
  return d.better === 'lower' ? head > base : head < base;
}

function delta(d: MetricDef, base: number | null, head: number | null): MetricDelta {
  const both = base !== null && head !== null;
  return {
    metric: d.name,
    unit: d.unit,
    base,
    head,
    delta: both ? head - base : null,
    changePct: both && base !== 0 ? (100 * (head - base)) / Math.abs(base) : null,
    worse: isWorse(d, base, head),
    better: d.better,
  };
}

/** A number for messages: up to 4 significant digits, no exponent for ordinary values. */
function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function valueText(v: number | null, d: MetricDef): string {
  if (v === null) return d.nullIsBest ? 'none' : 'no data';
  switch (d.unit) {
    case 'ms':
      return `${num(v)} ms`;
    case 's':
      return `${num(v)} s`;
    case 'per-sec':
      return `${num(v)}/s`;
    case 'ratio':
      return `${num(v * 100)}%`;
    case 'count':
      return num(v);
  }
}

function limitText(rule: RegressionRule, d: MetricDef): string {
  const dir = d.better === 'lower' ? 'higher' : 'lower';
  if (rule.limit.kind === 'percent') return `at most ${num(rule.limit.value)}% ${dir} than base`;
  const amount = d.unit === 'ratio' ? `${num(rule.limit.value * 100)} percentage points` : valueText(rule.limit.value, d);
  return `at most ${amount} ${dir} than base`;
}

/** Checks one rule. A rule that cannot be checked (a side has no data) fails: the user asked for it. */
function checkRule(rule: RegressionRule, base: DecodedReport, head: DecodedReport): RuleOutcome {
  const d = metricDef(rule.metric);
  if (d === undefined) return { rule, base: null, head: null, passed: false, message: `${rule.source}: unknown metric ${rule.metric}` };
  const b = readMetric(d.name, base);
  const h = readMetric(d.name, head);
  const seen = `base ${valueText(b, d)}, head ${valueText(h, d)}`;
  const allowed = limitText(rule, d);
  const out = (passed: boolean, why: string): RuleOutcome => ({
    rule,
    base: b,
    head: h,
    passed,
    message: `${rule.source}: ${why} (${seen}; allowed: ${allowed})`,
  });
  // null-is-best metrics: null is the best value (+∞ when higher is better, −∞ when lower is):
  // a head at the best value passes, a head that lost it (a hang where none was) fails.
  const inf = d.better === 'higher' ? Infinity : -Infinity;
  const bv = b ?? (d.nullIsBest ? inf : null);
  const hv = h ?? (d.nullIsBest ? inf : null);
  if (bv === null && hv === null) return out(true, 'no data in either report, nothing to regress');
  if (bv === null) return out(false, 'cannot be checked: the base report has no value');
  if (hv === null) return out(false, 'cannot be checked: the head report has no value');
  if (!Number.isFinite(hv)) return out(true, 'within the limit');
  if (!Number.isFinite(bv)) return out(false, 'REGRESSION');
  const { kind, value } = rule.limit;
  const limit =
    d.better === 'lower'
      ? kind === 'percent'
        ? bv + (Math.abs(bv) * value) / 100
        : bv + value
      : kind === 'percent'
        ? bv - (Math.abs(bv) * value) / 100
        : bv - value;
  const passed = d.better === 'lower' ? hv <= limit : hv >= limit;
  return out(passed, passed ? 'within the limit' : 'REGRESSION');
}

function side(r: Report, file: string | undefined): ComparedRun {
  return { scenario: r.scenario, startedAt: r.startedAt, verdict: r.verdict.status, ...(file === undefined ? {} : { file }) };
}

/**
 * Compares `head` (after) against `base` (before).
 * Both reports must be readable (`readReport` / `checkReportHistograms`):
 * @throws HistogramDecodeError when a histogram does not decode.
 */
export function compareReports(base: Report, head: Report, rules: readonly RegressionRule[], files: CompareFiles = {}): Comparison {
  const b = decodeReport(base);
  const h = decodeReport(head);
  const metrics: MetricDelta[] = [];
  for (const d of compareMetrics) {
    if (d.hidden) continue;
    const bv = readMetric(d.name, b);
    const hv = readMetric(d.name, h);
    const empty = (v: number | null): boolean => v === null || v === 0;
    if (!d.alwaysListed && empty(bv) && empty(hv)) continue;
    metrics.push(delta(d, bv, hv));
  }
  const outcomes = rules.map((r) => checkRule(r, b, h));
  const from = base.verdict.status;
  const to = head.verdict.status;
  const sf = verdictSeverity[from];
  const st = verdictSeverity[to];
  const worsened = sf !== null && st !== null && st > sf;
  const trials = compareTrials(base, head);
  const defaults: string[] = [];
  if (worsened) defaults.push(`the verdict got worse: ${from} → ${to}`);
  if (trials.significantlyWorse)
    defaults.push(
      `the hang rate rose: ${trials.base.k}/${trials.base.n} → ${trials.head.k}/${trials.head.n} (Fisher p = ${formatP(trials.fisherP)})`,
    );
  const allowed = files.allowVerdictChange === true || rules.some((r) => r.metric === 'verdict.severity');
  return {
    base: side(base, files.baseFile),
    head: side(head, files.headFile),
    verdictChange: {
      from,
      to,
      label: from === to ? from : `${from} → ${to}`,
      improved: sf !== null && st !== null && st < sf,
      worsened,
    },
    metrics,
    rules: outcomes,
    regression: outcomes.some((o) => !o.passed) || (defaults.length > 0 && !allowed),
    configChanges: configDifferences(base.config, head.config, presentationKeys),
    trials,
    defaultRegressions: defaults,
    verdictChangeAllowed: allowed,
  };
}

/** The exit code of a comparison (design.md table): `regression` (6) when a rule failed or the verdict got worse (unless allowed), else `ok` (0). */
export function comparisonExitCode(c: Comparison): number {
  return c.regression ? ExitCode.regression : ExitCode.ok;
}
