/**
 * One virtual user: connect → requests (→ push) → close → think, again
 * (design.md "The virtual user"). Every wait is a phase with a deadline that
 * the engine's tick enforces; a VU is always in exactly one known phase.
 */
import type {
  Adapter,
  AdapterConnection,
  ConnectionEvents,
  ConnectResult,
  ErrorKind,
  VuIdentity,
  RequestResult,
} from '../protocol/adapter.js';
import type { RunConfig } from '../config/run-config.js';
import type { Clock } from './clock.js';
import type { ConnectionTally } from './connection-tally.js';
import { VuWait, type WaitOutcome } from './wait.js';
import type { VuPhase } from './result.js';

/** What a VU reports to the engine. */
export interface VuSink {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  /** every connect attempt and how every opened connection ended (#18) */
  /** How every connection of this sink's VUs began and ended (#18). */
  readonly ends: ConnectionTally;
  stopping(): boolean;
  /** start offset for ramp-up, ms after the run start */
  startAt(vu: VuIdentity): number;
  peerOf(vu: VuIdentity): VuIdentity | null;
  completed(phase: 'handshake' | 'reply' | 'push' | 'close' | 'iteration', ms: number): void;
  /** a wait that took longer than the stall threshold (or never ended) */
  stalled(ms: number): void;
  error(kind: ErrorKind, vu: VuIdentity, message: string): void;
  connection(delta: 1 | -1): void;
  pushReceived(count: number): void;
}

/**
 * After an iteration that hit any error (a failed connect, a garbage reply, a close right after the
 * 101, …), wait at least this long before the next one: no hot reconnect loop against a target that
 * fails fast, at most 10 attempts per VU per second (docs/run.md, "The virtual user").
 */
const retryBackoffMs = 100;

let turn: Promise<void> | null = null;
/**
 * Resolves on the next turn of the event loop (setImmediate). Every VU that
 * yields in the same turn shares one promise and one Immediate.
 */
function nextTurn(): Promise<void> {
  turn ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turn = null;
      resolve();
    }),
  );
  return turn;
}

/** A VU is its connections' event sink ({@link ConnectionEvents}): prototype methods, nothing allocated per VU or per connect. */
export class VirtualUser implements ConnectionEvents {
  readonly wait = new VuWait();
  iterations = 0;
  private conn: AdapterConnection | null = null;
  /** overlap: the previous session, closed once the next one is open */
  private previous: AdapterConnection | null = null;
  /** push keys awaited now; made on the first push wait (a get-seq or raw VU never needs one) */
  private pushWaiters: Map<string, () => void> | null = null;
  private wasKicked = false;
  /** last time something was sent on this VU's open connections (heartbeat, §5) */
  private lastSendAt = 0;
  /** when this VU last got a reply or a push or finished an iteration (its own progress; hang evidence) */
  lastProgressAt = 0;
  /** errors since {@link lastProgressAt}: how many attempts a stuck VU has already given up on */
  failuresSinceProgress = 0;
  /** every error this VU reported; an iteration that raised it is followed by the retry backoff */
  private errorCount = 0;
  /** a dial the end of the run caught before its answer: {@link finishDial} lets it finish (#18) */
  private dialing: Promise<ConnectResult> | null = null;
  private dialStartedAt = 0;
  /** a connection whose close the stop interrupted (its close frame is out): shutdown() waits for the rest */
  private closingAtStop: { readonly conn: AdapterConnection; readonly closed: Promise<number> } | null = null;
  /**
   * {@link conn} was caught by the stop mid-wait (its wait is recorded as unfinished) or opened in the end's
   * grace: its close at the end is tallied, not measured (no close latency, no close-timeout error).
   */
  private connCaughtByStop = false;

  constructor(
    readonly id: VuIdentity,
    private readonly sink: VuSink,
  ) {}

  /** {@link ConnectionEvents}: pushes on any of this VU's connections. */
  push(keys: readonly string[]): void {
    this.sink.pushReceived(keys.length);
    const waiters = this.pushWaiters;
    if (waiters !== null) for (const k of keys) waiters.get(k)?.();
  }

  /** {@link ConnectionEvents}: a 2002 kick. */
  kicked(): void {
    this.wasKicked = true;
    this.fail('kicked', 'kicked by the server (2002)');
  }

