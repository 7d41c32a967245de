import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chan, ChannelClosedError } from '../../../src/gateway/csp/chan.js';
import { seededRandom } from '../../../src/gateway/csp/random.js';
import { select } from '../../../src/gateway/csp/select.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import { scripted, spawn, turns } from './helpers.js';

// Go spec, "Select statements".
describe('select: ready cases', () => {
  it('chooses only among ready cases', async () => {
    const reg = new TaskRegistry({ random: () => 0 });
    const empty = new Chan<number>('empty', 1);
    const full = new Chan<number>('full', 1);
    full.trySend(7);
    const r = await spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: empty },
        { op: 'recv', ch: full },
      ]),
    ).promise;
    assert.deepEqual(r, { index: 1, value: 7, ok: true });
  });

  it('a send case with room proceeds at once', async () => {
    const reg = new TaskRegistry();
    const ch = new Chan<string>('c', 1);
    const r = await spawn(reg, 's', (t) => select(t, [{ op: 'send', ch, value: 'v' }])).promise;
    assert.deepEqual(r, { index: 0 });
    assert.deepEqual(ch.tryRecv(), { value: 'v', ok: true });
  });

  it('a receive case on a closed channel is ready, with ok:false', async () => {
    const reg = new TaskRegistry();
    const open = new Chan<number>('open', 0);
    const closed = new Chan<number>('closed', 0);
    closed.close();
    const r = await spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: open },
        { op: 'recv', ch: closed },
      ]),
    ).promise;
    assert.deepEqual(r, { index: 1, value: undefined, ok: false });
  });

  it('a chosen send case on a closed channel rejects with ChannelClosedError', async () => {
    const reg = new TaskRegistry();
    const ch = new Chan<number>('c', 5);
    ch.close();
    const s = spawn(reg, 's', (t) => select(t, [{ op: 'send', ch, value: 1 }], { default: true }));
    await turns(1);
    assert.ok(s.error instanceof ChannelClosedError);
  });
});

describe('select: default', () => {
  it('takes the default when no case is ready, leaving no waiter', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<number>('a', 0);
    const b = new Chan<number>('b', 1);
    b.trySend(1); // full: a send case cannot proceed
    const r = await spawn(reg, 's', (t) =>
      select(
        t,
        [
          { op: 'recv', ch: a },
          { op: 'send', ch: b, value: 2 },
        ],
        { default: true },
      ),
    ).promise;
    assert.deepEqual(r, { index: -1 });
    assert.equal(a.recvWaiters, 0);
    assert.equal(b.sendWaiters, 0);
  });

  it('does not take the default when a case is ready', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<number>('a', 1);
    a.trySend(3);
    const r = await spawn(reg, 's', (t) => select(t, [{ op: 'recv', ch: a }], { default: true })).promise;
    assert.deepEqual(r, { index: 0, value: 3, ok: true });
  });
});

describe('select: blocking', () => {
  it('blocks in state select, then proceeds on the first case to become ready', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<string>('a', 0);
    const b = new Chan<string>('b', 2);
    const s = spawn(reg, 'loop', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'recv', ch: b },
      ]),
    );
    await turns();
    assert.equal(s.settled, false);
    assert.equal(s.task.state, 'select');
    assert.equal(s.task.waitingOn, 'a, b');
    assert.equal(a.recvWaiters, 1);
    assert.equal(b.recvWaiters, 1);
    assert.equal(b.trySend('first'), true);
    assert.equal(a.recvWaiters, 0, 'the losing case is withdrawn at once');
    assert.equal(b.len, 0, 'handed to the select, not buffered');
    await turns(1);
    assert.deepEqual(s.value, { index: 1, value: 'first', ok: true });
  });

  it('a blocked send case completes when a receiver arrives', async () => {
    const reg = new TaskRegistry();
    const out = new Chan<string>('out', 0);
    const quit = new Chan<void>('quit', 0);
    const s = spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: quit },
        { op: 'send', ch: out, value: 'hello' },
      ]),
    );
    await turns();
    assert.equal(out.sendWaiters, 1);
    assert.deepEqual(out.tryRecv(), { value: 'hello', ok: true });
    assert.equal(quit.recvWaiters, 0);
    await turns(1);
    assert.deepEqual(s.value, { index: 1 });
  });

  it('close wakes a blocked receive case with ok:false', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<number>('a', 0);
    const done = new Chan<void>('done', 0);
    const s = spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'recv', ch: done },
      ]),
    );
    await turns();
    done.close();
    assert.equal(a.recvWaiters, 0);
    await turns(1);
    assert.deepEqual(s.value, { index: 1, value: undefined, ok: false });
  });

  it('close makes a blocked send case reject with ChannelClosedError', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<number>('a', 0);
    const out = new Chan<number>('out', 0);
    const s = spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'send', ch: out, value: 1 },
      ]),
    );
    await turns();
    out.close();
    assert.equal(a.recvWaiters, 0);
    await turns(1);
    assert.ok(s.error instanceof ChannelClosedError);
  });
});

