/**
 * One client connection as v3.5.1 `client.go` models it (§1.5, §2.6, §5,
 * §6.3, §7.4). Client objects are recycled through a pool (§13): every field
 * is read through the object at the point upstream reads it, so a reader or a
 * user-map entry that outlives its connection sees the next connection's state
 * exactly as the Go code does.
 */
import { Mutex, type Task } from './csp/index.js';
import type { GatewayConn } from './conn.js';
import type { MappedClient } from './user-map.js';
import type { Resp } from '../protocol/openim/index.js';
import type { Cancel, Scheduler } from '../time/index.js';

/** Per-connection context (upstream `UserConnContext`). */
export interface ConnContext {
  readonly remoteAddr: string;
  readonly operationID: string;
  readonly connID: string;
}

/** Error values that end a reader (gorilla / msggateway names). */
export type ReaderExit = 'read error' | 'conn closed' | 'text frame' | 'client closed' | 'handle error';

/** What a client needs from its server. */
export interface ClientHost {
  /** The gateway's clock (the Web heartbeat's ticker). */
  readonly clock: Scheduler;
  readonly writeDeadlineMs: number;
  /** v3.8 (#2404): close() takes the lock before checking `closed`. */
  readonly lockBeforeCloseCheck: boolean;
  /** §14.3 (v3.8.0+): ping Web clients (platform 5) this often; null: never. */
  readonly webPingMs: number | null;
  encodeResp(client: Client, resp: Resp): Buffer;
  handleMessage(task: Task, client: Client, message: Buffer): Promise<void>;
  unRegister(task: Task, client: Client): Promise<void>;
  readerExited(client: Client, why: ReaderExit): void;
  /** Counts the v3.8 Web heartbeat (§14.3), for /stats. */
  heartbeat(kind: 'ping' | 'pong'): void;
}

const emptyData = new Uint8Array(0);
/** §6.1: platform 5 is Web. */
const webPlatformID = 5;

export class Client implements MappedClient {
  /** Object identity, kept across pool reuse (a Go pointer). */
  readonly objectID: number;
  conn!: GatewayConn;
  ctx!: ConnContext;
  host!: ClientHost;
  userID = '';
  platformID = 0;
  token = '';
  isCompress = false;
  /** §2.7: ≥3.8.2 `sdkType=js` selects the JSON envelope. */
  isJson = false;
  isBackground = false;
  closed = false;
  w = new Mutex('client.w');

  constructor(objectID: number) {
    this.objectID = objectID;
  }

  get remoteAddr(): string {
    return this.ctx.remoteAddr;
  }

  /** `ResetClient` (§1.5 step 4): a new mutex, closed=false, IsBackground=false. */
  reset(
    ctx: ConnContext,
    conn: GatewayConn,
    host: ClientHost,
    fields: { userID: string; platformID: number; token: string; isCompress: boolean; isJson: boolean },
  ): void {
    this.ctx = ctx;
    this.conn = conn;
    this.host = host;
    this.userID = fields.userID;
    this.platformID = fields.platformID;
    this.token = fields.token;
    this.isCompress = fields.isCompress;
    this.isJson = fields.isJson;
    this.isBackground = false;
    this.closed = false;
    this.w = new Mutex(`client.w ${ctx.connID}`);
  }

  /** The reader goroutine (§2.6): one request at a time; any error ends it and closes the client. */
  async readMessage(task: Task): Promise<void> {
    let why: ReaderExit = 'read error';
    const heartbeat = this.activeHeartbeat();
    try {
      this.conn.setReadDeadline();
      this.conn.startReading();
      for (;;) {
        let m;
        try {
          m = await this.conn.readMessage(task);
        } catch {
          why = 'read error';
          return;
        }
        if (this.closed) {
          why = 'conn closed';
          return;
        }
        if (m.kind === 'binary') {
          this.conn.setReadDeadline();
          try {
            await task.frame('handleMessage', () => this.host.handleMessage(task, this, m.data));
          } catch {
            why = 'handle error';
            return;
          }
        } else if (m.kind === 'ping') {
          // §5: the custom ping handler resets the deadline and answers with an empty pong.
          this.conn.setReadDeadline();
          try {
            await this.writePongMsg(task);
          } catch {
            why = 'read error';
            return;
          }
        } else if (m.kind === 'pong') {
          // §14.3: v3.8's pong handler extends the read deadline.
          this.host.heartbeat('pong');
          this.conn.setReadDeadline();
        } else if (m.kind === 'text') {
          why = 'text frame';
          return;
        } else if (m.kind === 'close') {
          why = 'client closed';
          return;
        } else {
          why = 'read error';
          return;
        }
      }
    } finally {
      if (heartbeat !== null) heartbeat();
      this.host.readerExited(this, why);
      await task.frame('close', () => this.close(task));
    }
  }

