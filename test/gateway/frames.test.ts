/**
 * §2.6 and §5 frame rules over real loopback sockets: where the gateway
 * replies, where it closes without a reply or a close frame, pings, pushes,
 * the read deadline and the read limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, type Fixture } from '../helpers/gateway.js';
import { scriptedGateway } from '../helpers/scripted-gateway.js';
import {
  ReqIdentifier,
  encodeReqFrame,
  encodeGetMaxSeqReq,
  encodeMsgData,
  decodeSendMsgResp,
  decodePushMessages,
  encodeSetAppBackgroundStatusReq,
  conversationIdSingle,
  type Resp,
} from '../../src/protocol/openim/index.js';
import type { OpenImSession } from '../../src/protocol/openim/session.js';

let f: Fixture;
before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1' });
});
after(async () => {
  await f.close();
});

/** Opens a session and resolves `closed` with (code, byServer) when it closes. */
async function watched(
  userID: string,
  compression: 'none' | 'gzip' = 'none',
): Promise<{ s: OpenImSession; closed: Promise<number>; pushes: Resp[] }> {
  let onClose!: (code: number) => void;
  const closed = new Promise<number>((r) => (onClose = r));
  const pushes: Resp[] = [];
  const s = await f.open(userID, { compression, events: { close: (code) => onClose(code), push: (p) => pushes.push(p) } });
  assert.ok(await waitFor(() => f.gw.ws.clients.get(userID, 1).clientOK, 5000), `${userID} registered`);
  return { s, closed, pushes };
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);
}

const reqFrame = (userID: string, reqIdentifier: number, data: Uint8Array, compression: 'none' | 'gzip' = 'none'): Buffer =>
  encodeReqFrame(
    { reqIdentifier, token: '', sendID: userID, operationID: 'op', msgIncr: `${userID}_x`, data },
    { compression, encoding: 'gob' },
  );

interface CloseCase {
  readonly name: string;
  readonly userID: string;
  readonly compression?: 'gzip';
  readonly send: (s: OpenImSession, userID: string) => void;
  /** 1006: TCP dropped without a close frame; 1009: gorilla's read-limit close */
  readonly code: number;
}

const closeCases: readonly CloseCase[] = [
  { name: 'a text frame', userID: 'c1', send: (s) => s.sendRaw('hello', false), code: 1006 },
  { name: 'undecodable gob', userID: 'c2', send: (s) => s.sendRaw(Buffer.from([0x05, 0xff, 0x81, 0x00, 0x00, 0x00]), true), code: 1006 },
  {
    name: 'a gzip connection sent plain gob',
    userID: 'c3',
    compression: 'gzip',
    send: (s, u) => s.sendRaw(reqFrame(u, 1001, encodeGetMaxSeqReq({ userID: u })), true),
    code: 1006,
  },
  {
    name: 'SendID differs from the URL sendID',
    userID: 'c4',
    send: (s) => s.sendRaw(reqFrame('someone-else', 1001, encodeGetMaxSeqReq({ userID: 'c4' })), true),
    code: 1006,
  },
  { name: 'an unknown ReqIdentifier', userID: 'c5', send: (s, u) => s.sendRaw(reqFrame(u, 1005, new Uint8Array(0)), true), code: 1006 },
  { name: 'a frame over 51200 bytes', userID: 'c6', send: (s) => s.sendRaw(Buffer.alloc(51_201), true), code: 1009 },
];

for (const c of closeCases) {
  test(`${c.name}: closed with no reply (code ${c.code})`, async () => {
    const { s, closed } = await watched(c.userID, c.compression ?? 'none');
    let replies = 0;
    s.request(1001, encodeGetMaxSeqReq({ userID: c.userID }), 3000).then(
      () => replies++,
      () => undefined,
    );
    // the request above is answered first (requests are handled in order); then the bad frame
    await waitFor(() => replies === 1 || !s.open, 3000);
    const before = f.gw.ws.counters.unregistered;
    c.send(s, c.userID);
    assert.equal(await withTimeout(closed, 5000, 'close'), c.code);
    assert.ok(await waitFor(() => f.gw.ws.counters.unregistered > before, 5000), 'the reader closed and unregistered the client');
  });
}

test('1001 is answered in request order, echoing ReqIdentifier, MsgIncr and OperationID', async () => {
  const { s } = await watched('o1');
  const replies = await Promise.all([1, 2, 3].map(() => s.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'o1' }), 5000)));
  for (const r of replies) {
    assert.equal(r.reqIdentifier, 1001);
    assert.equal(r.operationID, 'op-o1');
    assert.match(r.msgIncr, /^o1_/);
  }
  assert.equal(new Set(replies.map((r) => r.msgIncr)).size, 3);
  await s.close(2000);
});

test('1001 for another user is refused with 1002 NoPermissionError', async () => {
  const { s } = await watched('o2');
  const r = await s.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'not-me' }), 5000);
  assert.deepEqual([r.errCode, r.errMsg], [1002, 'NoPermissionError']);
  await s.close(2000);
});

