import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistogramDecodeError, MetricsRecorder, PHASES } from '../../src/metrics/index.js';
import type { MetricsSnapshot } from '../../src/metrics/index.js';

type ErrorKind = 'connection_refused' | 'reply_timeout' | 'kicked';

function filled(seed: number): MetricsRecorder<ErrorKind> {
  const r = new MetricsRecorder<ErrorKind>();
  for (let i = 1; i <= 500; i++) {
    r.record('handshake', ((i * seed) % 97) + 0.5);
    r.record('reply', (i * 7 * seed) % 1000, 250);
    r.record('iteration', i * seed, 1000);
  }
  r.record('stall', 12_000, 1000);
  r.increment('reply_timeout');
  r.increment('reply_timeout', 2);
  r.increment('kicked');
  return r;
}

test('snapshot is plain JSON with every phase and the counters', () => {
  const s = filled(3).snapshot();
  const json = JSON.parse(JSON.stringify(s)) as MetricsSnapshot;
  assert.deepEqual(json, s);
  assert.deepEqual(Object.keys(s.phases), [...PHASES]);
  assert.deepEqual(s.counters, { kicked: 1, reply_timeout: 3 });
  assert.equal(s.phases.handshake.raw.count, 500);
  assert.equal(s.phases.push.raw.count, 0);
  assert.ok(s.phases.stall.corrected.count > s.phases.stall.raw.count, 'a 12 s stall at 1 s interval adds omitted samples');
  assert.deepEqual(s.phases.handshake.corrected, s.phases.handshake.raw, 'no interval: corrected equals raw');
});

test('snapshot → fromEncoded → same summaries and encodings', () => {
  const original = filled(5);
  original.record('close', -1); // clamped
  const s = original.snapshot();
  const rebuilt = MetricsRecorder.fromEncoded<ErrorKind>(s);
  assert.deepEqual(rebuilt.snapshot(), s);
  assert.equal(rebuilt.counter('reply_timeout'), 3);
  assert.equal(rebuilt.counter('connection_refused'), 0);
  assert.equal(rebuilt.raw('close').clamped, 1);
  assert.equal(rebuilt.corrected('iteration').count, original.corrected('iteration').count);
});

test('merging snapshots merges histograms exactly and sums counters', () => {
  const a = filled(3);
  const b = filled(11);
  b.increment('connection_refused', 4);
  const merged = MetricsRecorder.merge(a.snapshot(), b.snapshot());
  assert.deepEqual(merged.counters, { connection_refused: 4, kicked: 2, reply_timeout: 6 });

  // the same samples recorded into one recorder
  const both = MetricsRecorder.fromEncoded(a.snapshot());
  for (const p of PHASES) {
    both.raw(p).merge(b.raw(p));
    both.corrected(p).merge(b.corrected(p));
  }
  for (const p of PHASES) {
    assert.deepEqual(merged.phases[p].raw, both.raw(p).summary(), p);
    assert.deepEqual(merged.phases[p].corrected, both.corrected(p).summary(), p);
    assert.equal(merged.phases[p].raw.count, a.raw(p).count + b.raw(p).count);
  }
  assert.deepEqual(MetricsRecorder.merge(a.snapshot()), a.snapshot(), 'merging one snapshot is the identity');
});

test('fromEncoded rejects a corrupted histogram', () => {
  const s = filled(2).snapshot();
  const bad: MetricsSnapshot = { ...s, phases: { ...s.phases, reply: { ...s.phases.reply, encoded: 'bogus' } } };
  assert.throws(() => MetricsRecorder.fromEncoded(bad), HistogramDecodeError);
});

test('reset empties histograms and counters', () => {
  const r = filled(2);
  r.reset();
  const s = r.snapshot();
  assert.deepEqual(s.counters, {});
  for (const p of PHASES) assert.equal(s.phases[p].raw.count + s.phases[p].corrected.count, 0);
});
