/**
 * The `raw` adapter: any echo-style WebSocket server. A connect is a plain
 * WebSocket open (no tokens); a `get-seq` request is a small binary frame
 * with a unique id, answered by the first frame that starts with that id.
 * Pushes and kicks never happen; `send-msg` has no meaning here.
 */
import { STATUS_CODES } from 'node:http';
import {
  dial,
  PendingDials,
  type DialOptions,
  type IncomingMessage,
  type RawData,
  type TlsOptions,
  type WebSocket,
} from '../../transport/ws.js';
import type { Adapter, AdapterConnection, ConnectResult, ConnectionEvents, RequestKind, RequestResult, VuIdentity } from '../adapter.js';
import { dialErrorKind, dialErrorMessage, handshakeHint, withHint } from './dial-error.js';
import { SourceAddresses, sourceOption } from '../../transport/source-address.js';

export interface RawAdapterOptions {
  readonly url: string;
  readonly localAddress: string | null;
  /** wss:// certificate checks; null: Node's defaults */
  readonly tls?: TlsOptions | null;
}

/** Fixed-length request ids (`imstress:` + 16 hex digits), so a reply's id is its first bytes. */
const ID_PREFIX = 'imstress:';
const ID_LEN = ID_PREFIX.length + 16;

export function createRawAdapter(opts: RawAdapterOptions): Adapter {
  let serial = 0;
  const nextId = (): string => `${ID_PREFIX}${(++serial).toString(16).padStart(16, '0')}`;
  // The dial options of each source address are the same for every connect of a run:
  // made once per handshake timeout, then taken in turn.
  const sources = new SourceAddresses(opts.localAddress);
  let madeFor: number | null = null;
  const bySource = new Map<string | undefined, DialOptions>();
  const pending = new PendingDials();
  const dialOptionsFor = (handshakeTimeoutMs: number): DialOptions => {
    if (madeFor !== handshakeTimeoutMs) {
      bySource.clear();
      madeFor = handshakeTimeoutMs;
    }
    const source = sources.next();
    let o = bySource.get(source);
    if (o === undefined) {
      o = {
        handshakeTimeoutMs,
        pending,
        ...sourceOption(source),
        ...(opts.tls === null || opts.tls === undefined ? {} : { tls: opts.tls }),
      };
      bySource.set(source, o);
    }
    return o;
  };
  return {
    name: 'raw',
    prepare: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
    abandonConnects: () => pending.abandonAll(),
    connect(_vu: VuIdentity, events: ConnectionEvents, handshakeTimeoutMs: number): Promise<ConnectResult> {
      return new RawConnection(dial(opts.url, dialOptionsFor(handshakeTimeoutMs)), events, nextId, opts.url).opened;
    },
  };
}

/** The one answer an echo gives: shared, never mutated. */
const echoed: RequestResult = Object.freeze({ state: 'reply', errCode: 0, errMsg: '', pushKey: null });

/** Each socket's connection, for the listeners below (`this` in an EventEmitter listener is the socket). */
const connectionOf = Symbol('imstress.rawConnection');
type Tagged = WebSocket & { [connectionOf]: RawConnection };
const connOf = (ws: WebSocket): RawConnection => (ws as Tagged)[connectionOf];

// Listeners shared by every socket: a connection costs no closures of its own (at 1,000 VUs each
// lives for a whole cycle, long enough to be promoted to the old generation).
function onUnexpectedResponse(this: WebSocket, _req: unknown, res: IncomingMessage): void {
  connOf(this).rejected(res);
}
function onError(this: WebSocket, err: Error & { code?: string }): void {
  connOf(this).failed(err);
}
function onOpen(this: WebSocket): void {
  connOf(this).settle({ state: 'open', conn: connOf(this) });
}
function onMessage(this: WebSocket, data: RawData): void {
  connOf(this).message(data);
}
function onClose(this: WebSocket, code: number): void {
  connOf(this).closed(code);
}

/**
 * One socket, from the dial on. Requests are matched by id; the engine has one
 * pending at a time, kept in plain fields, and any further ones go to a map
 * made only when needed.
 */
class RawConnection implements AdapterConnection {
  /** resolves once: open, rejected or failed */
  readonly opened: Promise<ConnectResult>;
  private settleConnect: ((r: ConnectResult) => void) | null = null;
  private firstId: string | null = null;
  private firstDone: ((r: RequestResult) => void) | null = null;
  private more: Map<string, (r: RequestResult) => void> | null = null;
  private closeDone: ((code: number) => void) | null = null;
  private closing = false;
  private protocolError: string | null = null;

