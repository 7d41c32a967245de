/** Time as a dependency, shared by the engine and the embedded gateway: see {@link TimeSource}. */
export { delay, systemClock, systemScheduler } from './clock.js';
export type { Cancel, Scheduler, Timer, TimeSource } from './clock.js';
export { ManualClock } from './manual-clock.js';
