/**
 * The engine's view of the shared time (src/time): it reads `now()` and
 * starts its few one-shot timers (drain polls, the final close, worker
 * grace) on the `Clock`, and schedules its one shared tick through a
 * `Scheduler`; tests drive both by hand.
 */
import type { Scheduler as FullScheduler, TimeSource } from '../time/index.js';

export { systemClock, systemScheduler } from '../time/index.js';

/** The run's time: readings and one-shot timers. */
export type Clock = Pick<TimeSource, 'now' | 'after'>;

/** What the engine schedules: only its shared tick. */
export type Scheduler = Pick<FullScheduler, 'every'>;