  /** {@link ConnectionEvents}: the engine learns of closes through its own waits. */
  closed(): void {}

  /** Reports a completed phase; a reply, a push or a whole iteration is this VU's progress. */
  private done(phase: 'handshake' | 'reply' | 'push' | 'close' | 'iteration', ms: number): void {
    this.sink.completed(phase, ms);
    if (phase === 'reply' || phase === 'push' || phase === 'iteration') {
      this.lastProgressAt = this.sink.clock.now();
      this.failuresSinceProgress = 0;
    }
  }

  /** Reports an error of this VU. */
  private fail(kind: ErrorKind, message: string): void {
    this.failuresSinceProgress++;
    // A kick is the expected result of --overlap (multi-login policy 1, README): not a reason to slow down.
    if (kind !== 'kicked') this.errorCount++;
    this.sink.error(kind, this.id, message);
  }

  get phase(): VuPhase {
    return this.wait.phase;
  }

  /** Runs until the engine stops or the iterations are done; never rejects. */
  async run(runStart: number): Promise<void> {
    const { sink } = this;
    const c = sink.config;
    const startAt = runStart + sink.startAt(this.id);
    this.lastProgressAt = startAt;
    if (sink.clock.now() < startAt) await this.wait.wait('starting', sink.clock.now(), startAt, null);
    while (!sink.stopping() && (c.iterations === null || this.iterations < c.iterations)) {
      const errorsBefore = this.errorCount;
      await this.iteration();
      if (sink.stopping()) break;
      const pause = this.errorCount > errorsBefore ? Math.max(c.thinkMs, retryBackoffMs) : c.thinkMs;
      if (pause > 0) {
        const now = sink.clock.now();
        await this.wait.wait('thinking', now, now + pause, null);
      } else {
        // A target that answers synchronously must not starve the tick: yield to the event loop once per iteration.
        await nextTurn();
      }
    }
    this.wait.set('done', sink.clock.now());
  }

  /**
   * End of run (#18): a dial the stop caught before its answer may still finish, until its own handshake
   * deadline or `graceMs`, whichever comes first. Opened, it is counted as a handshake and left for
   * {@link shutdown} to close with a close frame: the server sees a clean close, not an abnormal one.
   * Still unanswered at the grace's end, it is counted as abandoned (the engine then destroys it).
   */
  async finishDial(graceMs: number): Promise<void> {
    const attempt = this.dialing;
    if (attempt === null) return;
    this.dialing = null;
    const c = this.sink.config;
    const left = Math.max(0, this.dialStartedAt + c.handshakeTimeoutMs - this.sink.clock.now());
    const r = await settledWithin(attempt, Math.min(left, graceMs), this.sink.clock);
    if (r.state === 'done') {
      this.connCaughtByStop = this.opened(r.value, this.dialStartedAt) !== null;
      return;
    }
    // A success later still must not leak a socket.
    void attempt.then((late) => (late.state === 'open' ? late.conn.terminate() : undefined));
    if (left <= graceMs) this.fail('handshake-timeout', `no handshake answer within ${c.handshakeTimeoutMs} ms`);
    else this.sink.ends.abandon();
  }

  /** Closes whatever is still open (end of run), bounded by the close timeout. */
  async shutdown(): Promise<void> {
    const closing = this.closingAtStop;
    this.closingAtStop = null;
    // No longer `open` (its close frame is out), but not closed: the close goes on, not a drop.
    if (closing !== null) await this.closeConnection(closing.conn, true, closing.closed, false);
    if (this.previous !== null) await this.closeConnection(this.previous, true);
    if (this.conn !== null) await this.closeConnection(this.conn, true, null, !this.connCaughtByStop);
    this.connCaughtByStop = false;
    this.previous = null;
    this.conn = null;
  }

  /**
   * §5: the 3.5.1 server drops a connection after 30 s without a binary frame
   * or a ping. Connections idle for `heartbeatMs` get a WS ping (fire and forget).
   */
  heartbeat(now: number): void {
    const every = this.sink.config.heartbeatMs;
    if (every <= 0 || now - this.lastSendAt < every) return;
    this.lastSendAt = now;
    // Two fields, not an array of them: this runs for every VU every second (steady memory, #18).
    keepAlive(this.previous);
    keepAlive(this.conn);
  }

