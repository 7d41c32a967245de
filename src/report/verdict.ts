/**
 * The verdict of a run and the one function that maps an outcome to an exit
 * code (design.md "Verdicts and exit codes"; house-style.md "one small
 * function decides the exit code"), plus threshold evaluation, whose failures
 * are one of the outcomes.
 */
import { ExitCode } from '../errors.js';
import type { Threshold } from '../config/run-config.js';
import { LatencyHistogram, isPhase } from '../metrics/index.js';
import type { MetricsSnapshot, Summary } from '../metrics/index.js';
import { answerErrorKinds, type ErrorKind } from '../catalog/error-kinds.js';
import { type DominantError, type RunEnd, type ThresholdEvaluation, type ThresholdOp, type Verdict, type VerdictStatus } from './schema.js';

// The verdict's types and its closed set of statuses are part of the report contract (schema.ts).
export { type DominantError, type ThresholdEvaluation, type Verdict, type VerdictStatus };

/**
 * What each verdict means (exhaustive: a new status must be documented). Read by people, not code.
 * @public
 */
export const verdictMeaning: Readonly<Record<VerdictStatus, string>> = {
  interrupted: 'the run was stopped by Ctrl-C / SIGTERM; the report is partial',
  hang: 'no progress for the hang window while virtual users were waiting',
  'target-lost':
    'the target stopped being reachable (refused, reset, TLS, DNS) for at least the hang window and had not come back when the run ended',
  'target-unavailable': 'no virtual user ever reached the target, or it answered every request with an error',
  leak: 'ghost sessions remained after the drain check',
  'thresholds-failed': 'at least one threshold was breached',
  ok: 'run finished: no hang, no leak, every threshold met',
};

/** The exit code of each verdict, from the one table in src/errors.ts. */
const verdictExit: Readonly<Record<VerdictStatus, number>> = {
  interrupted: ExitCode.interrupted,
  hang: ExitCode.hang,
  'target-lost': ExitCode.targetUnavailable,
  'target-unavailable': ExitCode.targetUnavailable,
  leak: ExitCode.leak,
  'thresholds-failed': ExitCode.thresholdsFailed,
  ok: ExitCode.ok,
};

