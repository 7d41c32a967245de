/**
 * A hostile token API (`--api-url`): it times out, answers 500, answers
 * JSON that is not JSON. Each ends the run before any load with exit 3
 * (target unavailable), a message naming the API and what it answered, and
 * no report; Ctrl-C during token preparation aborts the call in flight.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenProvider } from '../../src/protocol/openim/tokens.js';
import { ImstressError, ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { startTcp } from '../helpers/hostile.js';

function startApi(answer: (res: ServerResponse) => void): Promise<{ url: string; calls: () => number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    calls++;
    req.resume();
    answer(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        calls: () => calls,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const users = [
  { userID: 'u0', platformID: 1 },
  { userID: 'u1', platformID: 1 },
];

async function prepareError(apiUrl: string, timeoutMs: number, signal = new AbortController().signal): Promise<ImstressError> {
  const p = createTokenProvider({ kind: 'api', apiUrl, secret: 's3cret-api', concurrency: 2, register: false }, { timeoutMs });
  try {
    await p.prepare(users, signal);
  } catch (err) {
    assert.ok(err instanceof ImstressError, `an ImstressError, got ${String(err)}`);
    return err;
  }
  assert.fail('prepare should have failed');
}

test('token API that accepts and never answers: times out at its timeout, exit target-unavailable', async () => {
  const api = await startTcp(() => undefined);
  try {
    const err = await prepareError(`http://127.0.0.1:${api.port}/`, 300);
    assert.equal(err.exit, 'targetUnavailable');
    assert.match(err.message, /token API http:\/\/127\.0\.0\.1:\d+\/ unreachable: \/auth\/user_token: no answer within 300 ms/);
  } finally {
    await api.close();
  }
});

test('token API that sends headers and then trickles the body: the same timeout bounds the body', async () => {
  const api = await startApi((res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"errCode":');
  });
  try {
    const err = await prepareError(api.url, 300);
    assert.equal(err.exit, 'targetUnavailable');
    assert.match(err.message, /no answer within 300 ms/);
  } finally {
    await api.close();
  }
});

test('Ctrl-C during token preparation aborts the call in flight (interrupted, not a 10 s wait)', async () => {
  const api = await startTcp(() => undefined);
  try {
    const ac = new AbortController();
    const pending = prepareError(`http://127.0.0.1:${api.port}/`, 60_000, ac.signal);
    setTimeout(() => ac.abort(), 100);
    const err = await pending;
    assert.equal(err.exit, 'interrupted');
  } finally {
    await api.close();
  }
});

for (const c of [
  {
    name: 'HTTP 500',
    answer: (res: ServerResponse) => res.writeHead(500).end('internal error'),
    message: /token API http:\/\/127\.0\.0\.1:\d+\/: \/auth\/get_admin_token: HTTP 500: internal error/,
  },
  {
    name: 'malformed JSON',
    answer: (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errCode":0,'),
    message: /gave an unexpected reply: \/auth\/get_admin_token: not JSON: \{"errCode":0,/,
  },
]) {
  test(`imstress run with a token API answering ${c.name}: exit 3 naming the API, nothing run, no report`, async () => {
    const api = await startApi(c.answer);
    const ws = await startTcp(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'imstress-tokapi-'));
    try {
      const report = join(dir, 'r.json');
      const r = await runCli(
        [
          'run',
          '--target',
          ws.url,
          '--api-url',
          api.url,
          '--secret',
          's3cret-api',
          '--users',
          '2',
          '--duration',
          '2s',
          '--report',
          report,
          '--progress',
          'off',
        ],
        { timeoutMs: 30_000 },
      );
      assert.equal(r.code, ExitCode.targetUnavailable, r.stderr);
      assert.match(r.stderr, c.message);
      assert.match(r.stderr, /^hint: /m);
      assert.ok(api.calls() >= 1);
      assert.equal(ws.accepted(), 0, 'no virtual user connected');
      assert.equal(existsSync(report), false, 'no report');
      assert.ok(!r.stderr.includes('s3cret-api') && !r.stdout.includes('s3cret-api'), 'the secret is not printed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await ws.close();
      await api.close();
    }
  });
}
