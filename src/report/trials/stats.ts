/**
 * The statistics behind `--trials` and `imstress compare` of trial reports:
 * a proportion's interval (Wilson score), the difference of two proportions
 * (Newcombe's hybrid score interval), Fisher's exact test, Kaplan–Meier
 * survival and the log-rank test.
 *
 * Small pure functions written here rather than a dependency: the npm
 * statistics packages that offer these (e.g. `jstat`, `simple-statistics`)
 * either lack Fisher's exact test and censored survival or are unmaintained,
 * and each function below is a few lines of textbook arithmetic checked in
 * test/trials/stats.test.ts against published values (R, scipy, Newcombe
 * 1998, Freireich 1963 as printed in R's `survival` package).
 */

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal. */
const Z95 = 1.959963984540054;

/** A proportion k/n with its interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for k successes in n trials (Wilson 1927; method 3
 * of Newcombe 1998, recommended by Brown, Cai & DasGupta 2001 for small n).
 * Unlike the textbook p ± z·√(p(1−p)/n) it does not collapse to [0, 0] at
 * k = 0, which is the case that matters for "zero hangs in N trials".
 */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (n <= 0) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp rounding noise only: at k = 0 the low end is exactly 0, at k = n the high end exactly 1.
  return { low: k === 0 ? 0 : Math.max(0, centre - half), high: k === n ? 1 : Math.min(1, centre + half) };
}

/**
 * Interval for p1 − p2 (k1/n1 minus k2/n2): Newcombe's hybrid score method
 * (method 10 of Newcombe 1998, "Interval estimation for the difference
 * between independent proportions"), built from the two Wilson intervals.
 */
export function proportionDifference(k1: number, n1: number, k2: number, n2: number, z = Z95): Interval & { readonly estimate: number } {
  const p1 = n1 > 0 ? k1 / n1 : 0;
  const p2 = n2 > 0 ? k2 / n2 : 0;
  const a = wilson(k1, n1, z);
  const b = wilson(k2, n2, z);
  const d = p1 - p2;
  return {
    estimate: d,
    low: d - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2),
    high: d + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2),
  };
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push((logFactorials[i - 1] ?? 0) + Math.log(i));
  return logFactorials[n] ?? 0;
}
const logChoose = (n: number, k: number): number => logFactorial(n) - logFactorial(k) - logFactorial(n - k);

/**
 * Fisher's exact test, two-sided, for the 2×2 table [[a, b], [c, d]]
 * (rows: before/after; columns: hung/did not). The p-value sums the
 * probabilities of every table with the same margins that is at most as
 * likely as the observed one, with R's relative tolerance of 1e-7 so that
 * ties are not lost to rounding (R `fisher.test`, scipy `fisher_exact`).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  if (n === 0) return 1;
  const lo = Math.max(0, col1 - (n - row1));
  const hi = Math.min(row1, col1);
  const logP = (x: number): number => logChoose(row1, x) + logChoose(n - row1, col1 - x) - logChoose(n, col1);
  const observed = logP(a);
  let p = 0;
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x);
    if (lp <= observed + 1e-7 * Math.abs(observed) + 1e-12) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** One trial's time: when it hung (`event`) or how long it ran without hanging (censored). */
export interface SurvivalObservation {
  /** ms (any unit works; the functions only compare and report it). */
  readonly time: number;
  /** true: the trial hung at `time`; false: it ended at `time` without hanging (censored). */
  readonly event: boolean;
}

/** One step of a Kaplan–Meier curve. */
interface SurvivalStep {
  /** An event time. */
  readonly time: number;
  /** Trials still running (not hung, not ended) just before `time`. */
  readonly atRisk: number;
  /** Trials that hung at `time`. */
  readonly events: number;
  /** Estimated probability of not having hung by `time` (inclusive). */
  readonly survival: number;
}

/** A Kaplan–Meier estimate. */
export interface SurvivalCurve {
  /** One step per distinct event time, in order; the curve is 1 before the first. */
  readonly steps: readonly SurvivalStep[];
  /** The first time the curve is at or below 0.5 (R `survfit`'s median when no step lands exactly on 0.5); null when it never is. */
  readonly median: number | null;
  /** The curve's value after the last observation. */
  readonly final: number;
}

