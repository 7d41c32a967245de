/**
 * Plain-text lines of a `--trials` run for the terminal (the per-trial line
 * as each ends, and the section's summary after the run's own summary).
 */
import type { ReportProportion, ReportTrial, ReportTrials } from '../report/schema.js';
import { zeroInNUpperBound } from '../report/trials/stats.js';

const pct = (v: number): string => `${Math.round(v * 100)}%`;
const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const int = (n: number): string => n.toLocaleString('en-US');

/** `4 of 5 (80%, 95% CI 38–96%)` */
export function proportionText(p: ReportProportion): string {
  return `${p.k} of ${p.n} (${pct(p.rate)}, 95% CI ${pct(p.low)}–${pct(p.high)})`;
}

/** Where a hung trial's users were waiting, e.g. `reply 87, close 3`. */
export function waitingText(w: Readonly<Record<string, number>>): string {
  return Object.entries(w)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([phase, n]) => `${phase} ${n}`)
    .join(', ');
}

/** One trial: `trial 2/5: hang at 12.3 s (no-reply; waiting: reply 87) after 4,512 iterations, 120 kicks`. */
export function trialLine(t: ReportTrial, planned: number): string {
  const head = `trial ${t.index}/${planned}: `;
  const tail = `${int(t.iterations)} iterations, ${int(t.kicks)} kick${t.kicks === 1 ? '' : 's'}${t.ghosts > 0 ? `, ${t.ghosts} ghost${t.ghosts === 1 ? '' : 's'}` : ''}${t.errors > 0 ? `, ${int(t.errors)} errors` : ''}`;
  if (t.timeToHangMs !== null) {
    const where = waitingText(t.waitingByPhase);
    const stopped = t.stoppedProgressAtMs == null ? '' : `, progress stopped at ${sec(t.stoppedProgressAtMs)}`;
    return `${head}HANG at ${sec(t.timeToHangMs)}${stopped} (${t.hangKind ?? 'hang'}${where === '' ? '' : `; waiting: ${where}`}) after ${tail}`;
  }
  return `${head}${t.verdict} in ${sec(t.durationMs)}: ${tail}`;
}

/** The section summarised in a few lines. */
export function trialsSummaryLines(s: ReportTrials): string[] {
  const ran = s.list.length;
  const out = [
    `trials: ${ran} of ${s.planned} run${s.stoppedEarly === 'until-hang' ? ' (stopped at the first hang: --until-hang)' : s.stoppedEarly === 'interrupted' ? ' (interrupted)' : s.stoppedEarly === 'error' ? ' (stopped by an error: see below)' : ''}`,
  ];
  const unjudged = s.list.length - s.hang.n;
  if (unjudged > 0)
    out.push(
      `  not judged: ${unjudged} trial${unjudged === 1 ? '' : 's'} interrupted, or whose target was unavailable or lost (they do not count as trials that did not hang)`,
    );
  out.push(`  hung:   ${proportionText(s.hang)}`);
  out.push(`  leaked: ${proportionText(s.leak)}`);
  if (s.hang.k > 0) {
    out.push(
      `  time to hang (Kaplan–Meier): ${s.survival.medianMs === null ? 'median not reached (fewer than half hung)' : `median ${sec(s.survival.medianMs)}`}; ${pct(s.survival.aliveAtEnd)} estimated still running at the end`,
    );
  } else if (s.hang.n > 0) {
    out.push(
      `  no hang in ${s.hang.n} trials: the hang probability is below ${pct(zeroInNUpperBound(s.hang.n))} with 95% confidence (one-sided; rule of three: about 3/N)`,
    );
  }
  for (const t of s.list) out.push(`  ${trialLine(t, s.planned)}`);
  const d = s.list[s.detailTrial - 1];
  if (d !== undefined && ran > 1)
    out.push(`  the report's details (timeline, evidence) are trial ${d.index}'s${d.timeToHangMs !== null ? ', the first that hung' : ''}`);
  return out;
}
