/**
 * The engine's view of the shared time (src/time): it reads `now()` and
 * schedules its one shared tick through a `Scheduler`; tests drive both by
 * hand.
 */
import type { Scheduler as FullScheduler } from '../time/index.js';

export { systemClock, systemScheduler } from '../time/index.js';
export type { Clock } from '../time/index.js';

/** What the engine schedules: only its shared tick. */
export type Scheduler = Pick<FullScheduler, 'every'>;
