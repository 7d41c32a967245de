import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chan, ChannelClosedError } from '../../../src/gateway/csp/chan.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import { spawn, turns } from './helpers.js';

// Go spec, "Channel types": capacity 0 is unbuffered (communication succeeds
// only when sender and receiver are ready); capacity n buffers n values FIFO.
const capacities = [0, 1, 3] as const;

describe('Chan construction', () => {
  for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`rejects capacity ${bad}`, () => {
      assert.throws(() => new Chan('c', bad), RangeError);
    });
  }
  it('reports name, cap, len', () => {
    const ch = new Chan<number>('registerChan', 2);
    assert.equal(ch.name, 'registerChan');
    assert.equal(ch.cap, 2);
    assert.equal(ch.len, 0);
    assert.equal(ch.closed, false);
  });
});

for (const cap of capacities) {
  describe(`Chan cap=${cap}`, () => {
    it('delivers values in FIFO order', async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<number>('c', cap);
      const values = Array.from({ length: 20 }, (_, i) => i);
      const producer = spawn(reg, 'producer', async (t) => {
        for (const v of values) await ch.send(t, v);
      });
      const consumer = spawn(reg, 'consumer', async (t) => {
        const got: number[] = [];
        for (let i = 0; i < values.length; i++) {
          const r = await ch.recv(t);
          assert.equal(r.ok, true);
          got.push(r.value);
        }
        return got;
      });
      await Promise.all([producer.task.done, consumer.task.done]);
      assert.deepEqual(consumer.value, values);
      assert.equal(reg.count(), 0);
    });

    it('blocks a receive while empty, then hands the value over', async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<string>('c', cap);
      const receiver = spawn(reg, 'receiver', (t) => ch.recv(t));
      await turns();
      assert.equal(receiver.settled, false);
      assert.equal(receiver.task.state, 'chan receive');
      assert.equal(receiver.task.waitingOn, 'c');
      assert.equal(ch.recvWaiters, 1);
      assert.equal(ch.trySend('x'), true); // a waiting receiver makes any send proceed
      assert.equal(ch.len, 0, 'handed directly to the receiver, not buffered');
      assert.equal(ch.recvWaiters, 0);
      await turns(1);
      assert.deepEqual(receiver.value, { value: 'x', ok: true });
      assert.equal(receiver.task.state, 'finished');
    });

    it('serves blocked receivers FIFO', async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<string>('c', cap);
      const receivers = ['r1', 'r2', 'r3'].map((n) => spawn(reg, n, (t) => ch.recv(t)));
      await turns();
      assert.equal(ch.recvWaiters, 3);
      for (const v of ['a', 'b', 'c']) assert.equal(ch.trySend(v), true);
      await turns(1);
      assert.deepEqual(
        receivers.map((r) => r.value?.value),
        ['a', 'b', 'c'],
      );
    });

    it(`completes ${cap} sends without blocking, blocks the next until a receiver takes`, async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<number>('c', cap);
      const fast = Array.from({ length: cap }, (_, i) => spawn(reg, `s${i}`, (t) => ch.send(t, i)));
      await turns();
      assert.ok(fast.every((s) => s.settled && s.error === undefined));
      assert.equal(ch.len, cap);
      const blocked = spawn(reg, 'blocked', (t) => ch.send(t, 100));
      await turns();
      assert.equal(blocked.settled, false);
      assert.equal(blocked.task.state, 'chan send');
      assert.equal(blocked.task.waitingOn, 'c');
      assert.equal(ch.sendWaiters, 1);
      const first = ch.tryRecv();
      assert.deepEqual(first, { value: cap === 0 ? 100 : 0, ok: true }, 'head of the buffer first');
      assert.equal(ch.len, cap, 'the blocked sender value moved into the buffer');
      assert.equal(ch.sendWaiters, 0);
      await turns(1);
      assert.equal(blocked.settled, true);
      const rest: number[] = [];
      for (let r = ch.tryRecv(); r !== null; r = ch.tryRecv()) rest.push(r.value as number);
      const expected = cap === 0 ? [] : [...Array.from({ length: cap - 1 }, (_, i) => i + 1), 100];
      assert.deepEqual(rest, expected);
    });

    it('serves blocked senders FIFO after the buffer', async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<string>('c', cap);
      for (let i = 0; i < cap; i++) assert.equal(ch.trySend(`b${i}`), true);
      assert.equal(ch.trySend('overflow'), false, 'full: trySend would block');
      const senders = ['x', 'y', 'z'].map((v) => spawn(reg, v, (t) => ch.send(t, v)));
      await turns();
      assert.equal(ch.sendWaiters, 3);
      const got: string[] = [];
      for (let r = ch.tryRecv(); r !== null; r = ch.tryRecv()) got.push(r.value as string);
      assert.deepEqual(got, [...Array.from({ length: cap }, (_, i) => `b${i}`), 'x', 'y', 'z']);
      await turns(1);
      assert.ok(senders.every((s) => s.settled));
    });

    it('tryRecv returns null when a receive would block', () => {
      const ch = new Chan<number>('c', cap);
      assert.equal(ch.tryRecv(), null);
    });
  });
}

