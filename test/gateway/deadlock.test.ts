/**
 * The model wedges for the upstream reason, and only in the mode that has it.
 *
 * Scripted §13 churn (users looping connect → 1001 → reply → close, one token
 * each, no overlap) against small queues and a seeded select, on a manual
 * clock with in-memory sockets: the real loop, clients, readers and message
 * service run; nothing sleeps, so the whole file takes milliseconds and runs
 * the same way every time. Everything asserted about the wedge is read from
 * the gateway's own task registry and counters, never assumed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scriptedChurn, scriptedGateway, type ScriptedGateway } from '../helpers/scripted-gateway.js';
import type { GatewayMode } from '../../src/gateway/options.js';
import { analyse, digestOf, parseDump } from '../../src/explain/index.js';

const cap = 16;
const users = 20;
const replyTimeoutMs = 1000;
const selfSendStack = ['registerClient', 'multiTerminalLoginChecker', 'KickOnlineMessage', 'close', 'UnRegister'];

function gateway(mode: GatewayMode): ScriptedGateway {
  return scriptedGateway({ mode, registerChanCap: cap, unregisterChanCap: cap, statusRpcMs: 1, seed: 7 });
}

function churnOn(g: ScriptedGateway, prefix: string): ReturnType<typeof scriptedChurn> {
  return scriptedChurn(g, { users, prefix, dialMs: 0.2, replyTimeoutMs });
}

/** Advances the clock in `stepMs` steps until `check` holds or `limitMs` of clock time pass. */
async function advanceUntil(g: ScriptedGateway, check: () => boolean, limitMs: number, stepMs = 10): Promise<boolean> {
  for (let t = 0; t < limitMs && !check(); t += stepMs) await g.clock.advance(stepMs);
  return check();
}

const loopOf = (g: ScriptedGateway) => g.stats().loops[0];

test('v3.5.1 wedges: the loop blocks on its own send into unregisterChan, new clients get 101 then silence, the online count freezes', async () => {
  const g = gateway('v3.5.1');
  const load = churnOn(g, 'v3.5.1-u');
  const wedged = await advanceUntil(
    g,
    () => {
      const l = loopOf(g);
      return l !== undefined && l.state === 'chan send' && l.waitingOn === 'unregisterChan';
    },
    30_000,
  );
  assert.ok(wedged, `no wedge within 30 s of clock time: ${JSON.stringify(g.stats().loops)}`);
  const loop = loopOf(g);
  assert.deepEqual(loop?.stack.slice(-selfSendStack.length), selfSendStack, 'blocked in the kick path, not elsewhere');
  // It is a self-send: the only task that receives from unregisterChan is this loop, and it is the one blocked sending.
  const s0 = g.stats();
  assert.equal(s0.queues.unregister.len, cap, 'unregisterChan full');
  assert.ok(s0.counters.kickSelfSends >= 1);
  assert.equal(
    g.core.tasks.list().filter((t) => t.state === 'select' && t.waitingOn?.includes('unregisterChan')).length,
    0,
    'nobody else drains it',
  );
  // Churn goes on: new connections pile into registerChan until it is full, then their handlers block.
  assert.ok(await advanceUntil(g, () => g.stats().queues.register.len === cap, 20_000), 'registerChan fills behind the wedge');
  assert.ok(await advanceUntil(g, () => g.stats().queues.register.blockedSenders > 0, 20_000), 'handlers block on registerChan <- client');
  // A new client: the 101 (the socket exists), then nothing — no reply, no pong, its socket not even read.
  const probe = g.connect('v3.5.1-probe');
  probe.clientSend(g.request1001('v3.5.1-probe'));
  probe.clientPing();
  const seen = probe.next(g.clock, replyTimeoutMs);
  await g.clock.advance(replyTimeoutMs);
  assert.deepEqual(await seen, { kind: 'timeout' });
  assert.equal(probe.written, 0, 'neither a reply nor a pong was written');
  assert.equal(probe.isPaused, true, 'the socket is not even read');
  assert.equal(probe.readyState, probe.OPEN, 'and never closed by the server');
  // Frozen: the gauge and the register counter do not move while churn continues.
  const a = g.stats();
  await g.clock.advance(1500);
  const b = g.stats();
  assert.equal(b.onlineUserNum, a.onlineUserNum);
  assert.equal(b.counters.registered, a.counters.registered);
  assert.equal(b.counters.unregistered, a.counters.unregistered);
  assert.ok(b.counters.upgrades > a.counters.upgrades, 'clients kept connecting (and got their 101)');
  // The dump is Go's debug=2 format: the same parser and digest as a Go target's put the loop first.
  const first = analyse(digestOf(parseDump(g.core.tasks.dumpText())), null, null).lines[0] ?? '';
  assert.match(
    first,
    /^1× goroutine \d+ \[chan send, [\d.]+ s\] on unregisterChan: WsServer\.Run\.func1 → WsServer\.registerClient → WsServer\.multiTerminalLoginChecker → Client\.KickOnlineMessage → Client\.close → WsServer\.UnRegister \(n_ws_server\.go\) — lone/,
  );
  const result = await load.stop();
  g.core.ws.stop();
  assert.ok(result.replies > 0, 'it worked before it wedged');
  assert.ok(result.replyTimeouts > 0, 'and timed out after');
  assert.deepEqual(g.panics, []);
});

/** Iterations of the script v3.5.1 completes before it wedges (deterministic: seeded select, manual clock). */
let v351WedgeIterations: Promise<number> | null = null;
function iterationsToWedge(): Promise<number> {
  v351WedgeIterations ??= (async () => {
    const g = gateway('v3.5.1');
    const load = churnOn(g, 'w-u');
    const wedged = await advanceUntil(g, () => loopOf(g)?.waitingOn === 'unregisterChan', 30_000);
    assert.ok(wedged, 'the reference run of v3.5.1 wedges');
    const n = load.result.iterations;
    await load.stop();
    g.core.ws.stop();
    return n;
  })();
  return v351WedgeIterations;
}

for (const mode of ['blog-fix', 'v3.8'] as const) {
  test(`${mode} under the same script keeps moving`, async () => {
    // Five times as many iterations as wedged v3.5.1, with the loop(s) making progress at every step.
    const target = 5 * (await iterationsToWedge());
    const g = gateway(mode);
    const load = churnOn(g, `${mode}-u`);
    let previous = g.stats().counters.registered;
    for (let step = 1; load.result.iterations < target; step++) {
      await g.clock.advance(50);
      const now = g.stats().counters.registered;
      assert.ok(
        now > previous,
        `registrations stalled in step ${step} (${load.result.iterations} iterations): ${JSON.stringify(g.stats().loops)}`,
      );
      previous = now;
      const stuck = g.core.tasks.list().filter((t) => t.name.startsWith('Run') && t.state === 'chan send');
      assert.deepEqual(stuck, [], 'no loop blocked sending');
    }
    const probe = g.connect(`${mode}-probe`); // not a churn user: a churn reconnect would kick it (policy 1)
    probe.clientSend(g.request1001(`${mode}-probe`));
    const seen = probe.next(g.clock, 5000);
    await g.clock.advance(50);
    assert.deepEqual(await seen, { kind: 'reply', reqIdentifier: 1001 });
    probe.clientClose();
    const result = await load.stop(); // every user's last request is answered or times out on the clock
    g.core.ws.stop();
    assert.ok(result.replies >= target, `only ${result.replies} replies`);
    assert.equal(result.replyTimeouts, 0, 'no request went unanswered');
    assert.deepEqual(g.panics, []);
  });
}
