/**
 * A VU's one current wait: a phase, when it started, its deadline, and the
 * promise it waits on. The engine's shared tick ends waits whose deadline has
 * passed; nothing here sets a timer.
 *
 * One VuWait per VU, reused for every wait: with 1,000 VUs each blocked for
 * most of a cycle, whatever a wait allocates lives long enough to be promoted
 * to the old generation, so a wait costs one promise and one reaction on the
 * awaited promise — no per-wait settle closures, no `done` flags, and the
 * expired/stopped outcomes are shared constants.
 */
import type { VuPhase } from './result.js';

export type WaitOutcome<T> = { readonly state: 'done'; readonly value: T } | { readonly state: 'expired' } | { readonly state: 'stopped' };

const expired: WaitOutcome<never> = Object.freeze({ state: 'expired' });
const stopped: WaitOutcome<never> = Object.freeze({ state: 'stopped' });

export class VuWait {
  phase: VuPhase = 'starting';
  since = 0;
  /** Infinity: no deadline */
  deadline = Infinity;
  /** the connection is open and has never had a reply (the v3.5.1 symptom) */
  silentConnection = false;
  /** resolves the current wait; null when the VU is not waiting */
  private settle: ((o: WaitOutcome<unknown>) => void) | null = null;
  /** what the current wait waits on: a late answer to an earlier, ended wait is told apart by identity */
  private awaited: Promise<unknown> | null = null;
  /** the Promise executor, made once per VU */
  private readonly capture = (resolve: (o: WaitOutcome<unknown>) => void): void => {
    this.settle = resolve;
  };

  /** Waits on `p` (or only on time when p is null) in `phase` until `deadline`. */
  wait<T>(phase: VuPhase, now: number, deadline: number, p: Promise<T> | null): Promise<WaitOutcome<T>> {
    this.phase = phase;
    this.since = now;
    this.deadline = deadline;
    const ended = new Promise<WaitOutcome<unknown>>(this.capture);
    this.awaited = p;
    p?.then(
      (value) => {
        if (this.awaited === p) this.finish({ state: 'done', value });
      },
      () => {
        if (this.awaited === p) this.finish(stopped);
      },
    );
    return ended as Promise<WaitOutcome<T>>;
  }

  /** Called by the tick: ends the wait when its deadline has passed. */
  expireIfDue(now: number): boolean {
    if (this.settle === null || now < this.deadline) return false;
    this.finish(expired);
    return true;
  }

  /** Ends the wait now (the run is stopping). */
  stop(): void {
    this.finish(stopped);
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

  private finish(o: WaitOutcome<unknown>): void {
    const settle = this.settle;
    if (settle === null) return;
    this.settle = null;
    this.awaited = null;
    settle(o);
  }
}
