/**
 * The embedded gateway's core on a manual clock, with scripted in-memory
 * sockets instead of the network: the real `WsServer` loop, clients, reader
 * tasks, message service and `GatewayConn` run unchanged; only the bytes
 * never leave the process and time moves only when the test advances it.
 * Runs in milliseconds and the same way every time (seeded `select`, no I/O).
 */
import { EventEmitter } from 'node:events';
import { createGatewayCore, type GatewayCore } from '../../src/gateway/core.js';
import { resolveGatewayConfig, type GatewayOptions } from '../../src/gateway/options.js';
import type { GatewaySocket } from '../../src/gateway/conn.js';
import { ManualClock, type Timer } from '../../src/time/index.js';
import { ReqIdentifier, decodeRespFrame, encodeGetMaxSeqReq, encodeReqFrame } from '../../src/protocol/openim/index.js';

const OPEN = 1;
const CLOSED = 3;

/** What a client sees next on its socket. */
export type Seen = { kind: 'reply'; reqIdentifier: number } | { kind: 'kick' } | { kind: 'closed' } | { kind: 'timeout' };

/**
 * One upgraded connection seen from both ends. The server side is the `ws`
 * surface `GatewayConn` uses, with `ws`'s pause semantics: while paused,
 * nothing the client sent (frames, pings, its close) is read — as a socket
 * whose reader has not started is not read (§1.5).
 */
export class ScriptedSocket extends EventEmitter implements GatewaySocket {
  readonly OPEN = OPEN;
  readyState = OPEN;
  isPaused = false;
  /** Client-to-server events held while paused, in order. */
  private readonly held: [event: string, ...args: unknown[]][] = [];
  private readonly frames: Buffer[] = [];
  private waiting: ((s: Seen) => void) | null = null;
  /** The client sent its close; it sends nothing more. */
  private clientClosed = false;
  /** Frames the server wrote to this socket. */
  written = 0;

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    while (!this.isPaused && this.held.length > 0) {
      const [event, ...args] = this.held.shift() as [string, ...unknown[]];
      this.toServer(event, ...args);
    }
  }

  send(data: Buffer, _options: { binary: boolean; compress: boolean }, cb: (err?: Error) => void): void {
    if (this.readyState !== OPEN) {
      queueMicrotask(() => cb(new Error('WebSocket is not open')));
      return;
    }
    this.written++;
    queueMicrotask(() => {
      cb();
      this.frames.push(data);
      this.wake();
    });
  }

  ping(_data: undefined, _mask: undefined, cb: (err?: Error) => void): void {
    queueMicrotask(() => cb(this.readyState === OPEN ? undefined : new Error('WebSocket is not open')));
  }

  pong(data: undefined, mask: undefined, cb: (err?: Error) => void): void {
    this.ping(data, mask, cb);
  }

  /** Server-side raw close (gorilla `Conn.Close`). */
  terminate(): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    queueMicrotask(() => {
      this.emit('close', 1006);
      this.wake();
    });
  }

  /** The client sends a binary frame. */
  clientSend(frame: Buffer): void {
    this.fromClient('message', frame, true);
  }

  /** The client sends a ping. */
  clientPing(): void {
    this.fromClient('ping');
  }

  /** The client closes (close frame, then the socket ends). */
  clientClose(): void {
    this.fromClient('close', 1000);
  }

  /** The next server frame or the server's close, or `timeout` after `ms` on `clock`. */
  next(clock: ManualClock, ms: number): Promise<Seen> {
    const now = this.take();
    if (now !== null) return Promise.resolve(now);
    return new Promise<Seen>((resolve) => {
      let timer: Timer | null = null;
      this.waiting = (s) => {
        timer?.cancel();
        this.waiting = null;
        resolve(s);
      };
      timer = clock.after(ms, () => this.waiting?.({ kind: 'timeout' }));
    });
  }

  private fromClient(event: string, ...args: unknown[]): void {
    if (this.readyState !== OPEN || this.clientClosed) return;
    if (event === 'close') this.clientClosed = true;
    if (this.isPaused) this.held.push([event, ...args]);
    else this.toServer(event, ...args);
  }

  /** The server reads one client event; reading the client's close ends the socket, as `ws` does. */
  private toServer(event: string, ...args: unknown[]): void {
    if (event === 'close') {
      if (this.readyState === CLOSED) return;
      this.readyState = CLOSED;
    }
    this.emit(event, ...args);
  }

  private take(): Seen | null {
    const f = this.frames.shift();
    if (f !== undefined) {
      const r = decodeRespFrame(f, { compression: 'none', encoding: 'gob', maxOutput: 1 << 20 });
      return r.reqIdentifier === 2002 ? { kind: 'kick' } : { kind: 'reply', reqIdentifier: r.reqIdentifier };
    }
    return this.readyState === CLOSED ? { kind: 'closed' } : null;
  }

  private wake(): void {
    if (this.waiting === null) return;
    const s = this.take();
    if (s !== null) this.waiting(s);
  }
}