describe('select: withdrawn waiters never consume values', () => {
  it('a value sent later to a losing receive case goes to the next receiver (buffered)', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<string>('a', 1);
    const b = new Chan<string>('b', 1);
    const s = spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'recv', ch: b },
      ]),
    );
    await turns();
    a.trySend('win');
    await turns(1);
    assert.deepEqual(s.value, { index: 0, value: 'win', ok: true });
    assert.equal(b.trySend('kept'), true);
    assert.equal(b.len, 1, 'buffered, not swallowed by the withdrawn case');
    const next = await spawn(reg, 'next', (t) => b.recv(t)).promise;
    assert.deepEqual(next, { value: 'kept', ok: true });
  });

  it('a sender to a losing unbuffered receive case waits for the next receiver', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<string>('a', 0);
    const b = new Chan<string>('b', 0);
    spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'recv', ch: b },
      ]),
    );
    await turns();
    assert.equal(a.trySend('win'), true);
    const sender = spawn(reg, 'sender', (t) => b.send(t, 'kept'));
    await turns();
    assert.equal(sender.settled, false, 'no phantom receiver took it');
    assert.equal(b.sendWaiters, 1);
    const next = await spawn(reg, 'next', (t) => b.recv(t)).promise;
    assert.deepEqual(next, { value: 'kept', ok: true });
  });

  it('a losing send case offers nothing afterwards', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<string>('a', 0);
    const out = new Chan<string>('out', 0);
    spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'send', ch: out, value: 'ghost' },
      ]),
    );
    await turns();
    assert.equal(a.trySend('win'), true);
    assert.equal(out.sendWaiters, 0);
    assert.equal(out.tryRecv(), null);
  });

  it('a select listening twice on one channel takes exactly one value', async () => {
    const reg = new TaskRegistry();
    const a = new Chan<number>('a', 0);
    const s = spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: a },
        { op: 'recv', ch: a },
      ]),
    );
    await turns();
    assert.equal(a.recvWaiters, 2);
    assert.equal(a.trySend(1), true);
    assert.equal(a.recvWaiters, 0);
    assert.equal(a.trySend(2), false);
    await turns(1);
    assert.deepEqual(s.value, { index: 0, value: 1, ok: true });
  });

  it('a quiet channel does not accumulate withdrawn waiters', async () => {
    const reg = new TaskRegistry();
    const busy = new Chan<number>('busy', 0);
    const quiet = new Chan<number>('quiet', 0);
    const n = 500;
    const loop = spawn(reg, 'loop', async (t) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const r = await select(t, [
          { op: 'recv', ch: busy },
          { op: 'recv', ch: quiet },
        ]);
        sum += r.index === 0 ? (r as { value: number }).value : 0;
      }
      return sum;
    });
    const producer = spawn(reg, 'producer', async (t) => {
      for (let i = 1; i <= n; i++) await busy.send(t, i);
    });
    await Promise.all([loop.promise, producer.promise]);
    assert.equal(loop.value, (n * (n + 1)) / 2);
    assert.equal(quiet.recvWaiters, 0);
    assert.equal(quiet.trySend(1), false);
  });

  it('many producers and selecting consumers: every value received exactly once', async () => {
    const reg = new TaskRegistry({ random: seededRandom(7) });
    const chans = [new Chan<number>('c0', 0), new Chan<number>('c1', 1), new Chan<number>('c2', 4)];
    const perProducer = 300;
    const producers = Array.from({ length: 4 }, (_, p) =>
      spawn(reg, `producer ${p}`, async (t) => {
        for (let i = 0; i < perProducer; i++) {
          const value = p * perProducer + i;
          await select(
            t,
            chans.map((ch) => ({ op: 'send' as const, ch, value })),
          );
        }
      }),
    );
    const consumers = Array.from({ length: 3 }, (_, c) =>
      spawn(reg, `consumer ${c}`, async (t) => {
        const got: number[] = [];
        const cases = chans.map((ch): { op: 'recv'; ch: Chan<number> | null } => ({ op: 'recv', ch }));
        while (cases.some((k) => k.ch !== null)) {
          const r = await select(t, cases);
          const k = cases[r.index];
          if (r.index < 0 || k === undefined) throw new Error('no default given');
          if ('ok' in r && r.ok === true) got.push(r.value as number);
          else k.ch = null; // closed: drop the case, as Go code sets the channel to nil
        }
        return got;
      }),
    );
    await Promise.all(producers.map((p) => p.promise));
    for (const ch of chans) ch.close();
    await Promise.all(consumers.map((c) => c.task.done));
    const all = consumers.flatMap((c) => c.value ?? []).sort((x, y) => x - y);
    assert.deepEqual(
      all,
      Array.from({ length: 4 * perProducer }, (_, i) => i),
    );
    assert.equal(reg.count(), 0);
  });
});

describe('select: nil channels', () => {
  it('never chooses a nil case, even when the random source points at it', async () => {
    const random = scripted([0]);
    const reg = new TaskRegistry({ random });
    const a = new Chan<number>('a', 1);
    a.trySend(1);
    const r = await spawn(reg, 's', (t) =>
      select(t, [
        { op: 'recv', ch: null },
        { op: 'send', ch: null, value: 0 },
        { op: 'recv', ch: a },
      ]),
    ).promise;
    assert.deepEqual(r, { index: 2, value: 1, ok: true });
  });

  it('takes the default when only nil cases are given', async () => {
    const reg = new TaskRegistry();
    const r = await spawn(reg, 's', (t) => select(t, [{ op: 'recv', ch: null }], { default: true })).promise;
    assert.deepEqual(r, { index: -1 });
  });

  it('blocks forever on only nil cases (and on no case at all)', async () => {
    const reg = new TaskRegistry();
    const nil = spawn(reg, 'nil', (t) => select(t, [{ op: 'recv', ch: null }]));
    const empty = spawn(reg, 'empty', (t) => select(t, []));
    await turns(5);
    for (const s of [nil, empty]) {
      assert.equal(s.settled, false);
      assert.equal(s.task.state, 'select');
      assert.equal(s.task.waitingOn, null);
    }
  });
});
