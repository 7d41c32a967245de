/**
 * Typed protobuf codecs for the request and reply bodies (§4 of
 * openim-protocol.md) on top of protobufjs.
 *
 * Decoded objects have every field (proto3 defaults filled in); int64
 * values become JS numbers (exact up to 2^53−1); maps are plain records;
 * bytes are Uint8Array. Encoders accept any subset of the fields
 * ({@link MessageInput}); absent fields are proto3 zero values.
 *
 * @module
 */

import type { IConversionOptions } from 'protobufjs';
import { ProtocolError } from './errors.js';
import { protoType } from './proto-schema.js';
import type { ProtoMessageName } from './proto-schema.js';

/** `sdkws.GetMaxSeqReq` (§4). */
export interface GetMaxSeqReq {
  readonly userID: string;
}

/** `sdkws.GetMaxSeqResp`: conversationID → seq (§4). */
export interface GetMaxSeqResp {
  readonly maxSeqs: Readonly<Record<string, number>>;
  readonly minSeqs: Readonly<Record<string, number>>;
}

/** `sdkws.OfflinePushInfo` (§4). */
interface OfflinePushInfo {
  readonly title: string;
  readonly desc: string;
  readonly ex: string;
  readonly iOSPushSound: string;
  readonly iOSBadgeCount: boolean;
  readonly signalInfo: string;
}

/** `sdkws.MsgData` (§4; §4.1 lists what a text message sets). */
export interface MsgData {
  readonly sendID: string;
  readonly recvID: string;
  readonly groupID: string;
  readonly clientMsgID: string;
  readonly serverMsgID: string;
  readonly senderPlatformID: number;
  readonly senderNickname: string;
  readonly senderFaceURL: string;
  readonly sessionType: number;
  readonly msgFrom: number;
  readonly contentType: number;
  readonly content: Uint8Array;
  readonly seq: number;
  /** Milliseconds since the epoch. */
  readonly sendTime: number;
  /** Milliseconds since the epoch. */
  readonly createTime: number;
  readonly status: number;
  readonly isRead: boolean;
  readonly options: Readonly<Record<string, boolean>>;
  /** Absent when the message has none. */
  readonly offlinePushInfo?: OfflinePushInfo;
  readonly atUserIDList: readonly string[];
  readonly attachedInfo: string;
  readonly ex: string;
}

/** `msg.SendMsgResp`, same layout as `sdkws.UserSendMsgResp` (§4). */
export interface SendMsgResp {
  readonly serverMsgID: string;
  readonly clientMsgID: string;
  readonly sendTime: number;
}

/** `sdkws.SeqRange` (§4). */
interface SeqRange {
  readonly conversationID: string;
  readonly begin: number;
  readonly end: number;
  readonly num: number;
}

/** `sdkws.PullOrder` (§4). */
export const PullOrder = { Asc: 0, Desc: 1 } as const;

/** `sdkws.PullMessageBySeqsReq` (§4). */
export interface PullMessageBySeqsReq {
  readonly userID: string;
  readonly seqRanges: readonly SeqRange[];
  /** A {@link PullOrder} value (unknown enum values are kept as numbers). */
  readonly order: number;
}

/** `sdkws.PullMsgs`; note the capital M of `Msgs` (§4). */
export interface PullMsgs {
  readonly Msgs: readonly MsgData[];
  readonly isEnd: boolean;
}

/** `sdkws.PullMessageBySeqsResp`; `sdkws.PushMessages` has the same shape (§4). */
export interface PullMessageBySeqsResp {
  readonly msgs: Readonly<Record<string, PullMsgs>>;
  readonly notificationMsgs: Readonly<Record<string, PullMsgs>>;
}

/** `sdkws.PushMessages`, the Data of a 2001 push (§4.2). */
export type PushMessages = PullMessageBySeqsResp;

/** `sdkws.SetAppBackgroundStatusReq` (§4). */
export interface SetAppBackgroundStatusReq {
  readonly userID: string;
  readonly isBackground: boolean;
}

