import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../src/metrics/index.js';

const kinds = { replies: 'counter', open: 'gauge' } as const;
type Key = keyof typeof kinds;

test('one sample per slot; calls within a slot fold together', () => {
  const t = new Timeline<Key>({ intervalMs: 1000, kinds });
  t.sample(1000, { replies: 3, open: 10 });
  t.sample(1400, { replies: 2, open: 11 });
  t.sample(2000, { replies: 1 });
  t.sample(5000, { open: 4 }); // slots 3000 and 4000 missed: a gap, not zeros
  assert.deepEqual(t.samples, [
    { tMs: 1000, values: { replies: 3, open: 10 } },
    { tMs: 2000, values: { replies: 3, open: 11 } },
    { tMs: 5000, values: { open: 4 } },
  ]);
  assert.throws(() => t.sample(3999, { replies: 1 }), RangeError);
  assert.throws(() => t.sample(6000, { nope: 1 } as never), /unknown timeline series "nope"/);
});

test('downsampling keeps the length bounded, sums counters and keeps the last gauge', () => {
  const max = 100;
  const t = new Timeline<Key>({ intervalMs: 1000, kinds, maxSamples: max });
  let totalReplies = 0;
  const n = 1000;
  for (let i = 1; i <= n; i++) {
    t.sample(i * 1000, { replies: i, open: i * 10 });
    totalReplies += i;
    assert.ok(t.samples.length <= max, `length ${t.samples.length} at ${i}`);
  }
  const samples = t.samples;
  const sum = samples.reduce((acc, s) => acc + (s.values.replies ?? 0), 0);
  assert.equal(sum, totalReplies, 'counters are never lost');
  assert.equal(t.intervalMs, 16_000, '1000 s into ≤ 100 samples: four doublings');
  // every sample ends on its slot boundary and holds the last gauge reading in it
  for (const s of samples) {
    assert.equal(s.tMs % t.intervalMs, 0);
    const lastSecond = Math.min(s.tMs / 1000, n);
    assert.equal(s.values.open, lastSecond * 10);
  }
  const last = samples[samples.length - 1];
  assert.equal(last?.values.open, n * 10);
  // a sample's counter is the sum of the seconds in its slot
  const second = samples[1];
  assert.ok(second !== undefined);
  const from = second.tMs / 1000 - t.intervalMs / 1000 + 1;
  let expected = 0;
  for (let s = from; s <= second.tMs / 1000; s++) expected += s;
  assert.equal(second.values.replies, expected);
});

test('merging adjacent pairs', () => {
  const t = new Timeline<Key>({ intervalMs: 1000, kinds, maxSamples: 4, startMs: 500 });
  for (let i = 1; i <= 5; i++) t.sample(500 + i * 1000, { replies: 1, open: i });
  assert.equal(t.intervalMs, 2000);
  assert.deepEqual(t.toJSON(), {
    intervalMs: 2000,
    baseIntervalMs: 1000,
    startMs: 500,
    kinds: { replies: 'counter', open: 'gauge' },
    samples: [
      { tMs: 2500, values: { replies: 2, open: 2 } },
      { tMs: 4500, values: { replies: 2, open: 4 } },
      { tMs: 6500, values: { replies: 1, open: 5 } },
    ],
  });
  assert.deepEqual(JSON.parse(JSON.stringify(t)), t.toJSON());
});

test('bad options are rejected', () => {
  assert.throws(() => new Timeline({ intervalMs: 0, kinds }), RangeError);
  assert.throws(() => new Timeline({ intervalMs: 1000, kinds, maxSamples: 2 }), RangeError);
});
