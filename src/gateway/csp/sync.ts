/** Go's `sync` package for tasks: `Mutex`, `WaitGroup`, and the errors their misuse raises. */
import type { Task } from './task.js';
import { WaitQueue } from './wait-queue.js';

/**
 * Misuse of a sync primitive, which Go reports as a fatal error or panic:
 * "sync: unlock of unlocked mutex", "sync: negative WaitGroup counter".
 */
export class SyncError extends Error {
  constructor(
    readonly code: 'UNLOCK_OF_UNLOCKED_MUTEX' | 'NEGATIVE_WAITGROUP_COUNTER' | 'INVALID_WAITGROUP_DELTA',
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/**
 * Go's `sync.Mutex`. A blocked `lock` marks the task `sync.Mutex.Lock` on the
 * mutex's name. Waiters are served strictly FIFO and `unlock` hands the lock
 * straight to the first waiter — Go's "starvation mode" behaviour, chosen
 * here always so tests are deterministic.
 */
export class Mutex {
  private held = false;
  private readonly waiters = new WaitQueue<() => void>();

  /** @param name - shown in task dumps */
  constructor(readonly name: string) {}

  /** Whether the mutex is held. */
  get locked(): boolean {
    return this.held;
  }

  /** Acquires the mutex, blocking `task` while another holder has it. */
  lock(task: Task): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    const blocked = new Promise<void>((resolve) => {
      this.waiters.push(resolve);
    });
    return task.block('sync.Mutex.Lock', this.name, blocked);
  }

  /** Acquires the mutex if free; never blocks (Go 1.18 `TryLock`). */
  tryLock(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Releases the mutex, handing it to the longest waiter if any. Throws {@link SyncError} if not locked. */
  unlock(): void {
    if (!this.held) throw new SyncError('UNLOCK_OF_UNLOCKED_MUTEX', `sync: unlock of unlocked mutex ${this.name}`);
    const next = this.waiters.shift();
    if (next === undefined) this.held = false;
    else next(); // ownership passes directly: `held` stays true
  }
}

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
    if (!Number.isInteger(n))
      throw new SyncError('INVALID_WAITGROUP_DELTA', `sync: WaitGroup ${this.name}: delta must be an integer, got ${n}`);
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
