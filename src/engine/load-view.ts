/**
 * What the run loop reads: the load as a view. One {@link VuPool} in this
 * thread implements it directly; with `--workers` the coordinator's merged
 * view implements it from the workers' ticks. The loop (detector, timeline,
 * progress events, evidence, stop reasons, drain) is written once against
 * this interface, so a signal added to the view cannot be forgotten on one
 * side and still compile.
 */
import type { ConnectionEndTotals } from './connection-tally.js';
import type { ErrorKind } from '../protocol/adapter.js';
import type { MetricsSnapshot } from '../metrics/index.js';
import type { WaitingSnapshot } from '../hang/index.js';
import type { DetectorSignals } from './detector-signals.js';
import type { ErrorSample, OutageRecord, RunTotals, WaitSample } from './result.js';

/** Counters so far (totals, never deltas: a lost tick message loses nothing); what is still open, and the failed connects. */
/** The live counts (the connection-end tally is summed only at the end, from each pool's totals). */
export interface LoadCounts extends Omit<RunTotals, 'missedIterationsEstimate' | keyof ConnectionEndTotals> {
  /** connects that failed before a handshake (what tells an unreachable target) */
  readonly connectFailures: number;
  /** connections open now */
  readonly open: number;
}

/** Nothing counted yet: a run before its first tick, a worker before its first report. */
export const zeroLoadCounts: LoadCounts = {
  connects: 0,
  handshakes: 0,
  replies: 0,
  pushes: 0,
  closes: 0,
  iterations: 0,
  errors: 0,
  kicks: 0,
  connectFailures: 0,
  open: 0,
};

/**
 * Who waits where, in the detector's phase names. `openSilent` counts
 * connections with no reply yet past the stall threshold (timeline,
 * progress); `silent` every VU awaiting the first reply on its connection —
 * what tells an open-but-silent hang from a reply-stuck one, since VUs
 * reconnect after each reply timeout.
 */
export interface WaitingFacts {
  readonly total: number;
  readonly byPhase: Readonly<Record<string, number>>;
  readonly openSilent: number;
  readonly silent: number;
  /** waits older than the stall threshold */
  readonly stuck: number;
  /** VUs waiting for a push (counted with `reply` in `byPhase`) */
  readonly push: number;
}

/** What one tick of the loop reads. */
export interface LoadFacts {
  readonly counts: LoadCounts;
  readonly waiting: WaitingFacts;
  /**
   * What the hang detector is told is waiting: `waiting`, less the VUs dialling a target that every
   * connect finds unreachable (an outage in the making, issue #11) — they wait on a target that is
   * gone, not on a wedged one, so a slowly failing dial makes the run `target-lost`, never a hang.
   */
  readonly detectorWaiting: WaitingSnapshot;
}

/** What the view hands back at the end, for the result. */
export interface LoadTally {
  readonly totals: RunTotals;
  readonly connectFailures: number;
  readonly errorsByKind: Readonly<Record<ErrorKind, number>>;
  readonly errorSamples: readonly ErrorSample[];
  readonly metrics: MetricsSnapshot;
  readonly unfinishedByPhase: Readonly<Record<string, number>>;
  /** ms since `start` */
  readonly outages: readonly OutageRecord[];
}

export interface LoadView {
  /**
   * Starts the load at `startMs`; the VUs' progress and failed waits go to `signals`. Resolves when
   * every VU has finished on its own (its iterations done), never for a stop.
   */
  begin(startMs: number, signals: DetectorSignals): Promise<void>;
  /** This tick's facts (a local pool first ends the waits past their deadline). */
  facts(now: number): LoadFacts;
  /** p99 per phase for the live display (null: no sample yet); read only when progress is shown */
  p99(): Readonly<Record<string, number | null>>;
  /** True once, on the tick an outage reaches the hang window; then when it began, on the loop's clock. */
  outageDeclared(now: number): { readonly since: number } | null;
  /** Once a second, with the timeline sample (idle connections get their ping). */
  heartbeat(now: number): void;
  /** The `n` waits that have gone longest without progress (hang evidence). */
  oldestWaits(now: number, n: number): Promise<readonly WaitSample[]>;
  /** Ends the load: unfinished waits recorded, VUs told to stop, resolves when every VU has stopped. */
  stop(): Promise<void>;
  /** Closes what is still open (after the load's end is taken). */
  close(): Promise<void>;
  /** The counts, samples and histograms of the whole load; outages relative to `start`, open ones cut at `now`. */
  tally(now: number, start: number): LoadTally;
}