  /**
   * v3.8 `activeHeartbeat` (§14.3): started by the reader, so a client whose register is
   * still queued is never pinged. Each ping is written under `w`, like `writePingMsg`;
   * the timer is not a task, so when `w` is held (a write in flight) that tick is skipped
   * rather than blocking. A failed write closes nothing here (the read deadline does that).
   */
  private activeHeartbeat(): Cancel | null {
    const every = this.host.webPingMs;
    if (every === null || this.platformID !== webPlatformID) return null;
    return this.host.clock.every(
      every,
      () => {
        if (this.closed) return;
        const w = this.w;
        if (!w.tryLock()) return;
        void (async () => {
          try {
            await this.conn.writePing(this.host.writeDeadlineMs);
            this.host.heartbeat('ping');
          } catch {
            // upstream logs and stops the heartbeat; the read deadline ends the connection
          } finally {
            w.unlock();
          }
        })();
      },
      { unref: true },
    );
  }

  // `c.w.Lock(); defer c.w.Unlock()` below reads the mutex once (reset() replaces it) and,
  // like Go, does not yield when the mutex is free (tryLock first).

  /** `writeBinaryMsg`: skipped when closed; encode, then write under `w` with the write deadline. */
  async writeBinaryMsg(task: Task, resp: Resp): Promise<void> {
    if (this.closed) return;
    const buf = this.host.encodeResp(this, resp);
    const w = this.w;
    if (!w.tryLock()) await w.lock(task);
    try {
      await this.conn.write(buf, this.host.writeDeadlineMs);
    } finally {
      w.unlock();
    }
  }

  /** `writePongMsg`: as writeBinaryMsg, with an empty pong. */
  async writePongMsg(task: Task): Promise<void> {
    if (this.closed) return;
    const w = this.w;
    if (!w.tryLock()) await w.lock(task);
    try {
      await this.conn.writePong(this.host.writeDeadlineMs);
    } finally {
      w.unlock();
    }
  }

  /** §6.3 (a)(b): write 2002, then close — from whichever task kicks (the loop, in registerClient). */
  async kickOnlineMessage(task: Task): Promise<void> {
    try {
      await this.writeBinaryMsg(task, kickResp);
    } catch {
      // upstream logs the write error and closes anyway
    }
    await task.frame('close', () => this.close(task));
  }

  /**
   * §7.4: check `closed`, take `w`, mark closed, close the socket, then the
   * blocking send into unregisterChan — still holding `w`. v3.8 takes the lock
   * before the check (race-free).
   */
  async close(task: Task): Promise<void> {
    if (this.host.lockBeforeCloseCheck) {
      const w = this.w;
      if (!w.tryLock()) await w.lock(task);
      try {
        if (this.closed) return;
        this.closed = true;
        this.conn.close();
        await task.frame('UnRegister', () => this.host.unRegister(task, this));
      } finally {
        w.unlock();
      }
      return;
    }
    if (this.closed) return;
    const w = this.w;
    if (!w.tryLock()) await w.lock(task);
    try {
      this.closed = true;
      this.conn.close();
      await task.frame('UnRegister', () => this.host.unRegister(task, this));
    } finally {
      w.unlock();
    }
  }
}

/** §3: a kick carries only ReqIdentifier 2002. */
const kickResp: Resp = { reqIdentifier: 2002, msgIncr: '', operationID: '', errCode: 0, errMsg: '', data: emptyData };
