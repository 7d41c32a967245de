/**
 * The model wedges for the upstream reason, and only in the mode that has it.
 *
 * Scripted §13 churn (users looping connect → 1001 → reply → close, one token
 * each, no overlap) against small queues and a seeded select. Everything
 * asserted about the wedge is read from the gateway's own task registry and
 * counters, never assumed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gatewayFixture, waitFor } from '../helpers/gateway.js';
import { churn, fetchTokens, type ChurnResult } from '../helpers/churn.js';
import { encodeGetMaxSeqReq } from '../../src/protocol/openim/index.js';
import type { GatewayMode } from '../../src/gateway/options.js';
import { analyse, digestOf, parseDump } from '../../src/explain/index.js';

const cap = 16;
const users = 20;
const selfSendStack = ['registerClient', 'multiTerminalLoginChecker', 'KickOnlineMessage', 'close', 'UnRegister'];

async function scenario(mode: GatewayMode, body: (ctx: { f: Awaited<ReturnType<typeof gatewayFixture>>; stop: () => void }) => Promise<void>): Promise<ChurnResult> {
  const f = await gatewayFixture({ mode, registerChanCap: cap, unregisterChanCap: cap, statusRpcMs: 1, seed: 7 });
  let stopped = false;
  try {
    const tokens = await fetchTokens({ apiUrl: f.gw.apiUrl ?? '', users, prefix: `${mode}-u`, platformID: 1 });
    const load = churn(
      { wsUrl: f.gw.wsUrl, apiUrl: f.gw.apiUrl ?? '', users, prefix: `${mode}-u`, platformID: 1, durationMs: 60_000, replyTimeoutMs: 1000, compression: 'gzip', stopWhen: () => stopped },
      tokens,
    );
    try {
      await body({ f, stop: () => (stopped = true) });
    } finally {
      stopped = true;
    }
    return await load;
  } finally {
    await f.close();
  }
}

const loopOf = (f: Awaited<ReturnType<typeof gatewayFixture>>) => f.gw.stats().loops[0];

test('v3.5.1 wedges: the loop blocks on its own send into unregisterChan, new clients get 101 then silence, the online count freezes', async () => {
  const result = await scenario('v3.5.1', async ({ f }) => {
    const wedged = await waitFor(() => {
      const l = loopOf(f);
      return l !== undefined && l.state === 'chan send' && l.waitingOn === 'unregisterChan';
    }, 30_000);
    assert.ok(wedged, `no wedge within 30 s: ${JSON.stringify(f.gw.stats().loops)}`);
    const loop = loopOf(f);
    assert.deepEqual(loop?.stack.slice(-selfSendStack.length), selfSendStack, 'blocked in the kick path, not elsewhere');
    // It is a self-send: the only task that receives from unregisterChan is this loop, and it is the one blocked sending.
    const s0 = f.gw.stats();
    assert.equal(s0.queues.unregister.len, cap, 'unregisterChan full');
    assert.ok(s0.counters.kickSelfSends >= 1);
    assert.equal(f.gw.tasks.list().filter((t) => t.state === 'select' && t.waitingOn?.includes('unregisterChan')).length, 0, 'nobody else drains it');
    // Churn goes on: new connections pile into registerChan until it is full, then their handlers block.
    assert.ok(await waitFor(() => f.gw.stats().queues.register.len === cap, 20_000), 'registerChan fills behind the wedge');
    assert.ok(await waitFor(() => f.gw.stats().queues.register.blockedSenders > 0, 20_000), 'handlers block on registerChan <- client');
    // A new client: the 101 arrives, then nothing — no reply, no pong.
    const s = await f.open('v3.5.1-probe', { compression: 'gzip' });
    await assert.rejects(s.request(1001, encodeGetMaxSeqReq({ userID: 'v3.5.1-probe' }), 1000), { kind: 'timeout' });
    assert.equal(await s.ping(500), false, 'the socket is not even read');
    assert.equal(s.open, true, 'and never closed by the server');
    // Frozen: the gauge and the register counter do not move while churn continues.
    const a = f.gw.stats();
    await new Promise((r) => setTimeout(r, 1500));
    const b = f.gw.stats();
    assert.equal(b.onlineUserNum, a.onlineUserNum);
    assert.equal(b.counters.registered, a.counters.registered);
    assert.equal(b.counters.unregistered, a.counters.unregistered);
    assert.ok(b.counters.upgrades > a.counters.upgrades, 'clients kept connecting (and got their 101)');
    // The dump is Go's debug=2 format: the same parser and digest as a Go target's put the loop first.
    const first = analyse(digestOf(parseDump(f.gw.tasks.dumpText())), null, null).lines[0] ?? '';
    assert.match(first, /^1× goroutine \d+ \[chan send, [\d.]+ s\] on unregisterChan: WsServer\.Run\.func1 → WsServer\.registerClient → WsServer\.multiTerminalLoginChecker → Client\.KickOnlineMessage → Client\.close → WsServer\.UnRegister \(n_ws_server\.go\) — lone/);
  });
  assert.ok(result.replies > 0, 'it worked before it wedged');
  assert.ok(result.replyTimeouts > 0, 'and timed out after');
});

for (const mode of ['blog-fix', 'v3.8'] as const) {
  test(`${mode} under the same script keeps moving`, async () => {
    const result = await scenario(mode, async ({ f }) => {
      let previous = f.gw.stats().counters.registered;
      for (let second = 0; second < 6; second++) {
        await new Promise((r) => setTimeout(r, 1000));
        const now = f.gw.stats().counters.registered;
        assert.ok(now > previous, `registrations stalled in second ${second + 1}: ${JSON.stringify(f.gw.stats().loops)}`);
        previous = now;
      }
      const s = await f.open(`${mode}-probe`); // not a churn user: a churn reconnect would kick it (policy 1)
      const r = await s.request(1001, encodeGetMaxSeqReq({ userID: `${mode}-probe` }), 5000);
      assert.equal(r.errCode, 0);
      await s.close(2000);
    });
    assert.ok(result.replies > 100, `only ${result.replies} replies`);
  });
}
