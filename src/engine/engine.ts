/**
 * A run in this thread: one {@link VuPool} read by the one {@link RunLoop}.
 * `--workers` runs the same loop over the workers' merged ticks
 * (workers/coordinator.ts); this is the single-thread entry point the CLI,
 * the trials and the benchmarks call.
 */
import type { Adapter, VuIdentity } from '../protocol/adapter.js';
import type { RunConfig } from '../config/run-config.js';
import type { Clock } from './clock.js';
import type { EngineResult, HangEvidence } from './result.js';
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

export class Engine {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  /** the VUs, their counters and recorder (what a worker thread runs too) */
  readonly pool: VuPool;
  private readonly loop: RunLoop;

  constructor(o: EngineOptions) {
    this.config = o.config;
    this.adapter = o.adapter;
    this.clock = o.clock;
    const recording = o.recording ?? true;
    this.pool = new VuPool({ config: o.config, adapter: o.adapter, clock: o.clock, recording, ...(o.vuIndices === undefined ? {} : { vuIndices: o.vuIndices }) });
    this.loop = new RunLoop(this.pool, { ...o, recording });
  }

  /** The VUs' identities (for adapter.prepare before run). */
  get identities(): readonly VuIdentity[] {
    return this.pool.identities;
  }

  /** The hang declared so far (null: none). */
  get hang(): HangEvidence | null {
    return this.loop.hangEvidence;
  }

  /** Ask the run to stop (Ctrl-C): graceful, with a partial result. */
  interrupt(): void {
    this.loop.interrupt();
  }

  /** Runs to the end; never rejects for target behaviour. */
  run(): Promise<EngineResult> {
    return this.loop.run();
  }

  /** One tick of the loop (tests on a manual clock drive it through the scheduler). */
  tick(): void {
    this.loop.tick();
  }
}
