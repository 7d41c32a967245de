/**
 * The `openim` adapter: a virtual user is an {@link OpenImSession} (§1.2
 * handshake, §2 frames), `get-seq` is 1001 and `send-msg` a single-chat text
 * message 1003 (§4.1) whose clientMsgID is the key of its push (2001, §4.2).
 *
 * No timer here: the engine owns every phase deadline and calls
 * `terminate()`, which settles whatever is still pending as `closed`.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Adapter, AdapterConnection, ConnectResult, ConnectionEvents, RequestKind, RequestResult, VuIdentity } from '../adapter.js';
import { dialErrorKind, dialErrorMessage, handshakeHint, withHint } from '../raw/dial-error.js';
import { PendingDials, type TlsOptions } from '../../transport/ws.js';
import { ContentType, MsgFrom, NonRetryableHandshakeCodes, ReqIdentifier, SessionType } from './constants.js';
import type { Resp } from './envelope.js';
import type { FrameCompression, FrameEncoding } from './frame.js';
import {
  decodeGetMaxSeqResp,
  decodePushMessages,
  decodeSendMsgResp,
  encodeGetMaxSeqReq,
  encodeMsgData,
  type PullMsgs,
} from './messages.js';
import { OpenImSession, RequestError, type ConnectOutcome, type SessionEvents } from './session.js';
import type { TokenProvider } from './tokens.js';
import { SourceAddresses, sourceOption } from '../../transport/source-address.js';

export interface OpenImAdapterOptions {
  readonly url: string;
  readonly tokens: TokenProvider;
  readonly compression: FrameCompression;
  readonly encoding: FrameEncoding;
  readonly localAddress: string | null;
  /** operationID of each connection: `<prefix>-<vu index>-<n>` (§1.2: the SDK always sends one). */
  readonly operationIdPrefix: string;
  /** wss:// certificate checks; null: Node's defaults */
  readonly tls?: TlsOptions | null;
  /** `isMsgResp=true` on every connection (§1.6, §14.2). */
  readonly msgResp?: boolean;
}

/** The SDK's read limit (§5). */
const MAX_PAYLOAD = 1024 * 1024;

export function createOpenImAdapter(opts: OpenImAdapterOptions): Adapter {
  let connSerial = 0;
  let msgSerial = 0;
  const sources = new SourceAddresses(opts.localAddress);
  const nextText = (): number => ++msgSerial;
  const pending = new PendingDials();
  return {
    name: 'openim',
    prepare: (vus, signal, onProgress) => opts.tokens.prepare(vus, signal, onProgress),
    dispose: () => Promise.resolve(),
    abandonConnects: () => pending.abandonAll(),
    async connect(vu: VuIdentity, events: ConnectionEvents, handshakeTimeoutMs: number): Promise<ConnectResult> {
      let token: string;
      try {
        token = opts.tokens.tokenFor(vu.userID, vu.platformID);
      } catch (err) {
        return { state: 'failed', kind: 'token-error', message: (err as Error).message };
      }
      const sink = new EventSink(events);
      let r: Awaited<ReturnType<typeof OpenImSession.connect>>;
      try {
        r = await OpenImSession.connect(
          {
            url: opts.url,
            userID: vu.userID,
            token,
            platformID: vu.platformID,
            operationID: `${opts.operationIdPrefix}-${vu.index}-${++connSerial}`,
            compression: opts.compression,
            encoding: opts.encoding,
            handshakeTimeoutMs,
            pending,
            maxPayload: MAX_PAYLOAD,
            msgResp: opts.msgResp === true,
            ...sourceOption(sources.next()),
            ...(opts.tls === null || opts.tls === undefined ? {} : { tls: opts.tls }),
          },
          sink,
        );
      } catch (err) {
        // `dial` throws synchronously on an invalid URL or local address.
        return { state: 'failed', kind: 'network-error', message: (err as Error).message };
      }
      if (r.session !== null) return { state: 'open', conn: new OpenImConnection(r.session, vu, sink, nextText) };
      if (r.outcome.state === 'open') return { state: 'failed', kind: 'network-error', message: 'open without a session' };
      return notOpen(r.outcome, opts.url);
    },
  };
}

