/**
 * The `--trials N` loop: runs the same scenario up to N times, one after the
 * other, each trial a complete run with its own report (the caller starts a
 * fresh embedded gateway per trial, or reuses the URL target). Kept apart
 * from the engine on purpose: a trial is a whole run, and the engine knows
 * nothing of repetitions.
 */
import type { Report, ReportTrial, ReportTrials } from '../report/schema.js';
import { trialSummary, type TrialPlan } from '../report/trials/section.js';

/** What the loop needs from its caller. */
export interface TrialLoop {
  readonly plan: TrialPlan;
  /** Runs trial `index` (1-based) to its end, its own drain check included, and returns its report. */
  runTrial(index: number): Promise<Report>;
  /** True once the user interrupted (Ctrl-C): no further trial starts. */
  interrupted(): boolean;
  /** The `--between-trials` pause; must resolve early on an interrupt. */
  pause(ms: number): Promise<void>;
  /** Called after each trial with its summary (the per-trial line on stderr). */
  onTrial?(trial: ReportTrial, planned: number): void;
  /** True when no further trial may start after this one (its embedded gateway died): the loop stops with `error`. */
  broken?(report: Report): boolean;
}

/** Every trial run, in order, and why the loop stopped before `planned` (null: it did not). */
export interface TrialsOutcome {
  readonly reports: readonly Report[];
  readonly stoppedEarly: ReportTrials['stoppedEarly'];
  /** What stopped the loop when a trial after the first threw (the trials before it are kept); absent otherwise. */
  readonly error?: unknown;
}

/** Runs the trials; at least one runs, even when interrupted before it ended (its partial report is kept). */
export async function runTrials(loop: TrialLoop): Promise<TrialsOutcome> {
  const reports: Report[] = [];
  const { planned, untilHang, betweenTrialsMs } = loop.plan;
  for (let i = 1; i <= planned; i++) {
    let report: Report;
    try {
      report = await loop.runTrial(i);
    } catch (error) {
      // The first trial's failure is the run's failure; a later one must not cost the trials already run.
      if (reports.length === 0) throw error;
      return { reports, stoppedEarly: 'error', error };
    }
    reports.push(report);
    loop.onTrial?.(trialSummary(report, i), planned);
    if (loop.broken?.(report) === true) return { reports, stoppedEarly: i < planned ? 'error' : null };
    // Interrupted during the last trial still counts: that trial's report is partial.
    if (loop.interrupted() || report.verdict.status === 'interrupted') return { reports, stoppedEarly: 'interrupted' };
    if (untilHang && report.hang !== null) return { reports, stoppedEarly: i < planned ? 'until-hang' : null };
    if (i < planned && betweenTrialsMs > 0) {
      await loop.pause(betweenTrialsMs);
      if (loop.interrupted()) return { reports, stoppedEarly: 'interrupted' };
    }
  }
  return { reports, stoppedEarly: null };
}
