/**
 * "Is it fixed?": the hang rates of two reports compared as trials (a
 * `--trials` report's list, or a single run as one trial), with Fisher's
 * exact test, the change in hang probability with its interval, and the
 * log-rank test of time to hang when both sides hung. The conclusion is
 * stated in words; `compare` turns a significant rise into a regression.
 */
import type { Report, ReportProportion } from '../schema.js';
import { judged, proportion, reportTrials, survivalObservations } from './section.js';
import { fisherExact, kaplanMeier, logRank, proportionDifference, trialsNeeded, zeroInNUpperBound } from './stats.js';

/** Significance level of every conclusion (95% confidence). */
const ALPHA = 0.05;

/** What the numbers say, as a word. */
type TrialsConclusion = 'one-run' | 'fixed' | 'better' | 'worse' | 'no-hangs' | 'not-enough-evidence';

/** The hang rates of base (before) and head (after) compared. */
export interface TrialsComparison {
  readonly base: ReportProportion;
  readonly head: ReportProportion;
  /** Fisher's exact test, two-sided, of the two hang counts. */
  readonly fisherP: number;
  /** head rate − base rate, with Newcombe's 95% hybrid score interval. */
  readonly difference: { readonly estimate: number; readonly low: number; readonly high: number };
  /** Median time to hang (Kaplan–Meier, ms) of each side; null when fewer than half its trials hung. */
  readonly medianMs: { readonly base: number | null; readonly head: number | null };
  /** Log-rank test of time to hang; only when both sides hung at least once. */
  readonly logRank: { readonly chiSquare: number; readonly p: number } | null;
  readonly conclusion: TrialsConclusion;
  /** Trials per side that could show a difference at the observed rate; null when not applicable. */
  readonly trialsNeeded: number | null;
  /** The conclusion in one sentence, e.g. `fixed with 95% confidence: 10/10 hung before, 0/10 after (p = 1.1e-5)`. */
  readonly text: string;
  /** Head's hang rate is significantly higher than base's (a regression by default). */
  readonly significantlyWorse: boolean;
}

/** A p-value for people: two significant digits, an exponent below 0.001, `1.0` at the top. */
export function formatP(p: number): string {
  if (p >= 0.9995) return '1.0';
  if (p < 0.001) return p.toExponential(1).replace('e-', 'e-');
  return String(Number(p.toPrecision(2)));
}

const frac = (p: ReportProportion): string => `${p.k}/${p.n}`;
const secs = (ms: number | null): string => (ms === null ? 'not reached' : `${(ms / 1000).toFixed(1)} s`);

/** Compares the trials of two reports. */
export function compareTrials(baseReport: Report, headReport: Report): TrialsComparison {
  const bt = reportTrials(baseReport);
  const ht = reportTrials(headReport);
  const bj = judged(bt);
  const hj = judged(ht);
  const base = proportion(bj.filter((t) => t.timeToHangMs !== null).length, bj.length);
  const head = proportion(hj.filter((t) => t.timeToHangMs !== null).length, hj.length);
  const fisherP = fisherExact(base.k, base.n - base.k, head.k, head.n - head.k);
  const d = proportionDifference(head.k, head.n, base.k, base.n);
  const bObs = survivalObservations(bt);
  const hObs = survivalObservations(ht);
  const lr = base.k > 0 && head.k > 0 ? logRank(bObs, hObs) : null;
  const significant = fisherP < ALPHA;
  const oneRun = base.n <= 1 && head.n <= 1;
  let conclusion: TrialsConclusion;
  let needed: number | null = null;
  let text: string;
  const counts = `${frac(base)} hung before, ${frac(head)} after (p = ${formatP(fisherP)})`;
  if (oneRun) {
    conclusion = 'one-run';
    text =
      `one run on each side (${base.k > 0 ? 'hung' : 'no hang'} before, ${head.k > 0 ? 'hung' : 'no hang'} after): one run cannot show a fix — ` +
      'the wedge is a race and a buggy build often runs clean; run both sides with --trials 10 or more';
  } else if (significant && head.rate < base.rate) {
    conclusion = head.k === 0 ? 'fixed' : 'better';
    text = `${head.k === 0 ? 'fixed' : 'hangs less often'} with 95% confidence: ${counts}`;
  } else if (significant) {
    conclusion = 'worse';
    text = `hangs MORE often with 95% confidence: ${counts}`;
  } else if (base.k === 0 && head.k === 0) {
    conclusion = 'no-hangs';
    text = `no hang on either side: ${frac(base)} before, ${frac(head)} after; zero in ${Math.min(base.n, head.n)} trials puts the hang probability below ${Math.round(100 * zeroInNUpperBound(Math.min(base.n, head.n)))}% (95%)`;
  } else {
    conclusion = 'not-enough-evidence';
    needed = trialsNeeded(Math.max(base.rate, head.rate), ALPHA);
    const advice =
      needed === null ? 'the difference, if any, is too small to show with trials' : `run at least ${needed} trials on each side`;
    text = `not enough evidence: ${frac(base)} vs ${frac(head)} hung (p = ${formatP(fisherP)}); ${advice}`;
  }
  if (lr !== null) {
    text += `; time to hang: median ${secs(kaplanMeier(bObs).median)} before, ${secs(kaplanMeier(hObs).median)} after (log-rank p = ${formatP(lr.p)})`;
  }
  return {
    base,
    head,
    fisherP,
    difference: { estimate: d.estimate, low: d.low, high: d.high },
    medianMs: { base: kaplanMeier(bObs).median, head: kaplanMeier(hObs).median },
    logRank: lr === null ? null : { chiSquare: lr.chiSquare, p: lr.p },
    conclusion,
    trialsNeeded: needed,
    text,
    significantlyWorse: significant && head.rate > base.rate,
  };
}

/** The change in hang probability in percentage points with its interval: `−100 points (95% CI −100 to −48)`. */
export function differenceText(c: TrialsComparison): string {
  const pts = (v: number): string => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(Math.round(v * 100))}`;
  return `${pts(c.difference.estimate)} points (95% CI ${pts(c.difference.low)} to ${pts(c.difference.high)})`;
}
