import { delay, systemClock, type TimeSource } from '../../time/index.js';
import type { RandomSource } from './random.js';
import { formatTaskDump, summarizeTasks } from './task-dump.js';
import type { TaskGroup, TaskOutcome, TaskSnapshot, TaskState } from './task-state.js';

export type { TaskGroup, TaskOutcome, TaskSnapshot, TaskState } from './task-state.js';

/** Options of {@link TaskRegistry}; every field has a default. */
export interface TaskRegistryOptions {
  /** Stamps state changes and times `sleep`; default the real clock. One clock for the whole gateway. */
  readonly clock?: TimeSource;
  /** Decides `select` among ready cases; default `Math.random` (Go's select is unseeded). */
  readonly random?: RandomSource;
  /** Told when a task's function rejects (Go: a panic). Exceptions it throws are ignored. */
  readonly onPanic?: (task: Task, error: unknown) => void;
}

const COMPLETED: TaskOutcome = { state: 'completed' };

/**
 * A "goroutine": a named async function registered with a {@link TaskRegistry}
 * so a dump can show what it is blocked on, since when, and through which
 * frames. A task is sequential by contract — like a goroutine, it awaits one
 * thing at a time — which is what makes the single `stack` meaningful.
 */
export class Task {
  private currentState: TaskState = 'running';
  private currentWaitingOn: string | null = null;
  private stateSince: number;
  private readonly frames: string[] = [];
  private result: TaskOutcome | null = null;
  private readonly resolveDone: (outcome: TaskOutcome) => void;

  /** Settles (never rejects) with the outcome once the task's function settles. */
  readonly done: Promise<TaskOutcome>;
  /** Clock reading at creation. */
  readonly createdAt: number;

  /** @internal Tasks are created by {@link TaskRegistry.go}. */
  constructor(
    /** The registry that owns the task (its clock and random source). */
    readonly registry: TaskRegistry,
    /** Registry-unique, increasing from 1, like a goroutine id. */
    readonly id: number,
    readonly name: string,
  ) {
    this.createdAt = registry.clock.now();
    this.stateSince = this.createdAt;
    let resolveDone!: (outcome: TaskOutcome) => void;
    this.done = new Promise((resolve) => {
      resolveDone = resolve;
    });
    this.resolveDone = resolveDone;
  }

  /** Current state; `running` when not blocked. */
  get state(): TaskState {
    return this.currentState;
  }
  /** What the task is blocked on, or null. */
  get waitingOn(): string | null {
    return this.currentWaitingOn;
  }
  /** Clock reading when the task entered its current state. */
  get since(): number {
    return this.stateSince;
  }
  /** Call frames, outermost first (a live read-only view). */
  get stack(): readonly string[] {
    return this.frames;
  }
  /** The outcome once finished, else null. */
  get outcome(): TaskOutcome | null {
    return this.result;
  }
  /** The rejection reason if the task panicked, else undefined. */
  get error(): unknown {
    return this.result?.state === 'panicked' ? this.result.error : undefined;
  }

  /** Runs `fn` with `name` pushed on this task's stack, popped when it settles. */
  async frame<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const depth = this.frames.length;
    this.frames.push(name);
    try {
      return await fn();
    } finally {
      this.frames.length = depth;
    }
  }

  /** Marks the task blocked in `state` on `on` while awaiting `p`; back to `running` after. */
  async block<T>(state: TaskState, on: string | null, p: Promise<T>): Promise<T> {
    this.enter(state, on);
    try {
      return await p;
    } finally {
      this.enter('running', null);
    }
  }

  /**
   * `time.Sleep(ms)` on the registry's clock, with the task marked blocked
   * meanwhile: state `sleep` by default, or `rpc` to model a remote call's
   * latency, with `label` (e.g. `SetUserStatus`) as what it waits on. As in
   * Go, a duration <= 0 returns at once (and sets no timer).
   */
  sleep(ms: number, label?: string, state: 'sleep' | 'rpc' = 'sleep'): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return this.block(state, label ?? null, delay(this.registry.clock, ms));
  }

  /** A copy of the task's current state, read against the registry clock. */
  snapshot(): TaskSnapshot {
    return {
      id: this.id,
      name: this.name,
      state: this.currentState,
      waitingOn: this.currentWaitingOn,
      waitMs: this.registry.clock.now() - this.stateSince,
      createdAt: this.createdAt,
      stack: this.frames.slice(),
    };
  }

  /** @internal Called by the registry when the task's function settles. */
  finish(outcome: TaskOutcome): void {
    this.result = outcome;
    this.enter('finished', null);
    this.resolveDone(outcome);
  }

  private enter(state: TaskState, on: string | null): void {
    // Cheap on purpose: no Error().stack capture, just three fields.
    this.currentState = state;
    this.currentWaitingOn = on;
    this.stateSince = this.registry.clock.now();
  }
}

/**
 * Owns the live tasks (no hidden global registry: each gateway makes one),
 * the clock that stamps their states, and the random source `select` uses.
 */
export class TaskRegistry {
  readonly clock: TimeSource;
  readonly random: RandomSource;
  private readonly onPanic: ((task: Task, error: unknown) => void) | null;
  private readonly live = new Map<number, Task>();
  private lastId = 0;

  constructor(options: TaskRegistryOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.onPanic = options.onPanic ?? null;
  }

  /**
   * `go name(fn)`: registers a task and starts `fn(task)` on a microtask. A
   * rejection of `fn` is recorded on the task (state `finished`, error kept)
   * and reported to `onPanic` — never an unhandled rejection. Finished tasks
   * are removed from the registry.
   */
  go(name: string, fn: (task: Task) => Promise<void>): Task {
    const task = new Task(this, ++this.lastId, name);
    this.live.set(task.id, task);
    void Promise.resolve(task)
      .then(fn)
      .then(
        () => this.finish(task, COMPLETED),
        (error: unknown) => this.finish(task, { state: 'panicked', error }),
      );
    return task;
  }

  /** Snapshots of the live tasks, in creation order. */
  list(): TaskSnapshot[] {
    return [...this.live.values()].map((t) => t.snapshot());
  }

  /** Number of live tasks. */
  count(): number {
    return this.live.size;
  }

  /** Counts of live tasks grouped by (state, waitingOn, top of stack), like `goroutine?debug=1`. */
  summary(): TaskGroup[] {
    return summarizeTasks(this.list());
  }

  /** Go-like text dump (`goroutine?debug=2` analogue), longest-waiting first. */
  dumpText(): string {
    return formatTaskDump(this.list());
  }

  private finish(task: Task, outcome: TaskOutcome): void {
    this.live.delete(task.id);
    task.finish(outcome);
    if (outcome.state === 'panicked' && this.onPanic !== null) {
      try {
        this.onPanic(task, outcome.error);
      } catch {
        // A failing observer must not turn a recorded panic into an unhandled rejection.
      }
    }
  }
}
