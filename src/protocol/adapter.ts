/**
 * What the engine needs from a protocol: connect a virtual user, send a
 * request and get its reply, see pushes and kicks, close. One adapter per
 * protocol (`openim`, `raw`); the engine never sees frames.
 *
 * Adapters set no timeouts of their own for the engine's phases: the engine
 * abandons a wait when its phase deadline passes (one shared tick) and then
 * calls `terminate()`. Adapters only guard against their own resource leaks.
 */

/** Closed set of adapter names (exhaustive catalogs key on it). */
export const adapterNames = ['openim', 'raw'] as const;
export type AdapterName = (typeof adapterNames)[number];

/** Error kinds of design.md "What is measured"; the engine counts them. */
export const errorKinds = [
  'connection-refused',
  'handshake-rejected',
  'handshake-timeout',
  'reply-timeout',
  'push-timeout',
  'close-timeout',
  'error-reply',
  'kicked',
  'unexpected-close',
  'protocol-error',
  'token-error',
  'local-port-exhausted',
  'network-error',
  'worker-died',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/** What each error kind means (exhaustive: a new kind must be documented). */
/**
 * The error kinds that are the server's own answer (an undecodable frame, a refusal, a close before
 * the reply, a kick): nothing was served, but a server that answers is not frozen, so these end a
 * no-progress pause (src/hang/progress.ts `error-answer`) and a run made of them gets a verdict naming
 * the error, not a hang kind. Timeouts, refused connects and the generator's own faults are not answers.
 */
export const answerErrorKinds: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['handshake-rejected', 'error-reply', 'kicked', 'unexpected-close', 'protocol-error']);

export const errorKindMeaning: Readonly<Record<ErrorKind, string>> = {
  'connection-refused': 'TCP connect refused or reset before the handshake',
  'handshake-rejected':
    'the server answered the upgrade with a non-101 status (OpenIM: HTTP 200 + JSON errCode), with something that is not HTTP, or with a 101 that fails the RFC 6455 checks (wrong Sec-WebSocket-Accept)',
  'handshake-timeout': 'no handshake answer within the handshake timeout',
  'reply-timeout': 'no reply within the reply timeout (the connection may still be open: "open but silent")',
  'push-timeout': 'the push for a sent message did not arrive within the push timeout',
  'close-timeout': 'the close handshake did not finish within the close timeout',
  'error-reply': 'the server replied with a non-zero error code',
  'kicked': 'the server kicked the session (OpenIM 2002, then the socket drops)',
  'unexpected-close': 'the server closed the connection while a reply was awaited',
  'protocol-error': 'a frame the client could not decode, or one that breaks RFC 6455 (over the 1 MiB read limit, bad opcode, masked)',
  'token-error': 'no token could be obtained for a user',
  'local-port-exhausted': "the load generator's own fault: no free local port / address in use (widen net.ipv4.ip_local_port_range, or add source addresses with --local-address)",
  'network-error': 'any other socket error',
  'worker-died': "a --workers thread of the load generator died: its users stopped, its counts up to its last tick are kept, its latency histograms are lost (the generator's fault, never the target's)",
};

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
  | { readonly state: 'reply'; readonly errCode: number; readonly errMsg: string; /** correlation of a sent message's push (send-msg), else null */ readonly pushKey: string | null }
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
