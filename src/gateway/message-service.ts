/**
 * What the reader does with one request (§2.6, §3, §4): decode, check the
 * sender, call the (simulated) message RPC, reply, and for 1003 push 2001 to
 * the receiver's and the sender's registered connections (§4.2).
 */
import type { Task, TaskRegistry } from './csp/index.js';
import type { Client } from './client.js';
import type { UserMap } from './user-map.js';
import type { UserStore } from './user-store.js';
import type { GatewayConfig } from './options.js';
import { LoadedRpc } from './rpc.js';
import {
  ReqIdentifier,
  decodeReqFrame,
  decodeGetMaxSeqReq,
  encodeGetMaxSeqResp,
  decodeMsgData,
  encodeSendMsgResp,
  encodePushMessages,
  decodeSetAppBackgroundStatusReq,
  encodePullMessageBySeqsResp,
  conversationIdSingle,
  type MsgData,
  type Req,
  type Resp,
} from '../protocol/openim/index.js';
import { createHash } from 'node:crypto';

/** An error reply: tools `CodeError` code and message (§2.6: ErrCode/ErrMsg from apiresp.ParseError). */
interface CodeError {
  readonly code: number;
  readonly msg: string;
}
type Outcome = { readonly data?: Uint8Array; readonly err?: CodeError; readonly then?: 'close' };

const errArgs = (): CodeError => ({ code: 1001, msg: 'ArgsError' });
const errNoPermission = (): CodeError => ({ code: 1002, msg: 'NoPermissionError' });
const errRecordNotFound = (): CodeError => ({ code: 1004, msg: 'RecordNotFoundError' });

/** The request ends the reader: the connection is closed without a reply (§2.6). */
class ReaderStop extends Error {}

export class MessageService {
  readonly rpc: LoadedRpc;
  readonly counters = { requests: 0, replies: 0, errorReplies: 0, pushes: 0, pushesDropped: 0, messages: 0 };
  private readonly maxSeq = new Map<string, number>();
  private readonly conversationsOf = new Map<string, Set<string>>();
  private serial = 0;

  constructor(
    private readonly config: GatewayConfig,
    private readonly tasks: TaskRegistry,
    private readonly clients: UserMap<Client>,
    private readonly users: UserStore,
  ) {
    this.rpc = new LoadedRpc('msg', config.messageRpcBaseMs, config.messageRpcPerInFlightMs);
  }

  /** `handleMessage`: throws {@link ReaderStop} or a ProtocolError where the connection must close (§2.6). */
  async handle(task: Task, client: Client, message: Buffer): Promise<void> {
    const req = decodeReqFrame(message, {
      compression: client.isCompress ? 'gzip' : 'none',
      encoding: client.isJson ? 'json' : 'gob',
      maxOutput: 16 * this.config.maxMessageSize,
    });
    if (req.sendID !== client.userID) throw new ReaderStop('exception conn userID not same to req userID');
    this.counters.requests++;
    let outcome: Outcome;
    switch (req.reqIdentifier) {
      case ReqIdentifier.GetNewestSeq:
        outcome = await this.getSeq(task, client, req);
        break;
      case ReqIdentifier.SendMsg:
        outcome = await this.sendMessage(task, client, req);
        break;
      case ReqIdentifier.SendSignalMsg:
        outcome = { err: errArgs() }; // §3: the 3.5.1 handler passes a nil request
        break;
      case ReqIdentifier.PullMsgBySeqList:
        await this.rpc.call(task, 'PullMessageBySeqs');
        outcome = { data: encodePullMessageBySeqsResp({ msgs: {}, notificationMsgs: {} }) };
        break;
      case ReqIdentifier.LogoutMsg:
        await this.rpc.call(task, 'DelUserPushToken');
        outcome = { then: 'close' };
        break;
      case ReqIdentifier.SetBackgroundStatus:
        outcome = this.setBackground(client, req);
        break;
      default:
        throw new ReaderStop(`ReqIdentifier failed,sendID:${req.sendID},msgIncr:${req.msgIncr},reqIdentifier:${req.reqIdentifier}`);
    }
    await this.reply(task, client, req, outcome);
    if (outcome.then === 'close') await task.frame('close', () => client.close(task));
  }

