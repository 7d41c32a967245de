import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chan } from '../../../src/gateway/csp/chan.js';
import { seededRandom } from '../../../src/gateway/csp/random.js';
import { select } from '../../../src/gateway/csp/select.js';
import { TaskRegistry } from '../../../src/gateway/csp/task.js';
import type { Task } from '../../../src/gateway/csp/task.js';
import { manualClock, track, turns } from './helpers.js';
import { analyse, digestOf, parseDump } from '../../../src/explain/index.js';

// The msggateway bug in miniature: the only receiver of a channel does a
// blocking send into it. Nothing else will ever drain it, so the task blocks
// forever — from structure alone, no "hang now" flag.
describe('self-deadlock', () => {
  it('the sole receiver of a cap-1 channel blocks forever sending it 2 values', async () => {
    const clock = manualClock();
    const reg = new TaskRegistry({ clock });
    const ch = new Chan<string>('unregisterChan', 1);
    const task = reg.go('Run loop', (t) =>
      t.frame('Run', () =>
        t.frame('UnRegister', async () => {
          await ch.send(t, 'first'); // fills the buffer
          await ch.send(t, 'second'); // no room, and the only receiver is us
          await ch.recv(t); // never reached
        }),
      ),
    );
    const done = track(task.done);
    await turns(5);
    clock.jump(12_034);
    await turns(5);
    assert.equal(done.settled, false);
    assert.deepEqual(reg.list(), [
      {
        id: 1,
        name: 'Run loop',
        state: 'chan send',
        waitingOn: 'unregisterChan',
        waitMs: 12_034,
        createdAt: 0,
        stack: ['Run', 'UnRegister'],
      },
    ]);
    assert.equal(ch.len, 1);
    assert.equal(ch.sendWaiters, 1);
  });

  it('a register/unregister loop that kicks from inside itself jams, and the dump shows where', async () => {
    const clock = manualClock();
    const reg = new TaskRegistry({ clock, random: seededRandom(1) });
    const registerChan = new Chan<string>('registerChan', 2);
    const unregisterChan = new Chan<string>('unregisterChan', 1);
    const online = new Set<string>();
    const rpcs: (() => void)[] = [];
    const answerRpc = (): void => rpcs.shift()?.();

    // ws_server.go Run(): one goroutine selects over both channels.
    const unRegister = (t: Task, user: string): Promise<void> =>
      t.frame('close', () => t.frame('UnRegister', () => unregisterChan.send(t, user)));
    const registerClient = (t: Task, user: string): Promise<void> =>
      t.frame('registerClient', async () => {
        // A remote call keeps the loop busy while other connections come and go.
        await t.frame('SetUserStatus', () => t.block('rpc', 'SetUserStatus', new Promise<void>((r) => rpcs.push(r))));
        if (online.has(user)) {
          // multiTerminalLoginChecker kicks the old connection: its close
          // sends into unregisterChan — from the goroutine that drains it.
          await t.frame('multiTerminalLoginChecker', () => t.frame('KickOnlineMessage', () => unRegister(t, user)));
        }
        online.add(user);
      });
    reg.go('Run loop', (t) =>
      t.frame('Run', async () => {
        for (;;) {
          const r = await select(t, [
            { op: 'recv', ch: registerChan },
            { op: 'recv', ch: unregisterChan },
          ]);
          if (r.index === 0) await registerClient(t, String(r.value));
          else online.delete(String(r.value));
        }
      }),
    );

    await turns(2);
    const baselineDump = reg.dumpText(); // the loop serving, before any client

    // Scripted clients: u1 logs in; u1 logs in again from another terminal
    // while u9's disconnect fills unregisterChan (capacity 1) behind the busy loop.
    assert.equal(registerChan.trySend('u1'), true);
    await turns(2);
    answerRpc();
    await turns(2);
    assert.equal(registerChan.trySend('u1'), true);
    await turns(2);
    assert.equal(reg.list()[0]?.state, 'rpc');
    assert.equal(unregisterChan.trySend('u9'), true);
    answerRpc(); // -> kick -> blocking send into the full unregisterChan
    await turns(3);
    clock.jump(12_034);
    await turns(3);
    assert.equal(registerChan.trySend('u2'), true);
    assert.equal(registerChan.trySend('u3'), true);
    assert.equal(registerChan.trySend('u4'), false, 'registerChan is full behind the stuck loop');
    assert.equal(unregisterChan.trySend('u5'), false, 'and so is unregisterChan');

    assert.match(
      reg.dumpText(),
      /^goroutine 1 \[chan send, 12034 ms\]:\nruntime\.chansend1\(unregisterChan\)\n\truntime\/chan\.go:0\nmsggateway\.\(\*WsServer\)\.UnRegister\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.close\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*Client\)\.KickOnlineMessage\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*WsServer\)\.multiTerminalLoginChecker\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*WsServer\)\.registerClient\(\.\.\.\)\n\t\S+\nmsggateway\.\(\*WsServer\)\.Run\.func1\(Run loop\)\n\tinternal\/msggateway\/n_ws_server\.go:0\n$/,
    );
    assert.deepEqual(reg.summary(), [
      { state: 'chan send', waitingOn: 'unregisterChan', frame: 'UnRegister', count: 1, maxWaitMs: 12_034 },
    ]);

    // The digest and diff (src/explain) read the dump in Go's format and name the self-send.
    const hangDump = reg.dumpText();
    clock.jump(2_000);
    await turns(3);
    const a = analyse(digestOf(parseDump(hangDump)), digestOf(parseDump(reg.dumpText())), digestOf(parseDump(baselineDump)));
    assert.equal(a.verdict, 'stuck');
    assert.deepEqual(
      a.loops.map((l) => [l.servedOn, l.waitingOn, l.chain, l.stuck]),
      [
        [
          'registerChan, unregisterChan',
          'unregisterChan',
          [
            'WsServer.Run.func1',
            'WsServer.registerClient',
            'WsServer.multiTerminalLoginChecker',
            'Client.KickOnlineMessage',
            'Client.close',
            'WsServer.UnRegister',
          ],
          true,
        ],
      ],
    );
    assert.match(
      a.sentences[0] ?? '',
      /blocked sending to unregisterChan from inside its own iteration .*a channel it drains itself: it waits for itself; it was serving in the baseline \(select on registerChan, unregisterChan\)$/,
    );
  });
});
