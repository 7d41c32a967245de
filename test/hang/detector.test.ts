import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HangDetector, type DetectorEvent } from '../../src/hang/detector.js';
import type { WaitingSnapshot } from '../../src/hang/waiting.js';

const IDLE: WaitingSnapshot = { total: 0, byPhase: {}, openSilent: 0 };
const waitingIn = (byPhase: Record<string, number>, openSilent = 0): WaitingSnapshot => ({
  total: Object.values(byPhase).reduce((a, b) => a + b, 0),
  byPhase,
  openSilent,
});
const W = waitingIn({ reply: 3 });

const make = (): HangDetector => new HangDetector({ hangWindowMs: 10_000, stallThresholdMs: 2_000, startMs: 0 });

/** Ticks every `step` ms over [from, to], returning the non-none events with their tick time. */
function run(
  d: HangDetector,
  from: number,
  to: number,
  step: number,
  waiting: (t: number) => WaitingSnapshot,
): Array<[number, DetectorEvent]> {
  const out: Array<[number, DetectorEvent]> = [];
  for (let t = from; t <= to; t += step) {
    const e = d.tick(t, waiting(t));
    if (e.type !== 'none') out.push([t, e]);
  }
  return out;
}

test('steady progress with VUs waiting never stalls or hangs', () => {
  const d = make();
  for (let t = 0; t <= 120_000; t += 100) {
    if (t % 500 === 0) d.progress('reply', t);
    assert.equal(d.tick(t, W).type, 'none');
  }
  assert.equal(d.state(), 'running');
  assert.deepEqual(d.stalls(), []);
  assert.deepEqual(d.hangs(), []);
});

const hangTiming: Array<{ name: string; lastProgress: number; step: number; expectHangAt: number }> = [
  { name: 'progress on a tick boundary', lastProgress: 1_000, step: 100, expectHangAt: 11_000 },
  { name: 'progress between ticks: first tick >= last + window', lastProgress: 1_050, step: 100, expectHangAt: 11_100 },
  { name: 'coarse ticks', lastProgress: 1_000, step: 3_000, expectHangAt: 12_000 },
];
for (const c of hangTiming) {
  test(`progress stops with VUs waiting: hang at the first tick >= lastProgress + window (${c.name})`, () => {
    const d = make();
    d.tick(0, W);
    d.progress('handshake', c.lastProgress);
    const events = run(d, c.step, 30_000, c.step, () => W);
    const hang = events.find(([, e]) => e.type === 'hang');
    assert.ok(hang, 'a hang is declared');
    const [at, e] = hang;
    assert.equal(at, c.expectHangAt);
    assert.ok(at >= c.lastProgress + 10_000, 'never before the window');
    assert.ok(at - c.step < c.lastProgress + 10_000, 'at the first tick at or after it');
    assert.equal(e.type === 'hang' && e.lastProgressMs, c.lastProgress);
    assert.equal(e.type === 'hang' && e.sinceMs, c.lastProgress);
    assert.equal(e.type === 'hang' && e.kind, 'reply-stuck');
    assert.equal(events.filter(([, ev]) => ev.type === 'hang').length, 1, 'declared once');
    assert.equal(d.state(), 'hung');
    assert.equal(d.hangs().length, 1);
    assert.equal(d.hangs()[0]?.endMs, null);
  });
}

test('a stall is announced at the threshold before the hang', () => {
  const d = make();
  d.tick(0, W);
  const events = run(d, 100, 20_000, 100, () => W).map(([t, e]) => [t, e.type]);
  assert.deepEqual(events, [
    [2_000, 'stall-started'],
    [10_000, 'hang'],
  ]);
});

test('no VU waiting: idle, never a stall or hang (think time)', () => {
  const d = make();
  d.progress('close', 500);
  assert.deepEqual(
    run(d, 0, 60_000, 100, () => IDLE),
    [],
  );
  assert.equal(d.state(), 'running');
});

