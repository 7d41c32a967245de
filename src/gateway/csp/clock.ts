/**
 * A monotonic clock. The task registry reads it to stamp when a task entered
 * its current state, so a goroutine dump can say "blocked for 12034 ms".
 * Injectable so tests drive time instead of sleeping (house style: time is a
 * dependency).
 */
export interface Clock {
  /** Monotonic milliseconds; only differences are meaningful. */
  now(): number;
}

/** The real clock: `performance.now()`, never `Date.now()` (not monotonic). */
export const systemClock: Clock = {
  now: () => performance.now(),
};