export interface ScriptedGateway {
  readonly core: GatewayCore;
  readonly clock: ManualClock;
  /** Opens a connection as the HTTP handler would after a passing handshake. */
  connect(userID: string, platformID?: number): ScriptedSocket;
  /** A 1001 (GetNewestSeq) request frame for `userID`. */
  request1001(userID: string): Buffer;
  /** The stats snapshot, counting the scripted sockets still open. */
  stats(): ReturnType<GatewayCore['stats']>;
  /** Tasks that panicked (a bug in the model): name and error. */
  readonly panics: string[];
}

let portSerial = 0;

/** A gateway core on a fresh manual clock, its loop(s) running. */
export function scriptedGateway(options: GatewayOptions): ScriptedGateway {
  const clock = new ManualClock();
  const panics: string[] = [];
  const core = createGatewayCore(resolveGatewayConfig(options), { clock, onPanic: (name, err) => panics.push(`${name}: ${String(err)}`) });
  core.ws.run();
  const sockets = new Set<ScriptedSocket>();
  let serial = 0;
  return {
    core,
    clock,
    panics,
    stats() {
      for (const s of sockets) if (s.readyState !== OPEN) sockets.delete(s);
      return core.stats(sockets.size);
    },
    connect(userID, platformID = 1) {
      const sock = new ScriptedSocket();
      sockets.add(sock);
      core.attach(sock, `127.0.0.1:${10_000 + (portSerial++ % 50_000)}`, {
        userID,
        platformID,
        token: `token-${userID}`,
        operationID: `op-${userID}`,
        isCompress: false,
        isJson: false,
      });
      return sock;
    },
    request1001(userID) {
      return encodeReqFrame(
        {
          reqIdentifier: ReqIdentifier.GetNewestSeq,
          token: '',
          sendID: userID,
          operationID: `op-${userID}`,
          msgIncr: `${userID}_${++serial}`,
          data: encodeGetMaxSeqReq({ userID }),
        },
        { compression: 'none', encoding: 'gob' },
      );
    },
  };
}

export interface ScriptedChurnResult {
  iterations: number;
  replies: number;
  replyTimeouts: number;
  closedBeforeReply: number;
  kicks: number;
}

export interface ScriptedChurnOptions {
  readonly users: number;
  readonly prefix: string;
  /** Clock time a connect takes (TCP + upgrade), so a user's loop advances with the clock. */
  readonly dialMs: number;
  readonly replyTimeoutMs: number;
}

/**
 * The §13 churn as scripted clients: each user loops connect → one 1001 →
 * wait for the reply (or the timeout) → close, no think time, no overlap,
 * one token per user. `stop()` ends the loops and advances the clock until
 * every user has left its last wait.
 */
export function scriptedChurn(
  g: ScriptedGateway,
  o: ScriptedChurnOptions,
): { result: ScriptedChurnResult; stop(): Promise<ScriptedChurnResult> } {
  const result: ScriptedChurnResult = { iterations: 0, replies: 0, replyTimeouts: 0, closedBeforeReply: 0, kicks: 0 };
  let stopped = false;
  let running = o.users;
  const user = async (i: number): Promise<void> => {
    const userID = `${o.prefix}${i}`;
    while (!stopped) {
      await new Promise<void>((resolve) => g.clock.after(o.dialMs, resolve));
      if (stopped) break;
      const sock = g.connect(userID);
      sock.clientSend(g.request1001(userID));
      for (;;) {
        const seen = await sock.next(g.clock, o.replyTimeoutMs);
        if (seen.kind === 'kick') {
          result.kicks++;
          continue;
        }
        if (seen.kind === 'reply') result.replies++;
        else if (seen.kind === 'timeout') result.replyTimeouts++;
        else result.closedBeforeReply++;
        break;
      }
      sock.clientClose();
      result.iterations++;
    }
  };
  for (let i = 0; i < o.users; i++) void user(i).finally(() => running--);
  return {
    result,
    async stop() {
      stopped = true;
      for (let n = 0; running > 0 && n < 100; n++) await g.clock.advance(o.replyTimeoutMs);
      if (running > 0) throw new Error(`${running} scripted users still waiting after the stop`);
      return result;
    },
  };
}
