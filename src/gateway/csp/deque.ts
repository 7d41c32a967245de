/**
 * A growable ring buffer: O(1) push at the tail and shift at the head,
 * without `Array.prototype.shift`'s O(n) copy. Channel buffers and wait
 * queues sit on it.
 *
 * @internal
 */
export class Deque<T> {
  private items: (T | undefined)[];
  private head = 0;
  private size = 0;

  /** @param initialCapacity - rounded up to a power of two (at least 4) */
  constructor(initialCapacity = 4) {
    let capacity = 4;
    while (capacity < initialCapacity) capacity *= 2;
    this.items = new Array<T | undefined>(capacity);
  }

  /** Number of items held. */
  get length(): number {
    return this.size;
  }

  /** Appends at the tail. */
  push(value: T): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = value;
    this.size++;
  }

  /** Removes and returns the head. Throws `RangeError` when empty. */
  shift(): T {
    if (this.size === 0) throw new RangeError('shift of empty deque');
    const value = this.items[this.head] as T;
    this.items[this.head] = undefined; // let the value be collected
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return value;
  }

  /** Keeps only the items for which `keep` returns true, in order. */
  retain(keep: (value: T) => boolean): void {
    const kept: T[] = [];
    for (const value of this) if (keep(value)) kept.push(value);
    let capacity = 4;
    while (capacity < kept.length) capacity *= 2;
    const items = new Array<T | undefined>(capacity);
    for (let i = 0; i < kept.length; i++) items[i] = kept[i];
    this.items = items;
    this.head = 0;
    this.size = kept.length;
  }

  /** Iterates head to tail without removing. */
  *[Symbol.iterator](): IterableIterator<T> {
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) yield this.items[(this.head + i) & mask] as T;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    const mask = old.length - 1;
    for (let i = 0; i < this.size; i++) next[i] = old[(this.head + i) & mask];
    this.items = next;
    this.head = 0;
  }
}
