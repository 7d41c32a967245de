/** The shared clock: the manual one fires in due order and settles between timers; the real one keeps its promises. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, delay, systemClock } from '../../src/time/index.js';

test('advance fires due timers in due order, ties in arming order, each reading its own due time', async () => {
  const clock = new ManualClock(100);
  const seen: string[] = [];
  clock.after(30, () => seen.push(`b@${clock.now()}`));
  clock.after(10, () => seen.push(`a@${clock.now()}`));
  clock.after(30, () => seen.push(`c@${clock.now()}`));
  clock.after(31, () => seen.push(`late@${clock.now()}`));
  await clock.advance(30);
  assert.deepEqual(seen, ['a@110', 'b@130', 'c@130']);
  assert.equal(clock.now(), 130);
  assert.equal(clock.pending, 1);
  await clock.advance(1);
  assert.deepEqual(seen.slice(3), ['late@131']);
  assert.equal(clock.pending, 0);
});

test('promise chains a timer starts settle before the next timer fires', async () => {
  const clock = new ManualClock();
  const seen: string[] = [];
  void (async () => {
    await delay(clock, 5);
    await Promise.resolve();
    await Promise.resolve();
    seen.push(`chain done@${clock.now()}`);
    await delay(clock, 5); // armed by a fired timer's continuation, due within the same advance
    seen.push(`second@${clock.now()}`);
  })();
  clock.after(6, () => seen.push(`other@${clock.now()}`));
  await clock.advance(20);
  assert.deepEqual(seen, ['chain done@5', 'other@6', 'second@10']);
});

test('cancel and refresh; every repeats at its period until cancelled', async () => {
  const clock = new ManualClock();
  let fired = 0;
  const t = clock.after(10, () => fired++);
  await clock.advance(8);
  t.refresh(); // now due at 18
  await clock.advance(8);
  assert.equal(fired, 0);
  await clock.advance(2);
  assert.equal(fired, 1);
  const u = clock.after(5, () => fired++);
  u.cancel();
  u.cancel();
  await clock.advance(10);
  assert.equal(fired, 1);
  const ticks: number[] = [];
  const stop = clock.every(4, () => ticks.push(clock.now()));
  await clock.advance(13);
  stop();
  await clock.advance(20);
  assert.deepEqual(ticks, [32, 36, 40]);
  assert.equal(clock.pending, 0);
});

test('bad durations are refused with the value', async () => {
  const clock = new ManualClock();
  assert.throws(() => clock.every(0, () => undefined), /period must be > 0 ms, got 0/);
  await assert.rejects(clock.advance(-1), /got -1/);
});

test('the system clock: after fires (also below 1 ms), cancel prevents it, every repeats', async () => {
  const order: string[] = [];
  await new Promise<void>((resolve) => {
    systemClock.after(0.2, () => order.push('sub-ms'));
    const never = systemClock.after(1, () => order.push('cancelled'));
    never.cancel();
    const spin = systemClock.after(0.1, () => order.push('cancelled spin'));
    spin.cancel();
    let n = 0;
    const stop = systemClock.every(1, () => {
      if (++n === 2) {
        stop();
        systemClock.after(2, resolve);
      }
    });
  });
  assert.deepEqual(order, ['sub-ms']);
  const t0 = systemClock.now();
  await delay(systemClock, 2);
  assert.ok(systemClock.now() > t0);
});

test('advance lets queued work run at the current reading first; jump moves at once but never over a timer', async () => {
  const clock = new ManualClock(50);
  let readAt = -1;
  void Promise.resolve().then(() => (readAt = clock.now()));
  await clock.advance(10);
  assert.equal(readAt, 50);
  clock.jump(5);
  assert.equal(clock.now(), 65);
  clock.after(3, () => undefined);
  assert.throws(() => clock.jump(3), /a timer is due at 68/);
  clock.jump(2);
  assert.equal(clock.now(), 67);
});

test('the manual wall clock moves with the manual reading', async () => {
  const clock = new ManualClock(1_000, 1, 1_700_000_000_000);
  assert.equal(clock.epochMs(), 1_700_000_000_000);
  await clock.advance(1_500);
  assert.equal(clock.epochMs(), 1_700_000_001_500);
  assert.ok(Math.abs(systemClock.epochMs() - Date.now()) < 1_000);
});
