import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chan } from '../../../src/gateway/csp/chan.js';
import { seededRandom } from '../../../src/gateway/csp/random.js';
import type { RandomSource } from '../../../src/gateway/csp/random.js';
import { select } from '../../../src/gateway/csp/select.js';
import type { SelectCase } from '../../../src/gateway/csp/select.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import { scripted, spawn } from './helpers.js';

/** Runs `rounds` selects over `k` always-ready receive cases; returns how often each index won. */
async function tally(random: RandomSource, k: number, rounds: number): Promise<number[]> {
  const reg = new TaskRegistry({ random });
  const chans = Array.from({ length: k }, (_, i) => new Chan<number>(`c${i}`, 1));
  for (const ch of chans) ch.trySend(0);
  const cases: SelectCase[] = chans.map((ch) => ({ op: 'recv', ch }));
  const counts: number[] = new Array<number>(k).fill(0);
  await spawn(reg, 'tally', async (t) => {
    for (let i = 0; i < rounds; i++) {
      const r = await select(t, cases);
      counts[r.index] = (counts[r.index] ?? 0) + 1;
      chans[r.index]?.trySend(0); // refill: every case stays ready
    }
  }).promise;
  return counts;
}

describe('select: uniform pseudo-random choice', () => {
  it('splits 10,000 selects over two ready cases within 45%..55%', async () => {
    const [a = 0, b = 0] = await tally(seededRandom(42), 2, 10_000);
    assert.equal(a + b, 10_000);
    assert.ok(a >= 4_500 && a <= 5_500, `case 0 chosen ${a} times`);
  });

  it('splits 9,000 selects over three ready cases within 30%..37% each', async () => {
    const counts = await tally(seededRandom(2024), 3, 9_000);
    for (const c of counts) assert.ok(c >= 2_700 && c <= 3_330, `counts ${counts.join(', ')}`);
  });

  it('the same seed gives the same sequence of choices', async () => {
    assert.deepEqual(await tally(seededRandom(9), 3, 300), await tally(seededRandom(9), 3, 300));
  });
});

describe('select: injected random source', () => {
  // ready pattern (which of the cases can proceed), source value, expected index:
  // chosen = ready[floor(r * ready.length)].
  const table: { ready: boolean[]; r: number; expected: number }[] = [
    { ready: [true, true], r: 0, expected: 0 },
    { ready: [true, true], r: 0.49, expected: 0 },
    { ready: [true, true], r: 0.5, expected: 1 },
    { ready: [true, true], r: 0.999, expected: 1 },
    { ready: [true, true, true], r: 0.34, expected: 1 },
    { ready: [true, true, true], r: 0.67, expected: 2 },
    { ready: [true, false, true], r: 0.6, expected: 2 },
    { ready: [true, false, true], r: 0.4, expected: 0 },
    { ready: [false, true, false, true, true], r: 0.7, expected: 4 },
    { ready: [false, true, false, true, true], r: 0.5, expected: 3 },
    { ready: [true, true], r: 1, expected: 1 }, // out-of-contract 1.0 is clamped
  ];
  for (const { ready, r, expected } of table) {
    it(`ready=${ready.map(Number).join('')} r=${r} -> case ${expected}`, async () => {
      const reg = new TaskRegistry();
      const cases: SelectCase[] = ready.map((isReady, i) => {
        const ch = new Chan<number>(`c${i}`, 1);
        if (isReady) ch.trySend(i);
        return { op: 'recv', ch };
      });
      const res = await spawn(reg, 's', (t) => select(t, cases, { random: () => r })).promise;
      assert.equal(res?.index, expected);
    });
  }

  it('draws from the source only when there is a choice, and prefers options.random', async () => {
    const registrySource = scripted([0.9]);
    const optionSource = scripted([0.9]);
    const reg = new TaskRegistry({ random: registrySource });
    const one = new Chan<number>('one', 1);
    const two = new Chan<number>('two', 1);
    one.trySend(1);
    await spawn(reg, 'single', (t) => select(t, [{ op: 'recv', ch: one }])).promise;
    assert.equal(registrySource.draws, 0);
    one.trySend(1);
    two.trySend(2);
    const r = await spawn(reg, 'override', (t) =>
      select(
        t,
        [
          { op: 'recv', ch: one },
          { op: 'recv', ch: two },
        ],
        { random: optionSource },
      ),
    ).promise;
    assert.equal(r?.index, 1);
    assert.equal(optionSource.draws, 1);
    assert.equal(registrySource.draws, 0);
  });
});
