/**
 * `--iterations` without `--duration` against a target that never serves
 * (#17.1): failed iterations never count toward `--iterations`, so before
 * this the run printed "0 it … running" forever. It now ends once no VU has
 * reached the target within ramp-up + hang window, verdict target-unavailable
 * (exit 3), within that plus the exit bound (docs/outages-and-exit.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { startTcp, httpAnswer, type HostileServer } from '../helpers/hostile.js';
import { ExitCode } from '../../src/errors.js';
import { exitWatchdogMs } from '../../src/cli/exit-watchdog.js';

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const a = s.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const hangWindowMs = 2_000;
/** hang window + the close timeout (1 s) + the watchdog + start-up slack on a loaded machine */
const boundMs = hangWindowMs + 1_000 + exitWatchdogMs + 8_000;

for (const c of [
  { name: 'a closed port (connection refused)', kind: 'connection-refused', server: null },
  {
    name: 'an HTTP 500 answer to every upgrade',
    kind: 'handshake-rejected',
    server: () => startTcp((s) => s.once('data', () => s.end(httpAnswer(500, 'boom', 'text/plain')))),
  },
] as const) {
  test(`--iterations 5, no --duration, against ${c.name} → target-unavailable, exit 3, within the hang window + the exit bound`, async () => {
    const server: HostileServer | null = c.server === null ? null : await c.server();
    const url = server?.url ?? `ws://127.0.0.1:${await closedPort()}/`;
    const dir = mkdtempSync(join(tmpdir(), 'imstress-never-'));
    try {
      const t0 = performance.now();
      const r = await runCli(
        [
          'run',
          '--target',
          url,
          '--adapter',
          'raw',
          '--users',
          '20',
          '--iterations',
          '5',
          '--hang-window',
          `${hangWindowMs}ms`,
          '--stall-threshold',
          '500ms',
          '--close-timeout',
          '1s',
          '--progress',
          'off',
          '--report',
          join(dir, 'r.json'),
        ],
        { timeoutMs: 60_000 },
      );
      const wallMs = performance.now() - t0;
      assert.equal(r.code, ExitCode.targetUnavailable, r.stderr);
      assert.ok(wallMs <= boundMs, `ended after ${Math.round(wallMs)} ms, bound ${boundMs} ms`);
      const rep = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
        verdict: { status: string };
        errors: { byKind: Record<string, number> };
        totals: { iterations: number };
        durationMs: number;
      };
      assert.equal(rep.verdict.status, 'target-unavailable');
      assert.equal(rep.totals.iterations, 0);
      assert.ok((rep.errors.byKind[c.kind] ?? 0) > 0, JSON.stringify(rep.errors.byKind));
      assert.ok(rep.durationMs >= hangWindowMs, 'it gave the target the whole hang window');
      assert.match(r.stderr, /TARGET UNAVAILABLE/);
    } finally {
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
