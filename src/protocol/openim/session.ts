/**
 * One OpenIM client connection over the shared codec: the handshake URL as
 * the real SDK builds it (§1.2), a failed handshake read as HTTP 200 + JSON
 * (§1.4), requests matched to replies by `msgIncr` (§11), pushes (2001) and
 * kicks (2002) told apart from replies.
 */
import { dial, type PendingDials, type WebSocket, type RawData, type TlsOptions } from '../../transport/ws.js';
import { decodeRespFrame, encodeReqFrame, type FrameCompression, type FrameEncoding } from './frame.js';
import type { Resp } from './envelope.js';
import { ReqIdentifier } from './constants.js';
import { isProtocolError } from './errors.js';

export interface SessionOptions {
  /** Gateway base URL, e.g. ws://127.0.0.1:10001/ (any path is accepted, §1.1). */
  readonly url: string;
  readonly userID: string;
  readonly token: string;
  readonly platformID: number;
  readonly operationID: string;
  readonly compression: FrameCompression;
  readonly encoding: FrameEncoding;
  readonly handshakeTimeoutMs: number;
  /** Largest frame accepted from the server; the SDK's read limit is 1 MiB (§5). */
  readonly maxPayload?: number;
  readonly localAddress?: string;
  /** wss:// certificate checks (absent: Node's defaults, full verification). */
  readonly tls?: TlsOptions;
  /**
   * `isMsgResp=true` (§1.6, §14.2): the verdict arrives as a text frame after the 101;
   * the handshake ends with that frame (errCode 0), not with the 101.
   */
  readonly msgResp?: boolean;
  /** the adapter's dials still before their 101 (abandoned at the end of a run) */
  readonly pending?: PendingDials;
}

/** How a connect attempt ended. */
export type ConnectOutcome =
  | { readonly state: 'open' }
  | { readonly state: 'rejected'; readonly status: number; readonly errCode: number | null; readonly errMsg: string; readonly body: string }
  | { readonly state: 'failed'; readonly code: string; readonly message: string };

/** Why a request got no reply. */
export class RequestError extends Error {
  constructor(
    readonly kind: 'timeout' | 'closed' | 'not_open',
    message: string,
  ) {
    super(message);
  }
}

/** Events a session reports besides replies. */
export interface SessionEvents {
  push?(resp: Resp): void;
  kick?(): void;
  /** An undecodable frame (the session closes itself), or a frame that breaks RFC 6455 (`WS_ERR_*`). */
  protocolError?(code: string): void;
  close?(code: number, byServer: boolean): void;
}

/** §1.2: sendID, token, platformID, operationID, isBackground, then compression; sdkType=js for JSON (≥3.8.2); isMsgResp=true (§14.2). */
export function handshakeUrl(
  o: Pick<SessionOptions, 'url' | 'userID' | 'token' | 'platformID' | 'operationID' | 'compression' | 'encoding' | 'msgResp'>,
): string {
  const u = new URL(o.url);
  u.searchParams.set('sendID', o.userID);
  u.searchParams.set('token', o.token);
  u.searchParams.set('platformID', String(o.platformID));
  u.searchParams.set('operationID', o.operationID);
  u.searchParams.set('isBackground', 'false');
  if (o.compression === 'gzip') u.searchParams.set('compression', 'gzip');
  if (o.encoding === 'json') u.searchParams.set('sdkType', 'js');
  if (o.msgResp === true) u.searchParams.set('isMsgResp', 'true');
  return u.toString();
}

interface Pending {
  resolve(resp: Resp): void;
  reject(err: RequestError): void;
  timer: NodeJS.Timeout | null;
}

export class OpenImSession {
  private readonly pending = new Map<string, Pending>();
  private serial = 0;
  private closing = false;
  private kicked = false;

  private constructor(
    private readonly ws: WebSocket,
    private readonly options: SessionOptions,
    private readonly events: SessionEvents,
  ) {}

