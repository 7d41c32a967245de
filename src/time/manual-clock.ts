import type { Cancel, Timer, TimeSource } from './clock.js';

/** One armed timer. */
interface Entry {
  due: number;
  /** Arming order: breaks ties between timers due at the same instant (FIFO, as Node does). */
  seq: number;
  readonly fn: () => void;
  /** Repeat period for `every`, else null. */
  readonly period: number | null;
  readonly delay: number;
  armed: boolean;
}

/** Lets the event loop turn once: every queued microtask runs first (Node drains them before a macrotask). */
function turn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Time that moves only when a test says so (house style: tests drive time,
 * never sleep). {@link advance} fires the timers that fall due, one at a time
 * in due order (ties in arming order), with the clock reading each one's due
 * time, and lets the event loop turn after each so that whatever the timer
 * woke (promise chains, `setImmediate` hops) settles before the next fires.
 */
export class ManualClock implements TimeSource {
  private t: number;
  private readonly start: number;
  private seq = 0;
  private readonly queue: Entry[] = [];

  /**
   * @param start - the first reading
   * @param turnsPerTimer - event-loop turns let run after each fired timer
   * @param epochStart - {@link epochMs} at the first reading (default: the real wall clock at construction)
   */
  constructor(
    start = 0,
    private readonly turnsPerTimer = 1,
    private readonly epochStart = Date.now(),
  ) {
    this.t = start;
    this.start = start;
  }

  now(): number {
    return this.t;
  }

  /** The wall clock moves with the manual reading. */
  epochMs(): number {
    return this.epochStart + (this.t - this.start);
  }

  /** Timers armed and not yet fired or cancelled. */
  get pending(): number {
    return this.queue.length;
  }

  /** Due time of the next timer, or null if none is armed. */
  get nextDue(): number | null {
    return this.queue[0]?.due ?? null;
  }

  every(ms: number, fn: () => void): Cancel {
    if (!(ms > 0)) throw new RangeError(`every: period must be > 0 ms, got ${ms}`);
    const e = this.arm({ due: this.t + ms, seq: 0, fn, period: ms, delay: ms, armed: false });
    return () => this.disarm(e);
  }

  after(ms: number, fn: () => void): Timer {
    const delayMs = Math.max(0, ms);
    const e = this.arm({ due: this.t + delayMs, seq: 0, fn, period: null, delay: delayMs, armed: false });
    return {
      cancel: () => this.disarm(e),
      refresh: () => {
        this.disarm(e);
        e.due = this.t + e.delay;
        this.arm(e);
      },
    };
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to then (including
   * timers armed by fired ones), and settles the event loop after each and at
   * the end. A timer that throws propagates out of `advance`.
   */
  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`advance: ms must be >= 0, got ${ms}`);
    await this.advanceTo(this.t + ms);
  }

  /**
   * {@link advance} to an absolute reading (no-op if it is in the past).
   * Work already queued runs first, at the current reading.
   */
  async advanceTo(target: number): Promise<void> {
    await this.flush();
    for (let next = this.queue[0]; next !== undefined && next.due <= target; next = this.queue[0]) {
      this.queue.shift();
      next.armed = false;
      this.t = Math.max(this.t, next.due);
      if (next.period !== null) {
        next.due += next.period;
        this.arm(next);
      }
      next.fn();
      await this.flush();
    }
    this.t = Math.max(this.t, target);
    await this.flush();
  }

  /**
   * Moves the reading forward at once, without yielding; for code with no
   * timers armed. Throws if a timer would fall due on the way: that needs
   * {@link advance}.
   */
  jump(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`jump: ms must be >= 0, got ${ms}`);
    const due = this.nextDue;
    if (due !== null && due <= this.t + ms)
      throw new Error(`jump: a timer is due at ${due}, within the jump to ${this.t + ms}; use advance()`);
    this.t += ms;
  }

  /** Lets the event loop turn `turns` times (default: the constructor's `turnsPerTimer`) without moving time. */
  async flush(turns = this.turnsPerTimer): Promise<void> {
    for (let i = 0; i < turns; i++) await turn();
  }

  private arm(e: Entry): Entry {
    e.seq = ++this.seq;
    e.armed = true;
    // Sorted insert from the tail: new timers are usually due last.
    let i = this.queue.length;
    while (i > 0) {
      const prev = this.queue[i - 1] as Entry;
      if (prev.due < e.due || (prev.due === e.due && prev.seq < e.seq)) break;
      i--;
    }
    this.queue.splice(i, 0, e);
    return e;
  }

  private disarm(e: Entry): void {
    if (!e.armed) return;
    e.armed = false;
    const i = this.queue.indexOf(e);
    if (i >= 0) this.queue.splice(i, 1);
  }
}
