import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startupStep } from '../../src/cli/startup.js';
import { createTokenProvider } from '../../src/protocol/openim/tokens.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

test('plain start-up step: the start at once, the count at most once per interval, the outcome last; end is idempotent', () => {
  let now = 0;
  const out = new Capture();
  const step = startupStep(out, 'fetching 100 tokens', { mode: 'plain', intervalMs: 5000, now: () => now });
  for (let d = 1; d <= 100; d++) {
    now = d * 100; // 10 s in all
    step.count(d, 100);
  }
  step.end('100 tokens in 10.0 s');
  step.end('again');
  step.count(1, 1);
  assert.deepEqual(
    out.text.split('\n').filter((l) => l !== ''),
    ['fetching 100 tokens…', 'fetching 100 tokens… 50/100 (5.0 s)', 'fetching 100 tokens: 100 tokens in 10.0 s'],
  );
});

test('tty start-up step: redrawn in place with the count, ended with the outcome on the same line', () => {
  let now = 0;
  const out = new Capture();
  const step = startupStep(out, 'fetching 100 tokens', { mode: 'tty', intervalMs: 5000, now: () => now, redrawPerSec: 0 });
  now = 400;
  step.count(40, 100);
  now = 500;
  step.count(41, 100); // within 250 ms of the last draw: not drawn
  now = 1200;
  step.end('100 tokens in 1.2 s');
  assert.equal(
    out.text,
    '\rfetching 100 tokens… (0.0 s)\u001b[K\rfetching 100 tokens… 40/100 (0.4 s)\u001b[K\rfetching 100 tokens: 100 tokens in 1.2 s\u001b[K\n',
  );
});

test('an interrupted or failed step says so (no count claimed)', () => {
  const out = new Capture();
  startupStep(out, 'starting the embedded gateway', { mode: 'off', intervalMs: 5000, now: () => 0 }).end();
  assert.equal(out.text, 'starting the embedded gateway…\nstarting the embedded gateway: stopped\n');
});

test('the REST token source reports each token in, of how many', async () => {
  const seen: Array<[number, number]> = [];
  const provider = createTokenProvider(
    { kind: 'api', apiUrl: 'http://127.0.0.1:1', secret: 's', concurrency: 4, register: false },
    {
      client: {
        register: () => Promise.resolve(),
        token: (_o, _s, userID) => Promise.resolve(`t-${userID}`),
        admin: () => Promise.reject(new Error('the user-token flow asks for no admin token')),
      },
    },
  );
  const users = Array.from({ length: 10 }, (_, i) => ({ userID: `u${i}`, platformID: 5 }));
  await provider.prepare(users, new AbortController().signal, (done, total) => seen.push([done, total]));
  assert.deepEqual(seen[0], [0, 10]);
  assert.deepEqual(seen.at(-1), [10, 10]);
  assert.deepEqual(
    seen.map(([d]) => d),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  assert.equal(provider.tokenFor('u3', 5), 't-u3');
});