  /** Abandon every wait now (the run is ending). */
  stop(): void {
    this.wait.stop();
  }

  /** One loop; 'no-connection' when the connect failed. Any error in it makes the VU back off before the next. */
  private async iteration(): Promise<'ok' | 'failed' | 'no-connection'> {
    const { sink } = this;
    const c = sink.config;
    const started = sink.clock.now();
    const conn = await this.connect();
    if (conn === null) return 'no-connection';
    if (this.previous !== null) {
      const prev = this.previous;
      this.previous = null;
      if (!(await this.closeConnection(prev, false))) return 'failed';
    }
    for (let m = 0; m < c.messages; m++) {
      if (sink.stopping()) return 'failed';
      if (!(await this.request(conn))) return 'failed';
    }
    if (c.overlap) {
      this.previous = conn;
      this.conn = null;
    } else if (!(await this.closeConnection(conn, false))) {
      return 'failed';
    }
    this.iterations++;
    this.done('iteration', sink.clock.now() - started);
    return 'ok';
  }

  private async connect(): Promise<AdapterConnection | null> {
    const { sink } = this;
    const c = sink.config;
    this.wasKicked = false;
    const now = sink.clock.now();
    sink.ends.attempt();
    const attempt = sink.adapter.connect(this.id, this, c.handshakeTimeoutMs);
    const r = this.timed(await this.wait.wait('connecting', now, now + c.handshakeTimeoutMs, attempt), now);
    if (r.state === 'stopped') {
      // The run ended mid-handshake: the end lets it finish (finishDial), it is not cut here (#18).
      this.dialing = attempt;
      this.dialStartedAt = now;
      return null;
    }
    if (r.state !== 'done') {
      // A late success must not leak a socket.
      void attempt.then((late) => (late.state === 'open' ? late.conn.terminate() : undefined));
      if (r.state === 'expired') this.fail('handshake-timeout', `no handshake answer within ${c.handshakeTimeoutMs} ms`);
      return null;
    }
    return this.opened(r.value, now);
  }

  /** The answer to a dial begun at `since`: an open connection becomes this VU's, anything else is counted as its error. */
  private opened(res: ConnectResult, since: number): AdapterConnection | null {
    const { sink } = this;
    if (res.state === 'rejected') {
      this.fail('handshake-rejected', `HTTP ${res.status}${res.errCode === null ? '' : ` errCode ${res.errCode}`}: ${res.message}`);
      return null;
    }
    if (res.state === 'failed') {
      this.fail(res.kind, res.message);
      return null;
    }
    this.done('handshake', sink.clock.now() - since);
    sink.connection(1);
    this.lastSendAt = sink.clock.now();
    this.conn = res.conn;
    this.connCaughtByStop = false;
    this.wait.silentConnection = true;
    return res.conn;
  }

  /** One request, its reply, and for a sent message its push. False ends the session. */
  private async request(conn: AdapterConnection): Promise<boolean> {
    const { sink } = this;
    const c = sink.config;
    const sentAt = sink.clock.now();
    this.lastSendAt = sentAt;
    const pushKeyed = c.messageKind === 'send-msg';
    const r = this.timed(
      await this.wait.wait(
        'awaiting-reply',
        sentAt,
        sentAt + c.replyTimeoutMs,
        conn.request(c.messageKind, pushKeyed ? sink.peerOf(this.id) : null),
      ),
      sentAt,
    );
    // Stopped: the run ended while the reply was awaited; the connection stays this VU's and the end closes it with a close frame (#18).
    if (r.state === 'stopped') {
      this.connCaughtByStop = true;
      return false;
    }
    if (r.state !== 'done') {
      this.fail(
        'reply-timeout',
        `no reply within ${c.replyTimeoutMs} ms${this.wait.silentConnection ? ' (open but silent: no reply on this connection yet)' : ''}`,
      );
      this.drop(conn);
      return false;
    }
    const res: RequestResult = r.value;
    if (res.state !== 'reply') {
      if (res.state === 'protocol-error') this.fail('protocol-error', res.message);
      else if (!this.wasKicked) this.fail('unexpected-close', res.message);
      this.drop(conn);
      return false;
    }
    this.wait.silentConnection = false;
    this.done('reply', sink.clock.now() - sentAt);
    if (res.errCode !== 0) this.fail('error-reply', `errCode ${res.errCode} ${res.errMsg}`);
    if (res.pushKey === null || res.errCode !== 0) return true;
    const key = res.pushKey;
    const waiters = (this.pushWaiters ??= new Map());
    const arrived = new Promise<void>((resolve) => waiters.set(key, resolve));
    const p = this.timed(await this.wait.wait('awaiting-push', sentAt, sentAt + c.pushTimeoutMs, arrived), sentAt);
    waiters.delete(key);
    if (p.state === 'stopped') this.connCaughtByStop = true;
    if (p.state === 'done') this.done('push', sink.clock.now() - sentAt);
    else if (p.state === 'expired') this.fail('push-timeout', `push for ${key} not received within ${c.pushTimeoutMs} ms`);
    return p.state === 'done';
  }