  /** Opens a session; resolves once the 101 arrived, or with why not. Never rejects. */
  static connect(options: SessionOptions, events: SessionEvents = {}): Promise<{ session: OpenImSession | null; outcome: ConnectOutcome }> {
    return new Promise((resolve) => {
      const ws = dial(handshakeUrl(options), {
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        maxPayload: options.maxPayload ?? 1024 * 1024,
        ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
        ...(options.tls === undefined ? {} : { tls: options.tls }),
        ...(options.pending === undefined ? {} : { pending: options.pending, pendingPastOpen: options.msgResp === true }),
      });
      let settled = false;
      const settle = (session: OpenImSession | null, outcome: ConnectOutcome): void => {
        if (settled) return;
        settled = true;
        resolve({ session, outcome });
      };
      ws.on('unexpected-response', (_req, res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 64 * 1024) chunks.push(c);
        });
        const done = (): void => {
          const body = Buffer.concat(chunks).toString('utf8');
          const { errCode, errMsg } = parseErrorBody(body);
          settle(null, { state: 'rejected', status: res.statusCode ?? 0, errCode, errMsg, body });
          ws.terminate();
        };
        res.on('end', done);
        res.on('error', done);
        res.on('close', done);
      });
      ws.on('error', (err: Error & { code?: string }) => {
        settle(null, { state: 'failed', code: err.code ?? (/timed out/i.test(err.message) ? 'ETIMEDOUT' : 'EWS'), message: err.message });
      });
      const opened = (): void => {
        const session = new OpenImSession(ws, options, events);
        session.attach();
        settle(session, { state: 'open' });
      };
      if (options.msgResp === true) {
        awaitMsgResp(
          ws,
          options.handshakeTimeoutMs,
          () => {
            options.pending?.delete(ws);
            opened();
          },
          (outcome) => {
            settle(null, outcome);
            ws.terminate();
          },
        );
        return;
      }
      ws.on('open', opened);
    });
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  get wasKicked(): boolean {
    return this.kicked;
  }

  /**
   * Sends one request and waits for the reply with the same msgIncr.
   * `timeoutMs` null sets no timer: the caller (the load engine) owns the
   * deadline and ends the wait with `terminate()`, which rejects it as closed.
   */
  request(reqIdentifier: number, data: Uint8Array, timeoutMs: number | null): Promise<Resp> {
    if (!this.open) return Promise.reject(new RequestError('not_open', 'connection is not open'));
    const msgIncr = `${this.options.userID}_${Date.now()}${++this.serial}`;
    const frame = encodeReqFrame(
      { reqIdentifier, token: '', sendID: this.options.userID, operationID: this.options.operationID, msgIncr, data },
      { compression: this.options.compression, encoding: this.options.encoding },
    );
    return new Promise<Resp>((resolve, reject) => {
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.pending.delete(msgIncr);
              reject(new RequestError('timeout', `no reply to ${reqIdentifier} within ${timeoutMs} ms`));
            }, timeoutMs);
      this.pending.set(msgIncr, { resolve, reject, timer });
      this.ws.send(frame, { binary: true, compress: false });
    });
  }

  /** A raw frame (tests of the server's frame rules). */
  sendRaw(data: Buffer | string, binary: boolean): void {
    this.ws.send(data, { binary, compress: false });
  }

  /**
   * WebSocket ping; resolves with true when the pong arrives in time, false
   * on timeout or when the connection closes first. `timeoutMs` null sets no
   * timer (the caller owns the deadline).
   */
  ping(timeoutMs: number | null): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.open) {
        resolve(false);
        return;
      }
      const done = (ok: boolean): void => {
        if (timer !== null) clearTimeout(timer);
        this.ws.off('pong', onPong);
        this.ws.off('close', onClose);
        resolve(ok);
      };
      const onPong = (): void => done(true);
      const onClose = (): void => done(false);
      const timer = timeoutMs === null ? null : setTimeout(() => done(false), timeoutMs);
      this.ws.once('pong', onPong);
      this.ws.once('close', onClose);
      this.ws.ping();
    });
  }

  /** A WS ping nobody waits for (the load's heartbeat): nothing allocated for its pong. */
  keepAlive(): void {
    if (this.open) this.ws.ping();
  }

  /**
   * Close handshake; terminates if the server has not closed within
   * timeoutMs (null: no timer, the caller terminates). Resolves with the
   * close code once the socket is closed.
   */
  close(timeoutMs: number | null): Promise<number> {
    this.closing = true;
    return new Promise((resolve) => {
      if (this.ws.readyState === this.ws.CLOSED) {
        resolve(1006);
        return;
      }
      const timer =
        timeoutMs === null
          ? null
          : setTimeout(() => {
              this.ws.terminate();
            }, timeoutMs);
      this.ws.once('close', (code: number) => {
        if (timer !== null) clearTimeout(timer);
        resolve(code);
      });
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
    });
  }

  /** Drop the TCP connection at once. */
  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  private attach(): void {
    this.ws.on('message', (raw: RawData, isBinary: boolean) => {
      if (!isBinary) return;
      let resp: Resp;
      try {
        resp = decodeRespFrame(toBuffer(raw), {
          compression: this.options.compression,
          encoding: this.options.encoding,
          maxOutput: 16 * 1024 * 1024,
        });
      } catch (err) {
        this.events.protocolError?.(isProtocolError(err) ? err.code : 'unknown');
        this.terminate();
        return;
      }
      if (resp.reqIdentifier === ReqIdentifier.PushMsg) {
        this.events.push?.(resp);
      } else if (resp.reqIdentifier === ReqIdentifier.KickOnlineMsg) {
        this.kicked = true;
        this.events.kick?.();
      } else {
        const p = this.pending.get(resp.msgIncr);
        if (p !== undefined) {
          this.pending.delete(resp.msgIncr);
          if (p.timer !== null) clearTimeout(p.timer);
          p.resolve(resp);
        }
      }
    });
    // After the 101, `ws` errors are RFC 6455 violations by the server (WS_ERR_*: a frame over the read
    // limit, a bad opcode, a masked frame, bad UTF-8): a protocol error, then the socket closes.
    this.ws.on('error', (err: Error & { code?: string }) => {
      if (err.code?.startsWith('WS_ERR_') === true) this.events.protocolError?.(err.code);
    });
    this.ws.on('close', (code: number) => {
      for (const p of this.pending.values()) {
        if (p.timer !== null) clearTimeout(p.timer);
        p.reject(new RequestError('closed', `connection closed (${code}) before the reply`));
      }
      this.pending.clear();
      this.events.close?.(code, !this.closing);
    });
  }
}

