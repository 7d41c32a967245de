/**
 * The protobuf schema of the request and reply bodies (§4 of
 * openim-protocol.md, openimsdk/protocol v0.0.42, proto3), as .proto text
 * parsed lazily with protobufjs on first use. Only the messages imstress
 * sends or receives are declared; field numbers and names follow §4.
 *
 * @module
 */

import protobuf from 'protobufjs';

/** `OpenIMServer.sdkws` (sdkws/sdkws.proto), subset. */
const SDKWS_PROTO = `
syntax = "proto3";
package OpenIMServer.sdkws;

message GetMaxSeqReq {
  string userID = 1;
}

message GetMaxSeqResp {
  map<string, int64> maxSeqs = 1;
  map<string, int64> minSeqs = 2;
}

message OfflinePushInfo {
  string title = 1;
  string desc = 2;
  string ex = 3;
  string iOSPushSound = 4;
  bool iOSBadgeCount = 5;
  string signalInfo = 6;
}

// Field 13 is not used (§4).
message MsgData {
  string sendID = 1;
  string recvID = 2;
  string groupID = 3;
  string clientMsgID = 4;
  string serverMsgID = 5;
  int32 senderPlatformID = 6;
  string senderNickname = 7;
  string senderFaceURL = 8;
  int32 sessionType = 9;
  int32 msgFrom = 10;
  int32 contentType = 11;
  bytes content = 12;
  int64 seq = 14;
  int64 sendTime = 15;
  int64 createTime = 16;
  int32 status = 17;
  bool isRead = 18;
  map<string, bool> options = 19;
  OfflinePushInfo offlinePushInfo = 20;
  repeated string atUserIDList = 21;
  string attachedInfo = 22;
  string ex = 23;
}

message UserSendMsgResp {
  string serverMsgID = 1;
  string clientMsgID = 2;
  int64 sendTime = 3;
}

message SeqRange {
  string conversationID = 1;
  int64 begin = 2;
  int64 end = 3;
  int64 num = 4;
}

enum PullOrder {
  PullOrderAsc = 0;
  PullOrderDesc = 1;
}

message PullMessageBySeqsReq {
  string userID = 1;
  repeated SeqRange seqRanges = 2;
  PullOrder order = 3;
}

// Field 1 really is "Msgs" with a capital M (§4).
message PullMsgs {
  repeated MsgData Msgs = 1;
  bool isEnd = 2;
}

message PullMessageBySeqsResp {
  map<string, PullMsgs> msgs = 1;
  map<string, PullMsgs> notificationMsgs = 2;
}

message PushMessages {
  map<string, PullMsgs> msgs = 1;
  map<string, PullMsgs> notificationMsgs = 2;
}

message SetAppBackgroundStatusReq {
  string userID = 1;
  bool isBackground = 2;
}

message SetAppBackgroundStatusResp {}
`;

/** `OpenIMServer.msg` (msg/msgv3.proto), subset. */
const MSG_PROTO = `
syntax = "proto3";
package OpenIMServer.msg;

message SendMsgResp {
  string serverMsgID = 1;
  string clientMsgID = 2;
  int64 sendTime = 3;
}
`;

/** `OpenIMServer.push` (push/push.proto), subset. */
const PUSH_PROTO = `
syntax = "proto3";
package OpenIMServer.push;

message DelUserPushTokenReq {
  string userID = 1;
  int32 platformID = 2;
}

message DelUserPushTokenResp {}
`;

/** Fully qualified names of the messages declared above. */
export type ProtoMessageName =
  | 'OpenIMServer.sdkws.GetMaxSeqReq'
  | 'OpenIMServer.sdkws.GetMaxSeqResp'
  | 'OpenIMServer.sdkws.OfflinePushInfo'
  | 'OpenIMServer.sdkws.MsgData'
  | 'OpenIMServer.sdkws.UserSendMsgResp'
  | 'OpenIMServer.sdkws.SeqRange'
  | 'OpenIMServer.sdkws.PullMessageBySeqsReq'
  | 'OpenIMServer.sdkws.PullMsgs'
  | 'OpenIMServer.sdkws.PullMessageBySeqsResp'
  | 'OpenIMServer.sdkws.PushMessages'
  | 'OpenIMServer.sdkws.SetAppBackgroundStatusReq'
  | 'OpenIMServer.sdkws.SetAppBackgroundStatusResp'
  | 'OpenIMServer.msg.SendMsgResp'
  | 'OpenIMServer.push.DelUserPushTokenReq'
  | 'OpenIMServer.push.DelUserPushTokenResp';

let root: protobuf.Root | undefined;

/**
 * The protobufjs type for `name`. The schema is parsed on the first call
 * (no work at import time) and kept for the life of the process.
 * `keepCase` keeps the Go/proto field names (`Msgs`, `iOSPushSound`).
 */
export function protoType(name: ProtoMessageName): protobuf.Type {
  let r = root;
  if (r === undefined) {
    r = new protobuf.Root();
    for (const source of [SDKWS_PROTO, MSG_PROTO, PUSH_PROTO]) protobuf.parse(source, r, { keepCase: true });
    r.resolveAll();
    root = r;
  }
  return r.lookupType(name);
}
