/** Go's `sync` and `time.Sleep` analogues for tasks. */
export { Mutex } from './mutex.js';
export { WaitGroup } from './wait-group.js';
export { sleep } from './sleep.js';
export { SyncError } from './sync-error.js';
