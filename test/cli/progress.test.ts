import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress, fitFields, progressLine, visibleWidth } from '../../src/cli/progress.js';
import { createStyle } from '../../src/reporters/style.js';
import type { ProgressSnapshot } from '../../src/cli/progress.js';

class Capture extends Writable {
  chunks: string[] = [];
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

function snap(over: Partial<ProgressSnapshot> = {}): ProgressSnapshot {
  return {
    elapsedMs: 41_000,
    iterations: 1234,
    iterationsPerSec: 56.7,
    open: 100,
    openSilent: 92,
    waitingByPhase: { reply: 92, close: 8, handshake: 0 },
    p99ByPhase: { handshake: 3.2, reply: 12, close: null },
    state: 'hung',
    serverOnline: 100,
    embedded: true,
    errors: 0,
    kicks: 0,
    sinceProgressMs: 12_300,
    ...over,
  };
}

test('plain progress: 100 updates within one interval write one line', () => {
  const out = new Capture();
  const p = createProgress('plain', out, { color: false, durationMs: 60_000, intervalMs: 10_000 });
  for (let i = 0; i < 100; i++) p.update(snap({ iterations: i }));
  p.stop();
  const lines = out.text.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1);
  assert.equal(
    lines[0],
    'HUNG 12.3s | 00:41/01:00 | 56.7 it/s | waiting reply 92 close 8 | gateway online 100 | open 100 (92 silent) | 0 it | p99 handshake 3.20ms reply 12.0ms',
  );
});

