/**
 * A worker's detector signals: coalesced into runs, shipped, replayed in
 * order, and the detector ends in the same state as if it had heard every
 * call as it happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HangDetector, type ProgressKind } from '../../src/hang/index.js';
import { SignalLog, maxSignalRuns, replaySignals, type DetectorSignals } from '../../src/engine/detector-signals.js';

type Call = readonly [ProgressKind, number] | 'failed';

function feed(to: DetectorSignals, calls: readonly Call[]): void {
  for (const c of calls)
    if (c === 'failed') to.failed();
    else to.progress(c[0], c[1]);
}

const detector = (): HangDetector => new HangDetector({ hangWindowMs: 1_000, stallThresholdMs: 300, startMs: 0 });

test('runs: equal progress coalesces to its first and last time; repeated failures to one', () => {
  const log = new SignalLog();
  feed(log, [['reply', 10], ['reply', 20], ['reply', 30], 'failed', 'failed', ['error-answer', 40], ['reply', 50]]);
  assert.deepEqual(log.take(), [
    { kind: 'reply', first: 10, last: 30 },
    { kind: 'failed' },
    { kind: 'error-answer', first: 40, last: 40 },
    { kind: 'reply', first: 50, last: 50 },
  ]);
  assert.deepEqual(log.take(), [], 'taken once');
});

test('replayed runs leave the detector as the calls themselves would, pause by pause', () => {
  const script: ReadonlyArray<{ calls: readonly Call[]; tickAt: number; waiting: number }> = [
    {
      calls: [
        ['reply', 100],
        ['reply', 150],
      ],
      tickAt: 200,
      waiting: 2,
    },
    { calls: [], tickAt: 1_400, waiting: 2 }, // a hang
    { calls: ['failed', ['error-answer', 1_450], ['error-answer', 1_480]], tickAt: 1_500, waiting: 2 }, // not undone by an error answer
    { calls: [['close', 1_600], 'failed', ['reply', 1_700], ['reply', 1_750]], tickAt: 1_800, waiting: 1 }, // recovered by client progress
  ];
  const direct = detector();
  const replayed = detector();
  for (const step of script) {
    feed(direct, step.calls);
    const log = new SignalLog();
    feed(log, step.calls);
    replaySignals(structuredClone(log.take()), replayed);
    const waiting = { total: step.waiting, byPhase: { reply: step.waiting }, openSilent: 0 };
    assert.deepEqual(replayed.tick(step.tickAt, waiting), direct.tick(step.tickAt, waiting));
    assert.equal(replayed.state(), direct.state());
    assert.equal(replayed.lastProgressMs, direct.lastProgressMs);
  }
  assert.deepEqual(replayed.stalls(), direct.stalls());
  assert.deepEqual(replayed.hangs(), direct.hangs());
  assert.equal(direct.stalls()[0]?.endedBy, 'close', 'the script did recover, by a client progress kind');
});

test('a tick with more alternations than the cap stays bounded and keeps the latest progress', () => {
  const log = new SignalLog();
  for (let i = 0; i < maxSignalRuns * 3; i++) {
    log.failed();
    log.progress('reply', i);
  }
  const runs = log.take();
  assert.equal(runs.length, maxSignalRuns);
  assert.deepEqual(runs.at(-1), { kind: 'reply', first: maxSignalRuns * 3 - 1, last: maxSignalRuns * 3 - 1 });
});
