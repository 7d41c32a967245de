/**
 * The engine and the VU phase machine on a manual clock: no sleeps, every
 * outcome scripted, every deadline driven by the shared tick.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import type { ServerProbe } from '../../src/engine/probe.js';
import { fakeAdapter, ManualTime, never, slowlyFailingDials, testConfig, flush } from './fake-adapter.js';

function engineWith(
  script: Parameters<typeof fakeAdapter>[0],
  over: Parameters<typeof testConfig>[0] = {},
  probe: ServerProbe | null = null,
) {
  const time = new ManualTime();
  const adapter = fakeAdapter(script);
  const engine = new Engine({ config: testConfig(over), adapter, clock: time, scheduler: time, probe });
  return { time, adapter, engine };
}

test('iterations run to completion: connect → reply → close, counted per phase', async () => {
  const { engine } = engineWith({}, { users: 3, iterations: 4 });
  const r = await engine.run();
  assert.equal(r.end, 'completed');
  assert.equal(r.totals.iterations, 12);
  assert.equal(r.totals.handshakes, 12);
  assert.equal(r.totals.replies, 12);
  assert.equal(r.totals.closes, 12);
  assert.equal(r.totals.errors, 0);
  assert.equal(r.metrics.phases.reply.raw.count, 12);
  assert.equal(r.hang, null);
});

test('a reply that never comes times out at its deadline, is counted, and the VU goes on', async () => {
  let calls = 0;
  const { time, engine, adapter } = engineWith(
    { request: () => (++calls === 1 ? never() : 'reply') },
    { users: 1, durationMs: 20_000, replyTimeoutMs: 5_000, hangWindowMs: 10_000 },
  );
  const run = engine.run();
  await time.advance(4_900);
  assert.equal(engine.pool.tally(time.now(), 0).errorsByKind['reply-timeout'], 0, 'not before the deadline');
  await time.advance(200);
  assert.equal(engine.pool.tally(time.now(), 0).errorsByKind['reply-timeout'], 1);
  assert.equal(adapter.terminated, 1, 'the silent connection was dropped');
  await time.advance(15_000);
  const r = await run;
  assert.ok(r.totals.replies > 0, 'it went on after the timeout');
  assert.equal(r.hang, null);
  assert.equal(r.metrics.phases.stall.raw.count, 1, 'the 5 s wait is a stall');
});

test('no progress for the hang window with VUs waiting: a hang, with the stuck breakdown, and the run aborts', async () => {
  const probe: ServerProbe = {
    onlineCount: async () => 7,
    dump: async () => ({ source: 'test', text: 'goroutine 1 [chan send]:' }),
    stats: async () => ({ ok: 1 }),
  };
  const { time, engine } = engineWith(
    { request: () => never() },
    { users: 4, replyTimeoutMs: 60_000, hangWindowMs: 10_000, stallThresholdMs: 2_000 },
    probe,
  );
  const run = engine.run();
  await flush();
  await time.advance(9_800);
  assert.equal(engine.hangEvidence, null, 'not before the window');
  await time.advance(400);
  const r = await run;
  assert.equal(r.end, 'hang-abort');
  assert.ok(r.hang !== null);
  assert.equal(r.hang.kind, 'open-but-silent');
  assert.equal(r.hang.openSilent, 4);
  assert.deepEqual(r.hang.waitingByPhase, { 'awaiting-reply': 4 });
  assert.equal(r.hang.serverOnline, 7);
  assert.equal(r.hang.dump?.text, 'goroutine 1 [chan send]:');
  assert.equal(r.hang.oldestWaits.length, 4);
  assert.deepEqual(r.unfinishedByPhase, { 'awaiting-reply': 4 });
  assert.equal(r.metrics.phases.stall.raw.count, 4, 'unfinished waits are recorded with their elapsed time');
  assert.ok(r.metrics.phases.stall.raw.max >= 10_000);
});

test('hang evidence: a VU retrying after each reply timeout shows how long it has gone without progress', async () => {
  // Each reply times out after 3 s; the VU reconnects and waits again. Its current wait is never older than
  // 3 s, but it has had no reply since the first one, and the evidence must say so.
  let calls = 0;
  const { time, engine } = engineWith(
    { request: () => (++calls === 1 ? 'reply' : never()), connect: () => 'open' },
    { users: 1, replyTimeoutMs: 3_000, hangWindowMs: 10_000, stallThresholdMs: 2_000, durationMs: 60_000 },
  );
  const run = engine.run();
  await flush();
  await time.advance(11_000, 100);
  const r = await run;
  assert.equal(r.end, 'hang-abort');
  const w = r.hang?.oldestWaits[0];
  assert.ok(w !== undefined);
  assert.equal(w.phase, 'awaiting-reply');
  assert.ok(w.waitedMs < 3_000, `current wait ${w.waitedMs} ms is below the reply timeout`);
  assert.ok(w.noProgressMs !== undefined && w.noProgressMs >= 10_000, `no progress for ${w.noProgressMs} ms`);
  assert.equal(w.failedAttempts, r.totals.errors, 'every reply timeout since the one reply counts as an attempt given up');
  assert.ok((w.failedAttempts ?? 0) >= 3);
});

test('the drain check says why it was not made', async () => {
  const none = await engineWith({}, { users: 1, iterations: 1 }).engine.run();
  assert.deepEqual([none.drain.checked, none.drain.notCheckedBecause], [false, 'no-online-count']);
  let calls = 0;
  const probe: ServerProbe = { onlineCount: async () => (calls++ === 0 ? 0 : 5), dump: async () => null, stats: async () => null };
  const { time, engine } = engineWith({}, { users: 2, durationMs: 60_000, thinkMs: 1_000, drainTimeoutMs: 10_000 }, probe);
  const run = engine.run();
  await time.advance(3_000);
  engine.interrupt();
  const r = await run;
  assert.equal(r.end, 'interrupted');
  assert.deepEqual([r.drain.checked, r.drain.notCheckedBecause, r.drain.ghosts], [false, 'interrupted', 0]);
});

test('slow but moving is not a hang: replies every 3 s with a 10 s window', async () => {
  const pending: (() => void)[] = [];
  const { time, engine } = engineWith(
    { request: () => new Promise((resolve) => pending.push(() => resolve({ state: 'reply', errCode: 0, errMsg: '', pushKey: null }))) },
    { users: 2, durationMs: 30_000, replyTimeoutMs: 20_000, hangWindowMs: 10_000 },
  );
  const run = engine.run();
  for (let s = 0; s < 10; s++) {
    await time.advance(3_000);
    for (const p of pending.splice(0)) p();
    await flush();
  }
  const r = await run;
  assert.equal(r.hang, null);
  assert.equal(r.end, 'completed');
  assert.ok(r.totals.replies >= 18);
  assert.ok(r.stalls.length >= 1, 'the 3 s pauses are recovered stalls');
});

test('a refused target: every attempt fails, the run ends as target-unavailable', async () => {
  const { time, engine } = engineWith(
    { connect: async () => ({ state: 'failed', kind: 'connection-refused', message: 'ECONNREFUSED' }) },
    { users: 2, durationMs: 2_000 },
  );
  const run = engine.run();
  await time.advance(2_200);
  const r = await run;
  assert.equal(r.end, 'target-unavailable');
  assert.ok(r.errorsByKind['connection-refused'] >= 2);
  assert.ok(r.errorSamples.length >= 2);
});

test('interrupt: a graceful stop with the partial result', async () => {
  const { time, engine } = engineWith({}, { users: 2, durationMs: 60_000, thinkMs: 1_000 });
  const run = engine.run();
  await time.advance(3_000);
  engine.interrupt();
  const r = await run;
  assert.equal(r.end, 'interrupted');
  assert.ok(r.totals.iterations >= 2);
});

test('the drain check reports ghosts when the online count stays above its baseline', async () => {
  let calls = 0;
  // baseline 0 before the load; afterwards the server still counts 5 users although every client left
  const probe: ServerProbe = { onlineCount: async () => (calls++ === 0 ? 0 : 5), dump: async () => null, stats: async () => null };
  const { time, engine } = engineWith({}, { users: 2, iterations: 2, drainTimeoutMs: 300 }, probe);
  const run = engine.run();
  await time.advance(1_000); // the drain polls on the run's clock
  const r = await run;
  assert.equal(r.drain.checked, true);
  assert.equal(r.drain.baseline, 0);
  assert.equal(r.drain.ghosts, 5);
});

test("heartbeat: a session kept open across a long think is pinged before the server's 30 s deadline (§5)", async () => {
  const { time, engine, adapter } = engineWith({}, { users: 1, overlap: true, thinkMs: 40_000, heartbeatMs: 25_000, durationMs: 60_000 });
  const run = engine.run();
  await time.advance(20_000, 500);
  assert.equal(adapter.pings, 0, 'not before it has been idle for the heartbeat interval');
  await time.advance(10_000, 500);
  assert.equal(adapter.pings, 1);
  engine.interrupt();
  await run;
});

test('the load starts at run(), not when the engine was made: time spent fetching tokens is neither load nor a pause', async () => {
  // Made, then 15 s of token fetching (longer than the hang window), then run for 10 s.
  const { time, engine } = engineWith(
    { request: () => never() },
    { users: 2, durationMs: 10_000, replyTimeoutMs: 60_000, hangWindowMs: 12_000, stallThresholdMs: 2_000 },
  );
  await time.advance(15_000);
  const run = engine.run();
  await flush();
  await time.advance(10_100);
  const r = await run;
  assert.equal(r.end, 'completed', 'no hang: 10 s of load without a reply is inside the 12 s window');
  assert.equal(r.hang, null);
  assert.ok(r.durationMs >= 10_000 && r.durationMs < 10_200, `the load lasted its 10 s (got ${r.durationMs} ms)`);
  assert.ok(r.timeline.samples.length >= 10 && r.timeline.samples.every((s) => s.tMs <= 10_200), 'the timeline counts from the load start');
});

test('a target lost behind slowly failing dials is an outage (target-lost), not a no-handshake hang (issue #11)', async () => {
  const time = new ManualTime();
  const adapter = fakeAdapter(slowlyFailingDials(time));
  const config = testConfig({
    users: 4,
    thinkMs: 200,
    durationMs: 16_000,
    hangWindowMs: 5_000,
    stallThresholdMs: 1_000,
    handshakeTimeoutMs: 30_000,
  });
  const engine = new Engine({ config, adapter, clock: time, scheduler: time, probe: null });
  const run = engine.run();
  await time.advance(17_000);
  const r = await run;
  assert.equal(r.hang, null, `no hang declared: ${JSON.stringify(r.hang?.title)}`);
  assert.equal(r.end, 'completed');
  assert.equal(r.outages?.length, 1);
  assert.equal(r.outages?.[0]?.endMs, null, 'still unreachable at the end: the verdict is target-lost');
});
