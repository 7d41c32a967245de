/**
 * A gorilla-websocket-like connection over a `ws` WebSocket: the gateway's
 * reader pulls one message at a time (§2.6), with a read deadline (§5), and
 * nothing is read from the socket until the reader starts (§1.5).
 */
import type { RawData } from '../transport/ws.js';
import type { Task } from './csp/index.js';
import type { Scheduler, Timer } from '../time/index.js';

/**
 * The part of a `ws` WebSocket the gateway uses. A real socket satisfies it;
 * so does a scripted in-memory one, which lets a test drive the gateway on a
 * manual clock with no network and no real waits.
 */
export interface GatewaySocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly isPaused: boolean;
  pause(): void;
  resume(): void;
  on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
  on(event: 'ping' | 'pong', listener: () => void): this;
  on(event: 'error', listener: (err: Error & { code?: string }) => void): this;
  on(event: 'close', listener: (code: number) => void): this;
  send(data: Buffer, options: { binary: boolean; compress: boolean }, cb: (err?: Error) => void): void;
  ping(data: undefined, mask: undefined, cb: (err?: Error) => void): void;
  pong(data: undefined, mask: undefined, cb: (err?: Error) => void): void;
  terminate(): void;
}

/** One thing the reader can get from the connection. */
export type Inbound =
  | { readonly kind: 'binary'; readonly data: Buffer }
  | { readonly kind: 'text' }
  | { readonly kind: 'ping' }
  | { readonly kind: 'pong' }
  | { readonly kind: 'close'; readonly code: number }
  | { readonly kind: 'error'; readonly reason: string };

/** Read errors the reader can hit (gorilla's error values, by name). */
class ConnReadError extends Error {
  constructor(readonly reason: 'deadline' | 'closed' | 'read limit' | 'network') {
    super(`read: ${reason}`);
  }
}

/** A write failed: closed, or not flushed within the write deadline. */
class ConnWriteError extends Error {}

/** While more than this many messages wait for the reader, stop reading the socket (TCP backpressure). */
const maxQueued = 16;

/**
 * Wraps one upgraded socket. The `ws` instance starts paused: the socket is
 * not read (no frames, no pongs, no close noticed) until {@link startReading}.
 */
export class GatewayConn {
  readonly remoteAddr: string;
  private readonly queue: Inbound[] = [];
  private waiter: { resolve: (m: Inbound) => void; reject: (e: Error) => void } | null = null;
  private deadlineTimer: Timer | null = null;
  private deadlineExpired = false;
  private ended = false;
  private reading = false;

  constructor(
    private readonly ws: GatewaySocket,
    remoteAddr: string,
    private readonly readDeadlineMs: number,
    /** The gateway's clock: read and write deadlines. */
    private readonly time: Scheduler,
  ) {
    this.remoteAddr = remoteAddr;
    ws.pause();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.push(isBinary ? { kind: 'binary', data: toBuffer(data) } : { kind: 'text' });
    });
    ws.on('ping', () => this.push({ kind: 'ping' }));
    ws.on('pong', () => this.push({ kind: 'pong' }));
    ws.on('error', (err: Error & { code?: string }) => {
      // ws sends close 1009 itself when maxPayload is exceeded, as gorilla does (§2.6).
      this.push({ kind: 'error', reason: err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'read limit' : 'network' });
    });
    ws.on('close', (code: number) => {
      this.push({ kind: 'close', code });
      this.ended = true;
      this.clearDeadline();
    });
  }

  /** Whether the socket is still open for writing. */
  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** The reader has started: read the socket from now on. */
  startReading(): void {
    this.reading = true;
    if (this.queue.length < maxQueued) this.ws.resume();
  }

  /** gorilla SetReadDeadline(now + pongWait): the deadline is always the same length, so one timer is refreshed. */
  setReadDeadline(): void {
    if (this.ended) return;
    this.deadlineExpired = false;
    if (this.deadlineTimer === null) {
      this.deadlineTimer = this.time.after(this.readDeadlineMs, () => this.onDeadline(), { unref: true });
    } else {
      this.deadlineTimer.refresh();
    }
  }

  /** gorilla ReadMessage: the next inbound item; blocks the task in 'IO wait'. */
  readMessage(task: Task): Promise<Inbound> {
    const next = this.queue.shift();
    if (next !== undefined) {
      if (this.reading && this.queue.length < maxQueued && this.ws.isPaused) this.ws.resume();
      return Promise.resolve(next);
    }
    if (this.deadlineExpired) return Promise.reject(new ConnReadError('deadline'));
    if (this.ended) return Promise.reject(new ConnReadError('closed'));
    return task.block(
      'IO wait',
      this.remoteAddr,
      new Promise<Inbound>((resolve, reject) => {
        this.waiter = { resolve, reject };
      }),
    );
  }

  /** gorilla WriteMessage(BinaryMessage) with a write deadline: resolves once flushed to the kernel. */
  write(data: Buffer, deadlineMs: number): Promise<void> {
    return this.send((cb) => this.ws.send(data, { binary: true, compress: false }, cb), deadlineMs);
  }

  /** Pong with an empty payload (§5: the ping's app data is not echoed). */
  writePong(deadlineMs: number): Promise<void> {
    return this.send((cb) => this.ws.pong(undefined, undefined, cb), deadlineMs);
  }

  /** v3.8 `writePingMsg` (§14.3): an empty ping to a Web client, with the write deadline. */
  writePing(deadlineMs: number): Promise<void> {
    return this.send((cb) => this.ws.ping(undefined, undefined, cb), deadlineMs);
  }

  /** gorilla Conn.Close: a raw TCP close, no close frame (§2.6, §6.3). */
  close(): void {
    this.ended = true;
    this.clearDeadline();
    this.ws.terminate();
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.reject(new ConnReadError('closed'));
    }
  }

  private send(start: (cb: (err?: Error) => void) => void, deadlineMs: number): Promise<void> {
    if (!this.open) return Promise.reject(new ConnWriteError('write: use of closed network connection'));
    return new Promise<void>((resolve, reject) => {
      const timer = this.time.after(
        deadlineMs,
        () => {
          reject(new ConnWriteError('write: i/o timeout'));
          this.ws.terminate();
        },
        { unref: true },
      );
      start((err) => {
        timer.cancel();
        if (err) reject(new ConnWriteError(`write: ${err.message}`));
        else resolve();
      });
    });
  }

  private push(item: Inbound): void {
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.resolve(item);
      return;
    }
    this.queue.push(item);
    if (this.queue.length >= maxQueued && !this.ws.isPaused) this.ws.pause();
  }

  private onDeadline(): void {
    this.deadlineExpired = true;
    const w = this.waiter;
    if (w !== null) {
      this.waiter = null;
      w.reject(new ConnReadError('deadline'));
    }
  }

  private clearDeadline(): void {
    if (this.deadlineTimer !== null) {
      this.deadlineTimer.cancel();
      this.deadlineTimer = null;
    }
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
