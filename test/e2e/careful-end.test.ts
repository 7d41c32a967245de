/**
 * Issue #18, through the built CLI against a `ws` echo server that counts what it sees: a churn run
 * ends with no abnormal close (1006) caused by imstress, every connect attempt in the report is an
 * upgrade the server accepted, every connection's end is counted, and the server closed TCP first
 * (no client-side TIME_WAIT), with and without `--workers`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { timeWaitByPort } from '../../bench/lib/time-wait.js';
import { createListeningServer } from '../../src/transport/ws.js';
import type { RunTotals } from '../../src/engine/result.js';

interface CountingEcho {
  readonly url: string;
  readonly port: number;
  accepted: number;
  open: number;
  readonly closeCodes: Map<number, number>;
  close(): Promise<void>;
}

function startCountingEcho(): Promise<CountingEcho> {
  return new Promise((resolve) => {
    const wss = createListeningServer({ host: '127.0.0.1', port: 0 }, () => {
      const a = wss.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      resolve(Object.assign(echo, { url: `ws://127.0.0.1:${port}/`, port }));
    });
    const echo = {
      accepted: 0,
      open: 0,
      closeCodes: new Map<number, number>(),
      close: () =>
        new Promise<void>((res) => {
          for (const c of wss.clients) c.terminate();
          wss.close(() => res());
        }),
    };
    wss.on('connection', (s) => {
      echo.accepted++;
      echo.open++;
      s.on('message', (d, binary) => s.send(d, { binary, compress: false }));
      s.on('error', () => undefined);
      s.on('close', (code: number) => {
        echo.open--;
        echo.closeCodes.set(code, (echo.closeCodes.get(code) ?? 0) + 1);
      });
    });
  });
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!cond() && performance.now() < end) await new Promise((r) => setTimeout(r, 50));
}

for (const workers of [null, 2]) {
  test(`a churn run ends carefully${workers === null ? '' : ` with --workers ${workers}`}: no abnormal close, every attempt and end counted, the server closes TCP first`, async () => {
    const echo = await startCountingEcho();
    const dir = mkdtempSync(join(tmpdir(), 'imstress-careful-end-'));
    const report = join(dir, 'r.json');
    try {
      const before = timeWaitByPort(echo.port);
      const r = await runCli(
        [
          'run',
          '--adapter',
          'raw',
          '--target',
          echo.url,
          '--users',
          '60',
          '--duration',
          '3s',
          '--ramp-up',
          '500ms',
          '--think',
          '0ms',
          '--progress',
          'off',
          '--report',
          report,
          ...(workers === null ? [] : ['--workers', String(workers)]),
        ],
        { timeoutMs: 90_000 },
      );
      assert.equal(r.code, 0, r.stderr);
      await until(() => echo.open === 0, 5_000);
      const t = (JSON.parse(readFileSync(report, 'utf8')) as { totals: RunTotals }).totals;
      const codes = Object.fromEntries(echo.closeCodes);
      assert.equal(echo.open, 0, 'every connection closed');
      assert.equal(echo.closeCodes.get(1006) ?? 0, 0, `no abnormal close: ${JSON.stringify(codes)}`);
      assert.equal(echo.closeCodes.get(1000), echo.accepted, `every close was a normal one: ${JSON.stringify(codes)}`);
      assert.ok(t.attempts !== undefined && t.attempts > 0, 'the report counts connect attempts');
      assert.equal(t.attempts, echo.accepted, 'every attempt is an upgrade the server accepted (none failed here)');
      assert.equal(t.connects, t.attempts, 'no attempt without an answer');
      assert.equal(t.handshakes, echo.accepted);
      assert.equal(t.closedCleanly, t.handshakes, `every connection closed cleanly: ${JSON.stringify(t)}`);
      assert.equal((t.cut ?? 0) + (t.closedByTimeout ?? 0) + (t.abandoned ?? 0), 0);
      const after = timeWaitByPort(echo.port);
      if (before !== null && after !== null) {
        assert.equal(after.client - before.client, 0, `no client-side TIME_WAIT (server side: ${after.server})`);
        assert.ok(after.server > 0, 'the server holds the TIME_WAITs: it closed first');
      }
    } finally {
      await echo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