  /** §3 1001: the caller's conversations and their max seqs; `userID` must be the caller. */
  private async getSeq(task: Task, client: Client, req: Req): Promise<Outcome> {
    const body = decodeGetMaxSeqReq(req.data);
    await this.rpc.call(task, 'GetMaxSeq');
    if (body.userID !== client.userID) return { err: errNoPermission() };
    const maxSeqs: Record<string, number> = {};
    for (const conv of this.conversationsOf.get(client.userID) ?? []) maxSeqs[conv] = this.maxSeq.get(conv) ?? 0;
    return { data: encodeGetMaxSeqResp({ maxSeqs, minSeqs: {} }) };
  }

  /** §3 1003 and §4.1: checks, a server message ID and seq, the reply, then the push (§4.2). */
  private async sendMessage(task: Task, client: Client, req: Req): Promise<Outcome> {
    const msg = decodeMsgData(req.data);
    await this.rpc.call(task, 'SendMsg');
    if (msg.sendID !== client.userID && !this.users.isManager(client.userID)) return { err: errNoPermission() };
    if (msg.sessionType !== 1 && msg.sessionType !== 3 && msg.sessionType !== 4) return { err: errArgs() };
    if (msg.sessionType !== 1) return { err: errRecordNotFound() }; // no groups in the model
    if (!this.users.has(msg.recvID)) return { err: errRecordNotFound() };
    const conv = conversationIdSingle(msg.sendID, msg.recvID);
    const seq = (this.maxSeq.get(conv) ?? 0) + 1;
    this.maxSeq.set(conv, seq);
    for (const u of [msg.sendID, msg.recvID]) {
      let set = this.conversationsOf.get(u);
      if (set === undefined) this.conversationsOf.set(u, (set = new Set()));
      set.add(conv);
    }
    const sendTime = this.tasks.clock.epochMs();
    const serverMsgID = createHash('md5').update(`${msg.clientMsgID}${sendTime}${this.serial++}`).digest('hex');
    const stored: MsgData = { ...msg, serverMsgID, seq, sendTime };
    this.counters.messages++;
    // The push travels Kafka → push → gateway in upstream: here it leaves after this request's reply.
    setImmediate(() => this.push(conv, stored, req.operationID));
    return { data: encodeSendMsgResp({ serverMsgID, clientMsgID: msg.clientMsgID, sendTime }) };
  }

  /** §3 2004: sets IsBackground; no reply data. */
  private setBackground(client: Client, req: Req): Outcome {
    const body = decodeSetAppBackgroundStatusReq(req.data);
    if (body.userID !== client.userID) return { err: errNoPermission() };
    client.isBackground = body.isBackground;
    return {};
  }

  /** `replyMessage`: echo ReqIdentifier, MsgIncr, OperationID; write errors are only logged upstream. */
  private async reply(task: Task, client: Client, req: Req, outcome: Outcome): Promise<void> {
    const resp: Resp = {
      reqIdentifier: req.reqIdentifier,
      msgIncr: req.msgIncr,
      operationID: req.operationID,
      errCode: outcome.err?.code ?? 0,
      errMsg: outcome.err?.msg ?? '',
      data: outcome.data ?? new Uint8Array(0),
    };
    if (outcome.err !== undefined) this.counters.errorReplies++;
    this.counters.replies++;
    try {
      await client.writeBinaryMsg(task, resp);
    } catch {
      // logged upstream, not fatal to the reader
    }
  }

  /** §4.2: 2001 to every registered connection of receiver and sender; iOS in background skipped; old messages dropped. */
  private push(conv: string, msg: MsgData, operationID: string): void {
    if (this.tasks.clock.epochMs() - msg.sendTime > this.config.pushMaxAgeMs) {
      this.counters.pushesDropped++;
      return;
    }
    const data = encodePushMessages({ msgs: { [conv]: { Msgs: [msg], isEnd: false } }, notificationMsgs: {} });
    const resp: Resp = { reqIdentifier: ReqIdentifier.PushMsg, msgIncr: '', operationID, errCode: 0, errMsg: '', data };
    const targets = new Set<Client>();
    for (const u of new Set([msg.recvID, msg.sendID])) for (const c of this.clients.getAll(u)) targets.add(c);
    for (const c of targets) {
      if (c.platformID === 1 && c.isBackground) continue;
      this.counters.pushes++;
      this.tasks.go(`push ${c.userID}`, (t) =>
        t.frame('pushToUser', async () => {
          try {
            await c.writeBinaryMsg(t, resp);
          } catch {
            // a failed push write is logged upstream
          }
        }),
      );
    }
  }
}
