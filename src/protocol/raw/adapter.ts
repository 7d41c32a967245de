/**
 * The `raw` adapter: any echo-style WebSocket server. A connect is a plain
 * WebSocket open (no tokens); a `get-seq` request is a small binary frame
 * with a unique id, answered by the first frame that starts with that id.
 * Pushes and kicks never happen; `send-msg` has no meaning here.
 */
import { STATUS_CODES } from 'node:http';
import { dial, type RawData, type TlsOptions, type WebSocket } from '../../transport/ws.js';
import type { Adapter, AdapterConnection, ConnectResult, ConnectionEvents, RequestKind, RequestResult, VuIdentity } from '../adapter.js';
import { dialErrorKind, dialErrorMessage } from './dial-error.js';

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
  return {
    name: 'raw',
    prepare: () => Promise.resolve(),
    dispose: () => Promise.resolve(),
    connect(_vu: VuIdentity, events: ConnectionEvents, handshakeTimeoutMs: number): Promise<ConnectResult> {
      return new Promise((resolve) => {
        const ws = dial(opts.url, {
          handshakeTimeoutMs,
          ...(opts.localAddress === null ? {} : { localAddress: opts.localAddress }),
          ...(opts.tls === null || opts.tls === undefined ? {} : { tls: opts.tls }),
        });
        let settled = false;
        const settle = (r: ConnectResult): void => {
          if (settled) return;
          settled = true;
          resolve(r);
        };
        ws.on('unexpected-response', (_req, res) => {
          const status = res.statusCode ?? 0;
          res.resume();
          settle({ state: 'rejected', status, errCode: null, message: `HTTP ${status} ${res.statusMessage ?? STATUS_CODES[status] ?? ''}`.trim(), retryable: true });
          ws.terminate();
        });
        ws.on('error', (err: Error & { code?: string }) => {
          settle({ state: 'failed', kind: dialErrorKind(err.code ?? '', err.message), message: dialErrorMessage(err.code ?? '', err.message) });
        });
        ws.once('open', () => settle({ state: 'open', conn: new RawConnection(ws, events, nextId) }));
      });
    },
  };
}

class RawConnection implements AdapterConnection {
  private readonly pending = new Map<string, (r: RequestResult) => void>();
  private closing = false;
  private protocolError: string | null = null;

  constructor(
    private readonly ws: WebSocket,
    events: ConnectionEvents,
    private readonly nextId: () => string,
  ) {
    ws.on('message', (data: RawData) => {
      const buf = toBuffer(data);
      if (buf.length < ID_LEN) return;
      const id = buf.subarray(0, ID_LEN).toString('latin1');
      const done = this.pending.get(id);
      if (done === undefined) return; // a greeting, or a frame that is not ours
      this.pending.delete(id);
      done({ state: 'reply', errCode: 0, errMsg: '', pushKey: null });
    });
    // After the 101, `ws` errors are RFC 6455 violations by the server (WS_ERR_*, e.g. a frame over maxPayload).
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code?.startsWith('WS_ERR_') === true) this.protocolError = `invalid WebSocket frame (${err.code})`;
    });
    ws.on('close', (code: number) => {
      const why = this.protocolError;
      for (const done of this.pending.values()) done(why === null ? { state: 'closed', message: `connection closed (${code}) before the echo` } : { state: 'protocol-error', message: why });
      this.pending.clear();
      events.closed(code, !this.closing);
    });
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  request(kind: RequestKind): Promise<RequestResult> {
    if (kind === 'send-msg') return Promise.resolve({ state: 'protocol-error', message: 'the raw adapter has no send-msg (an echo server has no messages or pushes)' });
    if (!this.open) return Promise.resolve({ state: 'closed', message: 'connection is not open' });
    const id = this.nextId();
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(Buffer.from(id, 'latin1'), { binary: true, compress: false });
    });
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.open) {
        resolve(false);
        return;
      }
      const done = (ok: boolean): void => {
        this.ws.off('pong', onPong);
        this.ws.off('close', onClose);
        resolve(ok);
      };
      const onPong = (): void => done(true);
      const onClose = (): void => done(false);
      this.ws.once('pong', onPong);
      this.ws.once('close', onClose);
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
      this.ws.once('close', (code: number) => resolve(code));
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
