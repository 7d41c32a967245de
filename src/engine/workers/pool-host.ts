/**
 * What a `--workers` thread does with its {@link VuPool}: runs it, ends
 * overdue waits on its own tick, and posts each tick's facts and detector
 * signals to the coordinator; stops when told (or when its VUs are done),
 * closes, and hands back its tally. No detector, no timeline, no stop
 * decisions: those are the run loop's, in the main thread. Apart from
 * worker-main.ts (the thread's wiring) so a test can host pools in-process
 * on a manual clock.
 */
import type { Clock, Scheduler } from '../clock.js';
import { SignalLog } from '../detector-signals.js';
import type { VuPool } from '../vu-pool.js';
import type { WaitSample } from '../result.js';
import type { WorkerResult, WorkerTick } from './messages.js';

export interface PoolHostOptions {
  readonly pool: VuPool;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly onTick: (t: WorkerTick) => void;
  /** p99s for the live display (progress shown) */
  readonly showP99: boolean;
  readonly tickMs?: number;
}

/** Idle connections get their ping this often, as the one-thread loop does with its timeline sample. */
const heartbeatEveryMs = 1000;
/** Percentiles for the display 4 times a second, not every tick (each one scans the histogram). */
const p99EveryMs = 250;

export class PoolHost {
  private readonly signals = new SignalLog();
  private stopRequested = false;
  private wakeStop: () => void = () => undefined;
  private lastHeartbeat = -Infinity;
  private lastP99At = -Infinity;
  private lastP99: WorkerTick['p99'] = null;

  constructor(private readonly o: PoolHostOptions) {}

  /** Stop the load (the coordinator's `stop`, also before `start`: the VUs then stop at once). */
  stop(): void {
    this.stopRequested = true;
    this.wakeStop();
  }

  /** The pool's oldest waits now (hang evidence, asked for by the coordinator). */
  oldest(n: number): WaitSample[] {
    return this.o.pool.oldestWaitsNow(this.o.clock.now(), n);
  }

  /** Runs the pool until it is told to stop or its VUs are done; then closes and tallies. */
  async run(): Promise<WorkerResult> {
    const { pool, clock } = this.o;
    const start = clock.now();
    this.lastHeartbeat = start;
    const done = pool.begin(start, this.signals);
    const stopAsked = new Promise<void>((resolve) => {
      this.wakeStop = resolve;
      if (this.stopRequested) resolve();
    });
    const cancelTick = this.o.scheduler.every(this.o.tickMs ?? 100, () => this.tick());
    await Promise.race([done, stopAsked]);
    await pool.stop();
    this.tick(); // the last counts and signals before the close
    cancelTick();
    const loadEndedAt = clock.now();
    await pool.close();
    return { ...pool.tally(loadEndedAt, start), loadStartedAt: start };
  }

  private tick(): void {
    const now = this.o.clock.now();
    const { pool } = this.o;
    const f = pool.facts(now);
    if (now - this.lastHeartbeat >= heartbeatEveryMs) {
      this.lastHeartbeat = now;
      pool.heartbeat(now);
    }
    if (this.o.showP99 && now - this.lastP99At >= p99EveryMs) {
      this.lastP99At = now;
      this.lastP99 = pool.p99();
    }
    this.o.onTick({
      ...f,
      now,
      counts: { ...f.counts }, // a snapshot: the pool's counters are live
      signals: this.signals.take(),
      outageSince: pool.outageOpenSince(now),
      p99: this.lastP99,
    });
  }
}