/**
 * Kaplan–Meier product-limit estimate. At a time with both events and
 * censorings, the events come first (the usual convention, as R's survival
 * package).
 */
export function kaplanMeier(observations: readonly SurvivalObservation[]): SurvivalCurve {
  const sorted = [...observations].sort((x, y) => x.time - y.time || Number(y.event) - Number(x.event));
  let atRisk = sorted.length;
  let s = 1;
  const steps: SurvivalStep[] = [];
  let i = 0;
  while (i < sorted.length) {
    const t = sorted[i]?.time ?? 0;
    let events = 0;
    let leaving = 0;
    while (i < sorted.length && sorted[i]?.time === t) {
      if (sorted[i]?.event === true) events++;
      leaving++;
      i++;
    }
    if (events > 0) {
      s *= 1 - events / atRisk;
      steps.push({ time: t, atRisk, events, survival: s });
    }
    atRisk -= leaving;
  }
  const median = steps.find((st) => st.survival <= 0.5 + 1e-12)?.time ?? null;
  return { steps, median, final: s };
}

/** Upper tail of the standard normal, 2·Q(x) = erfc(x/√2) helper: erfc by Numerical Recipes' Chebyshev fit (relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** The log-rank test of two survival samples. */
export interface LogRank {
  /** Hangs observed in the first sample, and the number expected if both had the same hazard. */
  readonly observed1: number;
  readonly expected1: number;
  readonly observed2: number;
  readonly expected2: number;
  /** The chi-square statistic (1 degree of freedom). */
  readonly chiSquare: number;
  /** Its p-value. */
  readonly p: number;
}

/**
 * Log-rank (Mantel–Cox) test of two samples of censored times, with the
 * hypergeometric variance (as R's `survdiff` with rho = 0). Null when no
 * event happened at all (nothing to compare).
 */
export function logRank(first: readonly SurvivalObservation[], second: readonly SurvivalObservation[]): LogRank | null {
  const times = [...new Set([...first, ...second].filter((o) => o.event).map((o) => o.time))].sort((x, y) => x - y);
  if (times.length === 0) return null;
  let o1 = 0;
  let e1 = 0;
  let v = 0;
  let o2 = 0;
  for (const t of times) {
    const n1 = first.filter((o) => o.time >= t).length;
    const n2 = second.filter((o) => o.time >= t).length;
    const d1 = first.filter((o) => o.event && o.time === t).length;
    const d2 = second.filter((o) => o.event && o.time === t).length;
    const n = n1 + n2;
    const d = d1 + d2;
    o1 += d1;
    o2 += d2;
    e1 += (d * n1) / n;
    if (n > 1) v += (n1 * n2 * d * (n - d)) / (n * n * (n - 1));
  }
  const chiSquare = v > 0 ? (o1 - e1) ** 2 / v : 0;
  // A chi-square with 1 degree of freedom is a squared standard normal: P(χ² > c) = erfc(√(c/2)).
  return { observed1: o1, expected1: e1, observed2: o2, expected2: o1 + o2 - e1, chiSquare, p: v > 0 ? erfc(Math.sqrt(chiSquare / 2)) : 1 };
}

/**
 * One-sided 95% upper bound on a probability when an event was seen 0 times
 * in n independent trials: the exact (Clopper–Pearson) 1 − 0.05^(1/n), which
 * the "rule of three" approximates as 3/n.
 */
export function zeroInNUpperBound(n: number): number {
  return n <= 0 ? 1 : 1 - 0.05 ** (1 / n);
}

/**
 * The fewest trials per side for which a base hang rate `rate` against a
 * head with no hangs would come out significant at `alpha` with Fisher's
 * exact test (hangs on the base side rounded down: the pessimistic count).
 * Null when the rate is 0 (nothing to show) or more than `max` would be
 * needed.
 */
export function trialsNeeded(rate: number, alpha = 0.05, max = 1000): number | null {
  if (!(rate > 0)) return null;
  for (let n = 2; n <= max; n++) {
    const k = Math.floor(rate * n + 1e-9);
    if (k > 0 && fisherExact(k, n - k, 0, n) < alpha) return n;
  }
  return null;
}
