import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../../../src/time/index.js';
import { Deque } from '../../../src/gateway/csp/deque.js';
import { seededRandom } from '../../../src/gateway/csp/random.js';
import { WaitQueue } from '../../../src/gateway/csp/wait-queue.js';

describe('seededRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const c = seededRandom(124);
    const xs = Array.from({ length: 1_000 }, () => a());
    assert.deepEqual(
      xs,
      Array.from({ length: 1_000 }, () => b()),
    );
    assert.notDeepEqual(
      xs.slice(0, 10),
      Array.from({ length: 10 }, () => c()),
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(mean > 0.45 && mean < 0.55, `mean ${mean}`);
  });
});

describe('systemClock', () => {
  it('is monotonic', () => {
    const a = systemClock.now();
    assert.ok(systemClock.now() >= a);
  });
});

describe('Deque', () => {
  it('keeps FIFO order across growth and wrap-around', () => {
    const d = new Deque<number>(4);
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < (round % 7) + 1; i++) d.push(next++);
      for (let i = 0; i < round % 5 && d.length > 0; i++) out.push(d.shift());
    }
    while (d.length > 0) out.push(d.shift());
    assert.deepEqual(
      out,
      Array.from({ length: next }, (_, i) => i),
    );
    assert.throws(() => d.shift(), RangeError);
  });

  it('retain keeps matching items in order, undefined included', () => {
    const d = new Deque<number | undefined>();
    for (const v of [1, undefined, 2, 3, undefined, 4]) d.push(v);
    d.shift();
    d.retain((v) => v !== 3);
    assert.deepEqual([...d], [undefined, 2, undefined, 4]);
    assert.equal(d.length, 4);
  });
});

describe('WaitQueue', () => {
  it('serves FIFO and skips withdrawn waiters', () => {
    const q = new WaitQueue<string>();
    q.push('a');
    const withdrawB = q.push('b');
    q.push('c');
    withdrawB();
    withdrawB(); // idempotent
    assert.equal(q.size, 2);
    assert.equal(q.shift(), 'a');
    assert.equal(q.shift(), 'c');
    assert.equal(q.shift(), undefined);
    assert.equal(q.size, 0);
  });

  it('withdrawing a served waiter changes nothing', () => {
    const q = new WaitQueue<string>();
    const withdraw = q.push('a');
    q.push('b');
    assert.equal(q.shift(), 'a');
    withdraw();
    assert.equal(q.size, 1);
    assert.equal(q.shift(), 'b');
  });

  it('compacts when withdrawn entries pile up', () => {
    const q = new WaitQueue<number>();
    q.push(-1);
    for (let i = 0; i < 10_000; i++) q.push(i)();
    assert.equal(q.size, 1);
    // internal: the deque was compacted, so only a handful of dead entries remain
    const entries = (q as unknown as { entries: Deque<unknown> }).entries;
    assert.ok(entries.length <= 70, `entries ${entries.length}`);
    assert.equal(q.shift(), -1);
  });
});
