/**
 * What a task is doing, named after the wait reasons Go prints in a goroutine
 * dump (`runtime/runtime2.go` waitReason strings), plus `rpc` for a simulated
 * remote call and `finished` for a task whose function has settled.
 * @public (the closed set {@link TaskState} is made of)
 */
export const taskStates = [
  'running',
  'chan send',
  'chan receive',
  'select',
  'sync.Mutex.Lock',
  'sync.WaitGroup.Wait',
  'sleep',
  'rpc',
  'IO wait',
  'finished',
] as const;

/** One of {@link taskStates}. */
export type TaskState = (typeof taskStates)[number];

/** A point-in-time copy of one task, as listed by the registry. */
export interface TaskSnapshot {
  readonly id: number;
  readonly name: string;
  readonly state: TaskState;
  /** What it is blocked on (a channel, mutex, RPC name…), or null. */
  readonly waitingOn: string | null;
  /** ms since it entered this state */
  readonly waitMs: number;
  /** Clock reading when the task was started. */
  readonly createdAt: number;
  /** Call frames, outermost first. */
  readonly stack: readonly string[];
}

/** How a task's function ended. A rejection is Go's panic, kept, not rethrown. */
export type TaskOutcome = { readonly state: 'completed' } | { readonly state: 'panicked'; readonly error: unknown };

/** One line of {@link TaskRegistry.summary}: tasks grouped like `goroutine?debug=1`. */
export interface TaskGroup {
  readonly state: TaskState;
  readonly waitingOn: string | null;
  /** Innermost frame (top of stack), or null for an empty stack. */
  readonly frame: string | null;
  readonly count: number;
  readonly maxWaitMs: number;
}
