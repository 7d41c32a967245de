import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress } from '../../src/cli/progress.js';
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
  assert.equal(lines[0], '00:41/01:00 | 0 it (56.7/s) | open 100 (92 silent) | waiting reply 92 close 8 | p99 handshake 3.20ms reply 12.0ms | gateway online 100 | HUNG');
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
    ['00:00', '00:01', '00:02', '00:03', '00:04', 'done'],
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
  assert.match(out.text, /█{10}░{10} 00:31\/01:00 \| 1,234 it/);
  assert.ok(out.text.endsWith('HANG at 00:41\n'));
  assert.equal(process.listenerCount('SIGINT'), 0, 'cli-progress must not take over SIGINT');
});
