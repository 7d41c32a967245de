/**
 * A VU's one current wait: a phase, when it started, its deadline, and the
 * promise it waits on. The engine's shared tick ends waits whose deadline has
 * passed; nothing here sets a timer.
 */
import type { VuPhase } from './result.js';

export type WaitOutcome<T> = { readonly state: 'done'; readonly value: T } | { readonly state: 'expired' } | { readonly state: 'stopped' };

export class VuWait {
  phase: VuPhase = 'starting';
  since = 0;
  /** Infinity: no deadline */
  deadline = Infinity;
  /** the connection is open and has never had a reply (the v3.5.1 symptom) */
  silentConnection = false;
  private settle: ((o: WaitOutcome<never>) => void) | null = null;

  /** Waits on `p` (or only on time when p is null) in `phase` until `deadline`. */
  wait<T>(phase: VuPhase, now: number, deadline: number, p: Promise<T> | null): Promise<WaitOutcome<T>> {
    this.phase = phase;
    this.since = now;
    this.deadline = deadline;
    return new Promise<WaitOutcome<T>>((resolve) => {
      let done = false;
      const finish = (o: WaitOutcome<T>): void => {
        if (done) return;
        done = true;
        this.settle = null;
        resolve(o);
      };
      this.settle = finish as (o: WaitOutcome<never>) => void;
      p?.then(
        (value) => finish({ state: 'done', value }),
        () => finish({ state: 'stopped' }),
      );
    });
  }

  /** Called by the tick: ends the wait when its deadline has passed. */
  expireIfDue(now: number): boolean {
    if (this.settle === null || now < this.deadline) return false;
    this.settle({ state: 'expired' });
    return true;
  }

  /** Ends the wait now (the run is stopping). */
  stop(): void {
    this.settle?.({ state: 'stopped' });
  }

  /** Whether the VU is currently blocked in a wait. */
  get waiting(): boolean {
    return this.settle !== null;
  }

  set(phase: VuPhase, now: number): void {
    this.phase = phase;
    this.since = now;
    this.deadline = Infinity;
  }
}
