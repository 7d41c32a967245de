/**
 * The `trials` section of a `--trials N` report, built from the trials' own
 * reports (pure: no clock, no I/O). The combined report is the full report
 * of one trial — the first that hung, else the first with the worst verdict —
 * plus this section, so the verdict and exit code are the worst of any trial
 * (or `interrupted` when Ctrl-C stopped the trials, as for one run) and a
 * 50-trial report keeps one trial's timeline and evidence, not fifty.
 */
import type { Report, ReportProportion, ReportTrial, ReportTrials } from '../schema.js';
import type { VerdictStatus } from '../verdict.js';
import { ExitCode } from '../../errors.js';
import { kaplanMeier, wilson, type SurvivalObservation } from './stats.js';

/** How the trials were asked for. */
export interface TrialPlan {
  readonly planned: number;
  readonly untilHang: boolean;
  readonly betweenTrialsMs: number;
}

/**
 * How bad each verdict is when choosing the trial that speaks for the run:
 * the run's exit code is the worst trial's (hang first, as in the verdict
 * precedence); `interrupted` only wins when nothing else happened, since an
 * interrupt stops the trials and says nothing about the target.
 */
const badness: Readonly<Record<VerdictStatus, number>> = {
  ok: 0,
  'thresholds-failed': 1,
  leak: 2,
  interrupted: 3,
  'target-unavailable': 4,
  'target-lost': 4,
  hang: 5,
};

/** One trial's summary line from its report. */
export function trialSummary(report: Report, index: number): ReportTrial {
  const h = report.hang;
  return {
    index,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    end: report.end,
    verdict: report.verdict.status,
    exitCode: report.verdict.exitCode,
    timeToHangMs: h === null ? null : h.atMs,
    stoppedProgressAtMs: h === null ? null : h.noProgressSinceMs,
    hangKind: h === null ? null : h.kind,
    hangTitle: h === null ? null : h.title,
    waitingByPhase: h === null ? {} : { ...h.waitingByPhase },
    iterations: report.totals.iterations,
    kicks: report.totals.kicks,
    errors: report.totals.errors,
    ghosts: report.drain.checked ? report.drain.ghosts : 0,
  };
}

/** k of n with its 95% Wilson interval. */
export function proportion(k: number, n: number): ReportProportion {
  const i = wilson(k, n);
  return { k, n, rate: n > 0 ? k / n : 0, low: i.low, high: i.high };
}

/** Verdicts that say nothing about whether the target hangs: stopped by the user, or the target not there to test. */
const unjudgedVerdicts: ReadonlySet<string> = new Set(['interrupted', 'target-unavailable', 'target-lost']);

/**
 * Trials that count towards the rates. An interrupted trial was stopped by the user; a trial whose target
 * could not be reached or was lost did not test it, so it must not count as "did not hang" (a build that
 * crashes would otherwise read as fixed, issue #11).
 */
export function judged(list: readonly ReportTrial[]): ReportTrial[] {
  return list.filter((t) => !unjudgedVerdicts.has(t.verdict));
}

/** Each judged trial as a survival observation: hung at its time to hang, or censored at its duration. */
export function survivalObservations(list: readonly ReportTrial[]): SurvivalObservation[] {
  return judged(list).map((t) => (t.timeToHangMs === null ? { time: t.durationMs, event: false } : { time: t.timeToHangMs, event: true }));
}

/** The section from every trial's summary. */
function trialsSection(
  list: readonly ReportTrial[],
  plan: TrialPlan,
  detailTrial: number,
  stoppedEarly: ReportTrials['stoppedEarly'],
): ReportTrials {
  const j = judged(list);
  const km = kaplanMeier(survivalObservations(list));
  return {
    planned: plan.planned,
    untilHang: plan.untilHang,
    betweenTrialsMs: plan.betweenTrialsMs,
    stoppedEarly,
    detailTrial,
    hang: proportion(j.filter((t) => t.timeToHangMs !== null).length, j.length),
    // A wedged gateway cannot drain: its ghosts follow from the hang and are not counted as a leak of their own.
    leak: proportion(j.filter((t) => t.ghosts > 0 && t.timeToHangMs === null).length, j.length),
    survival: {
      steps: km.steps.map((s) => ({ atMs: s.time, atRisk: s.atRisk, hung: s.events, survival: s.survival })),
      medianMs: km.median,
      aliveAtEnd: km.final,
    },
    list,
  };
}

/** Index (0-based) of the trial whose report speaks for the run: the first that hung, else the first with the worst verdict. */
function detailIndex(reports: readonly Report[]): number {
  let best = 0;
  reports.forEach((r, i) => {
    const current = reports[best];
    if (current !== undefined && badness[r.verdict.status] > badness[current.verdict.status]) best = i;
  });
  return best;
}

/**
 * The one report of a `--trials` run: the detail trial's report with the
 * `trials` section added. `reports` holds every trial run, in order (at
 * least one).
 */
export function combineTrials(reports: readonly Report[], plan: TrialPlan, stoppedEarly: ReportTrials['stoppedEarly']): Report {
  const i = detailIndex(reports);
  const detail = reports[i];
  if (detail === undefined) throw new Error('combineTrials: no trial report');
  const list = reports.map((r, n) => trialSummary(r, n + 1));
  const trials = trialsSection(list, plan, i + 1, stoppedEarly);
  if (stoppedEarly !== 'interrupted') return { ...detail, trials };
  // As for one run, an interrupt wins (design.md precedence): the trials are partial. Each trial keeps its own verdict in the list.
  const why = `stopped by Ctrl-C / SIGTERM after ${reports.length} of ${plan.planned} trials: the report is partial`;
  const verdict = {
    status: 'interrupted' as const,
    exitCode: ExitCode.interrupted,
    reasons: [why, ...detail.verdict.reasons.filter((r) => r !== why)],
  };
  return { ...detail, interrupted: true, verdict, trials };
}

/**
 * A report's trials for `compare`: the `trials` list of a `--trials` report,
 * or the report itself as one trial.
 */
export function reportTrials(report: Report): readonly ReportTrial[] {
  return report.trials?.list ?? [trialSummary(report, 1)];
}