/** The facts {@link decideVerdict} needs. */
export interface VerdictInput {
  /** How the engine says the run ended. */
  readonly end: RunEnd;
  /** A hang was declared (hang evidence was captured). */
  readonly hang: boolean;
  /** Ghost sessions found by the drain check (0 when it was not run). */
  readonly ghosts: number;
  /** How many thresholds were breached. */
  readonly thresholdsFailed: number;
  /** At least one VU completed a handshake with the target. */
  readonly anyConnected: boolean;
  /** Ctrl-C / SIGTERM stopped the run. */
  readonly interrupted: boolean;
  /**
   * The error kind that made up the run ({@link dominantError}); with `answered` and nothing served
   * the target is unavailable: it answers, but only with that error. Absent: not considered.
   */
  readonly dominantError?: (DominantError & { readonly answered: boolean }) | null;
  /** At least one reply, close or iteration completed (absent: taken from `anyConnected`). */
  readonly served?: boolean;
  /** An outage (the target unreachable for at least the hang window) was still open at the end; absent: none. */
  readonly outageOpen?: { readonly sinceMs: number; readonly failures: number } | null;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/**
 * Maps the outcome of a run to its verdict and exit code — the only place
 * that does (design.md "Verdicts and exit codes").
 *
 * Precedence: interrupted > hang > target-lost > target-unavailable > leak > thresholds > ok.
 * target-lost (issue #11) is a target the VUs had reached that then stopped answering connects for at
 * least the hang window and was still gone at the end: below hang (a wedged gateway that still accepts
 * TCP is the sharper diagnosis), above everything a dead target makes meaningless.
 * design.md orders interrupted > hang > leak > thresholds > ok and does not
 * place target-unavailable; it goes after hang (a target that accepts TCP but
 * never answers the upgrade is a hang, kind `no-handshake`, and is the more
 * useful diagnosis) and before leak and thresholds (with no VU connected
 * neither a leak nor a breached percentile means anything).
 */
export function decideVerdict(input: VerdictInput): Verdict {
  const applies: Array<readonly [VerdictStatus, string]> = [];
  if (input.interrupted || input.end === 'interrupted') {
    applies.push(['interrupted', 'interrupted (Ctrl-C / SIGTERM): the report is partial']);
  }
  if (input.hang || input.end === 'hang-abort') {
    applies.push(['hang', 'hang: no progress for the hang window while virtual users were waiting']);
  }
  const lost = input.outageOpen ?? null;
  if (lost !== null && input.anyConnected) {
    applies.push([
      'target-lost',
      `target lost: unreachable since ${(lost.sinceMs / 1000).toFixed(1)} s (${plural(lost.failures, 'failed connect')}) and not back when the run ended`,
    ]);
  }
  const dominant = input.dominantError ?? null;
  if (!input.anyConnected || input.end === 'target-unavailable') {
    applies.push(['target-unavailable', 'target unavailable: no virtual user ever reached the target']);
  } else if (input.served === false && dominant !== null && dominant.answered && dominant.every) {
    // A server that answers every request wrongly is not hung (its answers end every pause): it is unusable.
    applies.push(['target-unavailable', `target unavailable: the target answers, but ${dominant.text}`]);
  }
  if (input.ghosts > 0) {
    applies.push(['leak', `leak: ${plural(input.ghosts, 'ghost session')} remained after the drain check`]);
  }
  if (input.thresholdsFailed > 0) {
    applies.push(['thresholds-failed', `${plural(input.thresholdsFailed, 'threshold')} breached`]);
  }
  const first = applies[0];
  const status: VerdictStatus = first === undefined ? 'ok' : first[0];
  const reasons = applies.map(([, text]) => text);
  if (dominant === null) return { status, exitCode: verdictExit[status], reasons };
  // Named whatever the status: an OK run (no thresholds) made of errors must not read as healthy.
  if (!reasons.some((r) => r.includes(dominant.text))) reasons.push(dominant.text);
  const { kind, count, every, text } = dominant;
  return { status, exitCode: verdictExit[status], reasons, dominantError: { kind, count, every, text } };
}

/** What an error kind means when every attempt ended in it (the verdict's words). */
const everyAttempt: Readonly<Record<string, string>> = {
  'protocol-error': 'every reply undecodable',
  'unexpected-close': 'every connection closed by the server before its reply',
  'handshake-rejected': 'every handshake rejected',
  'handshake-timeout': 'every handshake timed out',
  'connection-refused': 'every connection refused',
  'reply-timeout': 'every reply timed out',
  'push-timeout': 'every push timed out',
  'close-timeout': 'every close timed out',
  'error-reply': 'every reply an error',
  'token-error': 'no token for any user',
  'local-port-exhausted': 'every connect failed for want of a local port',
};

/** Errors at least this share of the attempts, and one kind at least this share of the errors, dominate. */
const dominantShare = 0.9;

/** `errCode 1501 token expired`, from an error sample's message (`HTTP 200 errCode 1501: token expired`). */
function errCodeOf(message: string): string | null {
  const m = /errCode (-?\d+):? ?(.*)$/.exec(message);
  if (m === null) return null;
  const code = m[1] ?? '';
  // The OpenIM adapter's refusal message repeats the code before errMsg (`1501 token expired`).
  const rest = (m[2] ?? '').startsWith(`${code} `) ? (m[2] ?? '').slice(code.length + 1) : (m[2] ?? '');
  const words = rest
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .slice(0, 80);
  return `errCode ${code}${words === '' ? '' : ` ${words}`}`;
}

/**
 * The most common server error code and message among the samples of `kind`
 * (`errCode 1501 token expired`), or null when the samples carry none.
 */
export function commonErrCode(kind: string, samples: ReadonlyArray<{ readonly kind: string; readonly message: string }>): string | null {
  const seen = new Map<string, number>();
  let best: string | null = null;
  for (const s of samples) {
    if (s.kind !== kind) continue;
    const code = errCodeOf(s.message);
    if (code === null) continue;
    const n = (seen.get(code) ?? 0) + 1;
    seen.set(code, n);
    if (best === null || n > (seen.get(best) ?? 0)) best = code;
  }
  return best;
}

/**
 * The error kind that made up the run: errors are at least 90% of the
 * iteration attempts (an iteration with an error reply is not a clean one)
 * and one kind at least 90% of the errors. Null for a run
 * with no errors or a mix. The text names the kind, its count, and for
 * refusals and error replies the server's code and message.
 */
export function dominantError(
  errorsByKind: Readonly<Record<string, number>>,
  iterations: number,
  samples: ReadonlyArray<{ readonly kind: string; readonly message: string }>,
): DominantError | null {
  let total = 0;
  let kind: string | null = null;
  let count = 0;
  for (const [k, n] of Object.entries(errorsByKind)) {
    if (!(Number.isFinite(n) && n > 0)) continue;
    total += n;
    if (n > count) [kind, count] = [k, n];
  }
  // An error reply does not end its iteration (the session goes on), so an iteration is clean only
  // when it had none: with one request per iteration, as many iterations as error replies are not.
  const clean = Math.max(0, iterations - (errorsByKind['error-reply'] ?? 0));
  const rate = errorRate(total, clean);
  if (kind === null || count < dominantShare * total || rate < dominantShare) return null;
  const every = clean === 0;
  const code = kind === 'handshake-rejected' || kind === 'error-reply' ? commonErrCode(kind, samples) : null;
  const what = every ? (everyAttempt[kind] ?? 'every attempt failed') : `${Math.floor(rate * 100)}% of attempts failed`;
  const text = `${what}: ${kind} ${count.toLocaleString('en-US')}${code === null ? '' : ` (${code})`}`;
  return { kind, count, every, text };
}

/** What thresholds are evaluated against. */
export interface ThresholdInput {
  readonly metrics: MetricsSnapshot;
  readonly totals: { readonly iterations: number };
  readonly durationMs: number;
  readonly errorsTotal: number;
}

/**
 * The error rate of a run: errors / (iterations + errors), i.e. the share of
 * iteration attempts that ended in an error (an error ends the iteration).
 * 0 when nothing was attempted.
 */
export function errorRate(errors: number, iterations: number): number {
  const attempts = iterations + errors;
  return attempts > 0 ? errors / attempts : 0;
}

/** Per-second rate; 0 for a zero-length run. */
export function perSecond(count: number, durationMs: number): number {
  return durationMs > 0 ? count / (durationMs / 1000) : 0;
}

const summaryStats: Readonly<Record<string, keyof Summary>> = {
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  p999: 'p999',
  'p99.9': 'p999',
  max: 'max',
  mean: 'mean',
  min: 'min',
  count: 'count',
};

/** A latency stat of the raw histogram of a phase: thresholds judge what was measured. */
function phaseStat(metrics: MetricsSnapshot, phase: string, stat: string): number | null {
  if (!isPhase(phase)) return null;
  const snap = metrics.phases[phase];
  // No samples: a percentile of nothing must not pass (a run where every reply hung has none).
  if (snap.raw.count === 0 && stat !== 'count') return null;
  const key = Object.hasOwn(summaryStats, stat) ? summaryStats[stat] : undefined;
  if (key !== undefined) return snap.raw[key];
  const m = /^p(\d{1,2}(?:\.\d+)?)$/.exec(stat);
  if (m === null || m[1] === undefined) return null;
  const p = Number(m[1]);
  if (!(p >= 0 && p <= 100)) return null;
  // Percentiles the summary does not hold (p95, p75, …) are read from the exact histogram.
  return LatencyHistogram.decode(snap.encoded, snap.clamped).percentileMs(p);
}

function actualOf(metric: string, input: ThresholdInput): number | null {
  switch (metric) {
    case 'errors.rate':
      return errorRate(input.errorsTotal, input.totals.iterations);
    case 'errors.count':
      return input.errorsTotal;
    case 'iterations.rate':
      return perSecond(input.totals.iterations, input.durationMs);
    case 'iterations.count':
      return input.totals.iterations;
    default: {
      const dot = metric.indexOf('.');
      if (dot <= 0) return null;
      return phaseStat(input.metrics, metric.slice(0, dot), metric.slice(dot + 1));
    }
  }
}

function holds(actual: number, op: ThresholdOp, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
  }
}

