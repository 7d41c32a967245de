import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistogramDecodeError, LatencyHistogram, MAX_CURVE_POINTS } from '../../src/metrics/index.js';
import { ImstressError } from '../../src/errors.js';
import { seededRandom as rng } from '../helpers/random.js';

const within = (actual: number, expected: number, rel: number): void => {
  assert.ok(Math.abs(actual - expected) <= expected * rel, `${actual} not within ${rel * 100}% of ${expected}`);
};

function uniform(): LatencyHistogram {
  const h = new LatencyHistogram();
  for (let ms = 1; ms <= 10_000; ms++) h.recordMs(ms);
  return h;
}

test('percentiles of 1..10000 ms uniform are within 0.1%', () => {
  const h = uniform();
  assert.equal(h.count, 10_000);
  within(h.percentileMs(50), 5000, 0.001);
  within(h.percentileMs(90), 9000, 0.001);
  within(h.percentileMs(99), 9900, 0.001);
  within(h.percentileMs(99.9), 9990, 0.001);
  within(h.maxMs, 10_000, 0.001);
  within(h.minMs, 1, 0.001);
  within(h.meanMs, 5000.5, 0.001);
  const s = h.summary();
  assert.deepEqual(Object.keys(s), ['count', 'min', 'mean', 'p50', 'p90', 'p99', 'p999', 'max']);
  assert.equal(s.count, 10_000);
  assert.ok(s.min <= s.p50 && s.p50 <= s.p90 && s.p90 <= s.p99 && s.p99 <= s.p999 && s.p999 <= s.max);
});

test('sub-millisecond values keep microsecond resolution', () => {
  const h = new LatencyHistogram();
  h.recordMs(0.25);
  h.recordMs(0.001);
  assert.equal(h.percentileMs(100), 0.25);
  assert.equal(h.minMs, 0.001);
});

test('an empty histogram summarises to zeros and an empty curve', () => {
  const h = new LatencyHistogram();
  assert.deepEqual(h.summary(), { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 });
  assert.deepEqual(h.percentileCurve(), []);
  assert.equal(LatencyHistogram.decode(h.encode()).count, 0);
});

test('encode/decode round trip keeps every reported number', () => {
  const h = new LatencyHistogram();
  const r = rng(1);
  for (let i = 0; i < 5000; i++) h.recordMs(r() * r() * 20_000);
  const d = LatencyHistogram.decode(h.encode());
  assert.deepEqual(d.summary(), h.summary());
  for (const p of [0, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100]) assert.equal(d.percentileMs(p), h.percentileMs(p));
  assert.deepEqual(d.percentileCurve(), h.percentileCurve());
  assert.equal(d.encode(), h.encode());
});

test('merge of two histograms equals one histogram with both sets of samples', () => {
  const a = new LatencyHistogram();
  const b = new LatencyHistogram();
  const both = new LatencyHistogram();
  const r = rng(7);
  for (let i = 0; i < 3000; i++) {
    const v = r() * 500;
    a.recordMs(v);
    both.recordMs(v);
  }
  for (let i = 0; i < 2000; i++) {
    const v = 100 + r() * r() * 90_000;
    b.recordMs(v);
    both.recordMs(v);
  }
  const merged = LatencyHistogram.mergeAll([a, b]);
  assert.equal(merged.count, both.count);
  assert.deepEqual(merged.summary(), both.summary());
  assert.equal(merged.encode(), both.encode());
  // also through the encoded form, as reports are merged
  const viaEncoded = LatencyHistogram.decode(a.encode()).merge(LatencyHistogram.decode(b.encode()));
  assert.deepEqual(viaEncoded.summary(), both.summary());
  // merge into an existing histogram leaves the argument alone
  const a2 = LatencyHistogram.decode(a.encode());
  a2.merge(b);
  assert.equal(a2.count, 5000);
  assert.equal(b.count, 2000);
});

test('corrected recording adds the samples omitted while stuck', () => {
  const raw = new LatencyHistogram();
  const corrected = new LatencyHistogram();
  for (const ms of [5, 8, 5000]) {
    raw.recordMs(ms);
    corrected.recordMsCorrected(ms, 100);
  }
  assert.equal(raw.count, 3);
  // 5000 ms at a 100 ms interval: 5000, 4900, …, 100 → 50 values
  assert.equal(corrected.count, 2 + 50);
  assert.ok(corrected.percentileMs(50) > raw.percentileMs(50));
  const plain = new LatencyHistogram();
  plain.recordMsCorrected(50, 100);
  plain.recordMsCorrected(5000, 0);
  assert.equal(plain.count, 2, 'values under the interval, or no interval, are recorded alone');
});

test('out-of-range values are clamped and counted', () => {
  const h = new LatencyHistogram();
  h.recordMs(-3);
  h.recordMs(5_000_000); // > 1 hour
  h.recordMs(Number.POSITIVE_INFINITY);
  h.recordMs(10);
  assert.equal(h.count, 4);
  assert.equal(h.clamped, 3);
  assert.equal(h.minMs, 0);
  within(h.maxMs, 3_600_000, 0.001);
  assert.throws(() => h.recordMs(Number.NaN), RangeError);
  assert.equal(LatencyHistogram.decode(h.encode(), h.clamped).clamped, 3);
  assert.equal(LatencyHistogram.mergeAll([h, h]).clamped, 6);
  h.reset();
  assert.equal(h.count, 0);
  assert.equal(h.clamped, 0);
});

test('decode of garbage throws HistogramDecodeError', () => {
  const valid = uniform().encode();
  for (const garbage of ['', '   ', 'garbage!!', 'AAAA', 'not base64 at all', valid.slice(0, valid.length / 2), 'x' + valid]) {
    assert.throws(
      () => LatencyHistogram.decode(garbage),
      (err: unknown) => {
        assert.ok(err instanceof HistogramDecodeError, `${JSON.stringify(garbage)}: ${String(err)}`);
        assert.ok(err instanceof ImstressError);
        assert.equal(err.exit, 'usage');
        assert.match(err.message, /^cannot decode histogram: /);
        return true;
      },
    );
  }
});

test('percentile curve is bounded, increasing and ends at the max', () => {
  const h = uniform();
  const curve = h.percentileCurve();
  assert.ok(curve.length > 10 && curve.length <= MAX_CURVE_POINTS);
  assert.equal(curve[0]?.percentile, 0);
  assert.deepEqual(curve[curve.length - 1], { percentile: 100, valueMs: h.maxMs });
  for (let i = 1; i < curve.length; i++) {
    const prev = curve[i - 1];
    const cur = curve[i];
    assert.ok(prev !== undefined && cur !== undefined);
    assert.ok(cur.percentile > prev.percentile);
    assert.ok(cur.valueMs >= prev.valueMs);
  }
  const big = new LatencyHistogram();
  big.recordMsCorrected(3_600_000, 1000); // 3600 values
  for (let i = 0; i < 2_000_000; i += 1000) big.recordMs(i / 1000);
  assert.ok(big.percentileCurve().length <= MAX_CURVE_POINTS);
});