  constructor(
    private readonly ws: WebSocket,
    private readonly events: ConnectionEvents,
    private readonly nextId: () => string,
    private readonly url: string,
  ) {
    this.opened = new Promise((resolve) => {
      this.settleConnect = resolve;
    });
    (ws as Tagged)[connectionOf] = this;
    ws.on('unexpected-response', onUnexpectedResponse);
    ws.on('error', onError);
    ws.once('open', onOpen);
  }

  /** Ends the connect attempt (once). */
  settle(r: ConnectResult): void {
    const done = this.settleConnect;
    if (done === null) return;
    this.settleConnect = null;
    if (r.state === 'open') {
      this.ws.on('message', onMessage);
      this.ws.on('close', onClose);
    }
    done(r);
  }

  rejected(res: IncomingMessage): void {
    const status = res.statusCode ?? 0;
    res.resume();
    const message = `HTTP ${status} ${res.statusMessage ?? STATUS_CODES[status] ?? ''}`.trim();
    this.settle({
      state: 'rejected',
      status,
      errCode: null,
      message: withHint(message, handshakeHint(this.url, { status })),
      retryable: true,
    });
    this.ws.terminate();
  }

  failed(err: Error & { code?: string }): void {
    if (this.settleConnect !== null) {
      this.settle({
        state: 'failed',
        kind: dialErrorKind(err.code ?? '', err.message),
        message: dialErrorMessage(err.code ?? '', err.message, this.url),
      });
      return;
    }
    // After the 101, `ws` errors are RFC 6455 violations by the server (WS_ERR_*, e.g. a frame over maxPayload).
    if (err.code?.startsWith('WS_ERR_') === true) this.protocolError = `invalid WebSocket frame (${err.code})`;
  }

  message(data: RawData): void {
    const buf = toBuffer(data);
    if (buf.length < ID_LEN) return;
    const id = buf.toString('latin1', 0, ID_LEN);
    let done: ((r: RequestResult) => void) | undefined;
    if (id === this.firstId) {
      done = this.firstDone ?? undefined;
      this.firstId = null;
      this.firstDone = null;
    } else {
      done = this.more?.get(id);
      this.more?.delete(id);
    }
    // undefined: a greeting, or a frame that is not ours
    done?.(echoed);
  }

  closed(code: number): void {
    const why = this.protocolError;
    const end: RequestResult =
      why === null
        ? { state: 'closed', message: `connection closed (${code}) before the echo` }
        : { state: 'protocol-error', message: why };
    const first = this.firstDone;
    this.firstId = null;
    this.firstDone = null;
    first?.(end);
    if (this.more !== null) for (const done of this.more.values()) done(end);
    this.more = null;
    this.events.closed(code, !this.closing);
    const closeDone = this.closeDone;
    this.closeDone = null;
    closeDone?.(code);
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  request(kind: RequestKind): Promise<RequestResult> {
    if (kind === 'send-msg')
      return Promise.resolve({
        state: 'protocol-error',
        message: 'the raw adapter has no send-msg (an echo server has no messages or pushes)',
      });
    if (!this.open) return Promise.resolve({ state: 'closed', message: 'connection is not open' });
    const id = this.nextId();
    return new Promise((resolve) => {
      if (this.firstDone === null) {
        this.firstId = id;
        this.firstDone = resolve;
      } else {
        (this.more ??= new Map()).set(id, resolve);
      }
      this.ws.send(Buffer.from(id, 'latin1'), { binary: true, compress: false });
    });
  }

  keepAlive(): void {
    if (this.open) this.ws.ping();
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.open) {
        resolve(false);
        return;
      }
      const done = (ok: boolean): void => {
        this.ws.off('pong', onPong);
        this.ws.off('close', onClosed);
        resolve(ok);
      };
      const onPong = (): void => done(true);
      const onClosed = (): void => done(false);
      this.ws.once('pong', onPong);
      this.ws.once('close', onClosed);
      this.ws.ping();
    });
  }

  close(): Promise<number> {
    this.closing = true;
    return new Promise((resolve) => {
      if (this.ws.readyState === this.ws.CLOSED) {
        resolve(1006);
        return;
      }
      const earlier = this.closeDone;
      // Two close() calls: both resolve with the code.
      this.closeDone = earlier === null ? resolve : (code) => (earlier(code), resolve(code));
      if (this.ws.readyState === this.ws.OPEN) this.ws.close(1000);
    });
  }

  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
