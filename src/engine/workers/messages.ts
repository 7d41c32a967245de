/**
 * What the coordinator (main thread) and its worker threads say to each
 * other. Plain structured-clone data: per worker, one small tick message
 * every 100 ms and one result at the end — never a message per VU event.
 * Times are on the main thread's clock (workers add the difference of the
 * two `performance.timeOrigin`s).
 */
import type { RunConfig } from '../../config/run-config.js';
import type { AdapterSpec } from '../../protocol/create-adapter.js';
import type { ErrorKind } from '../../protocol/adapter.js';
import type { MetricsSnapshot } from '../../metrics/index.js';
import type { ErrorSample, OutageRecord, RunTotals, WaitSample } from '../result.js';

/** `workerData` of a worker thread. */
export interface WorkerInit {
  readonly workerNo: number;
  readonly config: RunConfig;
  readonly indices: readonly number[];
  readonly spec: AdapterSpec;
  readonly mainTimeOrigin: number;
}

/** One worker's counters so far (totals, not deltas: a lost message loses nothing). */
export interface WorkerCounts {
  readonly connects: number;
  readonly handshakes: number;
  readonly replies: number;
  readonly pushes: number;
  readonly closes: number;
  readonly iterations: number;
  readonly errors: number;
  readonly kicks: number;
  readonly connectFailures: number;
  readonly open: number;
}

export interface WorkerTick {
  readonly now: number;
  readonly waitingTotal: number;
  readonly waitingByPhase: Readonly<Record<string, number>>;
  readonly openSilent: number;
  readonly silent: number;
  readonly waitingPush: number;
  /** waits older than the stall threshold */
  readonly stuck: number;
  readonly counts: WorkerCounts;
  readonly lastProgressMs: number;
  /** p99 per phase for the live display, null when empty; only when progress is shown */
  readonly p99: Readonly<Record<string, number | null>> | null;
}

export interface WorkerResult {
  readonly metrics: MetricsSnapshot;
  readonly totals: RunTotals;
  readonly connectFailures: number;
  readonly errorsByKind: Readonly<Record<ErrorKind, number>>;
  readonly errorSamples: readonly ErrorSample[];
  readonly unfinishedByPhase: Readonly<Record<string, number>>;
  /** this thread's outages, ms after {@link loadStartedAt} */
  readonly outages: readonly OutageRecord[];
  /** when this thread's load began, on the main thread's clock */
  readonly loadStartedAt: number;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'fatal'; readonly message: string; readonly exit: string | null; readonly code: string | null; readonly hint: string | null }
  | { readonly type: 'tick'; readonly tick: WorkerTick }
  | { readonly type: 'oldest'; readonly waits: readonly WaitSample[] }
  | { readonly type: 'result'; readonly result: WorkerResult };

/** `abort-prepare`: Ctrl-C while tokens are fetched; the worker stops fetching and reports ready, to stop at once. */
export type ToWorker = { readonly type: 'start' } | { readonly type: 'stop' } | { readonly type: 'abort-prepare' } | { readonly type: 'oldest'; readonly n: number };
