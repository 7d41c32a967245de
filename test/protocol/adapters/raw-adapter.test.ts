/**
 * The raw adapter against a bare echo server on 127.0.0.1:0.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createListeningServer, type RawData } from '../../../src/transport/ws.js';
import { createRawAdapter } from '../../../src/protocol/raw/adapter.js';
import { dialErrorKind } from '../../../src/protocol/raw/dial-error.js';
import type { Adapter, ErrorKind } from '../../../src/protocol/adapter.js';
import { closedPort, recorder } from './events.js';

type WebSocketServer = ReturnType<typeof createListeningServer>;
let server: WebSocketServer;
let adapter: Adapter;
const vu = { index: 0, userID: 'r1', platformID: 1 };

before(async () => {
  server = await new Promise<WebSocketServer>((resolve) => {
    const s = createListeningServer({ host: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  server.on('connection', (ws) => {
    ws.send('hello'); // a greeting that matches no request
    ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary }));
  });
  const addr = server.address();
  assert.ok(typeof addr === 'object' && addr !== null);
  adapter = createRawAdapter({ url: `ws://127.0.0.1:${addr.port}/`, localAddress: null });
});
after(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('echo round trips, concurrent requests matched by id, then a clean close', async () => {
  await adapter.prepare([vu], new AbortController().signal);
  const ev = recorder();
  const r = await adapter.connect(vu, ev, 5000);
  assert.ok(r.state === 'open', JSON.stringify(r));
  const c = r.conn;
  const replies = await Promise.all([c.request('get-seq', null), c.request('get-seq', null), c.request('get-seq', null)]);
  for (const x of replies) assert.deepEqual(x, { state: 'reply', errCode: 0, errMsg: '', pushKey: null });
  assert.equal(await c.ping(), true);
  assert.equal((await c.request('send-msg', vu)).state, 'protocol-error');
  assert.equal(await c.close(), 1000);
  assert.deepEqual(ev.rec.closes, [{ code: 1000, byServer: false }]);
  assert.equal(ev.rec.pushes.length + ev.rec.kicks, 0);
  assert.equal((await c.request('get-seq', null)).state, 'closed');
});

test('terminate settles a pending echo as closed', async () => {
  const ev = recorder();
  const r = await adapter.connect(vu, ev, 5000);
  assert.ok(r.state === 'open');
  const p = r.conn.request('get-seq', null);
  r.conn.terminate();
  assert.equal((await p).state, 'closed');
  await adapter.dispose();
});

test('a refused port fails as connection-refused', async () => {
  const port = await closedPort();
  const r = await createRawAdapter({ url: `ws://127.0.0.1:${port}/`, localAddress: null }).connect(vu, recorder(), 5000);
  assert.ok(r.state === 'failed');
  assert.equal(r.kind, 'connection-refused');
});

const kinds: readonly [string, string, ErrorKind][] = [
  ['ECONNREFUSED', '', 'connection-refused'],
  ['ECONNRESET', 'socket hang up', 'connection-refused'],
  ['ETIMEDOUT', '', 'handshake-timeout'],
  ['', 'Opening handshake has timed out', 'handshake-timeout'],
  ['EADDRNOTAVAIL', '', 'local-port-exhausted'],
  ['EADDRINUSE', '', 'local-port-exhausted'],
  ['EHOSTUNREACH', '', 'network-error'],
  // isMsgResp (§14.2): the 101 came, then a wrong answer: the target was reached, so never an outage kind.
  ['EMSGRESP', 'connection closed (1006) after the 101, before the isMsgResp frame', 'unexpected-close'],
  ['EMSGRESP', 'a binary frame arrived where the isMsgResp text frame was expected', 'protocol-error'],
];
for (const [code, message, kind] of kinds) {
  test(`dial error ${code || message} → ${kind}`, () => assert.equal(dialErrorKind(code, message), kind));
}

test('--local-address a,b: connections take the source addresses in turn', async () => {
  const seen: string[] = [];
  const s = await new Promise<WebSocketServer>((resolve) => {
    const srv = createListeningServer({ host: '127.0.0.1', port: 0 }, () => resolve(srv));
  });
  s.on('connection', (_ws, req) => seen.push(req.socket.remoteAddress ?? '?'));
  try {
    const addr = s.address();
    assert.ok(typeof addr === 'object' && addr !== null);
    const a = createRawAdapter({ url: `ws://127.0.0.1:${addr.port}/`, localAddress: '127.0.0.2,127.0.0.3' });
    const conns = [];
    for (let i = 0; i < 3; i++) {
      const r = await a.connect(vu, recorder(), 5000);
      assert.ok(r.state === 'open', JSON.stringify(r));
      conns.push(r.conn);
    }
    await Promise.all(conns.map((c) => c.close()));
    assert.deepEqual(seen, ['127.0.0.2', '127.0.0.3', '127.0.0.2']);
  } finally {
    for (const c of s.clients) c.terminate();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});