describe('Chan cap=0 rendezvous', () => {
  it('does not complete the send before a receiver takes the value', async () => {
    const reg = new TaskRegistry();
    const ch = new Chan<string>('unbuffered', 0);
    const sender = spawn(reg, 'sender', (t) => ch.send(t, 'v'));
    await turns(5);
    assert.equal(sender.settled, false);
    assert.equal(sender.task.state, 'chan send');
    assert.equal(ch.len, 0);
    assert.equal(ch.trySend('other'), false, 'no receiver: an unbuffered send cannot proceed');
    const receiver = spawn(reg, 'receiver', (t) => ch.recv(t));
    await turns(1);
    assert.deepEqual(receiver.value, { value: 'v', ok: true });
    assert.equal(sender.settled, true);
    assert.equal(sender.error, undefined);
  });
});

// Go spec, "Close": after close and once earlier sent values are received,
// receives return the zero value without blocking (ok = false); sending to or
// closing a closed channel causes a run-time panic.
describe('Chan close', () => {
  for (const cap of [0, 1, 3]) {
    it(`cap=${cap}: drains buffered values, then ok:false forever`, async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<number>('c', cap);
      for (let i = 0; i < cap; i++) ch.trySend(i);
      ch.close();
      assert.equal(ch.closed, true);
      const got = await spawn(reg, 'r', async (t) => {
        const out: unknown[] = [];
        for (let i = 0; i < cap + 3; i++) out.push(await ch.recv(t));
        return out;
      }).promise;
      assert.deepEqual(got, [
        ...Array.from({ length: cap }, (_, i) => ({ value: i, ok: true })),
        { value: undefined, ok: false },
        { value: undefined, ok: false },
        { value: undefined, ok: false },
      ]);
      assert.deepEqual(ch.tryRecv(), { value: undefined, ok: false });
    });

    it(`cap=${cap}: wakes every blocked receiver with ok:false`, async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<number>('c', cap);
      const receivers = [1, 2, 3].map((i) => spawn(reg, `r${i}`, (t) => ch.recv(t)));
      await turns();
      assert.equal(ch.recvWaiters, 3);
      ch.close();
      assert.equal(ch.recvWaiters, 0);
      await turns(1);
      for (const r of receivers) assert.deepEqual(r.value, { value: undefined, ok: false });
    });

    it(`cap=${cap}: rejects every blocked sender; buffered values stay receivable`, async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<string>('c', cap);
      for (let i = 0; i < cap; i++) ch.trySend(`b${i}`);
      const senders = ['x', 'y'].map((v) => spawn(reg, v, (t) => ch.send(t, v)));
      await turns();
      assert.equal(ch.sendWaiters, 2);
      ch.close();
      assert.equal(ch.sendWaiters, 0);
      await turns(1);
      for (const s of senders) {
        assert.ok(s.error instanceof ChannelClosedError);
        assert.equal(s.error.code, 'SEND_ON_CLOSED_CHANNEL');
        assert.equal(s.error.channel, 'c');
        assert.equal(s.task.state, 'finished');
      }
      const got: unknown[] = [];
      for (let r = ch.tryRecv(); r?.ok === true; r = ch.tryRecv()) got.push(r.value);
      assert.deepEqual(
        got,
        Array.from({ length: cap }, (_, i) => `b${i}`),
        'rejected values never enter the channel',
      );
    });

    it(`cap=${cap}: send on a closed channel rejects, trySend throws`, async () => {
      const reg = new TaskRegistry();
      const ch = new Chan<number>('c', cap);
      ch.close();
      const s = spawn(reg, 's', (t) => ch.send(t, 1));
      await turns(1);
      assert.ok(s.error instanceof ChannelClosedError);
      assert.equal(s.error.message, 'send on closed channel c');
      assert.throws(() => ch.trySend(1), ChannelClosedError);
      assert.equal(ch.len, 0);
    });

    it(`cap=${cap}: close of a closed channel throws`, () => {
      const ch = new Chan<number>('c', cap);
      ch.close();
      assert.throws(
        () => ch.close(),
        (e: unknown) => e instanceof ChannelClosedError && e.code === 'CLOSE_OF_CLOSED_CHANNEL' && e.op === 'close',
      );
    });
  }
});
