/**
 * The openim adapter against the real embedded gateway over loopback:
 * handshake outcomes (§1.4), get-seq (1001), send-msg (1003) with its push
 * on both ends (§4.2), and the kick by a fresh token (§6.3).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, apiOptions, type Fixture } from '../../helpers/gateway.js';
import { createOpenImAdapter } from '../../../src/protocol/openim/adapter.js';
import { createTokenProvider, type TokenProvider } from '../../../src/protocol/openim/tokens.js';
import { platformName, TokenStatus } from '../../../src/protocol/openim/constants.js';
import { userToken } from '../../../src/protocol/openim/rest.js';
import type { Adapter, AdapterConnection, ConnectResult, VuIdentity } from '../../../src/protocol/adapter.js';
import { createListeningServer } from '../../../src/transport/ws.js';
import { closedPort, recorder } from './events.js';

let f: Fixture;
let adapter: Adapter;
let tokens: TokenProvider;
const opened: AdapterConnection[] = [];

const vu = (index: number, userID: string, platformID = 1): VuIdentity => ({ index, userID, platformID });
const a1 = vu(0, 'oa1');
const a2 = vu(1, 'oa2');
const k1 = vu(2, 'ok1');

function openAdapter(url: string, token: string | TokenProvider): Adapter {
  return createOpenImAdapter({
    url,
    tokens: typeof token === 'string' ? createTokenProvider({ kind: 'static', token }) : token,
    compression: 'gzip',
    encoding: 'gob',
    localAddress: null,
    operationIdPrefix: 'test',
  });
}

function expectOpen(r: ConnectResult): AdapterConnection {
  assert.equal(r.state, 'open', JSON.stringify(r));
  assert.ok(r.state === 'open');
  opened.push(r.conn);
  return r.conn;
}

before(async () => {
  f = await gatewayFixture({ mode: 'v3.5.1', seed: 1 });
  assert.ok(f.gw.apiUrl !== null);
  tokens = createTokenProvider({ kind: 'api', apiUrl: f.gw.apiUrl, secret: 'openIM123', concurrency: 4, register: true });
  adapter = openAdapter(f.gw.wsUrl, tokens);
  await adapter.prepare([a1, a2, k1], new AbortController().signal);
});
after(async () => {
  for (const c of opened) c.terminate();
  await adapter.dispose();
  await f.close();
});

test('connect, get-seq reply errCode 0, ping, then a client close', async () => {
  const ev = recorder();
  const c = expectOpen(await adapter.connect(a1, ev, 5000));
  assert.equal(c.open, true);
  const r = await c.request('get-seq', null);
  assert.deepEqual(r, { state: 'reply', errCode: 0, errMsg: '', pushKey: null });
  assert.equal(await c.ping(), true);
  const code = await c.close();
  assert.equal(code, 1000);
  assert.equal(c.open, false);
  assert.deepEqual(ev.rec.closes, [{ code: 1000, byServer: false }]);
  assert.deepEqual(await c.request('get-seq', null), { state: 'closed', message: 'connection is not open' });
  assert.equal(await c.ping(), false);
});

test('send-msg: reply with pushKey, the push arrives on sender and receiver', async () => {
  const evA = recorder();
  const evB = recorder();
  const ca = expectOpen(await adapter.connect(a1, evA, 5000));
  const cb = expectOpen(await adapter.connect(a2, evB, 5000));
  const r = await ca.request('send-msg', a2);
  assert.equal(r.state, 'reply', JSON.stringify(r));
  assert.ok(r.state === 'reply');
  assert.equal(r.errCode, 0);
  assert.ok(r.pushKey !== null && /^[0-9a-f]{32}$/.test(r.pushKey), String(r.pushKey));
  const key = r.pushKey;
  const has = (p: string[][]): boolean => p.some((keys) => keys.includes(key));
  assert.ok(await waitFor(() => has(evA.rec.pushes) && has(evB.rec.pushes), 3000), 'push on both connections');
  // two messages get distinct keys
  const r2 = await cb.request('send-msg', a1);
  assert.ok(r2.state === 'reply' && r2.pushKey !== null && r2.pushKey !== key);
  assert.equal((await ca.request('send-msg', null)).state, 'protocol-error');
  await Promise.all([ca.close(), cb.close()]);
});

test('terminate settles a pending request as closed, with no timer left', async () => {
  const ev = recorder();
  const c = expectOpen(await adapter.connect(a1, ev, 5000));
  const pending = c.request('get-seq', null);
  c.terminate();
  c.terminate();
  const r = await pending;
  assert.equal(r.state, 'closed');
  assert.ok(await waitFor(() => ev.rec.closes.length === 1, 2000));
  assert.equal(ev.rec.closes[0]?.byServer, false);
});

test('a malformed token is rejected: HTTP 200, errCode 1503, not retryable', async () => {
  const bad = openAdapter(f.gw.wsUrl, 'not-a-jwt');
  const r = await bad.connect(a1, recorder(), 5000);
  assert.equal(r.state, 'rejected', JSON.stringify(r));
  assert.ok(r.state === 'rejected');
  assert.equal(r.status, 200);
  assert.equal(r.errCode, 1503);
  assert.equal(r.retryable, false);
  assert.match(r.message, /^1503 /);
});

test('a refused port fails as connection-refused', async () => {
  const port = await closedPort();
  const r = await openAdapter(`ws://127.0.0.1:${port}/`, 'x').connect(a1, recorder(), 5000);
  assert.equal(r.state, 'failed');
  assert.ok(r.state === 'failed');
  assert.equal(r.kind, 'connection-refused');
});

test('a user without a token fails as token-error', async () => {
  const r = await adapter.connect(vu(9, 'not-prepared'), recorder(), 5000);
  assert.ok(r.state === 'failed');
  assert.equal(r.kind, 'token-error');
});

test('a second connection with a NEW token kicks the first: kicked, then closed by the server', async () => {
  const ev = recorder();
  const c1 = expectOpen(await adapter.connect(k1, ev, 5000));
  assert.ok(f.gw.apiUrl !== null);
  // A JWT minted in the same second as the cached one is the same string (iat in seconds): mint until it differs.
  const cached = tokens.tokenFor(k1.userID, k1.platformID);
  let fresh = cached;
  for (let i = 0; i < 40 && fresh === cached; i++) {
    await new Promise((r) => setTimeout(r, 50));
    fresh = await userToken(apiOptions(f.gw.apiUrl), 'openIM123', k1.userID, k1.platformID);
  }
  assert.notEqual(fresh, cached);
  const other = openAdapter(f.gw.wsUrl, fresh);
  const ev2 = recorder();
  const c2 = expectOpen(await other.connect(k1, ev2, 5000));
  assert.ok(await waitFor(() => ev.rec.closes.length === 1, 3000), 'the first connection closes');
  assert.deepEqual(ev.rec.order, ['kicked', 'closed']);
  assert.equal(ev.rec.closes[0]?.byServer, true);
  assert.equal(c1.open, false);
  assert.equal(ev2.rec.kicks, 0);
  // the provider's cached token is now kicked (§6.3 step 3, after the close): 1506, not retryable
  assert.ok(await waitFor(() => f.gw.ws.tokens.statuses(k1.userID, platformName(k1.platformID))?.get(cached) === TokenStatus.Kicked, 3000));
  const again = await adapter.connect(k1, recorder(), 5000);
  assert.ok(again.state === 'rejected', JSON.stringify(again));
  assert.equal(again.errCode, 1506);
  assert.equal(again.retryable, false);
  await c2.close();
});

test('v3.8 gateway with sdkType=js: the JSON envelope, gzip and not; source addresses in turn', async () => {
  const g = await gatewayFixture({ mode: 'v3.8', seed: 1 });
  try {
    assert.ok(g.gw.apiUrl !== null);
    // §14.1: the v3.8 model serves the ≥ v3.8.2 routes, so tokens come through an admin token.
    const tp = createTokenProvider(
      { kind: 'api', apiUrl: g.gw.apiUrl, secret: 'openIM123', concurrency: 2, register: true },
      { flow: 'admin-token' },
    );
    const u1 = vu(0, 'js1', 5);
    const u2 = vu(1, 'js2', 5);
    await tp.prepare([u1, u2], new AbortController().signal);
    for (const compression of ['none', 'gzip'] as const) {
      const a = createOpenImAdapter({
        url: g.gw.wsUrl,
        tokens: tp,
        compression,
        encoding: 'json',
        localAddress: '127.0.0.1,127.0.0.2',
        operationIdPrefix: 'js',
      });
      const ev = recorder();
      const c1 = expectOpen(await a.connect(u1, ev, 5000));
      const c2 = expectOpen(await a.connect(u2, recorder(), 5000));
      // --local-address a,b: one connection from each (the gateway files clients by remote address)
      const from = (u: typeof u1): string | undefined =>
        g.gw.ws.clients.get(u.userID, u.platformID).clients[0]?.remoteAddr.replace(/:\d+$/, '');
      assert.ok(await waitFor(() => from(u1) !== undefined && from(u2) !== undefined, 3000));
      assert.deepEqual([from(u1), from(u2)], ['127.0.0.1', '127.0.0.2']);
      assert.deepEqual(await c1.request('get-seq', null), { state: 'reply', errCode: 0, errMsg: '', pushKey: null });
      const r = await c1.request('send-msg', u2);
      assert.ok(r.state === 'reply' && r.errCode === 0 && r.pushKey !== null, JSON.stringify(r));
      const key = r.pushKey;
      assert.ok(await waitFor(() => ev.rec.pushes.some((k) => k.includes(key)), 3000));
      await Promise.all([c1.close(), c2.close()]);
    }
  } finally {
    await g.close();
  }
});

const garbageCases = [
  // An echo sends our own Req back: gob matches it by msgIncr, but its Data (a GetMaxSeqReq) is no GetMaxSeqResp.
  { name: 'a reply whose Data does not decode', answer: (d: Buffer): Buffer => d, closes: false },
  // Bytes that are no gob at all: the session drops the connection, the request ends as a protocol error.
  { name: 'an undecodable frame', answer: (): Buffer => Buffer.from([0xff, 0x01, 0x02, 0x03]), closes: true },
];

for (const gc of garbageCases) {
  test(`${gc.name} is a protocol-error`, async () => {
    const server = await new Promise<ReturnType<typeof createListeningServer>>((resolve) => {
      const s = createListeningServer({ host: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    server.on('connection', (ws) => ws.on('message', (d) => ws.send(gc.answer(d as Buffer), { binary: true })));
    try {
      const addr = server.address();
      assert.ok(typeof addr === 'object' && addr !== null);
      const ev = recorder();
      const c = expectOpen(await openAdapter(`ws://127.0.0.1:${addr.port}/`, 'x').connect(a1, ev, 5000));
      const r = await c.request('get-seq', null);
      assert.equal(r.state, 'protocol-error', JSON.stringify(r));
      if (gc.closes) assert.ok(await waitFor(() => ev.rec.closes.length === 1, 2000));
      else assert.equal(c.open, true);
      c.terminate();
      assert.ok(await waitFor(() => ev.rec.closes.length === 1, 2000));
    } finally {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
}