/**
 * §1.6 / §14.2: after the 101 the first frame is a text frame with the ApiResponse JSON.
 * errCode 0 opens the session; any other code is a refusal (the server closes right
 * after), classified like the HTTP 200 + JSON one but with status 101. A binary frame,
 * a close or no frame within the handshake timeout (counted from the dial: a server
 * that ignores isMsgResp, like the v3.5.1 tag, sends none) fails the attempt, so no
 * connect stays pending and no socket leaks. The timer ends a little (5 %, at most
 * 250 ms) before the caller's own handshake deadline, so the caller gets this failure,
 * whose message says what to change, rather than a bare timeout of its own.
 */
function awaitMsgResp(
  ws: WebSocket,
  timeoutMs: number,
  opened: () => void,
  failed: (o: Exclude<ConnectOutcome, { state: 'open' }>) => void,
): void {
  let done = false;
  const finish = (f: () => void): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    ws.off('message', onMessage);
    ws.off('close', onClose);
    f();
  };
  const timer = setTimeout(
    () => {
      finish(() =>
        failed({
          state: 'failed',
          code: 'ETIMEDOUT',
          message:
            ws.readyState === ws.OPEN
              ? `101 received but no isMsgResp frame within ${timeoutMs} ms (a server without isMsgResp, such as v3.5.1, sends none: pass --no-msg-resp or --openim-version 3.5)`
              : `no handshake answer within ${timeoutMs} ms`,
        }),
      );
    },
    Math.max(1, timeoutMs - Math.min(250, timeoutMs * 0.05)),
  );
  const onMessage = (raw: RawData, isBinary: boolean): void => {
    if (isBinary) {
      finish(() =>
        failed({ state: 'failed', code: 'EMSGRESP', message: 'a binary frame arrived where the isMsgResp text frame was expected' }),
      );
      return;
    }
    const body = toBuffer(raw).toString('utf8');
    const { errCode, errMsg } = parseErrorBody(body);
    if (errCode === 0) finish(opened);
    else finish(() => failed({ state: 'rejected', status: 101, errCode, errMsg, body }));
  };
  const onClose = (code: number): void => {
    finish(() =>
      failed({ state: 'failed', code: 'EMSGRESP', message: `connection closed (${code}) after the 101, before the isMsgResp frame` }),
    );
  };
  ws.on('message', onMessage);
  ws.on('close', onClose);
  // A dial error (before the 101) is settled by the caller's 'error' listener; stop waiting for the frame then.
  ws.on('error', () => finish(() => undefined));
}

/** §1.4: `{"errCode":…,"errMsg":…,"errDlt":…}`; anything else gives errCode null. */
export function parseErrorBody(body: string): { errCode: number | null; errMsg: string } {
  try {
    const v: unknown = JSON.parse(body.slice(body.indexOf('{')));
    if (typeof v === 'object' && v !== null) {
      const code = (v as Record<string, unknown>)['errCode'];
      const msg = (v as Record<string, unknown>)['errMsg'];
      return { errCode: typeof code === 'number' && Number.isInteger(code) ? code : null, errMsg: typeof msg === 'string' ? msg : '' };
    }
  } catch {
    // not JSON
  }
  return { errCode: null, errMsg: '' };
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
