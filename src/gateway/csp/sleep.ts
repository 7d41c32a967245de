import type { Task } from './task.js';

/**
 * `time.Sleep(ms)` on a `setTimeout`, with the task marked blocked meanwhile:
 * state `sleep` by default, or `rpc` to model a remote call's latency, with
 * `label` (e.g. `SetUserStatus`) as what it waits on. As in Go, a duration
 * <= 0 returns at once (and sets no timer).
 */
export function sleep(task: Task, ms: number, label?: string, state: 'sleep' | 'rpc' = 'sleep'): Promise<void> {
  if (!(ms > 0)) return Promise.resolve();
  const timer = new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });
  return task.block(state, label ?? null, timer);
}