  /**
   * Close handshake, timed; on timeout the socket is dropped. `closeUnderway`: the close the stop
   * interrupted, waited on again. `measured` false: a connection the stop caught (see
   * {@link connCaughtByStop}), whose end is only tallied.
   */
  private async closeConnection(
    conn: AdapterConnection,
    final: boolean,
    closeUnderway: Promise<number> | null = null,
    measured = true,
  ): Promise<boolean> {
    const { sink } = this;
    const now = sink.clock.now();
    if (this.conn === conn) this.conn = null;
    if (this.previous === conn) this.previous = null;
    let closing: Promise<number> | null = null;
    if (!conn.open && closeUnderway === null) {
      conn.terminate();
      sink.connection(-1);
      sink.ends.ended('server');
      return true;
    }
    const r = final
      ? await settledWithin(closeUnderway ?? conn.close(), sink.config.closeTimeoutMs, sink.clock)
      : this.timed(await this.wait.wait('closing', now, now + sink.config.closeTimeoutMs, (closing = conn.close())), now);
    if (r.state === 'stopped') {
      // The run ended mid-close: the close frame is out; the end waits for the server's close (shutdown), bounded by the close timeout (#18).
      this.closingAtStop = { conn, closed: closing ?? conn.close() };
      return false;
    }
    sink.connection(-1);
    if (r.state === 'done') {
      // 1006: TCP closed without the server's close frame.
      sink.ends.ended(r.value === 1006 ? 'server' : 'clean');
      if (measured) this.done('close', sink.clock.now() - now);
      return true;
    }
    sink.ends.ended('timeout');
    conn.terminate();
    if (r.state === 'expired' && measured) this.fail('close-timeout', `close not finished within ${sink.config.closeTimeoutMs} ms`);
    return false;
  }

  private drop(conn: AdapterConnection): void {
    this.sink.ends.ended(conn.open ? 'cut' : 'server');
    conn.terminate();
    this.sink.connection(-1);
    if (this.conn === conn) this.conn = null;
  }

  /**
   * After a wait with a deadline that began at `since`: reports a stall when it ran past the stall
   * threshold. (Not an async wrapper around the wait: one suspended frame less per waiting VU.)
   */
  private timed<T>(r: WaitOutcome<T>, since: number): WaitOutcome<T> {
    const waited = this.sink.clock.now() - since;
    // A wait cut by the end of the run is recorded by the engine as unfinished, once.
    if (r.state !== 'stopped' && waited >= this.sink.config.stallThresholdMs) this.sink.stalled(waited);
    return r;
  }
}

/** End of run: `p`'s value, or `expired` after `ms` (the engine's tick has stopped: this wait has its own timer, cleared either way). */
function settledWithin<T>(p: Promise<T>, ms: number, clock: Clock): Promise<{ state: 'done'; value: T } | { state: 'expired' }> {
  return new Promise((resolve) => {
    const timer = clock.after(ms, () => resolve({ state: 'expired' }));
    void p.then((value) => {
      timer.cancel();
      resolve({ state: 'done', value });
    });
  });
}

/** The heartbeat's ping on an open connection, fire and forget. */
function keepAlive(conn: AdapterConnection | null): void {
  if (conn === null || !conn.open) return;
  if (conn.keepAlive !== undefined) conn.keepAlive();
  else void conn.ping();
}