/**
 * Evaluates every threshold against the run's numbers. Latency stats come
 * from the raw (uncorrected) histograms; an unknown metric evaluates to
 * `actual: null, passed: false` (validation should have rejected it).
 */
export function evaluateThresholds(thresholds: readonly Threshold[], input: ThresholdInput): ThresholdEvaluation[] {
  return thresholds.map((t) => {
    const raw = actualOf(t.metric, input);
    const actual = raw !== null && Number.isFinite(raw) ? raw : null;
    return {
      source: t.source,
      metric: t.metric,
      op: t.op,
      value: t.value,
      actual,
      passed: actual !== null && holds(actual, t.op, t.value),
    };
  });
}

/**
 * The error facts {@link decideVerdict} takes from a run's numbers: its dominant error (with whether
 * the server answered with it) and whether anything was served. One function for `run` and `merge`.
 */
export function errorFacts(
  errorsByKind: Readonly<Record<string, number>>,
  totals: { readonly iterations: number; readonly replies: number; readonly closes: number },
  samples: ReadonlyArray<{ readonly kind: string; readonly message: string }>,
): Pick<VerdictInput, 'dominantError' | 'served'> {
  const d = dominantError(errorsByKind, totals.iterations, samples);
  return {
    dominantError: d === null ? null : { ...d, answered: answerErrorKinds.has(d.kind as ErrorKind) },
    served: totals.iterations + totals.replies + totals.closes > 0,
  };
}
