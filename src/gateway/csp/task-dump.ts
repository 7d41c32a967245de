import type { TaskGroup, TaskSnapshot } from './task-state.js';

/**
 * Groups tasks by (state, waitingOn, innermost frame) and counts them, the
 * analogue of `/debug/pprof/goroutine?debug=1`, which prints one entry per
 * distinct stack with a count. Most populous group first, then the group
 * holding the longest wait.
 */
export function summarizeTasks(tasks: readonly TaskSnapshot[]): TaskGroup[] {
  const groups = new Map<string, { -readonly [K in keyof TaskGroup]: TaskGroup[K] }>();
  for (const t of tasks) {
    const frame = t.stack.length > 0 ? (t.stack[t.stack.length - 1] ?? null) : null;
    const key = JSON.stringify([t.state, t.waitingOn, frame]);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { state: t.state, waitingOn: t.waitingOn, frame, count: 1, maxWaitMs: t.waitMs });
    } else {
      group.count++;
      group.maxWaitMs = Math.max(group.maxWaitMs, t.waitMs);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.maxWaitMs - a.maxWaitMs);
}

/**
 * Renders tasks as a Go-like goroutine dump (`goroutine?debug=2` analogue),
 * one block per task, longest-waiting first (ties: lower id first):
 *
 * ```
 * goroutine 7 [chan send, 12034 ms] "Run loop": waiting on unregisterChan
 * 	Run > registerClient > multiTerminalLoginChecker > KickOnlineMessage > close > UnRegister
 * ```
 *
 * Blocks are separated by a blank line, as Go separates goroutines.
 */
export function formatTaskDump(tasks: readonly TaskSnapshot[]): string {
  const sorted = [...tasks].sort((a, b) => b.waitMs - a.waitMs || a.id - b.id);
  return sorted.map(formatTask).join('\n\n') + (sorted.length > 0 ? '\n' : '');
}

function formatTask(t: TaskSnapshot): string {
  const waiting = t.waitingOn === null ? '' : `: waiting on ${t.waitingOn}`;
  const header = `goroutine ${t.id} [${t.state}, ${Math.round(t.waitMs)} ms] ${JSON.stringify(t.name)}${waiting}`;
  const stack = t.stack.length > 0 ? t.stack.join(' > ') : '(no frames)';
  return `${header}\n\t${stack}`;
}
