/**
 * The threshold grammar: `<metric><op><value>`, spaces allowed around the
 * operator.
 *
 *     metric := <phase>.<stat> | errors.rate | errors.count | iterations.rate | iterations.count
 *     phase  := handshake | reply | push | close | iteration | stall
 *     stat   := p50 | p90 | p95 | p99 | p999 | max | mean | min | count
 *     op     := < | <= | > | >=
 *     value  := a duration for latency stats (200ms, 1.5s; a unit is required),
 *               a percentage or ratio for errors.rate (1% or 0.01),
 *               a number otherwise (iterations.rate is per second; `50/s` is accepted)
 */
import type { Threshold, ThresholdOp } from './run-config.js';
import { PHASES } from '../metrics/phases.js';
import { durationExpectation, durationText } from './values.js';

const thresholdStats = ['p50', 'p90', 'p95', 'p99', 'p999', 'max', 'mean', 'min', 'count'] as const;

/** Metrics that are not `<phase>.<stat>`. */
const thresholdCounters = ['errors.rate', 'errors.count', 'iterations.rate', 'iterations.count'] as const;

const thresholdOps: readonly ThresholdOp[] = ['<', '<=', '>', '>='];

/** A threshold, or what was wrong with the text. */
export type ThresholdResult = { readonly ok: true; readonly threshold: Threshold } | { readonly ok: false; readonly message: string };

/** How a metric's value is written. */
type ValueKind = 'duration' | 'ratio' | 'count' | 'rate';

const grammarHint = 'expected <metric><op><value> such as reply.p99<200ms or errors.rate<1%';
const metricHint = `expected <phase>.<stat> (phase: ${PHASES.join(', ')}; stat: ${thresholdStats.join(', ')}) or ${thresholdCounters.join(', ')}`;

function valueKind(metric: string): ValueKind | null {
  switch (metric) {
    case 'errors.rate':
      return 'ratio';
    case 'iterations.rate':
      return 'rate';
    case 'errors.count':
    case 'iterations.count':
      return 'count';
  }
  const [phase, stat, ...rest] = metric.split('.');
  if (rest.length > 0 || phase === undefined || stat === undefined) return null;
  if (!(PHASES as readonly string[]).includes(phase)) return null;
  if (!(thresholdStats as readonly string[]).includes(stat)) return null;
  return stat === 'count' ? 'count' : 'duration';
}

const numberPattern = /^(\d+(?:\.\d+)?|\.\d+)$/;

function parseValue(kind: ValueKind, text: string): { value: number } | { message: string } {
  switch (kind) {
    case 'duration': {
      const ms = durationText(text);
      return ms === null ? { message: `expected a duration ${durationExpectation}` } : { value: ms };
    }
    case 'ratio': {
      const pct = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/.exec(text);
      const value = pct !== null ? Number(pct[1]) / 100 : numberPattern.test(text) ? Number(text) : null;
      if (value === null || value > 1) return { message: 'expected a percentage from 0% to 100% (1%) or a ratio from 0 to 1 (0.01)' };
      return { value };
    }
    case 'rate': {
      const m = /^(\d+(?:\.\d+)?|\.\d+)\s*(?:\/s)?$/.exec(text);
      return m === null ? { message: 'expected a number of iterations per second such as 50 or 50/s' } : { value: Number(m[1]) };
    }
    case 'count':
      return numberPattern.test(text) ? { value: Number(text) } : { message: 'expected a non-negative number such as 10' };
  }
}

/** Parses one threshold expression; the message says what was expected. */
export function parseThreshold(source: string): ThresholdResult {
  const m = /^\s*([A-Za-z0-9_.]*)\s*(<=|>=|<|>|==|=|!=)\s*(.*?)\s*$/.exec(source);
  if (m === null)
    return { ok: false, message: `got ${JSON.stringify(source)}; no comparison operator (${thresholdOps.join(' ')}); ${grammarHint}` };
  const [, metric = '', op = '', valueText = ''] = m;
  if (!(thresholdOps as readonly string[]).includes(op)) {
    return {
      ok: false,
      message: `got ${JSON.stringify(source)}; operator "${op}" is not supported; expected one of ${thresholdOps.join(' ')}`,
    };
  }
  if (metric === '') return { ok: false, message: `got ${JSON.stringify(source)}; missing metric; ${metricHint}` };
  const kind = valueKind(metric);
  if (kind === null) return { ok: false, message: `got ${JSON.stringify(source)}; unknown metric "${metric}"; ${metricHint}` };
  if (valueText === '')
    return { ok: false, message: `got ${JSON.stringify(source)}; missing value after "${op}"; ${parseValueHint(kind)}` };
  const v = parseValue(kind, valueText);
  if ('message' in v) return { ok: false, message: `got ${JSON.stringify(source)}; bad value "${valueText}" for ${metric}: ${v.message}` };
  return { ok: true, threshold: { source: source.trim(), metric, op: op as ThresholdOp, value: v.value } };
}

function parseValueHint(kind: ValueKind): string {
  const v = parseValue(kind, '');
  return 'message' in v ? v.message : '';
}
