/**
 * The end of a run is as careful as its middle (issue #18): at the stop, dials in flight may finish
 * and open connections are closed with a close handshake, never dropped; every attempt and every end
 * is counted. One manual clock for the load and the end's own waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { fakeAdapter, ManualTime, never, testConfig } from './fake-adapter.js';
import type { ConnectResult } from '../../src/protocol/adapter.js';
import type { RunTotals } from '../../src/engine/result.js';

function engineWith(script: Parameters<typeof fakeAdapter>[0], over: Parameters<typeof testConfig>[0] = {}) {
  const time = new ManualTime();
  const adapter = fakeAdapter(script);
  const engine = new Engine({ config: testConfig(over), adapter, clock: time, scheduler: time, probe: null });
  return { time, adapter, engine };
}

/** Every opened connection has exactly one end. */
function assertAccounted(t: RunTotals): void {
  assert.equal(
    (t.closedCleanly ?? 0) + (t.closedByTimeout ?? 0) + (t.cut ?? 0) + (t.closedByServer ?? 0),
    t.handshakes,
    `every opened connection ended once: ${JSON.stringify(t)}`,
  );
}

test('VUs waiting for a reply when the duration runs out are closed with a close handshake, not cut', async () => {
  const { time, adapter, engine } = engineWith(
    { request: () => never() },
    { users: 4, durationMs: 2_000, replyTimeoutMs: 60_000, hangWindowMs: 60_000, closeTimeoutMs: 500 },
  );
  const run = engine.run();
  await time.advance(2_100);
  const r = await run;
  assert.equal(adapter.opened, 4);
  assert.equal(adapter.terminated, 0, 'no connection was dropped without its close');
  assert.equal(r.totals.closedCleanly, 4);
  assert.equal(r.totals.cut, 0);
  assert.equal(r.totals.attempts, 4);
  assertAccounted(r.totals);
});

test('a handshake in flight at the stop may finish: counted as a handshake, then closed cleanly', async () => {
  const answers: ((r: ConnectResult) => void)[] = [];
  let n = 0;
  const { time, adapter, engine } = engineWith(
    // the first connect of each VU opens at once; the second waits for the test to answer it
    { connect: () => (n++ < 2 ? 'open' : new Promise<ConnectResult>((res) => answers.push(res))) },
    { users: 2, durationMs: 1_000, thinkMs: 0, messages: 0, handshakeTimeoutMs: 30_000, hangWindowMs: 60_000, closeTimeoutMs: 2_000 },
  );
  const run = engine.run();
  await time.advance(1_100);
  assert.equal(answers.length, 2, 'both VUs were mid-handshake at the stop');
  // The end is waiting for them: answer them now, as a server would.
  const late = fakeAdapter({});
  for (const a of answers)
    a(
      await late.connect(
        { index: 0, userID: 'x', platformID: 5 },
        { push: () => undefined, kicked: () => undefined, closed: () => undefined },
        1000,
      ),
    );
  const r = await run;
  assert.equal(r.totals.attempts, 4);
  assert.equal(r.totals.handshakes, 4, 'the in-flight handshakes are counted');
  assert.equal(r.totals.connects, r.totals.attempts);
  assert.equal(r.totals.abandoned, 0);
  assert.equal(late.terminated + adapter.terminated, 0, 'none was cut');
  assertAccounted(r.totals);
});

test('a dial still unanswered when the grace (the close timeout) ends is abandoned and counted, and the run still ends', async () => {
  let n = 0;
  const { time, engine } = engineWith(
    { connect: () => (n++ < 1 ? 'open' : never<ConnectResult>()) },
    { users: 1, durationMs: 1_000, thinkMs: 0, messages: 0, handshakeTimeoutMs: 30_000, hangWindowMs: 60_000, closeTimeoutMs: 200 },
  );
  const run = engine.run();
  // past the stop (1 s) and the dial's grace (the 200 ms close timeout), on the run's clock
  await time.advance(1_500);
  const r = await run;
  assert.equal(r.totals.attempts, 2);
  assert.equal(r.totals.abandoned, 1);
  assert.equal(r.totals.connects + (r.totals.abandoned ?? 0), r.totals.attempts, 'every attempt has an outcome');
  assertAccounted(r.totals);
});

test('a reply timeout mid-run is a cut connection; the tally says so', async () => {
  let calls = 0;
  const { time, engine } = engineWith(
    { request: () => (++calls === 1 ? never() : 'reply') },
    { users: 1, durationMs: 8_000, replyTimeoutMs: 2_000, hangWindowMs: 60_000, closeTimeoutMs: 500 },
  );
  const run = engine.run();
  await time.advance(8_100);
  const r = await run;
  assert.equal(r.totals.cut, 1);
  assert.ok((r.totals.closedCleanly ?? 0) > 0);
  assertAccounted(r.totals);
});
