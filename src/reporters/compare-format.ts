/**
 * Wording and number formats shared by the compare renderings (terminal,
 * markdown), so both say the same thing in the same units.
 */
import type { Comparison, MetricDelta, MetricUnit } from '../report/compare.js';
import { metricDef } from '../report/compare-metrics.js';
import { count, latency, percent } from './format.js';
import { differenceText, formatP } from '../report/trials/compare.js';

/** Whether a missing value of `metric` is its best one (time to hang: never hung). */
const nullIsBest = (metric: string): boolean => metricDef(metric)?.nullIsBest === true;

/** A value in its unit; `none` for a missing best-when-absent value (time to hang: never hung), `–` for no data. */
export function metricValue(v: number | null, unit: MetricUnit, metric: string): string {
  if (v === null) return nullIsBest(metric) ? 'none' : '–';
  switch (unit) {
    case 'ms':
      return latency(v);
    case 's':
      return `${v < 10 ? Number(v.toFixed(1)) : Math.round(v)} s`;
    case 'per-sec':
      return `${v < 100 ? v.toFixed(1) : count(v)}/s`;
    case 'ratio':
      return percent(v);
    case 'count':
      return count(v);
  }
}

/** A signed difference in the metric's unit. */
function signedDelta(d: number, unit: MetricUnit, metric: string): string {
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  if (unit === 'ratio') return `${sign}${Number((Math.abs(d) * 100).toPrecision(3))} pp`;
  return `${sign}${metricValue(Math.abs(d), unit, metric)}`;
}

/** The change column: `+12ms (+40%)`, `new`, `gone`, or `=`. */
export function changeText(m: MetricDelta): string {
  if (m.base === null && m.head === null) return '=';
  if (m.base === null) return m.metric === 'timeToHang' ? 'hangs now' : nullIsBest(m.metric) ? 'appeared' : 'new';
  if (m.head === null) return m.metric === 'timeToHang' ? 'no hang now' : nullIsBest(m.metric) ? 'gone (better)' : 'gone';
  if (m.delta === 0) return '=';
  const pct =
    m.changePct === null
      ? ''
      : ` (${m.changePct > 0 ? '+' : '−'}${Math.abs(m.changePct) < 10 ? Math.abs(m.changePct).toFixed(1) : Math.round(Math.abs(m.changePct))}%)`;
  return `${signedDelta(m.delta ?? 0, m.unit, m.metric)}${pct}`;
}

/** `worse`, `better` or `` (same, or not comparable). */
export function directionWord(m: MetricDelta): 'worse' | 'better' | '' {
  if (m.worse) return 'worse';
  if (nullIsBest(m.metric) && m.base !== null && m.head === null) return 'better';
  if (m.base === null || m.head === null || m.delta === 0 || m.delta === null) return '';
  return (m.better === 'lower' ? m.delta < 0 : m.delta > 0) ? 'better' : '';
}

/** The one-line outcome every rendering ends with. */
export function resultLine(c: Comparison): string {
  const defaults = c.defaultRegressions ?? [];
  const byDefault = defaults.length > 0 && c.verdictChangeAllowed !== true;
  const failed = c.rules.filter((r) => !r.passed).length;
  if (byDefault) {
    const rules = failed > 0 ? `; ${failed} of ${c.rules.length} rule${c.rules.length === 1 ? '' : 's'} failed` : '';
    return `REGRESSION: ${defaults.join('; ')}${rules} (exit 6; a worse verdict is a regression by default, --allow-verdict-change accepts it)`;
  }
  const allowed = defaults.length > 0 ? ` (${defaults.join('; ')}: accepted by --allow-verdict-change)` : '';
  if (c.rules.length === 0) {
    return `no regression${allowed}: ${defaults.length > 0 ? '' : 'the verdict is not worse; '}metric changes fail only with --max-regression rules such as reply.p99=10% or errors=+0 (exit 0)`;
  }
  return failed > 0
    ? `REGRESSION: ${failed} of ${c.rules.length} rule${c.rules.length === 1 ? '' : 's'} failed (exit 6)`
    : `no regression${allowed}: ${c.rules.length} rule${c.rules.length === 1 ? '' : 's'} passed (exit 0)`;
}

/** The "is it fixed?" lines: the conclusion in words, then the change in hang probability; empty for an old comparison without trials. */
export function trialsLines(c: Comparison): string[] {
  const t = c.trials;
  if (t === undefined) return [];
  const out = [t.text];
  if (t.conclusion !== 'one-run') out.push(`hang probability ${differenceText(t)}, Fisher's exact test p = ${formatP(t.fisherP)}`);
  return out;
}

/** The verdict change as words: `hang → ok (improved)`. */
export function verdictChangeText(c: Comparison): string {
  const v = c.verdictChange;
  const how = v.improved ? 'improved' : v.worsened ? 'worse' : v.from === v.to ? 'unchanged' : 'changed';
  return `${v.label} (${how})`;
}
