/** Who runs which users: shard partition, worker slices, --workers auto. Table tests on pure code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shardIndices, splitAmongWorkers, targetIsLocal, workerCount, minVusPerWorker } from '../../../src/engine/workers/plan.js';

test('the N shards are disjoint and together are exactly the whole pool', () => {
  for (const [users, count] of [
    [10, 3],
    [7, 7],
    [100, 4],
    [5, 1],
    [1000, 16],
  ] as const) {
    const whole = shardIndices(users, null);
    assert.deepEqual(
      whole,
      Array.from({ length: users }, (_, i) => i),
    );
    const seen = new Map<number, number>();
    for (let index = 0; index < count; index++) {
      for (const i of shardIndices(users, { index, count })) {
        assert.equal(i % count, index, `shard ${index}/${count} holds only indices ≡ ${index} (mod ${count})`);
        assert.equal(seen.has(i), false, `index ${i} is in shards ${seen.get(i)} and ${index}`);
        seen.set(i, index);
      }
    }
    assert.deepEqual(
      [...seen.keys()].sort((a, b) => a - b),
      whole,
    );
  }
});

test('worker slices deal the shard round-robin, none empty, none shared', () => {
  const indices = shardIndices(20, { index: 1, count: 2 });
  const slices = splitAmongWorkers(indices, 3);
  assert.equal(slices.length, 3);
  assert.deepEqual(
    slices.flat().sort((a, b) => a - b),
    indices,
  );
  for (const s of slices) assert.ok(s.length > 0);
  assert.equal(splitAmongWorkers([4, 9], 8).length, 2, 'no more slices than users');
});

test('--workers auto: one per CPU, but small runs stay in one thread', () => {
  assert.equal(workerCount({ workers: 'auto' }, 100, 8, false), 1);
  assert.equal(workerCount({ workers: 'auto' }, minVusPerWorker * 2, 8, false), 2);
  assert.equal(workerCount({ workers: 'auto' }, 1_000_000, 8, false), 8);
  assert.equal(workerCount({ workers: 'auto' }, 1_000_000, 1, false), 1);
  assert.equal(workerCount({ workers: 4 }, 100, 1, false), 4, 'an explicit count is taken as given');
  assert.equal(workerCount({ workers: 4 }, 2, 8, false), 2, 'never more threads than users');
});

test('--workers auto leaves one CPU to a target on this machine', () => {
  assert.equal(workerCount({ workers: 'auto' }, 1_000_000, 8, true), 7);
  assert.equal(workerCount({ workers: 'auto' }, 1_000_000, 2, true), 1, 'two cores and a local target: one thread');
  assert.equal(workerCount({ workers: 'auto' }, 1_000_000, 1, true), 1, 'never fewer than one');
  assert.equal(workerCount({ workers: 4 }, 1_000_000, 2, true), 4, 'an explicit count is taken as given');
});

test('a target is local when it is embedded or its host is a loopback name or address', () => {
  const url = (u: string) => ({ kind: 'url' as const, url: u });
  assert.equal(targetIsLocal({ kind: 'embedded', gatewayMode: 'v3.5.1', gatewayArgs: [] }), true);
  for (const u of [
    'ws://127.0.0.1:10001',
    'ws://127.8.9.10/',
    'wss://localhost:443/x',
    'ws://gw.localhost:1',
    'ws://[::1]:10001',
    'WS://LOCALHOST:1',
  ]) {
    assert.equal(targetIsLocal(url(u)), true, u);
  }
  for (const u of [
    'ws://10.0.0.5:10001',
    'ws://gateway:10001',
    'wss://im.example.com/',
    'ws://[2001:db8::1]:1',
    'ws://127.0.0.1.example.com/',
    'not a url',
  ]) {
    assert.equal(targetIsLocal(url(u)), false, u);
  }
});
