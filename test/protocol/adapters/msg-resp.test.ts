/**
 * The openim adapter with isMsgResp (§1.6, §14.2) against the embedded v3.8
 * gateway: the success frame opens the connection (no event is raised for
 * it), a refusal frame is a `rejected` result with its errCode, classified
 * like the HTTP 200 + JSON refusal (the engine counts it as
 * `handshake-rejected`); Web-platform pings raise no event either (§14.3).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor, type Fixture } from '../../helpers/gateway.js';
import { createOpenImAdapter } from '../../../src/protocol/openim/adapter.js';
import { createTokenProvider } from '../../../src/protocol/openim/tokens.js';
import type { Adapter, AdapterConnection, VuIdentity } from '../../../src/protocol/adapter.js';
import { recorder } from './events.js';

let f: Fixture;
const opened: AdapterConnection[] = [];
before(async () => {
  f = await gatewayFixture({ mode: 'v3.8', seed: 3, webPingMs: 50 });
});
after(async () => {
  for (const c of opened) c.terminate();
  await f.close();
});

function adapterWith(tokens: ReturnType<typeof createTokenProvider>, msgResp: boolean): Adapter {
  return createOpenImAdapter({
    url: f.gw.wsUrl,
    tokens,
    compression: 'gzip',
    encoding: 'gob',
    localAddress: null,
    operationIdPrefix: 'mr',
    msgResp,
  });
}

const vu = (index: number, userID: string, platformID = 1): VuIdentity => ({ index, userID, platformID });

test('a refusal frame after the 101 is `rejected` with the errCode, not retryable for a token error, exactly like HTTP 200 + JSON', async () => {
  const bad = createTokenProvider({ kind: 'static', token: 'not.a.jwt' });
  const withFrame = await adapterWith(bad, true).connect(vu(0, 'mr-x'), recorder(), 3000);
  const withHttp = await adapterWith(bad, false).connect(vu(0, 'mr-x'), recorder(), 3000);
  assert.equal(withFrame.state, 'rejected');
  assert.equal(withHttp.state, 'rejected');
  if (withFrame.state !== 'rejected' || withHttp.state !== 'rejected') return;
  assert.equal(withFrame.status, 101);
  assert.equal(withHttp.status, 200);
  assert.equal(withFrame.errCode, 1503);
  assert.equal(withFrame.errCode, withHttp.errCode);
  assert.equal(withFrame.message, withHttp.message);
  assert.equal(withFrame.retryable, false, '§1.4: the SDK stops on 1501–1507');
});

test('the success frame opens the connection; requests work and it raised no event; a Web VU is pinged without events', async () => {
  const tokens = createTokenProvider(
    { kind: 'api', apiUrl: f.gw.apiUrl ?? '', secret: 'openIM123', concurrency: 2, register: true },
    { flow: 'admin-token' },
  );
  const web = vu(1, 'mr-web', 5);
  await tokens.prepare([web], new AbortController().signal);
  const ev = recorder();
  const r = await adapterWith(tokens, true).connect(web, ev, 3000);
  assert.equal(r.state, 'open', JSON.stringify(r));
  if (r.state !== 'open') return;
  opened.push(r.conn);
  const before = f.gw.stats().counters.webPongs;
  assert.ok(await waitFor(() => f.gw.stats().counters.webPongs >= before + 3, 5000), 'the gateway pinged and got pongs');
  const reply = await r.conn.request('get-seq', null);
  assert.equal(reply.state, 'reply');
  assert.deepEqual(ev.rec.order, [], 'neither the success frame nor the pings reached the engine');
});

test('a dial waiting for the isMsgResp frame after its 101 is abandoned at the end of a run, not left to its 10 s deadline', async () => {
  const { WebSocketServer } = await import('ws');
  // A v3.5.1-like server: it upgrades and then says nothing (no isMsgResp frame).
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  // The client's pong to a ping shows it has read the 101 and is now waiting for the isMsgResp frame.
  const upgraded = new Promise<void>((resolve) =>
    wss.once('connection', (ws) => {
      ws.once('pong', () => resolve());
      ws.ping();
    }),
  );
  try {
    const addr = wss.address();
    const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const adapter = createOpenImAdapter({
      url: `ws://127.0.0.1:${port}/`,
      tokens: createTokenProvider({ kind: 'static', token: 't' }),
      compression: 'gzip',
      encoding: 'gob',
      localAddress: null,
      operationIdPrefix: 'mr',
      msgResp: true,
    });
    const began = performance.now();
    const result = adapter.connect(vu(0, 'mr-abandon'), recorder(), 10_000);
    await upgraded;
    adapter.abandonConnects?.();
    const r = await result;
    assert.notEqual(r.state, 'open');
    assert.ok(performance.now() - began < 5000, `ended by the abandon, well before the 10 s handshake deadline: ${JSON.stringify(r)}`);
    await adapter.dispose();
  } finally {
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
});
