/**
 * Go-like concurrency for the embedded gateway: named, registered tasks
 * ("goroutines"), bounded channels, `select`, and `sync` analogues, where
 * "blocking" is an awaited promise that has not resolved.
 */
export { systemClock } from '../../time/index.js';
export type { Clock, TimeSource } from '../../time/index.js';
export { seededRandom } from './random.js';
export type { RandomSource } from './random.js';
export { Task, TaskRegistry, taskStates } from './task.js';
export type { TaskGroup, TaskOutcome, TaskRegistryOptions, TaskSnapshot, TaskState } from './task.js';
export { formatTaskDump, formatTaskProfile, summarizeTasks } from './task-dump.js';
export { Chan, ChannelClosedError } from './chan.js';
export type { ClosedChannelOp, RecvResult } from './chan.js';
export { select } from './select.js';
export type { SelectCase, SelectOptions, SelectResult } from './select.js';
export { Mutex, SyncError, WaitGroup } from './sync.js';
