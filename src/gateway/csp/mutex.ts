import { SyncError } from './sync-error.js';
import type { Task } from './task.js';
import { WaitQueue } from './wait-queue.js';

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
