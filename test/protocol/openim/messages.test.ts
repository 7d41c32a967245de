/** Protobuf bodies of §4. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContentType,
  conversationIdSingle,
  decodeDelUserPushTokenReq,
  decodeDelUserPushTokenResp,
  decodeGetMaxSeqReq,
  decodeGetMaxSeqResp,
  decodeMsgData,
  decodePullMessageBySeqsReq,
  decodePullMessageBySeqsResp,
  decodePushMessages,
  decodeSendMsgResp,
  decodeSetAppBackgroundStatusReq,
  encodeDelUserPushTokenReq,
  encodeDelUserPushTokenResp,
  encodeGetMaxSeqReq,
  encodeGetMaxSeqResp,
  encodeMsgData,
  encodePullMessageBySeqsReq,
  encodePullMessageBySeqsResp,
  encodePushMessages,
  encodeSendMsgResp,
  encodeSetAppBackgroundStatusReq,
  MsgFrom,
  ProtocolError,
  PullOrder,
  SessionType,
} from '../../../src/protocol/openim/index.js';
import type { MsgData } from '../../../src/protocol/openim/index.js';
import { hex, PB_GET_MAX_SEQ_REQ, PB_GET_MAX_SEQ_RESP } from './fixtures.js';

const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** §4.1 minimal single-chat text message, as the server stores it. */
const TEXT: MsgData = {
  sendID: 'u1',
  recvID: 'u2',
  groupID: '',
  clientMsgID: '0123456789abcdef0123456789abcdef',
  serverMsgID: 'srv',
  senderPlatformID: 2,
  senderNickname: '',
  senderFaceURL: '',
  sessionType: SessionType.Single,
  msgFrom: MsgFrom.User,
  contentType: ContentType.Text,
  content: new Uint8Array(Buffer.from('{"content":"hi"}')),
  seq: 7,
  sendTime: 1_700_000_000_123,
  createTime: 1_700_000_000_000,
  status: 0,
  isRead: false,
  options: {},
  atUserIDList: [],
  attachedInfo: '',
  ex: '',
};

/** Compares after normalising bytes (protobufjs may hand back Buffers). */
function same(actual: unknown, expected: unknown): void {
  const norm = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? toHex(v)
      : Array.isArray(v)
        ? v.map(norm)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, norm(x)]))
          : v;
  assert.deepEqual(norm(actual), norm(expected));
}

describe('protobuf fixtures (§4)', () => {
  it('GetMaxSeqReq{userID:"u1"} is 0a027531', () => {
    assert.equal(toHex(encodeGetMaxSeqReq({ userID: 'u1' })), PB_GET_MAX_SEQ_REQ);
    assert.deepEqual(decodeGetMaxSeqReq(hex(PB_GET_MAX_SEQ_REQ)), { userID: 'u1' });
  });
  it('GetMaxSeqResp{maxSeqs:{si_u1_u2:5}} is 0a0c0a0873695f75315f75321005', () => {
    assert.equal(toHex(encodeGetMaxSeqResp({ maxSeqs: { si_u1_u2: 5 } })), PB_GET_MAX_SEQ_RESP);
    assert.deepEqual(decodeGetMaxSeqResp(hex(PB_GET_MAX_SEQ_RESP)), { maxSeqs: { si_u1_u2: 5 }, minSeqs: {} });
  });
  it('an empty GetMaxSeqResp is zero bytes and decodes with empty maps', () => {
    assert.equal(encodeGetMaxSeqResp({}).length, 0);
    assert.deepEqual(decodeGetMaxSeqResp(new Uint8Array(0)), { maxSeqs: {}, minSeqs: {} });
  });
});

