/**
 * Go-like concurrency for the embedded gateway: named, registered tasks
 * ("goroutines"), bounded channels, `select`, and `sync` analogues, where
 * "blocking" is an awaited promise that has not resolved.
 */
export { seededRandom } from './random.js';
export { Task, TaskRegistry } from './task.js';
export type { TaskSnapshot } from './task.js';
export { formatTaskProfile } from './task-dump.js';
export { Chan } from './chan.js';
export { select } from './select.js';
export { Mutex, WaitGroup } from './sync.js';
