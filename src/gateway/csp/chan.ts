import { Deque } from './deque.js';
import type { Task } from './task.js';
import { WaitQueue } from './wait-queue.js';

/** Which operation hit the closed channel: Go panics differently for each. */
export type ClosedChannelOp = 'send' | 'close';

/**
 * Go's run-time panic "send on closed channel" / "close of closed channel"
 * (Go spec, "Send statements" and "Close"). Thrown or used as a rejection
 * reason; a task that does not catch it panics (see `TaskRegistry.go`).
 */
export class ChannelClosedError extends Error {
  /** Stable code for matching without parsing the message. */
  readonly code: 'SEND_ON_CLOSED_CHANNEL' | 'CLOSE_OF_CLOSED_CHANNEL';

  constructor(
    readonly op: ClosedChannelOp,
    /** Name of the channel. */
    readonly channel: string,
  ) {
    super(`${op === 'send' ? 'send on' : 'close of'} closed channel ${channel}`);
    this.name = 'ChannelClosedError';
    this.code = op === 'send' ? 'SEND_ON_CLOSED_CHANNEL' : 'CLOSE_OF_CLOSED_CHANNEL';
  }
}

/** Result of a receive: Go's `v, ok := <-ch`; `ok` is false once closed and drained. */
export type RecvResult<T> = { value: T; ok: true } | { value: undefined; ok: false };

/** @internal A blocked sender (Go runtime sudog on `sendq`). */
export interface SendWaiter<T> {
  readonly value: T;
  /** The value was taken (by a receiver, or moved into the buffer). */
  sent(): void;
  /** The channel was closed while waiting. */
  closed(error: ChannelClosedError): void;
}

/** @internal A blocked receiver (Go runtime sudog on `recvq`). */
export interface RecvWaiter<T> {
  received(result: RecvResult<T>): void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const CLOSED: { value: undefined; ok: false } = Object.freeze({ value: undefined, ok: false });

/**
 * A Go channel on the event loop: blocking means an awaited promise that has
 * not resolved, and the blocked task is marked `chan send` / `chan receive`
 * on the channel's name. Follows the Go spec "Channel types", "Send
 * statements", "Receive operator" and "Close"; waiters are served FIFO.
 * Operations complete synchronously when they can (no timers, no queueing).
 */
export class Chan<T> {
  private readonly buf: Deque<T>;
  private readonly sendq = new WaitQueue<SendWaiter<T>>();
  private readonly recvq = new WaitQueue<RecvWaiter<T>>();
  private isClosed = false;

  /**
   * @param name - shown in task dumps, e.g. `unregisterChan`
   * @param cap - buffer capacity; 0 makes an unbuffered (rendezvous) channel
   */
  constructor(
    readonly name: string,
    readonly cap: number,
  ) {
    if (!Number.isInteger(cap) || cap < 0) {
      throw new RangeError(`channel ${name}: capacity must be an integer >= 0, got ${cap}`);
    }
    this.buf = new Deque<T>(Math.min(cap, 64));
  }

  /** Number of buffered values (Go's `len(ch)`). */
  get len(): number {
    return this.buf.length;
  }
  /** Whether `close` has been called. */
  get closed(): boolean {
    return this.isClosed;
  }
  /** Number of tasks blocked sending (including select send cases). */
  get sendWaiters(): number {
    return this.sendq.size;
  }
  /** Number of tasks blocked receiving (including select receive cases). */
  get recvWaiters(): number {
    return this.recvq.size;
  }

  /**
   * `ch <- value`. Completes at once if a receiver is waiting or the buffer
   * has room; otherwise blocks `task` (`chan send` on this channel) until a
   * receiver takes the value. Rejects with {@link ChannelClosedError} if the
   * channel is closed, now or while blocked (Go spec: "A send on a closed
   * channel proceeds by causing a run-time panic").
   */
  send(task: Task, value: T): Promise<void> {
    if (this.isClosed) return Promise.reject(new ChannelClosedError('send', this.name));
    if (this.offer(value)) return RESOLVED;
    const blocked = new Promise<void>((resolve, reject) => {
      this.sendq.push({ value, sent: resolve, closed: reject });
    });
    return task.block('chan send', this.name, blocked);
  }

  /**
   * `v, ok := <-ch`. Takes a buffered value or a waiting sender's value at
   * once; after close, drains the buffer then yields `{ ok: false }` forever;
   * otherwise blocks `task` (`chan receive` on this channel).
   */
  recv(task: Task): Promise<RecvResult<T>> {
    const now = this.tryRecv();
    if (now !== null) return Promise.resolve(now);
    const blocked = new Promise<RecvResult<T>>((resolve) => {
      this.recvq.push({ received: resolve });
    });
    return task.block('chan receive', this.name, blocked);
  }

  /**
   * Non-blocking send (Go's `select { case ch <- v: default: }`): true if the
   * value was handed to a receiver or buffered. Throws
   * {@link ChannelClosedError} if the channel is closed.
   */
  trySend(value: T): boolean {
    if (this.isClosed) throw new ChannelClosedError('send', this.name);
    return this.offer(value);
  }

  /** Non-blocking receive: the result, or null if a receive would block. */
  tryRecv(): RecvResult<T> | null {
    if (this.buf.length > 0) {
      // Go runtime chanrecv: take the head of the buffer, then move the first
      // waiting sender's value to the tail and wake it, keeping FIFO order.
      const value = this.buf.shift();
      const sender = this.sendq.shift();
      if (sender !== undefined) {
        this.buf.push(sender.value);
        sender.sent();
      }
      return { value, ok: true };
    }
    const sender = this.sendq.shift(); // unbuffered: rendezvous with a blocked sender
    if (sender !== undefined) {
      sender.sent();
      return { value: sender.value, ok: true };
    }
    return this.isClosed ? CLOSED : null;
  }

  /**
   * `close(ch)`. Blocked receivers wake with `{ ok: false }`; blocked senders
   * reject with {@link ChannelClosedError}; buffered values stay receivable.
   * Throws {@link ChannelClosedError} if already closed (Go spec "Close").
   */
  close(): void {
    if (this.isClosed) throw new ChannelClosedError('close', this.name);
    this.isClosed = true;
    // Serve one at a time: waking a select withdraws its other waiters,
    // possibly from these very queues.
    for (let r = this.recvq.shift(); r !== undefined; r = this.recvq.shift()) r.received(CLOSED);
    for (let s = this.sendq.shift(); s !== undefined; s = this.sendq.shift()) {
      s.closed(new ChannelClosedError('send', this.name));
    }
  }

  /** @internal Enqueues a select's receive case; returns its withdrawal. */
  waitRecv(waiter: RecvWaiter<T>): () => void {
    return this.recvq.push(waiter);
  }

  /** @internal Enqueues a select's send case; returns its withdrawal. */
  waitSend(waiter: SendWaiter<T>): () => void {
    return this.sendq.push(waiter);
  }

  /** Hands `value` to a waiting receiver or the buffer; false if it would block. */
  private offer(value: T): boolean {
    // A waiting receiver implies an empty buffer, so this keeps FIFO order.
    const receiver = this.recvq.shift();
    if (receiver !== undefined) {
      receiver.received({ value, ok: true });
      return true;
    }
    if (this.buf.length < this.cap) {
      this.buf.push(value);
      return true;
    }
    return false;
  }
}
