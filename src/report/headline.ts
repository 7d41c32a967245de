/**
 * The headline numbers of a report, computed so that they agree with the
 * verdict. A hang that is still going when the run stops is not in
 * `report.stalls` (those are pauses that ended) and its stuck users never
 * got a reply, so the completed-reply percentiles alone read "0 stalls,
 * reply p99 459ms" next to a HANG in which 100 users never got an answer.
 * Here the ongoing hang counts as a stall, the longest wait includes the
 * unfinished waits (the `stall` histogram holds them), and the reply p99 is
 * given both over completed replies and counting the replies that never came.
 * Every renderer (terminal, HTML, markdown) shows these, not its own sums.
 */
import { LatencyHistogram, PHASES } from '../metrics/index.js';
import type { Report } from './schema.js';

/** Headline figures of one report. */
export interface Headline {
  /** Recorded stalls plus the hang when the run ended inside it. */
  readonly stalls: number;
  /** The run ended while hung (the hang is counted in {@link stalls} and its waits never finished). */
  readonly endedHung: boolean;
  /** The longest any virtual user waited in one phase, unfinished waits included (ms; null: nothing measured). */
  readonly longestWaitMs: number | null;
  /** Replies that arrived. */
  readonly repliesCompleted: number;
  /** Reply waits that never ended in a reply: timed out, or still waiting when the run ended hung. */
  readonly repliesNever: number;
  /** Reply p99 over the replies that arrived (null: none). */
  readonly replyP99CompletedMs: number | null;
  /**
   * Reply p99 counting the replies that never came as slower than any that
   * did: a number when they are under 1% of all reply waits, `'never'` when
   * the 99th-percentile wait never got a reply, null with no reply waits at all.
   */
  readonly replyP99AllMs: number | 'never' | null;
}

const isReplyPhase = (p: string): boolean => p === 'reply' || p === 'awaiting-reply';

/** The headline figures of `report` (see the module comment for why they differ from the raw fields). */
export function headline(report: Report): Headline {
  const endedHung = report.hang !== null && !report.stalls.some((s) => s.wasHang);
  const stalls = report.stalls.length + (endedHung ? 1 : 0);
  let longest: number | null = null;
  for (const p of PHASES) {
    const raw = (report.phases as Partial<Report['phases']>)[p]?.raw;
    if (raw === undefined || raw.count === 0 || p === 'iteration') continue;
    longest = Math.max(longest ?? 0, raw.max);
  }
  const reply = report.phases.reply;
  const completed = reply.raw.count;
  // Still-waiting users are "never" only at a hang: at a normal end they are replies in flight.
  const unfinished = endedHung
    ? Object.entries(report.unfinishedByPhase)
        .filter(([p]) => isReplyPhase(p))
        .reduce((a, [, n]) => a + n, 0)
    : 0;
  const never = (report.errors.byKind['reply-timeout'] ?? 0) + unfinished;
  const p99Completed = completed > 0 ? reply.raw.p99 : null;
  return {
    stalls,
    endedHung,
    longestWaitMs: longest,
    repliesCompleted: completed,
    repliesNever: never,
    replyP99CompletedMs: p99Completed,
    replyP99AllMs: replyP99All(reply.histogram, reply.clamped, completed, never),
  };
}

/** p99 over completed + never, the never-replied ranked last. */
function replyP99All(histogram: string, clamped: number, completed: number, never: number): number | 'never' | null {
  const total = completed + never;
  if (total === 0) return null;
  const rank = Math.ceil(0.99 * total);
  if (rank > completed) return 'never';
  if (never === 0) return null; // the same as the completed p99: nothing to add
  // The rank-th smallest of the completed replies is their (rank / completed) percentile.
  return LatencyHistogram.decode(histogram, clamped).percentileMs((rank / completed) * 100);
}
