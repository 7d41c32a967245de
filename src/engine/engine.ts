/**
 * A run in this thread: the one {@link RunLoop} over one {@link VuPool}.
 * `--workers` runs the same loop over the workers' merged ticks
 * (workers/coordinator.ts); this is the single-thread entry point the CLI,
 * the trials and the benchmarks call.
 */
import type { Adapter, VuIdentity } from '../protocol/adapter.js';
import { VuPool } from './vu-pool.js';
import { RunLoop, type EngineEvent, type RunLoopOptions } from './run-loop.js';

export type { EngineEvent };
export { vuIdentities } from './vu-pool.js';

export interface EngineOptions extends RunLoopOptions {
  readonly adapter: Adapter;
  /** The global VU indices this engine drives (a `--shard`); default every index of the pool, `0 … users − 1`. */
  readonly vuIndices?: readonly number[];
  /** false: record no latency histograms and no timeline (the overhead benchmark's "without recording" leg). Default true. */
  readonly recording?: boolean;
}

export class Engine extends RunLoop {
  /** the VUs, their counters and recorder (what a worker thread runs too) */
  readonly pool: VuPool;

  constructor(o: EngineOptions) {
    const recording = o.recording ?? true;
    const pool = new VuPool({
      config: o.config,
      adapter: o.adapter,
      clock: o.clock,
      recording,
      ...(o.vuIndices === undefined ? {} : { vuIndices: o.vuIndices }),
    });
    super(pool, { ...o, recording });
    this.pool = pool;
  }

  /** The VUs' identities (for adapter.prepare before run). */
  get identities(): readonly VuIdentity[] {
    return this.pool.identities;
  }
}
