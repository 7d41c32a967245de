/**
 * The embedded gateway's later-release behaviour (openim-protocol.md §14) over
 * real loopback HTTP and WebSocket: `v3.8` serves the ≥ v3.8.2 token routes
 * (admin token first, `user_token` gone), answers `isMsgResp=true` with a text
 * frame after the 101 (§1.6, §14.2) and pings Web clients (§14.3); `v3.5.1`
 * keeps the v3.5.1 routes. `/stats` names the REST flavour.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, apiOptions, type Fixture } from '../helpers/gateway.js';
import { adminToken, ApiCallError, apiCall, registerUsers, userToken } from '../../src/protocol/openim/rest.js';
import { handshakeUrl } from '../../src/protocol/openim/session.js';
import { encodeGetMaxSeqReq, ReqIdentifier } from '../../src/protocol/openim/index.js';
import { dial } from '../../src/transport/ws.js';

let v38: Fixture;
let v351: Fixture;
before(async () => {
  v38 = await gatewayFixture({ mode: 'v3.8', seed: 1, webPingMs: 100 });
  v351 = await gatewayFixture({ mode: 'v3.5.1', seed: 1 });
});
after(async () => {
  await v38.close();
  await v351.close();
});

const api = (f: Fixture) => apiOptions(f.gw.apiUrl ?? '');

/** The failure `p` rejects with, as an ApiCallError. */
async function refusal(p: Promise<unknown>): Promise<ApiCallError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiCallError, String(err));
    return err;
  }
  assert.fail('expected a refusal');
}

test('v3.8: get_admin_token, then register and get_user_token with the admin token header; the user token opens a session', async () => {
  const o = api(v38);
  const admin = await adminToken(o, 'openIM123', 'imAdmin');
  await registerUsers(o, { kind: 'admin', token: admin }, ['v38-a', 'v38-b']);
  const t = await userToken(o, { kind: 'admin', token: admin }, 'v38-a', 1);
  const s = await v38.open('v38-a', { token: t });
  const reply = await s.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'v38-a' }), 3000);
  assert.equal(reply.errCode, 0);
});

test('v3.8: every token route refuses what upstream refuses (§14.1)', async () => {
  const o = api(v38);
  assert.equal((await refusal(adminToken(o, 'wrong', 'imAdmin'))).errCode, 1002, 'wrong secret');
  assert.equal((await refusal(adminToken(o, 'openIM123', 'someoneElse'))).errCode, 1001, 'not an imAdminUserID');
  const gone = await refusal(userToken(o, 'openIM123', 'v38-a', 1));
  assert.equal(gone.kind, 'http');
  assert.equal(gone.status, 404, '/auth/user_token no longer exists');
  assert.equal((await refusal(registerUsers(o, 'openIM123', ['v38-c']))).errCode, 1505, 'register with only the secret: no token header');
  const admin = await adminToken(o, 'openIM123', 'imAdmin');
  const userTok = await userToken(o, { kind: 'admin', token: admin }, 'v38-b', 1);
  assert.equal(
    (await refusal(registerUsers(o, { kind: 'admin', token: userTok }, ['v38-d']))).errCode,
    1002,
    'a user token is not the admin token',
  );
  assert.equal((await refusal(userToken(o, { kind: 'admin', token: userTok }, 'v38-b', 2))).errCode, 1002);
  assert.equal((await refusal(userToken(o, { kind: 'admin', token: admin }, 'never-registered', 1))).errCode, 1004, 'the user must exist');
  assert.equal((await refusal(apiCall(o, '/auth/get_user_token', { userID: 'v38-b', platformID: 1 }))).errCode, 1505, 'no token header');
});

test('v3.5.1 keeps the v3.5.1 routes: get_admin_token and get_user_token answer 404', async () => {
  const o = api(v351);
  const e = await refusal(adminToken(o, 'openIM123', 'imAdmin'));
  assert.equal(e.status, 404);
  assert.equal((await refusal(apiCall(o, '/auth/get_user_token', { userID: 'x', platformID: 1 }))).status, 404);
  await registerUsers(o, 'openIM123', ['v351-a']);
  assert.ok((await userToken(o, 'openIM123', 'v351-a', 1)).length > 0);
});

test('/stats names the REST flavour and whether isMsgResp is honoured', () => {
  const a = v38.gw.stats();
  assert.equal(a.restFlavour, 'v3.8.2');
  assert.equal(a.msgResp, true);
  const b = v351.gw.stats();
  assert.equal(b.restFlavour, 'v3.5.1');
  assert.equal(b.msgResp, false);
});

