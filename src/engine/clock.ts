/**
 * Time as a dependency (house style): the engine reads `now()` and schedules
 * its one shared tick through a `Scheduler`; tests drive both by hand.
 */

export interface Clock {
  /** monotonic milliseconds */
  now(): number;
}

export interface Scheduler {
  /** Calls fn every `ms` until the returned function is called. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = { now: () => performance.now() };

export const systemScheduler: Scheduler = {
  every(ms, fn) {
    const t = setInterval(fn, ms);
    return () => clearInterval(t);
  },
};
