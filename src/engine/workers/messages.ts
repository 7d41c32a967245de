/**
 * What the coordinator (main thread) and its worker threads say to each
 * other. Plain structured-clone data: per worker, one small tick message
 * every 100 ms and one result at the end — never a message per VU event.
 * Times are on the main thread's clock (workers add the difference of the
 * two `performance.timeOrigin`s).
 */
import type { RunConfig } from '../../config/run-config.js';
import type { AdapterSpec } from '../../protocol/create-adapter.js';
import type { WaitSample } from '../result.js';
import type { LoadFacts, LoadTally } from '../load-view.js';
import type { SignalRun } from '../detector-signals.js';

/** `workerData` of a worker thread. */
export interface WorkerInit {
  readonly workerNo: number;
  readonly config: RunConfig;
  readonly indices: readonly number[];
  readonly spec: AdapterSpec;
  readonly mainTimeOrigin: number;
}

/**
 * What a worker's pool saw at one of its ticks: the facts the run loop reads (the same type: a fact
 * added to the view must be sent and merged, or nothing compiles), and the detector signals since the
 * last tick.
 */
export interface WorkerTick extends LoadFacts {
  readonly now: number;
  /** progress and failed waits since the last tick, in order (see detector-signals.ts) */
  readonly signals: readonly SignalRun[];
  /** when this thread's open outage began (null: none at least the hang window long) */
  readonly outageSince: number | null;
  /** p99 per phase for the live display, null when empty; only when progress is shown */
  readonly p99: Readonly<Record<string, number | null>> | null;
}

/** A worker's tally at its end (outages ms after {@link loadStartedAt}). */
export interface WorkerResult extends LoadTally {
  /** when this thread's load began, on the main thread's clock */
  readonly loadStartedAt: number;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | {
      readonly type: 'fatal';
      readonly message: string;
      readonly exit: string | null;
      readonly code: string | null;
      readonly hint: string | null;
    }
  | { readonly type: 'tick'; readonly tick: WorkerTick }
  | { readonly type: 'oldest'; readonly waits: readonly WaitSample[] }
  | { readonly type: 'result'; readonly result: WorkerResult };

/** `abort-prepare`: Ctrl-C while tokens are fetched; the worker stops fetching and reports ready, to stop at once. */
export type ToWorker =
  | { readonly type: 'start' }
  | { readonly type: 'stop' }
  | { readonly type: 'abort-prepare' }
  | { readonly type: 'oldest'; readonly n: number };
