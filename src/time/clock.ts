/**
 * Time as a dependency (house style, principle 5), shared by the engine and
 * the embedded gateway's tasks: one interface reads the monotonic time and
 * starts every timer, so a test swaps in a {@link ManualClock} and drives
 * both without sleeping. Neither `src/engine` nor `src/gateway` owns it
 * (neither may import the other).
 */

/** A monotonic time reading. */
interface Clock {
  /** Monotonic milliseconds; only differences are meaningful. */
  now(): number;
}

/** Stops a repeating timer; calling it again does nothing. */
export type Cancel = () => void;

/** A one-shot timer started by {@link Scheduler.after}. */
export interface Timer {
  /** Stops it if it has not fired; idempotent. */
  cancel(): void;
  /** Restarts the countdown from now with the same delay, fired or not (Node `timeout.refresh()`). */
  refresh(): void;
}

/** Options of a timer. */
interface TimerOptions {
  /**
   * The timer alone does not keep the process alive (Node `unref`): for
   * deadlines and tickers of a gateway that may be abandoned. Ignored by
   * the manual clock.
   */
  readonly unref?: boolean;
}

/** Starts timers. Every timer in src/ goes through one of these. */
export interface Scheduler {
  /** Calls fn every `ms` until the returned function is called. */
  every(ms: number, fn: () => void, options?: TimerOptions): Cancel;
  /** Calls fn once, `ms` from now (at once-ish for `ms <= 0`), unless cancelled first. */
  after(ms: number, fn: () => void, options?: TimerOptions): Timer;
}

/** The clock and the scheduler in one: what the gateway and the engine are handed. */
export interface TimeSource extends Clock, Scheduler {
  /**
   * Wall-clock milliseconds since the Unix epoch, for timestamps that leave
   * the process (JWT `iat`/`exp`, a message's `sendTime`); never for durations.
   */
  epochMs(): number;
}

/** Waits `ms` on `time` (resolves at once for `ms <= 0`). */
export function delay(time: Scheduler, ms: number): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    time.after(ms, resolve);
  });
}

/**
 * Node cannot time less than 1 ms (`setTimeout` rounds up to 1), so a
 * sub-millisecond delay yields to the event loop (`setImmediate`) until it
 * has passed: the simulated RPCs of the gateway cost fractions of a
 * millisecond (openim-protocol.md §13).
 */
function spinTimer(ms: number, fn: () => void): Timer {
  let until = performance.now() + ms;
  let live = true;
  let pending: NodeJS.Immediate | null = null;
  const spin = (): void => {
    pending = null;
    if (!live) return;
    if (performance.now() >= until) {
      live = false;
      fn();
    } else {
      pending = setImmediate(spin);
    }
  };
  pending = setImmediate(spin);
  return {
    cancel: () => {
      live = false;
      if (pending !== null) clearImmediate(pending);
      pending = null;
    },
    refresh: () => {
      until = performance.now() + ms;
      live = true;
      if (pending === null) pending = setImmediate(spin);
    },
  };
}

/** The real time: `performance.now()` (never `Date.now()`: not monotonic) and Node's timers. */
export const systemClock: TimeSource = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  every(ms, fn, options) {
    const t = setInterval(fn, ms);
    if (options?.unref === true) t.unref();
    return () => clearInterval(t);
  },
  after(ms, fn, options) {
    if (ms > 0 && ms < 1) return spinTimer(ms, fn);
    const t = setTimeout(fn, Math.max(0, ms));
    if (options?.unref === true) t.unref();
    return {
      cancel: () => clearTimeout(t),
      refresh: () => void t.refresh(),
    };
  },
};

/** {@link systemClock} seen as a scheduler (the engine names the two roles apart). */
export const systemScheduler: Scheduler = systemClock;
