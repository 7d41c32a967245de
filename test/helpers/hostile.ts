/**
 * Hostile targets for the robustness tests: TCP servers on 127.0.0.1 that
 * speak just enough HTTP and RFC 6455 by hand (node:net, no `ws`) to
 * misbehave on purpose — never answer, answer garbage, reset mid-frame,
 * ignore a close, flood. Every socket is destroyed by `close()`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { createHash } from 'node:crypto';
import { decodeReqFrame, encodeRespFrame, type Req, type Resp } from '../../src/protocol/openim/index.js';

/** RFC 6455 §1.3: the GUID appended to Sec-WebSocket-Key. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
}

/** One client frame, unmasked. */
export interface ClientFrame {
  readonly fin: boolean;
  readonly opcode: number;
  readonly payload: Buffer;
}

/** RFC 6455 §5.2 server frame (never masked). */
export function frame(opcode: number, payload: Buffer, fin = true): Buffer {
  const len = payload.length;
  let head: Buffer;
  if (len < 126) head = Buffer.from([(fin ? 0x80 : 0) | opcode, len]);
  else if (len < 65536) {
    head = Buffer.alloc(4);
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

export const Op = { text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Incremental parser of masked client frames. */
export class FrameReader {
  private buf = Buffer.alloc(0);

  push(chunk: Buffer): ClientFrame[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: ClientFrame[] = [];
    for (;;) {
      if (this.buf.length < 2) return out;
      const b0 = this.buf[0] ?? 0;
      const b1 = this.buf[1] ?? 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) return out;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) return out;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const total = off + (masked ? 4 : 0) + len;
      if (this.buf.length < total) return out;
      const mask = masked ? this.buf.subarray(off, off + 4) : null;
      const payload = Buffer.from(this.buf.subarray(total - len, total));
      if (mask !== null) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
      out.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
      this.buf = this.buf.subarray(total);
    }
  }
}

/** The HTTP request head of an upgrade, parsed. */
export interface UpgradeRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

/** Reads the request head; calls `onHead` once with the head and whatever bytes followed it. */
export function readHead(socket: Socket, onHead: (req: UpgradeRequest, rest: Buffer) => void): void {
  let buf = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) {
      if (buf.length > 64 * 1024) socket.destroy();
      return;
    }
    socket.off('data', onData);
    const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
    const [, path = '/'] = (lines[0] ?? '').split(' ');
    const headers: Record<string, string> = {};
    for (const l of lines.slice(1)) {
      const i = l.indexOf(':');
      if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
    }
    onHead({ path, headers, query: new URL(path, 'http://x').searchParams }, buf.subarray(end + 4));
  };
  socket.on('data', onData);
}

/** The 101 answer for `req` (or with a wrong accept key). */
export function switchingProtocols(req: UpgradeRequest, acceptOverride?: string): string {
  const accept = acceptOverride ?? acceptKey(req.headers['sec-websocket-key'] ?? '');
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
}

/** An HTTP answer with a body, connection closed after it. */
export function httpAnswer(status: number, body: string | Buffer, contentType = 'application/json'): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status} X\r\nContent-Type: ${contentType}\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`,
      'latin1',
    ),
    b,
  ]);
}

/** What a scripted WebSocket connection can do once upgraded. */
export interface WsPeer {
  readonly socket: Socket;
  readonly req: UpgradeRequest;
  readonly compression: 'gzip' | 'none';
  send(opcode: number, payload: Buffer): boolean;
  /** A valid OpenIM reply frame to `req` (gob, gzip as negotiated). */
  replyTo(req: Req, over?: Partial<Resp>): Buffer;
  /** Decodes a client binary frame as an OpenIM Req. */
  decode(payload: Buffer): Req;
}

export interface WsScript {
  /** After the 101 (return false to skip it: the script answered the head itself). */
  onOpen?(peer: WsPeer): void;
  onFrame?(peer: WsPeer, f: ClientFrame): void;
  /** Before the 101: return false to not upgrade (the script has answered). */
  onHead?(socket: Socket, req: UpgradeRequest): boolean;
  /** Overrides the Sec-WebSocket-Accept sent. */
  accept?: string;
}

/** Default frame handling: answer pings, echo a close (then end TCP), ignore the rest. */
export function defaultControl(peer: WsPeer, f: ClientFrame): boolean {
  if (f.opcode === Op.ping) {
    peer.send(Op.pong, f.payload);
    return true;
  }
  if (f.opcode === Op.close) {
    peer.send(Op.close, f.payload.subarray(0, 2));
    peer.socket.end();
    return true;
  }
  return f.opcode === Op.pong;
}

export interface HostileServer {
  readonly port: number;
  readonly url: string;
  /** TCP connections accepted so far. */
  readonly accepted: () => number;
  close(): Promise<void>;
}

/** A raw TCP server (TLS with `tls`: then its URL is wss://); `onSocket` owns each socket. */
export function startTcp(onSocket: (s: Socket) => void, tls?: TlsOptions): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const handle = (s: Socket): void => {
    accepted++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onSocket(s);
  };
  const server: Server = tls === undefined ? createServer(handle) : createTlsServer(tls, handle);
  if (tls !== undefined) server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      resolve({
        port,
        url: `${tls === undefined ? 'ws' : 'wss'}://127.0.0.1:${port}/`,
        accepted: () => accepted,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A WebSocket server scripted frame by frame (wss:// with `tls`). */
export function startWs(script: WsScript, tls?: TlsOptions): Promise<HostileServer> {
  return startTcp((socket) => {
    readHead(socket, (req, rest) => {
      if (script.onHead !== undefined && !script.onHead(socket, req)) return;
      const compression = req.query.get('compression') === 'gzip' ? 'gzip' : 'none';
      const opts = { compression, encoding: 'gob' } as const;
      const peer: WsPeer = {
        socket,
        req,
        compression,
        send: (opcode, payload) => !socket.destroyed && socket.write(frame(opcode, payload)),
        replyTo: (r, over = {}) =>
          encodeRespFrame(
            {
              reqIdentifier: r.reqIdentifier,
              msgIncr: r.msgIncr,
              operationID: r.operationID,
              errCode: 0,
              errMsg: '',
              data: new Uint8Array(0),
              ...over,
            },
            opts,
          ),
        decode: (payload) => decodeReqFrame(payload, { ...opts, maxOutput: 1024 * 1024 }),
      };
      socket.write(switchingProtocols(req, script.accept));
      script.onOpen?.(peer);
      const reader = new FrameReader();
      const onData = (chunk: Buffer): void => {
        for (const f of reader.push(chunk)) {
          if (script.onFrame !== undefined) script.onFrame(peer, f);
          else defaultControl(peer, f);
        }
      };
      socket.on('data', onData);
      if (rest.length > 0) onData(rest);
    });
  }, tls);
}
