/**
 * The trial statistics against published values, each written down with its
 * source (never against the code's own output):
 *
 * - Wilson score intervals: Newcombe RG (1998), "Two-sided confidence
 *   intervals for the single proportion: comparison of seven methods",
 *   Statistics in Medicine 17:857–872, Table I, method 3 (81/263, 15/148,
 *   0/20, 1/29).
 * - Newcombe hybrid score interval for a difference: Newcombe RG (1998),
 *   "Interval estimation for the difference between independent
 *   proportions", Statistics in Medicine 17:873–890, Table II, method 10,
 *   example (a) 56/70 − 48/80 → 0.0524 to 0.3339.
 * - Fisher's exact test: Fisher's tea-tasting table [[3, 1], [1, 3]]; R
 *   `fisher.test(matrix(c(3,1,1,3), 2))` prints p-value = 0.4857 (= 34/70).
 *   10/10 vs 0/10: 2 / choose(20, 10) = 1.0825e-5 (R prints 1.083e-05);
 *   5/5 vs 0/5: 2 / choose(10, 5) = 0.007937.
 * - Kaplan–Meier and log-rank: Freireich et al. (1963) 6-MP remission data,
 *   as in R's survival package (`gehan`, and the `MASS::gehan` example):
 *   `survfit(Surv(time, cens) ~ treat, data = gehan)` 6-MP arm: S = 0.857 at
 *   6, 0.807 at 7, 0.753 at 10, 0.690 at 13, 0.627 at 16, 0.538 at 22, 0.448
 *   at 23, median 23; control median 8. `survdiff(Surv(time, cens) ~ treat,
 *   data = gehan)`: 6-MP observed 9, expected 19.3; control observed 21,
 *   expected 10.7; Chisq = 16.8 on 1 df, p = 4.17e-05.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fisherExact,
  kaplanMeier,
  logRank,
  proportionDifference,
  trialsNeeded,
  wilson,
  zeroInNUpperBound,
} from '../../src/report/trials/stats.js';
import type { SurvivalObservation } from '../../src/report/trials/stats.js';

const near = (actual: number, expected: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

test('Wilson score intervals match Newcombe 1998 Table I (method 3)', () => {
  const table: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, low, high] of table) {
    const i = wilson(k, n);
    near(i.low, low, 0.00006, `${k}/${n} low`);
    near(i.high, high, 0.00006, `${k}/${n} high`);
  }
});

test('the Newcombe hybrid score interval for 56/70 − 48/80 is 0.0524 to 0.3339 (Newcombe 1998, Table II, method 10)', () => {
  const d = proportionDifference(56, 70, 48, 80);
  near(d.estimate, 0.2, 1e-12, 'estimate');
  near(d.low, 0.0524, 0.00006, 'low');
  near(d.high, 0.3339, 0.00006, 'high');
});

test("Fisher's exact test, two-sided, matches R's fisher.test", () => {
  near(fisherExact(3, 1, 1, 3), 0.4857, 0.00005, 'tea tasting');
  near(fisherExact(10, 0, 0, 10), 1.0825e-5, 1e-8, '10/10 vs 0/10');
  near(fisherExact(0, 10, 10, 0), 1.0825e-5, 1e-8, '0/10 vs 10/10 (symmetric)');
  near(fisherExact(5, 0, 0, 5), 0.0079365, 1e-6, '5/5 vs 0/5');
  near(fisherExact(1, 2, 0, 3), 1, 1e-9, '1/3 vs 0/3 is no evidence at all');
  assert.equal(fisherExact(0, 0, 0, 0), 1);
});

// Freireich 6-MP arm: weeks of remission, + = censored (still in remission).
const sixMP: SurvivalObservation[] = [6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35].map(
  (t) => ({ time: Math.abs(t), event: t > 0 }),
);
const control: SurvivalObservation[] = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23].map((t) => ({
  time: t,
  event: true,
}));

test('Kaplan–Meier on the Freireich 6-MP data matches survfit', () => {
  const km = kaplanMeier(sixMP);
  const expected: [number, number, number, number][] = [
    // time, at risk, events, survival (R prints 3 decimals)
    [6, 21, 3, 0.857],
    [7, 17, 1, 0.807],
    [10, 15, 1, 0.753],
    [13, 12, 1, 0.69],
    [16, 11, 1, 0.627],
    [22, 7, 1, 0.538],
    [23, 6, 1, 0.448],
  ];
  assert.equal(km.steps.length, expected.length);
  expected.forEach(([time, atRisk, events, s], i) => {
    const step = km.steps[i];
    assert.ok(step !== undefined);
    assert.deepEqual([step.time, step.atRisk, step.events], [time, atRisk, events]);
    near(step.survival, s, 0.0005, `S(${time})`);
  });
  assert.equal(km.median, 23);
  near(km.final, 0.448, 0.0005, 'final');
  assert.equal(kaplanMeier(control).median, 8);
  assert.equal(kaplanMeier(control).final, 0);
});

test('log-rank on the Freireich data matches survdiff (Chisq 16.8, p = 4.17e-05)', () => {
  const r = logRank(sixMP, control);
  assert.ok(r !== null);
  assert.equal(r.observed1, 9);
  assert.equal(r.observed2, 21);
  near(r.expected1, 19.25, 0.05, 'expected 6-MP');
  near(r.expected2, 10.75, 0.05, 'expected control');
  near(r.chiSquare, 16.8, 0.05, 'chi-square');
  near(r.p, 4.17e-5, 0.01e-5, 'p');
  assert.equal(logRank([{ time: 5, event: false }], [{ time: 6, event: false }]), null, 'no event: nothing to test');
});

test('zero in N: the exact 95% bound and the rule of three agree to within a few points', () => {
  // 1 − 0.05^(1/N): N = 5 → 0.451, 10 → 0.259, 30 → 0.0950 (Hanley & Lippman-Hand 1983, "If nothing goes wrong, is everything all right?", JAMA 249:1743).
  near(zeroInNUpperBound(5), 0.451, 0.0005, 'N = 5');
  near(zeroInNUpperBound(10), 0.259, 0.0005, 'N = 10');
  near(zeroInNUpperBound(30), 0.095, 0.0005, 'N = 30');
  for (const n of [5, 10, 30]) assert.ok(zeroInNUpperBound(n) < 3 / n);
});

test('trialsNeeded is the smallest N whose all-vs-none table is significant', () => {
  // Every base trial hung: 4/4 vs 0/4 has p = 2/70 = 0.029 < 0.05, 3/3 vs 0/3 has p = 0.1.
  assert.equal(trialsNeeded(1), 4);
  const n = trialsNeeded(1 / 3);
  assert.ok(n !== null);
  const k = Math.floor(n / 3);
  assert.ok(fisherExact(k, n - k, 0, n) < 0.05);
  const k1 = Math.floor((n - 1) / 3);
  assert.ok(fisherExact(k1, n - 1 - k1, 0, n - 1) >= 0.05);
  assert.equal(trialsNeeded(0), null);
});
