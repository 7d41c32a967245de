import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chan } from '../../../src/gateway/csp/chan.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import type { Task } from '../../../src/gateway/csp/task.js';
import { manualClock, spawn, turns } from './helpers.js';

describe('TaskRegistry.go', () => {
  it('registers at once, starts on a microtask, removes the task when it finishes', async () => {
    const reg = new TaskRegistry();
    let started = false;
    const task = reg.go('worker', async () => {
      started = true;
    });
    assert.equal(started, false, 'not run synchronously');
    assert.equal(reg.count(), 1);
    assert.deepEqual(
      reg.list().map((t) => [t.id, t.name, t.state]),
      [[1, 'worker', 'running']],
    );
    assert.deepEqual(await task.done, { state: 'completed' });
    assert.equal(started, true);
    assert.equal(task.state, 'finished');
    assert.equal(reg.count(), 0);
  });

  it('numbers tasks from 1 upwards and lists them in creation order', () => {
    const reg = new TaskRegistry();
    const never = (): Promise<void> => new Promise(() => undefined);
    const ids = ['a', 'b', 'c'].map((n) => reg.go(n, never).id);
    assert.deepEqual(ids, [1, 2, 3]);
    assert.deepEqual(
      reg.list().map((t) => t.name),
      ['a', 'b', 'c'],
    );
  });
});

describe('Task panics', () => {
  it('records a rejection on the task and reports it, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const panics: [Task, unknown][] = [];
      const reg = new TaskRegistry({ onPanic: (task, error) => panics.push([task, error]) });
      const boom = new Error('boom');
      const asyncPanic = reg.go('async', async (t) => {
        await t.frame('handler', async () => {
          await Promise.resolve();
          throw boom;
        });
      });
      const syncPanic = reg.go('sync', () => {
        throw new TypeError('sync throw');
      });
      const closed = new Chan<number>('c', 0);
      closed.close();
      const sendPanic = reg.go('send', (t) => closed.send(t, 1));
      await Promise.all([asyncPanic.done, syncPanic.done, sendPanic.done]);
      await turns();
      assert.deepEqual(asyncPanic.outcome, { state: 'panicked', error: boom });
      assert.equal(asyncPanic.error, boom);
      assert.equal(asyncPanic.state, 'finished');
      assert.deepEqual(asyncPanic.stack, [], 'frames popped on the way out');
      assert.ok(syncPanic.error instanceof TypeError);
      assert.equal((sendPanic.error as Error).name, 'ChannelClosedError');
      assert.deepEqual(panics.map(([t]) => t.name).sort(), ['async', 'send', 'sync']);
      assert.ok(panics.some(([t, e]) => t === asyncPanic && e === boom));
      assert.equal(reg.count(), 0);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('survives an onPanic that throws', async () => {
    const reg = new TaskRegistry({
      onPanic: () => {
        throw new Error('observer bug');
      },
    });
    const t = reg.go('p', () => Promise.reject(new Error('x')));
    assert.equal((await t.done).state, 'panicked');
  });
});

describe('Task frames and states', () => {
  it('pushes frames while they run and pops them when they settle', async () => {
    const reg = new TaskRegistry();
    const seen: (readonly string[])[] = [];
    const s = spawn(reg, 'f', async (t) => {
      await t.frame('Run', async () => {
        await t.frame('registerClient', async () => {
          seen.push([...t.stack]);
        });
        seen.push([...t.stack]);
        await t.frame('fails', () => Promise.reject(new Error('x'))).catch(() => undefined);
        seen.push([...t.stack]);
      });
      seen.push([...t.stack]);
    });
    await s.promise;
    assert.deepEqual(seen, [['Run', 'registerClient'], ['Run'], ['Run'], []]);
  });

  it('block() marks the state and its start on the registry clock, then restores running', async () => {
    const clock = manualClock(1_000);
    const reg = new TaskRegistry({ clock });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const s = spawn(reg, 'rpc caller', async (t) => {
      clock.jump(5);
      await t.block('rpc', 'SetUserStatus', gate);
    });
    await turns();
    assert.equal(s.task.createdAt, 1_000);
    assert.equal(s.task.state, 'rpc');
    assert.equal(s.task.waitingOn, 'SetUserStatus');
    assert.equal(s.task.since, 1_005);
    clock.jump(250);
    assert.equal(reg.list()[0]?.waitMs, 250);
    release();
    await s.promise;
    assert.equal(s.task.since, 1_255);
  });
});

describe('summary and dumpText', () => {
  /** Three senders stuck on `unregisterChan` under UnRegister, one receiver, one plain runner. */
  async function scene(): Promise<{ reg: TaskRegistry; clock: ReturnType<typeof manualClock> }> {
    const clock = manualClock();
    const reg = new TaskRegistry({ clock });
    const unregister = new Chan<number>('unregisterChan', 0);
    const register = new Chan<number>('registerChan', 0);
    for (let i = 0; i < 3; i++) {
      reg.go(`conn ${i}`, (t) => t.frame('close', () => t.frame('UnRegister', () => unregister.send(t, i))));
      await turns(1);
      clock.jump(1_000);
    }
    reg.go('Run loop', (t) =>
      t.frame('Run', async () => {
        await register.recv(t);
      }),
    );
    reg.go('idle', () => new Promise(() => undefined));
    await turns(1);
    clock.jump(500);
    return { reg, clock };
  }

  it('groups tasks by state, waitingOn and innermost frame', async () => {
    const { reg } = await scene();
    assert.deepEqual(reg.summary(), [
      { state: 'chan send', waitingOn: 'unregisterChan', frame: 'UnRegister', count: 3, maxWaitMs: 3_500 },
      { state: 'chan receive', waitingOn: 'registerChan', frame: 'Run', count: 1, maxWaitMs: 500 },
      { state: 'running', waitingOn: null, frame: null, count: 1, maxWaitMs: 500 },
    ]);
  });

  it("prints one block per task in Go's debug=2 format, longest-waiting first", async () => {
    const { reg } = await scene();
    const conn = (id: number, ms: number, n: number): string[] => [
      `goroutine ${id} [chan send, ${ms} ms]:`,
      'runtime.chansend1(unregisterChan)',
      '\truntime/chan.go:0',
      'msggateway.(*WsServer).UnRegister(...)',
      '\tinternal/msggateway/n_ws_server.go:0',
      `msggateway.(*Client).close(conn ${n})`,
      '\tinternal/msggateway/client.go:0',
      '',
    ];
    assert.equal(
      reg.dumpText(),
      [
        ...conn(1, 3500, 0),
        ...conn(2, 2500, 1),
        ...conn(3, 1500, 2),
        'goroutine 4 [chan receive, 500 ms]:',
        'runtime.chanrecv1(registerChan)',
        '\truntime/chan.go:0',
        'msggateway.(*WsServer).Run.func1(Run loop)',
        '\tinternal/msggateway/n_ws_server.go:0',
        '',
        'goroutine 5 [running]:',
        '',
      ].join('\n'),
    );
  });

  it('dumps nothing for an empty registry', () => {
    assert.equal(new TaskRegistry().dumpText(), '');
    assert.deepEqual(new TaskRegistry().summary(), []);
  });
});
