/**
 * `--max-regression` rules: how much worse the head report may be than the
 * base before `imstress compare` calls it a regression (exit 6). There are
 * no built-in cut-offs (house-style.md: "hard-coded statistical cut-offs in
 * compare" are avoided): only the rules the user gives are checked.
 *
 * Grammar, `METRIC=LIMIT`:
 * - `N%` — relative: head may be at most N% worse than base
 *   (`reply.p99=10%`: p99 may grow by 10%; `iterationsPerSec=5%`: may drop by 5%).
 * - `+N[unit]` (or `N[unit]`) — absolute, in the metric's unit: head may be
 *   worse by at most N (`errors=+0`: not one more error; `reply.p99=+20ms`;
 *   `timeToHang=+5s`; `errors.rate=+0.5%`: at most 0.5 percentage points more).
 * "Worse" follows the metric's direction: up for latencies and counts of bad
 * things, down for throughput and time to hang.
 */
import type { Issue } from '../errors.js';
import { canonicalMetricName, compareMetrics, metricDef } from './compare-metrics.js';
import type { MetricUnit } from './compare-metrics.js';

/** One rule, as in the shared contract with the HTML renderer. */
export interface RegressionRule {
  /** Canonical metric name, e.g. `reply.p99`, `errors`, `iterationsPerSec`. */
  readonly metric: string;
  /** `percent`: value in % of the base; `absolute`: value in the metric's unit (ms, count, per-sec, ratio, s). */
  readonly limit: { readonly kind: 'percent' | 'absolute'; readonly value: number };
  /** As typed, e.g. `reply.p99=10%`. */
  readonly source: string;
}

/** Multipliers from a typed unit to the metric's unit, per metric unit. */
const unitFactors: Readonly<Record<MetricUnit, Readonly<Record<string, number>>>> = {
  ms: { '': 1, ms: 1, us: 0.001, µs: 0.001, s: 1000, m: 60_000 },
  s: { '': 1, s: 1, ms: 0.001, m: 60 },
  count: { '': 1 },
  'per-sec': { '': 1, '/s': 1 },
  ratio: { '': 1, '%': 0.01 },
};

const RULE = /^\s*([A-Za-z][\w.-]*)\s*=\s*(.+?)\s*$/;
const PERCENT = /^(\d+(?:\.\d+)?)%$/;
const ABSOLUTE = /^\+?(\d+(?:\.\d+)?)\s*(ms|us|µs|s|m|%|\/s)?$/;

/** The metric names rules accept, for help and error messages (from the catalog, so it cannot go stale). */
export function metricList(): string {
  const names = compareMetrics.map((m) => m.name).filter((n) => !/\.(p50|p90|p999|max)$/.test(n) || n === 'stall.max');
  return `${names.join(', ')} (and p50, p90, p999/p99.9, max for every phase)`;
}

/**
 * Parses every `--max-regression` value, collecting every problem.
 * @param flag the flag name, for messages.
 */
export function parseRegressionRules(sources: readonly string[], flag = '--max-regression'): { rules: RegressionRule[]; issues: Issue[] } {
  const rules: RegressionRule[] = [];
  const issues: Issue[] = [];
  for (const source of sources) {
    const m = RULE.exec(source);
    if (m === null || m[1] === undefined || m[2] === undefined) {
      issues.push({ where: flag, message: `got "${source}"; expected METRIC=LIMIT, e.g. reply.p99=10% or errors=+0` });
      continue;
    }
    const metric = canonicalMetricName(m[1]);
    const d = metricDef(metric);
    if (d === undefined) {
      issues.push({ where: flag, message: `got "${source}": unknown metric "${m[1]}"; expected one of ${metricList()}` });
      continue;
    }
    const limitText = m[2];
    const pct = PERCENT.exec(limitText);
    if (pct !== null && !limitText.startsWith('+')) {
      rules.push({ metric, limit: { kind: 'percent', value: Number(pct[1]) }, source });
      continue;
    }
    const abs = ABSOLUTE.exec(limitText);
    const factor = abs === null ? undefined : unitFactors[d.unit][abs[2] ?? ''];
    if (abs === null || factor === undefined) {
      const units = Object.keys(unitFactors[d.unit]).filter((u) => u !== '');
      issues.push({
        where: flag,
        message: `got "${source}": limit "${limitText}" is not N% (relative) or +N${units.length > 0 ? `[${units.join('|')}]` : ''} (absolute, ${d.unit}) for ${metric}`,
      });
      continue;
    }
    rules.push({ metric, limit: { kind: 'absolute', value: Number(abs[1]) * factor }, source });
  }
  return { rules, issues };
}