test('plain progress: one line per interval on an injected clock, final line on stop', () => {
  let now = 0;
  const out = new Capture();
  const p = createProgress('plain', out, { color: false, durationMs: null, intervalMs: 1000, now: () => now });
  for (let t = 0; t < 5000; t += 50) {
    now = t;
    p.update(snap({ elapsedMs: t, state: 'running' }));
  }
  p.stop('done');
  p.stop('again');
  p.update(snap());
  const lines = out.text.split('\n').filter((l) => l !== '');
  assert.deepEqual(
    lines.map((l) => l.split(' | ')[0]),
    ['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'done'],
  );
});

test('plain progress with colour marks the state; without colour it has no ANSI', () => {
  const colored = new Capture();
  createProgress('plain', colored, { color: true, durationMs: null, intervalMs: 1000 }).update(snap());
  assert.match(colored.text, /\u001b\[/);
  const plain = new Capture();
  createProgress('plain', plain, { color: false, durationMs: null, intervalMs: 1000 }).update(snap());
  assert.doesNotMatch(plain.text, /\u001b\[/);
});

test('off writes nothing', () => {
  const out = new Capture();
  const p = createProgress('off', out, { color: false, durationMs: null, intervalMs: 0 });
  p.update(snap());
  p.stop('final');
  assert.equal(out.text, '');
});

test('tty progress draws in place and stops cleanly (no timers left behind)', () => {
  const out = new Capture();
  out.isTTY = true;
  Object.assign(out, { columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const p = createProgress('tty', out, { color: false, durationMs: 60_000, intervalMs: 1000 });
  p.update(snap({ elapsedMs: 30_000 }));
  p.update(snap({ elapsedMs: 31_000 }));
  p.stop('HANG at 00:41');
  assert.match(out.text, /HUNG 12\.3s \| 00:30\/01:00 \| █{6}░{6} \| 56\.7 it\/s \| waiting reply 92 close 8/);
  assert.ok(out.text.endsWith('HANG at 00:41\n'));
  assert.equal(process.listenerCount('SIGINT'), 0, 'cli-progress must not take over SIGINT');
});

test('plain progress: a change of state is written at once, inside the interval', () => {
  let now = 0;
  const out = new Capture();
  const p = createProgress('plain', out, { color: false, durationMs: null, intervalMs: 10_000, now: () => now });
  p.update(snap({ elapsedMs: 0, state: 'running' }));
  now = 100;
  p.update(snap({ elapsedMs: 100, state: 'running' }));
  now = 200;
  p.update(snap({ elapsedMs: 200, state: 'stalled', sinceProgressMs: 2000 }));
  now = 300;
  p.update(snap({ elapsedMs: 300, state: 'stalled', sinceProgressMs: 2100 }));
  now = 400;
  p.update(snap({ elapsedMs: 400, state: 'hung', sinceProgressMs: 10_000 }));
  const lines = out.text.split('\n').filter((l) => l !== '');
  assert.deepEqual(
    lines.map((l) => l.split(' | ')[0]),
    ['RUNNING', 'STALLED 2.0s', 'HUNG 10.0s'],
  );
});

test('the rate is over the last second of snapshots: during a hang it reads 0, not a falling run-long average', () => {
  const out = new Capture();
  const p = createProgress('plain', out, { color: false, durationMs: null, intervalMs: 0, now: () => 0 });
  // 100 it/s for 5 s, then nothing more for 2 s; the run-long average would read ~71/s.
  for (let t = 0; t <= 7000; t += 250)
    p.update(
      snap({
        elapsedMs: t,
        iterations: Math.min(t, 5000) / 10,
        iterationsPerSec: (Math.min(t, 5000) / 10 / Math.max(t, 1)) * 1000,
        state: 'running',
      }),
    );
  const lines = out.text.split('\n').filter((l) => l !== '');
  const rateAt = (ms: number): string | undefined => lines[ms / 250]?.split(' | ')[2];
  assert.equal(rateAt(3000), '100.0 it/s'.replace('100.0', '100'));
  assert.equal(rateAt(7000), '0.0 it/s');
});

test('fitting: the state stays first; the least important fields go first; the order is kept', () => {
  const s = createStyle(false);
  const full = progressLine(snap(), 60_000, s);
  assert.ok(visibleWidth(full) > 100, full);
  const at80 = progressLine(snap(), 60_000, s, null, 79);
  assert.equal(at80, 'HUNG 12.3s | 00:41/01:00 | 56.7 it/s | waiting reply 92 close 8');
  assert.equal(
    progressLine(snap(), 60_000, s, null, 90),
    'HUNG 12.3s | 00:41/01:00 | 56.7 it/s | waiting reply 92 close 8 | gateway online 100',
  );
  const at40 = progressLine(snap(), 60_000, s, null, 40);
  assert.equal(at40, 'HUNG 12.3s | 00:41/01:00');
  assert.ok(visibleWidth(progressLine(snap(), 60_000, s, null, 150)) <= 150);
  // Colour codes take no column: the coloured line keeps the same fields at the same width.
  const colored = progressLine(snap(), 60_000, createStyle(true), null, 79);
  assert.match(colored, /\u001b\[/);
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), at80);
  assert.equal(
    fitFields(
      [
        { text: 'STALLED 3.2s', rank: 0 },
        { text: 'x', rank: 1 },
      ],
      8,
    ),
    'STALLED…',
  );
});

test('tty progress fits the terminal width; the last frame stays on screen with the final line below', () => {
  const out = new Capture();
  out.isTTY = true;
  Object.assign(out, { columns: 80, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
  const p = createProgress('tty', out, { color: false, durationMs: 60_000, intervalMs: 1000 });
  p.update(snap({ elapsedMs: 30_000, state: 'stalled', sinceProgressMs: 3200 }));
  p.update(snap({ elapsedMs: 31_000, state: 'hung', sinceProgressMs: 10_100 }));
  p.stop('HANG detected');
  const frames = out.text
    .replace(/\u001b\[\d*G/g, '\n')
    .replace(/\u001b\[[0-9;?]*[A-Za-z]|\u001b[78]/g, '')
    .split(/[\r\n]+/)
    .filter((l) => l !== '');
  assert.ok(
    frames.every((f) => [...f].length <= 79),
    frames.join('\n'),
  );
  assert.equal(frames.at(-1), 'HANG detected');
  assert.match(frames.at(-2) ?? '', /^HUNG 10\.1s \| 00:31\/01:00 \| /);
});
