/**
 * What the engine needs from a protocol: connect a virtual user, send a
 * request and get its reply, see pushes and kicks, close. One adapter per
 * protocol (`openim`, `raw`); the engine never sees frames.
 *
 * Adapters set no timeouts of their own for the engine's phases: the engine
 * abandons a wait when its phase deadline passes (one shared tick) and then
 * calls `terminate()`. Adapters only guard against their own resource leaks.
 */

export type { AdapterName } from '../catalog/adapters.js';
export { errorKinds, answerErrorKinds, type ErrorKind } from '../catalog/error-kinds.js';
import type { ErrorKind } from '../catalog/error-kinds.js';
import type { AdapterName } from '../catalog/adapters.js';

/** One virtual user's identity. */
export interface VuIdentity {
  readonly index: number;
  readonly userID: string;
  readonly platformID: number;
}

/** How a connect attempt ended. */
export type ConnectResult =
  | { readonly state: 'open'; readonly conn: AdapterConnection }
  | {
      readonly state: 'rejected';
      readonly status: number;
      /** OpenIM errCode from the JSON body, when there is one (§1.4). */
      readonly errCode: number | null;
      readonly message: string;
      /** false for codes the real SDK does not retry (1501–1507): auth is wrong, not the server's load. */
      readonly retryable: boolean;
    }
  | { readonly state: 'failed'; readonly kind: ErrorKind; readonly message: string };

/** How a request ended. */
export type RequestResult =
  | {
      readonly state: 'reply';
      readonly errCode: number;
      readonly errMsg: string;
      /** correlation of a sent message's push (send-msg), else null */ readonly pushKey: string | null;
    }
  | { readonly state: 'closed'; readonly message: string }
  | { readonly state: 'protocol-error'; readonly message: string };

/** What a VU sends in one request. */
export type RequestKind = 'get-seq' | 'send-msg';

/** Events from a connection, reported as they happen. */
export interface ConnectionEvents {
  /** A push arrived; `key` matches a `pushKey` when it carries one of our messages. */
  push(keys: readonly string[]): void;
  kicked(): void;
  /** The connection closed; `byServer` when we had not asked for it. */
  closed(code: number, byServer: boolean): void;
}

export interface AdapterConnection {
  readonly open: boolean;
  /** Sends one request; resolves with its reply. No own timeout (the engine abandons it). */
  request(kind: RequestKind, peer: VuIdentity | null): Promise<RequestResult>;
  /** A protocol-level keepalive (WS ping): resolves true on pong. */
  ping(): Promise<boolean>;
  /**
   * The heartbeat's ping, fire and forget (nobody waits for its pong): no promise, no listeners. At
   * 10,000 held sessions the heartbeat pings 2,000 a second, and what {@link ping} allocates for its
   * answer is garbage the steady-memory figure pays for (issue #18). Optional: {@link ping} otherwise.
   */
  keepAlive?(): void;
  /** Close handshake; resolves with the close code once the server closed TCP. */
  close(): Promise<number>;
  /** Drop at once (timeouts, abort). Idempotent. */
  terminate(): void;
}

export interface Adapter {
  readonly name: AdapterName;
  /**
   * Everything before load starts (tokens, registrations); throws ImstressError with a clear message.
   * `onProgress` hears how many of the tokens are in (the CLI's "fetching 100 tokens… 40/100").
   */
  prepare(vus: readonly VuIdentity[], signal: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** Opens a connection for a VU; never rejects. */
  connect(vu: VuIdentity, events: ConnectionEvents, handshakeTimeoutMs: number): Promise<ConnectResult>;
  /** Releases what prepare() holds. */
  dispose(): Promise<void>;
  /**
   * Abandons every connect attempt still before its 101 (end of run): each pending `connect()` then
   * resolves as failed, and its socket is destroyed. Optional for test fakes that hold no sockets.
   */
  abandonConnects?(): void;
}