test('idle time before VUs start waiting does not count towards the window', () => {
  const d = make();
  d.progress('close', 0);
  run(d, 0, 15_000, 100, () => IDLE);
  // VUs are first seen waiting at the 15.1 s tick with no progress since 0: the
  // pause is judged from there (sample-and-hold: never early), not from 0.
  const events = run(d, 15_100, 40_000, 100, () => W);
  assert.deepEqual(
    events.map(([t, e]) => [t, e.type]),
    [
      [17_100, 'stall-started'],
      [25_100, 'hang'],
    ],
  );
  const e = events[1]?.[1];
  assert.equal(e?.type === 'hang' && e.sinceMs, 15_100);
});

test('a pause shorter than the window is one recovered stall with start, length and worst phases', () => {
  const d = make();
  d.tick(0, W);
  d.progress('reply', 1_000);
  const byTime = (t: number): WaitingSnapshot =>
    t < 3_000 ? waitingIn({ reply: 2 }) : t < 4_000 ? waitingIn({ reply: 5, handshake: 3 }, 4) : waitingIn({ reply: 1 });
  const events = run(d, 100, 6_000, 100, byTime);
  assert.deepEqual(
    events.map(([t, e]) => [t, e.type]),
    [[3_000, 'stall-started']],
  );
  d.progress('handshake', 6_050);
  const next = d.tick(6_100, W);
  assert.deepEqual(next, {
    type: 'recovered',
    stall: {
      startMs: 1_000,
      endMs: 6_050,
      lengthMs: 5_050,
      phases: { reply: 5, handshake: 3 },
      openSilent: 4,
      wasHang: false,
      endedBy: 'handshake',
    },
  });
  assert.equal(d.tick(6_200, W).type, 'none');
  assert.equal(d.stalls().length, 1);
  assert.equal(d.state(), 'running');
  assert.equal(d.lastProgressMs, 6_050);
});

test('a pause below the stall threshold records nothing', () => {
  const d = make();
  d.tick(0, W);
  assert.deepEqual(
    run(d, 100, 1_900, 100, () => W),
    [],
  );
  d.progress('reply', 1_950);
  assert.deepEqual(
    run(d, 2_000, 3_000, 100, () => W),
    [],
  );
  assert.deepEqual(d.stalls(), []);
});

test('online count: first value is only a baseline, a change is progress, a repeat is not', () => {
  const d = make();
  d.tick(0, W);
  d.serverOnlineCount(100, 50);
  assert.equal(d.lastProgressMs, 0, 'baseline only');
  d.serverOnlineCount(100, 5_000);
  assert.equal(d.lastProgressMs, 0, 'same value is no progress');
  assert.equal(d.state(), 'running');
  run(d, 100, 3_000, 100, () => W);
  assert.equal(d.state(), 'stalled');
  d.serverOnlineCount(101, 3_050);
  assert.equal(d.lastProgressMs, 3_050);
  assert.equal(d.state(), 'running');
  const e = d.tick(3_100, W);
  assert.equal(e.type === 'recovered' && e.stall.endedBy, 'online-change');
  d.serverOnlineCount(Number.NaN, 3_200);
  assert.equal(d.lastProgressMs, 3_050, 'an unreadable value is ignored');
});

test('online count changing while every wait fails: not progress, the hang still comes (#17.3)', () => {
  const d = make();
  d.serverOnlineCount(20, 0);
  d.tick(0, W);
  d.failed();
  let hangAt: number | null = null;
  for (let t = 100; t <= 12_000; t += 100) {
    if (t % 1_000 === 0) d.serverOnlineCount(t % 2_000 === 0 ? 20 : 21, t);
    if (t % 500 === 0) d.failed();
    const e = d.tick(t, W);
    if (e.type === 'hang') {
      hangAt ??= t;
      assert.equal(e.kind, 'reply-stuck');
    }
  }
  assert.equal(hangAt, 10_000, 'declared at the window, as if the count were still');
  assert.equal(d.lastProgressMs, 0);
  assert.ok(d.ignoredOnlineChanges > 0, 'the changes are counted as ignored (the count is not frozen)');
});

test('online count changing with no failed wait is still progress; a reply makes later changes count again', () => {
  const d = make();
  d.serverOnlineCount(20, 0);
  d.tick(0, W);
  d.serverOnlineCount(21, 1_000);
  assert.equal(d.lastProgressMs, 1_000, 'waits still pending, none failed: the design.md definition holds');
  d.failed();
  d.serverOnlineCount(20, 2_000);
  assert.equal(d.lastProgressMs, 1_000, 'after a failure: ignored');
  assert.equal(d.ignoredOnlineChanges, 1);
  d.progress('reply', 3_000);
  assert.equal(d.ignoredOnlineChanges, 0, 'counted since the last progress');
  d.serverOnlineCount(21, 4_000);
  assert.equal(d.lastProgressMs, 4_000, 'a reply proves the server serves us: changes count again');
});