/** `push.DelUserPushTokenReq` (§4). */
export interface DelUserPushTokenReq {
  readonly userID: string;
  readonly platformID: number;
}

/** The empty reply messages (`SetAppBackgroundStatusResp`, `DelUserPushTokenResp`). */
export type EmptyMessage = Readonly<Record<string, never>>;

/**
 * Encoder input for message `T`: every field optional, recursively
 * (bytes, arrays and records keep their shape with optional members).
 */
export type MessageInput<T> = T extends Uint8Array
  ? Uint8Array
  : T extends readonly (infer E)[]
    ? readonly MessageInput<E>[]
    : T extends object
      ? { readonly [K in keyof T]?: MessageInput<T[K]> }
      : T;

const TO_OBJECT: IConversionOptions = {
  longs: Number,
  enums: Number,
  defaults: true,
  arrays: true,
  objects: true,
};

type Loose = Record<string, unknown>;

function encodeAs(name: ProtoMessageName, input: object): Uint8Array {
  try {
    const type = protoType(name);
    return type.encode(type.fromObject(input)).finish();
  } catch (err) {
    throw new ProtocolError('protobuf_invalid', `cannot encode ${name}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

function decodeAs(name: ProtoMessageName, buf: Uint8Array): Loose {
  try {
    const type = protoType(name);
    return type.toObject(type.decode(buf), TO_OBJECT);
  } catch (err) {
    // protobufjs throws RangeError ("index out of range") and Error for bad wire data.
    throw new ProtocolError('protobuf_invalid', `cannot decode ${name}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

/** toObject gives `null` for an absent sub-message; the TS shape omits it. */
function fixMsgData(o: Loose): MsgData {
  if (o['offlinePushInfo'] === null) delete o['offlinePushInfo'];
  return o as unknown as MsgData;
}

function fixPullMsgsMap(m: unknown): void {
  for (const pm of Object.values(m as Record<string, Loose>)) {
    for (const md of pm['Msgs'] as Loose[]) fixMsgData(md);
  }
}

function fixPullResp(o: Loose): PullMessageBySeqsResp {
  fixPullMsgsMap(o['msgs']);
  fixPullMsgsMap(o['notificationMsgs']);
  return o as unknown as PullMessageBySeqsResp;
}

/** Encodes `sdkws.GetMaxSeqReq`; `{userID:"u1"}` → `0a 02 75 31` (§4). */
export function encodeGetMaxSeqReq(v: MessageInput<GetMaxSeqReq>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.GetMaxSeqReq', v);
}
/** Decodes `sdkws.GetMaxSeqReq`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeGetMaxSeqReq(buf: Uint8Array): GetMaxSeqReq {
  return decodeAs('OpenIMServer.sdkws.GetMaxSeqReq', buf) as unknown as GetMaxSeqReq;
}

/** Encodes `sdkws.GetMaxSeqResp`; `{maxSeqs:{"si_u1_u2":5}}` → `0a0c0a0873695f75315f75321005` (§4). */
export function encodeGetMaxSeqResp(v: MessageInput<GetMaxSeqResp>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.GetMaxSeqResp', v);
}
/** Decodes `sdkws.GetMaxSeqResp`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeGetMaxSeqResp(buf: Uint8Array): GetMaxSeqResp {
  return decodeAs('OpenIMServer.sdkws.GetMaxSeqResp', buf) as unknown as GetMaxSeqResp;
}

/** Encodes `sdkws.MsgData` (the Data of a 1003 request). */
export function encodeMsgData(v: MessageInput<MsgData>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.MsgData', v);
}
/** Decodes `sdkws.MsgData`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeMsgData(buf: Uint8Array): MsgData {
  return fixMsgData(decodeAs('OpenIMServer.sdkws.MsgData', buf));
}

/** Encodes `msg.SendMsgResp` (the Data of a 1003 reply). */
export function encodeSendMsgResp(v: MessageInput<SendMsgResp>): Uint8Array {
  return encodeAs('OpenIMServer.msg.SendMsgResp', v);
}
/** Decodes `msg.SendMsgResp`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeSendMsgResp(buf: Uint8Array): SendMsgResp {
  return decodeAs('OpenIMServer.msg.SendMsgResp', buf) as unknown as SendMsgResp;
}

/** Encodes `sdkws.PullMessageBySeqsReq` (the Data of a 1002 request). */
export function encodePullMessageBySeqsReq(v: MessageInput<PullMessageBySeqsReq>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.PullMessageBySeqsReq', v);
}
/** Decodes `sdkws.PullMessageBySeqsReq`. @throws {ProtocolError} `protobuf_invalid` */
export function decodePullMessageBySeqsReq(buf: Uint8Array): PullMessageBySeqsReq {
  return decodeAs('OpenIMServer.sdkws.PullMessageBySeqsReq', buf) as unknown as PullMessageBySeqsReq;
}

/** Encodes `sdkws.PullMessageBySeqsResp` (the Data of a 1002 reply). */
export function encodePullMessageBySeqsResp(v: MessageInput<PullMessageBySeqsResp>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.PullMessageBySeqsResp', v);
}
/** Decodes `sdkws.PullMessageBySeqsResp`. @throws {ProtocolError} `protobuf_invalid` */
export function decodePullMessageBySeqsResp(buf: Uint8Array): PullMessageBySeqsResp {
  return fixPullResp(decodeAs('OpenIMServer.sdkws.PullMessageBySeqsResp', buf));
}

/** Encodes `sdkws.PushMessages` (the Data of a 2001 push, §4.2). */
export function encodePushMessages(v: MessageInput<PushMessages>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.PushMessages', v);
}
/** Decodes `sdkws.PushMessages`. @throws {ProtocolError} `protobuf_invalid` */
export function decodePushMessages(buf: Uint8Array): PushMessages {
  return fixPullResp(decodeAs('OpenIMServer.sdkws.PushMessages', buf));
}

/** Encodes `sdkws.SetAppBackgroundStatusReq` (the Data of a 2004 request). */
export function encodeSetAppBackgroundStatusReq(v: MessageInput<SetAppBackgroundStatusReq>): Uint8Array {
  return encodeAs('OpenIMServer.sdkws.SetAppBackgroundStatusReq', v);
}
/** Decodes `sdkws.SetAppBackgroundStatusReq`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeSetAppBackgroundStatusReq(buf: Uint8Array): SetAppBackgroundStatusReq {
  return decodeAs('OpenIMServer.sdkws.SetAppBackgroundStatusReq', buf) as unknown as SetAppBackgroundStatusReq;
}

/** Encodes `push.DelUserPushTokenReq` (the Data of a 2003 request). */
export function encodeDelUserPushTokenReq(v: MessageInput<DelUserPushTokenReq>): Uint8Array {
  return encodeAs('OpenIMServer.push.DelUserPushTokenReq', v);
}
/** Decodes `push.DelUserPushTokenReq`. @throws {ProtocolError} `protobuf_invalid` */
export function decodeDelUserPushTokenReq(buf: Uint8Array): DelUserPushTokenReq {
  return decodeAs('OpenIMServer.push.DelUserPushTokenReq', buf) as unknown as DelUserPushTokenReq;
}

/** Encodes the empty `push.DelUserPushTokenResp` (zero bytes). */
export function encodeDelUserPushTokenResp(): Uint8Array {
  return encodeAs('OpenIMServer.push.DelUserPushTokenResp', {});
}
/** Decodes `push.DelUserPushTokenResp` (unknown fields skipped). @throws {ProtocolError} `protobuf_invalid` */
export function decodeDelUserPushTokenResp(buf: Uint8Array): EmptyMessage {
  return decodeAs('OpenIMServer.push.DelUserPushTokenResp', buf) as EmptyMessage;
}

/**
 * Conversation id of a single chat: `si_` + the two user ids sorted and
 * joined by `_` (§4.2). Sorted by UTF-8 bytes, as Go's `sort.Strings`.
 */
export function conversationIdSingle(a: string, b: string): string {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) <= 0 ? `si_${a}_${b}` : `si_${b}_${a}`;
}