test('1003: SendMsgResp to the sender, then push 2001 to receiver and sender (§4.2)', async () => {
  const a = await watched('pa', 'gzip');
  const b = await watched('pb');
  const msg = encodeMsgData({
    sendID: 'pa',
    recvID: 'pb',
    clientMsgID: 'cm-1',
    senderPlatformID: 1,
    sessionType: 1,
    msgFrom: 100,
    contentType: 101,
    content: Buffer.from(JSON.stringify({ content: 'hi' })),
    createTime: Date.now(),
  });
  const r = await a.s.request(ReqIdentifier.SendMsg, msg, 5000);
  assert.equal(r.errCode, 0);
  const sent = decodeSendMsgResp(r.data);
  assert.equal(sent.clientMsgID, 'cm-1');
  assert.match(sent.serverMsgID, /^[0-9a-f]{32}$/);
  assert.ok(await waitFor(() => a.pushes.length === 1 && b.pushes.length === 1, 5000), 'both got the push');
  const conv = conversationIdSingle('pa', 'pb');
  assert.equal(conv, 'si_pa_pb');
  for (const p of [a.pushes[0], b.pushes[0]]) {
    assert.equal(p?.reqIdentifier, 2001);
    assert.equal(p?.msgIncr, '');
    const pushed = decodePushMessages(p?.data ?? new Uint8Array());
    assert.equal(pushed.msgs[conv]?.Msgs[0]?.clientMsgID, 'cm-1');
    assert.equal(pushed.msgs[conv]?.Msgs[0]?.seq, 1);
  }
  const seq = await b.s.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'pb' }), 5000);
  assert.equal(seq.errCode, 0);
  await a.s.close(2000);
  await b.s.close(2000);
});

test('1003 to an unknown user gets an error reply and the connection stays open', async () => {
  const { s } = await watched('pc');
  const msg = encodeMsgData({ sendID: 'pc', recvID: 'nobody', clientMsgID: 'cm-2', sessionType: 1, msgFrom: 100, contentType: 101 });
  const r = await s.request(ReqIdentifier.SendMsg, msg, 5000);
  assert.notEqual(r.errCode, 0);
  assert.equal(s.open, true);
  const bad = await s.request(ReqIdentifier.SendMsg, encodeMsgData({ sendID: 'pc', recvID: 'pb', sessionType: 2 }), 5000);
  assert.deepEqual([bad.errCode, bad.errMsg], [1001, 'ArgsError']);
  await s.close(2000);
});

test('2004 sets the background flag; 2003 is answered, then the connection is closed', async () => {
  const { s, closed } = await watched('lg');
  const bg = await s.request(
    ReqIdentifier.SetBackgroundStatus,
    encodeSetAppBackgroundStatusReq({ userID: 'lg', isBackground: true }),
    5000,
  );
  assert.equal(bg.errCode, 0);
  assert.equal(f.gw.ws.clients.getAll('lg')[0]?.isBackground, true);
  const out = await s.request(ReqIdentifier.LogoutMsg, new Uint8Array(0), 5000);
  assert.equal(out.reqIdentifier, 2003);
  assert.equal(await withTimeout(closed, 5000, 'close after logout'), 1006);
});

test('a ping is answered with an empty pong', async () => {
  const { s } = await watched('pg');
  assert.equal(await s.ping(2000), true);
  await s.close(2000);
});

test('a close frame is echoed and the client unregistered', async () => {
  const { s } = await watched('cf');
  const before = f.gw.ws.counters.unregistered;
  assert.equal(await s.close(3000), 1000);
  assert.ok(await waitFor(() => f.gw.ws.counters.unregistered > before, 5000));
});

test('the read deadline drops a silent connection; binary frames reset it (§5)', async () => {
  // On the manual clock with a scripted socket: the deadline is exact, and nobody sleeps.
  const g = scriptedGateway({ readDeadlineMs: 400, statusRpcMs: 1 });
  const s = g.connect('rd');
  let lastRead = 0;
  for (let i = 0; i < 4; i++) {
    await g.clock.advance(200);
    s.clientSend(g.request1001('rd')); // read at once (the reader waits): keeps it alive past 400 ms
    lastRead = g.clock.now();
    const reply = s.next(g.clock, 2000);
    await g.clock.advance(5);
    assert.deepEqual(await reply, { kind: 'reply', reqIdentifier: 1001 });
  }
  const closed = s.next(g.clock, 3000);
  await g.clock.advanceTo(lastRead + 399);
  assert.equal(s.readyState, s.OPEN, 'not before the deadline');
  await g.clock.advanceTo(lastRead + 400);
  assert.deepEqual(await closed, { kind: 'closed' });
  assert.equal(g.core.ws.counters.readerExits['read error'], 1, 'the reader ended on the deadline');
  g.core.ws.stop();
  assert.deepEqual(g.panics, []);
});

test('gob from the JSON envelope is refused unless v3.8 negotiates sdkType=js (§2.7)', async () => {
  const g = await gatewayFixture({ mode: 'v3.8' });
  try {
    const s = await g.open('js1', { encoding: 'json' });
    const r = await s.request(1001, encodeGetMaxSeqReq({ userID: 'js1' }), 5000);
    assert.equal(r.errCode, 0);
    await s.close(2000);
  } finally {
    await g.close();
  }
  // 3.5.1 ignores sdkType: a JSON envelope is undecodable gob there, and the connection drops
  let onClose!: (code: number) => void;
  const closed = new Promise<number>((r) => (onClose = r));
  const s = await f.open('js2', { encoding: 'json', events: { close: (c) => onClose(c) } });
  await s.request(1001, encodeGetMaxSeqReq({ userID: 'js2' }), 1500).catch(() => undefined);
  assert.equal(await withTimeout(closed, 5000, 'close'), 1006);
});
