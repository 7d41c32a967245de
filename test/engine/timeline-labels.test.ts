/** Timeline samples are labelled with the second they measured, not the next one (the first at 1 s, not 2 s). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { completedSlotMs } from '../../src/metrics/index.js';
import { fakeAdapter, ManualTime, testConfig, flush } from './fake-adapter.js';

test('completedSlotMs files a sample under the second that just ended', () => {
  assert.equal(completedSlotMs(1003), 1000);
  assert.equal(completedSlotMs(1999), 1000);
  assert.equal(completedSlotMs(2000), 2000);
  assert.equal(completedSlotMs(250), 0);
});

test('an engine run on the manual clock, ticking every 300 ms: the first sample is at 1 s, not 2 s', async () => {
  const time = new ManualTime();
  const engine = new Engine({
    config: testConfig({ users: 2, durationMs: 5_000, thinkMs: 100 }),
    adapter: fakeAdapter({}),
    clock: time,
    scheduler: time,
    probe: null,
  });
  const run = engine.run();
  await flush();
  // Ticks that do not fall on the second (as real timers never exactly do): the sample is taken at 1.2 s.
  await time.advance(5_200, 300);
  const r = await run;
  const t = r.timeline.samples.map((s) => s.tMs);
  assert.equal(t[0], 1000, `first sample ${t[0]} ms`);
  for (let i = 1; i < t.length; i++) assert.ok((t[i] ?? 0) - (t[i - 1] ?? 0) >= 1000, `at least one second apart: ${t.join(', ')}`);
  assert.ok((t.at(-1) ?? 0) <= r.durationMs, 'no sample is labelled after the load ended');
});
