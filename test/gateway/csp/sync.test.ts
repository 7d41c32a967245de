import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Mutex, SyncError, WaitGroup } from '../../../src/gateway/csp/sync.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import { spawn, turns } from './helpers.js';
import { ManualClock } from '../../../src/time/index.js';

describe('Mutex', () => {
  it('blocks contenders in sync.Mutex.Lock and hands the lock over FIFO', async () => {
    const reg = new TaskRegistry();
    const mu = new Mutex('userMapLock');
    const order: string[] = [];
    assert.equal(mu.tryLock(), true);
    assert.equal(mu.locked, true);
    assert.equal(mu.tryLock(), false);
    const contenders = ['a', 'b', 'c'].map((n) =>
      spawn(reg, n, async (t) => {
        await mu.lock(t);
        order.push(n);
      }),
    );
    await turns();
    for (const c of contenders) {
      assert.equal(c.task.state, 'sync.Mutex.Lock');
      assert.equal(c.task.waitingOn, 'userMapLock');
    }
    for (let i = 0; i < 3; i++) {
      mu.unlock();
      assert.equal(mu.locked, true, 'ownership passes directly to the next waiter');
      await turns(1);
    }
    assert.deepEqual(order, ['a', 'b', 'c']);
    mu.unlock();
    assert.equal(mu.locked, false);
  });

  it('lock on a free mutex completes at once', async () => {
    const reg = new TaskRegistry();
    const mu = new Mutex('m');
    await spawn(reg, 'x', (t) => mu.lock(t)).promise;
    assert.equal(mu.locked, true);
  });

  it('unlock of an unlocked mutex throws', () => {
    const mu = new Mutex('m');
    assert.throws(
      () => mu.unlock(),
      (e: unknown) => e instanceof SyncError && e.code === 'UNLOCK_OF_UNLOCKED_MUTEX',
    );
  });
});

describe('WaitGroup', () => {
  it('blocks waiters in sync.WaitGroup.Wait until the counter reaches zero', async () => {
    const reg = new TaskRegistry();
    const wg = new WaitGroup('consumers');
    wg.add(2);
    const waiters = [1, 2].map((i) => spawn(reg, `w${i}`, (t) => wg.wait(t)));
    await turns();
    for (const w of waiters) {
      assert.equal(w.task.state, 'sync.WaitGroup.Wait');
      assert.equal(w.task.waitingOn, 'consumers');
    }
    wg.done();
    await turns();
    assert.ok(waiters.every((w) => !w.settled));
    wg.done();
    await turns(1);
    assert.ok(waiters.every((w) => w.settled));
    assert.equal(wg.count, 0);
  });

  it('wait on a zero counter returns at once', async () => {
    const reg = new TaskRegistry();
    await spawn(reg, 'w', (t) => new WaitGroup('g').wait(t)).promise;
  });

  it('a negative counter or a fractional delta throws', () => {
    const wg = new WaitGroup('g');
    assert.throws(
      () => wg.done(),
      (e: unknown) => e instanceof SyncError && e.code === 'NEGATIVE_WAITGROUP_COUNTER',
    );
    assert.throws(() => wg.add(0.5), SyncError);
    assert.equal(wg.count, 0);
  });
});

describe('sleep', () => {
  it('marks the task sleeping or in an rpc until its timer fires on the registry clock', async () => {
    const clock = new ManualClock();
    const reg = new TaskRegistry({ clock });
    const rpc = spawn(reg, 'rpc', (task) => task.sleep(100, 'SetUserStatus', 'rpc'));
    const nap = spawn(reg, 'nap', (task) => task.sleep(50));
    await turns();
    assert.equal(rpc.task.state, 'rpc');
    assert.equal(rpc.task.waitingOn, 'SetUserStatus');
    assert.equal(nap.task.state, 'sleep');
    assert.equal(nap.task.waitingOn, null);
    await clock.advance(49);
    assert.equal(nap.settled, false);
    await clock.advance(1);
    assert.equal(nap.settled, true);
    assert.equal(rpc.settled, false);
    await clock.advance(50);
    assert.equal(rpc.settled, true);
    assert.equal(reg.count(), 0);
  });

  it('returns at once for a duration <= 0, without a timer', async () => {
    const clock = new ManualClock();
    const reg = new TaskRegistry({ clock });
    const zero = spawn(reg, 'zero', (task) => task.sleep(0));
    const negative = spawn(reg, 'negative', (task) => task.sleep(-5));
    assert.equal(clock.pending, 0);
    await zero.promise;
    await negative.promise;
    assert.equal(clock.pending, 0);
  });
});