test('an error answer ends a pause but does not make online-count changes count (#17.4)', () => {
  const d = make();
  d.serverOnlineCount(20, 0);
  d.tick(0, W);
  run(d, 100, 3_000, 100, () => W);
  assert.equal(d.state(), 'stalled');
  d.failed();
  d.progress('error-answer', 3_050);
  const e = d.tick(3_100, W);
  assert.equal(e.type === 'recovered' && e.stall.endedBy, 'error-answer');
  d.serverOnlineCount(21, 3_200);
  assert.equal(d.lastProgressMs, 3_050, 'the error answer was a failure too');
});

test('hang then progress (on-hang continue) becomes a recovered stall with wasHang', () => {
  const d = make();
  d.tick(0, waitingIn({ handshake: 1 }));
  const events = run(d, 100, 12_000, 100, () => waitingIn({ reply: 4 }, 4));
  assert.ok(events.some(([, e]) => e.type === 'hang'));
  d.progress('reply', 15_000);
  const e = d.tick(15_100, W);
  assert.equal(e.type, 'recovered');
  if (e.type !== 'recovered') return;
  assert.deepEqual(e.stall, {
    startMs: 0,
    endMs: 15_000,
    lengthMs: 15_000,
    phases: { reply: 4 },
    openSilent: 4,
    wasHang: true,
    endedBy: 'reply',
  });
  assert.equal(d.hangs().length, 1);
  assert.equal(d.hangs()[0]?.endMs, 15_000);
  assert.equal(d.hangs()[0]?.kind, 'open-but-silent');
  assert.equal(d.state(), 'running');
});

test('while hung, idle ticks keep the hang; a hang uses the server count for its kind', () => {
  const d = make();
  d.serverOnlineCount(10, 0);
  d.tick(0, waitingIn({ think: 2 }));
  const events = run(d, 100, 10_000, 100, () => waitingIn({ think: 2 }));
  const hang = events.find(([, e]) => e.type === 'hang')?.[1];
  assert.equal(hang?.type === 'hang' && hang.kind, 'online-count-frozen');
  assert.deepEqual(
    run(d, 10_100, 20_000, 100, () => IDLE),
    [],
  );
  assert.equal(d.state(), 'hung');
  assert.equal(d.current(20_000)?.lengthMs, 20_000);
});

test('current() reports the ongoing pause and null when running', () => {
  const d = make();
  assert.equal(d.current(0), null);
  d.tick(0, W);
  run(d, 100, 2_500, 100, () => W);
  assert.deepEqual(d.current(2_500), { state: 'stalled', startMs: 0, lengthMs: 2_500, phases: { reply: 3 }, openSilent: 0 });
});

test('invalid options are rejected', () => {
  assert.throws(() => new HangDetector({ hangWindowMs: 1_000, stallThresholdMs: 1_000, startMs: 0 }), RangeError);
  assert.throws(() => new HangDetector({ hangWindowMs: Number.NaN, stallThresholdMs: 1, startMs: 0 }), RangeError);
  assert.throws(() => new HangDetector({ hangWindowMs: 1_000, stallThresholdMs: 0, startMs: 0 }), RangeError);
});

test('a declared hang is not undone by an error answer (a wedged gateway closing old sockets), only by client progress', () => {
  const d = make();
  d.progress('reply', 0);
  const events = run(d, 0, 12_000, 100, () => W);
  assert.ok(
    events.some(([, e]) => e.type === 'hang'),
    'hung after the 10 s window',
  );
  d.progress('error-answer', 12_500);
  assert.equal(d.tick(12_600, W).type, 'none', 'still hung: no recovery event');
  assert.equal(d.state(), 'hung');
  d.progress('reply', 13_000);
  const after = d.tick(13_100, W);
  assert.equal(after.type, 'recovered', 'a reply is a recovery');
});
