/**
 * The owning module of the `ws` package: every WebSocket server and client in
 * imstress is made here, with permessage-deflate off on both sides (a load
 * generator that leaves it on measures zlib, not the gateway; OpenIM 3.5.1
 * never negotiates it, §1.1).
 */
import { WebSocket, WebSocketServer, type RawData, type ClientOptions } from 'ws';
import type { IncomingMessage } from 'node:http';
import { rootCertificates as tlsRootCertificates } from 'node:tls';
import type { Socket } from 'node:net';

export type { RawData };
export { WebSocket };

/** A server that only upgrades sockets handed to it (`noServer`). */
export function createUpgradeServer(options: { maxPayload: number; autoPong: boolean }): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxPayload,
    autoPong: options.autoPong,
    clientTracking: false,
  });
}

/** A standalone server on host:port (tests, benchmarks, echo targets). */
export function createListeningServer(
  options: { host: string; port: number; maxPayload?: number },
  onListening: () => void,
): WebSocketServer {
  return new WebSocketServer(
    { host: options.host, port: options.port, perMessageDeflate: false, maxPayload: options.maxPayload ?? 100 * 1024 * 1024 },
    onListening,
  );
}

/** TLS of a wss:// dial: the system CAs, plus `ca` when given; `rejectUnauthorized` false only by explicit choice (`--insecure`). */
export interface TlsOptions {
  readonly ca?: Buffer;
  readonly rejectUnauthorized: boolean;
}

export interface DialOptions {
  readonly handshakeTimeoutMs: number;
  readonly maxPayload?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly localAddress?: string;
  readonly tls?: TlsOptions;
  /** the adapter's set of dials still before their 101, abandoned together at the end of a run */
  readonly pending?: PendingDials;
  /**
   * The caller's handshake goes on past the 101 (isMsgResp, openim-protocol.md §14.2): the dial stays in
   * `pending` until the socket closes or the caller removes it, so the end of a run abandons it too.
   */
  readonly pendingPastOpen?: boolean;
}

/**
 * The dials of one adapter that have not reached their 101 (or their refusal) yet. At the end of a run
 * the engine abandons them all: a server that dribbles its upgrade answer a byte a second must not keep
 * the process alive past the run (`ws`'s own handshake timer is an idle timer and never fires then).
 */
export class PendingDials {
  private readonly connecting = new Set<WebSocket>();

  add(ws: WebSocket): void {
    this.connecting.add(ws);
  }

  delete(ws: WebSocket): void {
    this.connecting.delete(ws);
  }

  /** Dials still before their 101. */
  get size(): number {
    return this.connecting.size;
  }

  /**
   * Terminates every dial still connecting. Each fails with `ws`'s "WebSocket was closed before the
   * connection was established", which `dial-error` maps to `handshake-timeout`.
   */
  abandonAll(): void {
    for (const ws of this.connecting) ws.terminate();
    this.connecting.clear();
  }
}

function abandonIfConnecting(ws: WebSocket): void {
  if (ws.readyState === ws.CONNECTING) ws.terminate();
}

/**
 * RFC 6455 §7.1.1: after the close handshake "the underlying TCP connection, in most normal cases,
 * SHOULD be closed first by the server, so that it holds the TIME_WAIT state and not the client"; the
 * client "SHOULD wait for the server to close the connection". `ws` ends the client's side as soon as
 * both close frames have passed, so whose FIN goes first is a race; a busy load generator (`--workers`)
 * often wins it and keeps thousands of sockets in TIME_WAIT, holding local ports. This replaces the
 * socket's `end()`: until the server's FIN has arrived it does nothing, and `ws` calls it again when the
 * FIN comes (its `end` listener). Bounded: `ws`'s close timer, and the engine's `--close-timeout`, destroy
 * the socket if the server never closes TCP. One shared function: a connection costs no closure.
 */
function endAfterServer(this: Socket, ...args: unknown[]): Socket {
  if (!this.readableEnded && !this.destroyed) return this;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the prototype's own end, applied to this socket just below
  const end = (Object.getPrototypeOf(this) as Socket).end as (...a: unknown[]) => Socket;
  return end.apply(this, args);
}

/** Once the 101 is in, the socket's own FIN waits for the server's (see {@link endAfterServer}). */
function serverClosesFirst(this: WebSocket): void {
  const socket = (this as unknown as { _socket?: Socket })._socket;
  if (socket !== undefined && socket !== null) socket.end = endAfterServer;
}

/** A client socket; `unexpected-response` is left to the caller (OpenIM answers failures with 200 + JSON, §1.4). */
export function dial(url: string, options: DialOptions): WebSocket {
  const o: ClientOptions = {
    perMessageDeflate: false,
    handshakeTimeout: options.handshakeTimeoutMs,
    maxPayload: options.maxPayload ?? 1024 * 1024,
    followRedirects: false,
  };
  if (options.headers !== undefined) o.headers = { ...options.headers };
  if (options.localAddress !== undefined) o.localAddress = options.localAddress;
  if (options.tls !== undefined) {
    // `ca` adds to Node's bundled roots rather than replacing them, so system-signed targets keep working.
    if (options.tls.ca !== undefined) o.ca = [...tlsRootCertificates, options.tls.ca.toString('utf8')];
    o.rejectUnauthorized = options.tls.rejectUnauthorized;
  }
  const ws = new WebSocket(url, o);
  // `handshakeTimeout` above is `ws`'s idle timer on the request: a byte a second keeps it from firing.
  // This one is absolute, from the connect to the 101 (TCP, TLS, the upgrade answer and its body).
  const deadline = setTimeout(abandonIfConnecting, options.handshakeTimeoutMs, ws);
  const pending = options.pending;
  pending?.add(ws);
  const settled = (): void => {
    clearTimeout(deadline);
    pending?.delete(ws);
  };
  ws.once('open', options.pendingPastOpen === true ? () => clearTimeout(deadline) : settled);
  ws.once('open', serverClosesFirst);
  ws.once('close', settled);
  return ws;
}

export type { IncomingMessage };