describe('protobuf round trips (§4)', () => {
  it('MsgData: the §4.1 text message', () => {
    same(decodeMsgData(encodeMsgData(TEXT)), TEXT);
  });
  it('MsgData: every field, including options, offlinePushInfo and atUserIDList', () => {
    const full: MsgData = {
      ...TEXT,
      groupID: 'g1',
      senderNickname: 'nick',
      senderFaceURL: 'http://x/y.png',
      status: 2,
      isRead: true,
      options: { history: false, unreadCount: true },
      offlinePushInfo: { title: 't', desc: 'd', ex: 'e', iOSPushSound: 's', iOSBadgeCount: true, signalInfo: 'si' },
      atUserIDList: ['u3', 'u4'],
      attachedInfo: 'att',
      ex: 'x',
      seq: 2 ** 40,
    };
    same(decodeMsgData(encodeMsgData(full)), full);
  });
  it('MsgData: field 13 is unused; sendTime is field 15 (0x78)', () => {
    const b = encodeMsgData({ sendTime: 1 });
    assert.equal(toHex(b), '7801');
  });
  it('MsgData without offlinePushInfo has no such key', () => {
    assert.equal('offlinePushInfo' in decodeMsgData(encodeMsgData({ sendID: 'u1' })), false);
  });
  it('SendMsgResp', () => {
    const v = { serverMsgID: 's', clientMsgID: 'c', sendTime: 1_700_000_000_123 };
    assert.deepEqual(decodeSendMsgResp(encodeSendMsgResp(v)), v);
  });
  it('PushMessages with a single conversation (§4.2)', () => {
    const conv = conversationIdSingle('u2', 'u1');
    const v = { msgs: { [conv]: { Msgs: [TEXT], isEnd: false } }, notificationMsgs: {} };
    const decoded = decodePushMessages(encodePushMessages(v));
    same(decoded, v);
    assert.deepEqual(Object.keys(decoded.msgs), ['si_u1_u2']);
  });
  it('PullMessageBySeqsReq/Resp', () => {
    const req = {
      userID: 'u1',
      seqRanges: [{ conversationID: 'si_u1_u2', begin: 1, end: 10, num: 10 }],
      order: PullOrder.Desc,
    };
    assert.deepEqual(decodePullMessageBySeqsReq(encodePullMessageBySeqsReq(req)), req);
    const resp = { msgs: {}, notificationMsgs: { n_u1: { Msgs: [TEXT], isEnd: true } } };
    same(decodePullMessageBySeqsResp(encodePullMessageBySeqsResp(resp)), resp);
  });
  it('SetAppBackgroundStatusReq and DelUserPushTokenReq/Resp', () => {
    assert.deepEqual(decodeSetAppBackgroundStatusReq(encodeSetAppBackgroundStatusReq({ userID: 'u1', isBackground: true })), {
      userID: 'u1',
      isBackground: true,
    });
    assert.deepEqual(decodeDelUserPushTokenReq(encodeDelUserPushTokenReq({ userID: 'u1', platformID: 5 })), {
      userID: 'u1',
      platformID: 5,
    });
    assert.equal(encodeDelUserPushTokenResp().length, 0);
    assert.deepEqual(decodeDelUserPushTokenResp(hex('0a0178')), {});
  });
});

describe('protobuf failures', () => {
  const BAD = ['0a05', 'ff', '0a', '0a0c0a0873695f75315f7532', '0f'];
  for (const h of BAD) {
    it(`${h} → protobuf_invalid`, () => {
      assert.throws(
        () => decodeGetMaxSeqResp(hex(h)),
        (e: unknown) => e instanceof ProtocolError && e.code === 'protobuf_invalid',
      );
    });
  }
  it('a wrongly typed encoder input → protobuf_invalid', () => {
    assert.throws(() => encodeMsgData({ offlinePushInfo: 5 } as never), { code: 'protobuf_invalid' });
  });
});

describe('conversationIdSingle (§4.2)', () => {
  const CASES: readonly (readonly [string, string, string])[] = [
    ['u1', 'u2', 'si_u1_u2'],
    ['u2', 'u1', 'si_u1_u2'],
    ['10', '9', 'si_10_9'],
    ['a', 'a', 'si_a_a'],
    ['\u{1F600}', '\uFFFF', 'si_\uFFFF_\u{1F600}'], // UTF-8 byte order, as Go sorts
  ];
  for (const [a, b, want] of CASES) {
    it(`${a}, ${b} → ${want}`, () => assert.equal(conversationIdSingle(a, b), want));
  }
});
