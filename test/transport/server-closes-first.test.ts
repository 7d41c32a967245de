/**
 * RFC 6455 §7.1.1 (issue #18): after the close handshake the server closes TCP first, so the
 * TIME_WAIT state stays on the server and the load generator keeps its local ports. The client
 * sends its FIN only after the server's, however long the server takes (within the close timeout).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRawAdapter } from '../../src/protocol/raw/adapter.js';
import type { ConnectionEvents } from '../../src/protocol/adapter.js';
import { Op, startWs, type WsPeer, type ClientFrame } from '../helpers/hostile.js';

const events: ConnectionEvents = { push: () => undefined, kicked: () => undefined, closed: () => undefined };
const vu = { index: 0, userID: 'u0', platformID: 5 };

test("the client waits for the server's FIN after the close handshake, and closes once it comes", async () => {
  const serverFinDelayMs = 300;
  let clientFinBeforeServer = false;
  let serverEnded = false;
  let clientFinSeen = false;
  const server = await startWs({
    onOpen: (p: WsPeer) => {
      p.socket.on('end', () => {
        clientFinSeen = true;
        if (!serverEnded) clientFinBeforeServer = true;
      });
    },
    onFrame: (p: WsPeer, f: ClientFrame) => {
      if (f.opcode !== Op.close) return;
      // The close frame answered at once, the FIN only later: a client that ends its side on the close frame shows up here.
      p.send(Op.close, f.payload.subarray(0, 2));
      setTimeout(() => {
        serverEnded = true;
        p.socket.end();
      }, serverFinDelayMs);
    },
  });
  try {
    const adapter = createRawAdapter({ url: server.url, localAddress: null });
    const r = await adapter.connect(vu, events, 5000);
    assert.equal(r.state, 'open');
    if (r.state !== 'open') return;
    const began = performance.now();
    const code = await r.conn.close();
    const tookMs = performance.now() - began;
    assert.equal(code, 1000);
    assert.ok(tookMs >= serverFinDelayMs * 0.9, `the close waited for the server's TCP close (${Math.round(tookMs)} ms)`);
    await new Promise((res) => setTimeout(res, 50));
    assert.equal(clientFinBeforeServer, false, "the client sent no FIN before the server's");
    assert.equal(clientFinSeen, true, "the client closed its side after the server's FIN");
  } finally {
    await server.close();
  }
});

test('a server that never closes TCP: terminate() still ends the connection at once', async () => {
  const server = await startWs({
    onFrame: (p: WsPeer, f: ClientFrame) => {
      if (f.opcode === Op.close) p.send(Op.close, f.payload.subarray(0, 2));
    },
  });
  try {
    const adapter = createRawAdapter({ url: server.url, localAddress: null });
    const r = await adapter.connect(vu, events, 5000);
    assert.equal(r.state, 'open');
    if (r.state !== 'open') return;
    const closed = r.conn.close();
    const outcome = await Promise.race([closed.then(() => 'closed'), new Promise((res) => setTimeout(res, 300, 'waiting'))]);
    assert.equal(outcome, 'waiting', "without the server's FIN the close is not done");
    r.conn.terminate();
    assert.equal(await closed, 1000, "both close frames had passed: the code is the server's");
    assert.equal(r.conn.open, false);
  } finally {
    await server.close();
  }
});