function notOpen(o: Exclude<ConnectOutcome, { state: 'open' }>, url: string): ConnectResult {
  if (o.state === 'failed')
    return { state: 'failed', kind: dialErrorKind(o.code, o.message), message: dialErrorMessage(o.code, o.message, url) };
  // §1.4: a refused handshake is HTTP 200 + JSON {errCode, errMsg}; with isMsgResp, 101 + a text frame with the same JSON (§14.2).
  // Any other status gets a hint when it is a common mistake.
  const message =
    o.errCode !== null
      ? `${o.errCode} ${o.errMsg}`.trim()
      : withHint(`HTTP ${o.status} ${STATUS_CODES[o.status] ?? ''}`.trim(), handshakeHint(url, { status: o.status, body: o.body }));
  return {
    state: 'rejected',
    status: o.status,
    errCode: o.errCode,
    message,
    retryable: o.errCode === null || !NonRetryableHandshakeCodes.has(o.errCode),
  };
}

/**
 * Session events → engine events: push keys are the clientMsgIDs a 2001 carries.
 * Prototype methods, not arrow fields: the session calls them as methods of
 * this object, so a connection costs no closures of its own.
 */
class EventSink implements SessionEvents {
  protocolErrorCode: string | null = null;

  constructor(private readonly events: ConnectionEvents) {}

  push(resp: Resp): void {
    let keys: string[];
    try {
      const p = decodePushMessages(resp.data);
      keys = [...clientMsgIDs(p.msgs), ...clientMsgIDs(p.notificationMsgs)];
    } catch {
      // An undecodable push is not a reply; the engine sees it as a missing push (push-timeout).
      return;
    }
    this.events.push(keys);
  }

  kick(): void {
    this.events.kicked();
  }

  protocolError(code: string): void {
    this.protocolErrorCode = code;
  }

  close(code: number, byServer: boolean): void {
    this.events.closed(code, byServer);
  }
}

function clientMsgIDs(convs: Readonly<Record<string, PullMsgs>>): string[] {
  const out: string[] = [];
  for (const c of Object.values(convs)) for (const m of c.Msgs) out.push(m.clientMsgID);
  return out;
}

class OpenImConnection implements AdapterConnection {
  constructor(
    private readonly session: OpenImSession,
    private readonly vu: VuIdentity,
    private readonly sink: EventSink,
    private readonly nextText: () => number,
  ) {}

  get open(): boolean {
    return this.session.open;
  }

  async request(kind: RequestKind, peer: VuIdentity | null): Promise<RequestResult> {
    let reqIdentifier: number;
    let data: Uint8Array;
    let pushKey: string | null = null;
    if (kind === 'get-seq') {
      reqIdentifier = ReqIdentifier.GetNewestSeq;
      data = encodeGetMaxSeqReq({ userID: this.vu.userID });
    } else {
      if (peer === null) return { state: 'protocol-error', message: 'send-msg needs a peer' };
      pushKey = randomUUID().replaceAll('-', '');
      reqIdentifier = ReqIdentifier.SendMsg;
      // §4.1: the minimal valid single-chat text message; sendTime 0 (the server sets it).
      data = encodeMsgData({
        sendID: this.vu.userID,
        recvID: peer.userID,
        clientMsgID: pushKey,
        senderPlatformID: this.vu.platformID,
        sessionType: SessionType.Single,
        msgFrom: MsgFrom.User,
        contentType: ContentType.Text,
        content: Buffer.from(JSON.stringify({ content: `imstress ${this.nextText()}` }), 'utf8'),
        createTime: Date.now(),
      });
    }
    let resp: Resp;
    try {
      resp = await this.session.request(reqIdentifier, data, null);
    } catch (err) {
      const code = this.sink.protocolErrorCode;
      if (code !== null)
        return {
          state: 'protocol-error',
          message: code.startsWith('WS_ERR_') ? `invalid WebSocket frame (${code})` : `undecodable frame (${code})`,
        };
      if (err instanceof RequestError) return { state: 'closed', message: err.message };
      throw err;
    }
    if (resp.errCode !== 0) return { state: 'reply', errCode: resp.errCode, errMsg: resp.errMsg, pushKey: null };
    try {
      // A reply whose Data does not decode is the server's protocol error, not a success.
      if (kind === 'get-seq') decodeGetMaxSeqResp(resp.data);
      else decodeSendMsgResp(resp.data);
    } catch (err) {
      return { state: 'protocol-error', message: `reply to ${reqIdentifier}: ${(err as Error).message}` };
    }
    return { state: 'reply', errCode: 0, errMsg: resp.errMsg, pushKey };
  }

  ping(): Promise<boolean> {
    return this.session.ping(null);
  }

  keepAlive(): void {
    this.session.keepAlive();
  }

  close(): Promise<number> {
    return this.session.close(null);
  }

  terminate(): void {
    this.session.terminate();
  }
}
