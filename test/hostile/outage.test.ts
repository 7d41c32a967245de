/**
 * A target that dies mid-run (issue #11): a real echo server in its own
 * process, killed with SIGKILL while the built CLI drives it. Before, the run
 * said "OK", exit 0: refused connects are not waits, so nothing saw them.
 * Now the outage is recorded from the first refused connect after the kill;
 * still open at the end it is `target-lost` (exit 3), and when the target
 * comes back on the same port it is listed as recovered and the verdict
 * stays the run's own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli.js';
import { startEchoProcess, type EchoProcess } from '../helpers/echo-process.js';
import { ExitCode } from '../../src/errors.js';
import type { Report } from '../../src/report/schema.js';
import { startWs, defaultControl, Op } from '../helpers/hostile.js';
import { hostileConfig, runAgainst } from '../helpers/hostile-run.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const args = (port: number, duration: string, report: string): string[] => [
  'run',
  '--target',
  `ws://127.0.0.1:${port}/`,
  '--adapter',
  'raw',
  '--users',
  '8',
  '--think',
  '50ms',
  '--duration',
  duration,
  '--hang-window',
  '2s',
  '--stall-threshold',
  '500ms',
  '--heartbeat',
  '0',
  '--progress',
  'off',
  '--report',
  report,
];

test('kill -9 of the target mid-run → an open outage starting within 1 s of the kill, target-lost, exit 3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-outage-'));
  const report = join(dir, 'r.json');
  const echo = await startEchoProcess();
  try {
    const cli = startCli(args(echo.port, '7s', report), { timeoutMs: 60_000 });
    await sleep(3_000);
    const killedAt = Date.now();
    await echo.kill();
    const r = await cli.result;
    assert.equal(r.code, ExitCode.targetUnavailable, r.stderr);
    assert.match(r.stderr, /TARGET LOST/);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(rep.verdict.status, 'target-lost');
    assert.ok(rep.totals.handshakes > 0 && rep.totals.iterations > 0, 'the target was reached before it died');
    const outages = rep.outages ?? [];
    assert.equal(outages.length, 1, JSON.stringify(outages));
    const o = outages[0]!;
    assert.equal(o.endMs, null, 'still open at the end');
    const killMs = killedAt - Date.parse(rep.startedAt);
    assert.ok(Math.abs(o.startMs - killMs) <= 1_000, `outage start ${o.startMs} ms vs kill at ${killMs} ms`);
    assert.ok((o.errorsByKind['connection-refused'] ?? 0) > 0, JSON.stringify(o.errorsByKind));
  } finally {
    await echo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('target killed, restarted on the same port 3.5 s later → the outage is listed and recovered, the verdict stays ok (exit 0)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-outage-'));
  const report = join(dir, 'r.json');
  const first = await startEchoProcess();
  let second: EchoProcess | null = null;
  try {
    const cli = startCli(args(first.port, '10s', report), { timeoutMs: 60_000 });
    await sleep(3_000);
    const killedAt = Date.now();
    await first.kill();
    await sleep(3_500);
    const restartedAt = Date.now();
    second = await startEchoProcess(first.port);
    const r = await cli.result;
    assert.equal(r.code, ExitCode.ok, r.stderr);
    assert.match(r.stderr, /outage/i, 'the summary lists the outage');
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(rep.verdict.status, 'ok');
    const outages = rep.outages ?? [];
    assert.equal(outages.length, 1, JSON.stringify(outages));
    const o = outages[0]!;
    const t0 = Date.parse(rep.startedAt);
    assert.ok(Math.abs(o.startMs - (killedAt - t0)) <= 1_000, `outage start ${o.startMs} ms vs kill at ${killedAt - t0} ms`);
    assert.ok(
      o.endMs !== null && o.endMs >= restartedAt - t0 - 1_000,
      `recovered after the restart (${o.endMs} ms; restart at ${restartedAt - t0} ms)`,
    );
    assert.ok(o.lengthMs >= 2_000, 'at least the hang window long');
  } finally {
    await first.kill();
    await second?.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--iterations without --duration: a target that dies mid-run ends the run once the outage reaches the hang window (target-lost)', async () => {
  const echo = await startWs({ onFrame: (p, f) => void (defaultControl(p, f) || p.send(Op.binary, f.payload)) });
  const config = hostileConfig(echo.url, {
    adapter: 'raw',
    users: 4,
    durationMs: null,
    iterations: 1_000_000,
    thinkMs: 20,
    hangWindowMs: 1_000,
    stallThresholdMs: 300,
  });
  const closedAt = new Promise<number>((resolve) =>
    setTimeout(() => {
      const t = performance.now();
      void echo.close().then(() => resolve(t));
    }, 1_000),
  );
  const t0 = performance.now();
  const run = await runAgainst(config);
  const ended = performance.now();
  const killedAt = await closedAt;
  assert.deepEqual(run.crashes, []);
  assert.equal(run.report.verdict.status, 'target-lost', run.report.verdict.reasons.join('; '));
  assert.equal(run.report.verdict.exitCode, ExitCode.targetUnavailable);
  assert.ok(run.result.totals.iterations > 0 && run.result.totals.iterations < 4_000_000, 'it ran, and did not finish its iterations');
  assert.ok(ended - killedAt < 1_000 + 5_000, `ended ${Math.round(ended - killedAt)} ms after the target went (hang window 1 s)`);
  assert.ok(ended - t0 < 20_000);
});

test('--workers 2: kill -9 of the target mid-run → target-lost, exit 3, the outage start within 1 s of the kill', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-outage-'));
  const report = join(dir, 'r.json');
  const echo = await startEchoProcess();
  try {
    const cli = startCli([...args(echo.port, '7s', report), '--workers', '2'], { timeoutMs: 60_000 });
    await sleep(3_500);
    const killedAt = Date.now();
    await echo.kill();
    const r = await cli.result;
    assert.equal(r.code, ExitCode.targetUnavailable, r.stderr);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    assert.equal(rep.workers, 2);
    assert.equal(rep.verdict.status, 'target-lost');
    const o = rep.outages?.[0];
    assert.ok(o !== undefined && o.endMs === null && rep.outages?.length === 1, JSON.stringify(rep.outages));
    const killMs = killedAt - Date.parse(rep.startedAt);
    assert.ok(Math.abs(o.startMs - killMs) <= 1_000, `outage start ${o.startMs} ms vs kill at ${killMs} ms`);
  } finally {
    await echo.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