test('isMsgResp on v3.8: a good token gets the success text frame, then the session works', async () => {
  const r = await v38.connect('mr-ok', { msgResp: true });
  assert.equal(r.outcome.state, 'open');
  assert.ok(r.session !== null);
  const reply = await r.session.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'mr-ok' }), 3000);
  assert.equal(reply.errCode, 0);
});

test('isMsgResp on v3.8: the raw exchange is 101, one text frame {"errCode":0…}, in that order', async () => {
  const token = await v38.token('mr-raw');
  const url = `${v38.gw.wsUrl}?sendID=mr-raw&token=${token}&platformID=1&operationID=op&isMsgResp=true`;
  const ws = dial(url, { handshakeTimeoutMs: 3000 });
  const first = await new Promise<{ text: string; binary: boolean }>((resolve, reject) => {
    ws.once('message', (data, isBinary) => resolve({ text: String(data), binary: isBinary }));
    ws.once('error', reject);
  });
  ws.terminate();
  assert.equal(first.binary, false);
  assert.deepEqual(JSON.parse(first.text), { errCode: 0, errMsg: '', errDlt: '' });
});

test('isMsgResp on v3.8: a refused token is a rejection with its errCode after the 101, and the server closes', async () => {
  const r = await v38.connect('mr-bad', { msgResp: true, token: 'not.a.jwt' });
  assert.equal(r.session, null);
  assert.equal(r.outcome.state, 'rejected');
  if (r.outcome.state !== 'rejected') return;
  assert.equal(r.outcome.status, 101);
  assert.equal(r.outcome.errCode, 1503, 'malformed token (§1.3 check 5)');
  const other = await v38.connect('mr-other', { msgResp: true, token: await v38.token('mr-owner') });
  assert.equal(other.outcome.state === 'rejected' ? other.outcome.errCode : null, 1502, 'sendID differs from the claim');
});

test('without isMsgResp v3.8 still refuses with HTTP 200 + JSON (§1.4)', async () => {
  const r = await v38.connect('mr-plain', { token: 'not.a.jwt' });
  assert.equal(r.outcome.state, 'rejected');
  if (r.outcome.state === 'rejected') {
    assert.equal(r.outcome.status, 200);
    assert.equal(r.outcome.errCode, 1503);
  }
});

test('isMsgResp against v3.5.1 (the tag ignores it): the attempt fails at the handshake timeout with a hint, nothing stays open', async () => {
  const before = v351.gw.stats().counters.upgrades;
  const r = await v351.connect('mr-351', { msgResp: true, handshakeTimeoutMs: 300 });
  assert.equal(r.session, null);
  assert.equal(r.outcome.state, 'failed');
  if (r.outcome.state === 'failed') assert.match(r.outcome.message, /no isMsgResp frame.*--no-msg-resp/);
  assert.equal(v351.gw.stats().counters.upgrades, before + 1, 'the 101 did happen');
  assert.ok(await waitFor(() => v351.gw.stats().connections.open === 0, 3000), 'the socket was dropped');
});

test('v3.8 pings Web clients (platform 5) once their reader runs; the client answers and sees no event', async () => {
  const events: string[] = [];
  const web = await v38.open('web-1', {
    platformID: 5,
    events: {
      push: () => events.push('push'),
      kick: () => events.push('kick'),
      protocolError: (c) => events.push(c),
      close: () => events.push('close'),
    },
  });
  const ios = await v38.open('ios-1', { platformID: 1 });
  const start = v38.gw.stats().counters;
  assert.ok(await waitFor(() => v38.gw.stats().counters.webPongs >= start.webPongs + 3, 5000), 'pongs came back');
  const now = v38.gw.stats().counters;
  assert.ok(now.webPings >= now.webPongs - start.webPongs, 'a pong per ping');
  assert.ok(web.open && ios.open);
  assert.deepEqual(events, [], 'pings are neither pushes, kicks, errors nor closes');
  const reply = await web.request(ReqIdentifier.GetNewestSeq, encodeGetMaxSeqReq({ userID: 'web-1' }), 3000);
  assert.equal(reply.errCode, 0);
});

test('the handshake URL carries isMsgResp=true only when asked (§1.2, §14.2)', () => {
  const base = {
    url: 'ws://127.0.0.1:1/',
    userID: 'u',
    token: 't',
    platformID: 1,
    operationID: 'op',
    compression: 'gzip',
    encoding: 'gob',
  } as const;
  assert.equal(new URL(handshakeUrl({ ...base, msgResp: true })).searchParams.get('isMsgResp'), 'true');
  assert.equal(new URL(handshakeUrl(base)).searchParams.has('isMsgResp'), false);
});
