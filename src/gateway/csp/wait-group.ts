import { SyncError } from './sync-error.js';
import type { Task } from './task.js';

/**
 * Go's `sync.WaitGroup`: `wait` blocks (state `sync.WaitGroup.Wait` on the
 * group's name) until the counter returns to zero. A negative counter throws,
 * as Go panics with "sync: negative WaitGroup counter".
 */
export class WaitGroup {
  private counter = 0;
  private waiters: (() => void)[] = [];

  /** @param name - shown in task dumps */
  constructor(readonly name: string) {}

  /** Current counter value. */
  get count(): number {
    return this.counter;
  }

  /** Adds `n` (may be negative) to the counter; releases all waiters when it reaches zero. */
  add(n: number): void {
    if (!Number.isInteger(n)) throw new SyncError('INVALID_WAITGROUP_DELTA', `sync: WaitGroup ${this.name}: delta must be an integer, got ${n}`);
    const next = this.counter + n;
    if (next < 0) throw new SyncError('NEGATIVE_WAITGROUP_COUNTER', `sync: negative WaitGroup counter ${this.name}`);
    this.counter = next;
    if (next === 0 && this.waiters.length > 0) {
      const released = this.waiters;
      this.waiters = [];
      for (const release of released) release();
    }
  }

  /** `add(-1)`. */
  done(): void {
    this.add(-1);
  }

  /** Resolves when the counter is zero, blocking `task` until then. */
  wait(task: Task): Promise<void> {
    if (this.counter === 0) return Promise.resolve();
    const blocked = new Promise<void>((resolve) => {
      this.waiters.push(resolve);
    });
    return task.block('sync.WaitGroup.Wait', this.name, blocked);
  }
}
