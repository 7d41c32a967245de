/**
 * What the engine hands back: plain data, JSON-serialisable. `report/`
 * turns it into the versioned Report; renderers read only that.
 */
import type { ErrorKind } from '../protocol/adapter.js';
import type { MetricsSnapshot } from '../metrics/index.js';
import type { TimelineJSON } from '../metrics/timeline.js';
import type { HangKind } from '../hang/kinds.js';
import type { OutageRecord } from './outage.js';
import type { ConnectionEndTotals } from './connection-tally.js';

export type { OutageRecord };
import type { HangDigest } from '../explain/report-digest.js';

/** Phases a VU can wait in (a VU is always in exactly one). */
export type VuPhase = 'starting' | 'connecting' | 'awaiting-reply' | 'awaiting-push' | 'closing' | 'thinking' | 'done';

/** Phases in which a VU is waiting on the target (progress is expected). */
export const waitingPhases: readonly VuPhase[] = ['connecting', 'awaiting-reply', 'awaiting-push', 'closing'];

export { timelineSeries, type TimelineSeries } from '../catalog/timeline-series.js';
import type { TimelineSeries } from '../catalog/timeline-series.js';

/** One waiting VU, for the "oldest waits" evidence. */
export interface WaitSample {
  readonly userID: string;
  readonly phase: VuPhase;
  /** how long the current wait has lasted (at most its timeout: a VU retries after each one) */
  readonly waitedMs: number;
  /** the connection got its 101 and never a reply */
  readonly openSilent: boolean;
  /** how long since this VU last got a reply or a push or finished an iteration (or since it started); absent in reports before 0.2 */
  readonly noProgressMs?: number;
  /** errors (timeouts, kicks, closes…) since that progress: the attempts it has already given up on; absent before 0.2 */
  readonly failedAttempts?: number;
}

/** Captured once, when a hang is declared, before anything else. */
export interface HangEvidence {
  readonly kind: HangKind;
  readonly title: string;
  readonly explanation: string;
  /** ms since the run started */
  readonly atMs: number;
  readonly noProgressSinceMs: number;
  readonly waitingByPhase: Readonly<Record<string, number>>;
  readonly openSilent: number;
  readonly openConnections: number;
  readonly serverOnline: number | null;
  readonly serverOnlineFrozen: boolean | null;
  readonly oldestWaits: readonly WaitSample[];
  /** Go goroutine dump (pprof debug=2) or the embedded gateway's task dump; truncated */
  readonly dump: { readonly source: string; readonly text: string; readonly truncated: boolean } | null;
  /** the embedded gateway's /stats at the hang, when available */
  readonly serverStats: unknown;
  /** the dump taken before the load began (for the diff); absent before 0.4, null when none */
  readonly baselineDump?: CapturedDump | null;
  /** the dump taken --evidence-gap after `dump` (stuck vs slow); absent before 0.4, null when none */
  readonly laterDump?: CapturedDump | null;
  /** the dumps digested and diffed (src/explain); absent before 0.4, null without a dump */
  readonly digest?: HangDigest | null;
}

/** A goroutine or task dump as kept in a report: its source and the text, cut at the probe's cap. */
export interface CapturedDump {
  readonly source: string;
  readonly text: string;
  readonly truncated: boolean;
}

interface StallRecord {
  readonly startMs: number;
  readonly lengthMs: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly wasHang: boolean;
}

export interface DrainResult {
  readonly checked: boolean;
  /** Why the check was not made (absent when `checked`, and in reports before 0.2): no online count to read, or Ctrl-C cut it short. */
  readonly notCheckedBecause?: 'no-online-count' | 'interrupted';
  readonly baseline: number | null;
  readonly final: number | null;
  /** final − baseline when positive: users the server believes online with no client */
  readonly ghosts: number;
  readonly waitedMs: number;
}

export interface ErrorSample {
  readonly atMs: number;
  readonly kind: ErrorKind;
  readonly userID: string;
  readonly message: string;
}

export type RunEnd = 'completed' | 'hang-abort' | 'interrupted' | 'target-unavailable';

/**
 * Counts over the whole run. The connection tally (`attempts`, `abandoned`, `closedCleanly`,
 * `closedByTimeout`, `cut`, `closedByServer`, see {@link ConnectionEndTotals}) is absent in reports
 * written before issue #18.
 */
export interface RunTotals extends Partial<ConnectionEndTotals> {
  /** Complete virtual-user iterations (connect → send → receive → disconnect). */
  readonly iterations: number;
  /** Connection attempts. */
  readonly connects: number;
  /** Completed handshakes. */
  readonly handshakes: number;
  /** Replies received. */
  readonly replies: number;
  /** Pushes received (send-message to another virtual user). */
  readonly pushes: number;
  /** Completed close handshakes. */
  readonly closes: number;
  /** Sessions kicked by the server (OpenIM 2002); counted, not tool failures. */
  readonly kicks: number;
  /** Errors of every kind (see {@link ReportErrors.byKind}). */
  readonly errors: number;
  /** Iterations stuck closed-loop VUs would have run at their usual pace (coordinated omission). */
  readonly missedIterationsEstimate: number;
}

export interface EngineResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly end: RunEnd;
  readonly totals: RunTotals;
  readonly errorsByKind: Readonly<Record<ErrorKind, number>>;
  readonly errorSamples: readonly ErrorSample[];
  readonly metrics: MetricsSnapshot;
  readonly timeline: TimelineJSON<TimelineSeries>;
  readonly stalls: readonly StallRecord[];
  readonly hang: HangEvidence | null;
  readonly drain: DrainResult;
  /** VUs still waiting when the run ended, by phase */
  readonly unfinishedByPhase: Readonly<Record<string, number>>;
  /** Outages (the target stopped being reachable for at least the hang window); absent in results of older code */
  readonly outages?: readonly OutageRecord[];
}
