/**
 * Digest, diff and explanation on dumps written by real Go programs that
 * wedge in known ways (test/fixtures/goroutine-dumps/<name>/main.go): each
 * program wrote a baseline before the wedge, a hang dump and a later one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyse, digestOf, parseDump, type Analysis, type Digest } from '../../src/explain/index.js';
import { dumpText, fixtureNames } from './fixtures.js';

const digest = (name: (typeof fixtureNames)[number], file: string): Digest => digestOf(parseDump(dumpText(name, file)));
const full = (name: (typeof fixtureNames)[number]): Analysis =>
  analyse(digest(name, 'hang.txt'), digest(name, 'later.txt'), digest(name, 'baseline.txt'));

describe('self-send on a full buffered channel from the consumer loop', () => {
  it('names the loop, its own iteration and the cycle; it was serving in the baseline', () => {
    const a = full('self-send');
    assert.equal(a.verdict, 'stuck');
    assert.equal(a.loops.length, 1);
    const l = a.loops[0];
    assert.equal(l?.loopFunc, 'main.(*server).run');
    assert.deepEqual(l?.chain, ['server.run', 'server.handle', 'server.retry']);
    assert.equal(l?.stuck, true);
    assert.equal(l?.waiters, 12, 'the twelve producers');
    assert.match(
      a.sentences[0] ?? '',
      /^the loop in main\.\(\*server\)\.run \(main\.go:\d+\) is blocked sending from inside its own iteration \(server\.run → server\.handle → server\.retry\).*self-send cycle.*serving in the baseline \(select\)/,
    );
    assert.match(
      a.lines[0] ?? '',
      /^1× goroutine \d+ \[chan send\]: server\.run → server\.handle → server\.retry \(main\.go:\d+\) — lone; stuck/,
    );
  });

  it('from the hang dump alone: a keystone candidate, and cannot tell stuck from slow', () => {
    const a = analyse(digest('self-send', 'hang.txt'), null, null);
    assert.equal(a.verdict, 'cannot-tell');
    assert.equal(a.loops.length, 0, 'no baseline: no claim about a loop');
    assert.match(
      a.sentences.join('\n'),
      /keystone candidate: goroutine \d+ blocked sending in server\.run → server\.handle → server\.retry/,
    );
    assert.match(a.sentences.join('\n'), /one dump cannot tell stuck from slow/);
    assert.match(a.lines[0] ?? '', /server\.retry/, 'the lone blocked goroutine still ranks first');
  });
});

describe('AB/BA mutex inversion', () => {
  it('names both goroutines and both locks’ call sites', () => {
    const a = full('mutex-inversion');
    assert.equal(a.verdict, 'stuck');
    const text = a.sentences[0] ?? '';
    assert.match(
      text,
      /^2 lone goroutines each wait for a different lock: goroutine \d+ in main\.transfer \(main\.go:25\) waits for lock 0x[0-9a-f]+; goroutine \d+ in main\.refund \(main\.go:34\) waits for lock 0x[0-9a-f]+; neither moved between the dumps/,
    );
    assert.match(text, /lock-order inversion/);
    assert.deepEqual(
      a.groups.slice(0, 2).map((g) => g.keystone && g.lockWait),
      [true, true],
    );
  });
});

describe('goroutine leak on an unbuffered channel', () => {
  it('one group of forty, stuck, named with its creator', () => {
    const a = full('leak');
    assert.equal(a.verdict, 'stuck');
    assert.equal(a.groups[0]?.count, 40);
    assert.equal(a.stuckCounts[0], 40);
    assert.match(
      a.sentences[0] ?? '',
      /^40 goroutines started by main\.lookupWithTimeout \(main\.go:21\) are blocked sending in main\.lookupWithTimeout\.func1 \(main\.go:22\) and none moved/,
    );
  });
});

describe('a healthy busy server', () => {
  it('no stuck goroutines found, with one dump or two', () => {
    for (const a of [full('healthy'), analyse(digest('healthy', 'hang.txt'), null, null)]) {
      assert.equal(a.verdict, 'none-stuck');
      assert.match(a.sentences.at(-1) ?? '', /^no stuck goroutines found/);
      assert.equal(a.loops.length, 0);
    }
  });

  it('groups hundreds of goroutines into a few signatures, counts summing to the dump', () => {
    const d = digest('healthy', 'hang.txt');
    assert.ok(d.groups.length < d.total / 3, `${d.groups.length} groups for ${d.total} goroutines`);
    assert.equal(
      d.groups.reduce((s, g) => s + g.count, 0),
      d.total,
    );
    assert.equal(d.byId.size, d.total);
  });
});

describe('digest order and waits', () => {
  it('blocked before idle before running; the wait range from the task dump', () => {
    const text = [
      'goroutine 1 [select, 100 ms]:\nruntime.selectgo(registerChan, unregisterChan)\n\truntime/select.go:0\nmain.Run(Run loop)\n\tmain.go:0',
      'goroutine 2 [running]:\nmain.work(w)\n\tmain.go:0',
      'goroutine 3 [chan send, 800 ms]:\nruntime.chansend1(registerChan)\n\truntime/chan.go:0\nmain.handler(a)\n\tmain.go:0',
      'goroutine 4 [chan send, 2500 ms]:\nruntime.chansend1(registerChan)\n\truntime/chan.go:0\nmain.handler(b)\n\tmain.go:0',
    ].join('\n\n');
    const d = digestOf(parseDump(text));
    assert.deepEqual(
      d.groups.map((g) => [g.state, g.count]),
      [
        ['chan send', 2],
        ['select', 1],
        ['running', 1],
      ],
    );
    assert.equal(d.groups[0]?.minWaitMs, 800);
    assert.equal(d.groups[0]?.maxWaitMs, 2500);
    assert.deepEqual(d.groups[0]?.ids, [3, 4]);
    assert.deepEqual(d.byClass, { blocked: 2, idle: 1, active: 1, unknown: 0 });
  });
});
