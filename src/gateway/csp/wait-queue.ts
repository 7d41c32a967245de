import { Deque } from './deque.js';

/** A place in a {@link WaitQueue}; `active` turns false once served or withdrawn. */
interface WaitEntry<W> {
  readonly waiter: W;
  active: boolean;
}

/** Dead entries tolerated before a compaction pass is considered. */
const COMPACT_THRESHOLD = 32;

/**
 * A FIFO of blocked waiters (the Go runtime's `waitq` of sudogs), from which
 * a waiter can also be withdrawn out of order — a `select` that proceeds on
 * one case withdraws its waiters from every other channel.
 *
 * Withdrawal marks the entry dead in O(1) and the queue skips dead entries
 * when serving; when dead entries outnumber live ones the queue compacts,
 * so a select loop that keeps withdrawing from a quiet channel does not grow
 * that channel's queue without bound.
 *
 * @internal
 */
export class WaitQueue<W> {
  private readonly entries = new Deque<WaitEntry<W>>();
  private live = 0;

  /** Number of live (not served, not withdrawn) waiters. */
  get size(): number {
    return this.live;
  }

  /** Enqueues a waiter; the returned function withdraws it (idempotent). */
  push(waiter: W): () => void {
    const entry: WaitEntry<W> = { waiter, active: true };
    this.entries.push(entry);
    this.live++;
    return () => this.withdraw(entry);
  }

  /** Dequeues the longest-waiting live waiter, or `undefined` if none. */
  shift(): W | undefined {
    while (this.entries.length > 0) {
      const entry = this.entries.shift();
      if (entry.active) {
        entry.active = false;
        this.live--;
        return entry.waiter;
      }
    }
    return undefined;
  }

  private withdraw(entry: WaitEntry<W>): void {
    if (!entry.active) return;
    entry.active = false;
    this.live--;
    const dead = this.entries.length - this.live;
    if (dead > COMPACT_THRESHOLD && dead > this.live) this.entries.retain((e) => e.active);
  }
}
