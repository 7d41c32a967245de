/**
 * Every network decoder under seeded random and mutated input (the same
 * targets as `npm run fuzz`, a few thousand inputs each): a value or the
 * decoder's typed error, never anything else. The long run is `npm run fuzz`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzzLoop } from '../../fuzz/loop.js';
import { fuzzTargets, GZIP_CAP, type FuzzTarget } from '../../fuzz/targets.js';
import { gunzipFrame, ProtocolError } from '../../src/protocol/openim/index.js';
import { gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const perTarget = 3_000;

for (const target of fuzzTargets) {
  test(`fuzz ${target.name}: ${perTarget.toLocaleString('en')} seeded inputs, only values or typed errors`, () => {
    // No time limit per input here (tests assert no timings); `npm run fuzz` flags slow inputs.
    const findings = fuzzLoop(target, { iterations: perTarget, seed: 0x1badf00d, slowMs: Infinity });
    assert.deepEqual(
      findings.map((f) => `${f.kind} at ${f.iteration}: ${f.message.split('\n')[0]} (input ${f.input.toString('hex').slice(0, 200)})`),
      [],
    );
  });
}

test('the fuzz loop reports an untyped throw and a bad value, with the input', () => {
  const broken: FuzzTarget = {
    name: 'broken',
    seeds: [Buffer.from([1, 2, 3])],
    run: (input) => {
      if (input.length === 0) throw new TypeError('boom');
      return input[0] === 0xff ? 'bad' : null;
    },
    isTyped: (err) => err instanceof ProtocolError,
  };
  const findings = fuzzLoop(broken, { iterations: 2_000, seed: 7, slowMs: Infinity });
  assert.ok(findings.some((f) => f.kind === 'untyped-throw' && f.input.length === 0 && f.message.startsWith('TypeError: boom')));
  assert.ok(findings.some((f) => f.kind === 'bad-value' && f.input[0] === 0xff));
});

test('gzip: a bomb stops at the output cap with the typed error', () => {
  const bomb = gzipSync(Buffer.alloc(GZIP_CAP * 16));
  assert.ok(bomb.length < GZIP_CAP / 16, 'the input is small');
  assert.throws(
    () => gunzipFrame(bomb, GZIP_CAP),
    (err: unknown) => err instanceof ProtocolError && err.code === 'gzip_too_large',
  );
});

test('gzip: corrupt frames decoded in one turn do not pile up native memory (Node 20 sync zlib holds it until the loop turns)', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const bad = Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
  const decodeMany = (n: number): void => {
    for (let i = 0; i < n; i++)
      assert.throws(
        () => gunzipFrame(bad, GZIP_CAP),
        (err: unknown) => err instanceof ProtocolError && err.code === 'gzip_invalid',
      );
  };
  // What one turn of the event loop holds: plain gunzipSync keeps ~16 kB per corrupt frame until the
  // loop turns (measured ~310 MB for 20,000 frames after a forced GC); gunzipFrame closes the handle itself.
  decodeMany(1_000);
  gc();
  const before = process.memoryUsage().external;
  decodeMany(20_000);
  gc();
  const grown = process.memoryUsage().external - before;
  assert.ok(grown < 150 * 1024 * 1024, `external memory grew by ${Math.round(grown / 1e6)} MB over 20,000 corrupt frames in one turn`);
});
