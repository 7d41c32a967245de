/**
 * Signals and crashes, on the built CLI: the first SIGINT/SIGTERM stops
 * gracefully with a partial report (verdict interrupted, exit 130) in every
 * stage — ramp-up, steady state, hang evidence capture, the drain check — a
 * second one exits at once, and the embedded gateway child never outlives
 * the CLI, even when the CLI dies by SIGKILL. Processes are found through
 * /proc; no test relies on timing beyond bounded waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { alive, childrenOf, cmdline, startCli, until, type CliRun } from '../helpers/cli.js';
import { startTcp, startWs, defaultControl, Op } from '../helpers/hostile.js';
import { ExitCode } from '../../src/errors.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'imstress-signals-'));
const readJson = (p: string): Record<string, any> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, any>;

function gatewayPid(stderr: string): number | null {
  const m = /child process (\d+)/.exec(stderr);
  return m === null ? null : Number(m[1]);
}

/** No temp file of the atomic write is left; the report is absent or whole. */
function noHalfReport(dir: string, name: string): 'absent' | 'whole' {
  for (const f of readdirSync(dir)) assert.equal(f, name, `only the report may be in ${dir}, found ${f}`);
  const path = join(dir, name);
  if (!existsSync(path)) return 'absent';
  const r = readJson(path);
  assert.equal(r['schema'], 'imstress-report');
  return 'whole';
}

async function gatewayGone(pid: number): Promise<void> {
  await until(`gateway ${pid} to exit`, () => !alive(pid), 15_000);
}

/** The partial report of a graceful stop: interrupted, 130, whole. */
function assertInterrupted(r: CliRun, report: string): Record<string, any> {
  assert.equal(r.code, ExitCode.interrupted, r.stderr);
  assert.match(r.stderr, /interrupted: stopping gracefully and writing a partial report/);
  const rep = readJson(report);
  assert.equal(rep['verdict'].status, 'interrupted');
  assert.equal(rep['verdict'].exitCode, ExitCode.interrupted);
  return rep;
}

/** Starts `imstress run` with the embedded gateway; resolves once the gateway child is up, with its pid. */
async function startEmbeddedRun(
  args: readonly string[],
): Promise<{ child: ChildProcess; result: Promise<CliRun>; gateway: number; stderr(): string }> {
  const cli = startCli(['run', '--progress', 'plain', ...args], { timeoutMs: 120_000 });
  await until('the embedded gateway line', () => gatewayPid(cli.stderr()) !== null, 30_000);
  const gateway = gatewayPid(cli.stderr()) ?? 0;
  assert.deepEqual(childrenOf(cli.child.pid ?? 0), [gateway], "the gateway is the CLI's only child");
  assert.match(cmdline(gateway), /imstress\.js gateway .*--host 127\.0\.0\.1/);
  return { ...cli, gateway };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during ramp-up: graceful, partial report (interrupted, 130), the gateway child gone`, async () => {
    const dir = tmp();
    try {
      const report = join(dir, 'r.json');
      const run = await startEmbeddedRun([
        '--gateway-mode',
        'v3.8',
        '--users',
        '20',
        '--ramp-up',
        '60s',
        '--duration',
        '90s',
        '--report',
        report,
      ]);
      run.child.kill(signal);
      const r = await run.result;
      const rep = assertInterrupted(r, report);
      assert.ok(rep['durationMs'] < 60_000, 'stopped inside the ramp-up');
      await gatewayGone(run.gateway);
      assert.equal(noHalfReport(dir, 'r.json'), 'whole');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('SIGTERM at steady state: the partial report keeps what was measured', async () => {
  const dir = tmp();
  try {
    const report = join(dir, 'r.json');
    const run = await startEmbeddedRun([
      '--gateway-mode',
      'v3.8',
      '--users',
      '4',
      '--think',
      '50ms',
      '--duration',
      '90s',
      '--report',
      report,
    ]);
    // Steady state: the first progress line with completed iterations (plain mode: one line per 5 s, the first at once).
    await until('iterations in the progress', () => /\| [1-9][\d,.]*k? it /.test(run.stderr()), 30_000);
    run.child.kill('SIGTERM');
    const rep = assertInterrupted(await run.result, report);
    assert.ok(rep['totals'].iterations > 0, 'iterations were measured before the stop');
    assert.equal(rep['totals'].handshakes, rep['phases'].handshake.raw.count, 'histograms agree with the totals');
    await gatewayGone(run.gateway);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGINT during hang evidence capture: the capture finishes (bounded), the report keeps the hang, verdict interrupted', async () => {
  const dir = tmp();
  const silent = await startWs({ onFrame: (p, f) => void (f.opcode === Op.ping ? defaultControl(p, f) : undefined) });
  let cli: ReturnType<typeof startCli> | null = null;
  let pprofAsked = 0;
  // The pprof endpoint never answers. Its first request is the baseline dump before the load (given up after
  // a bounded wait); the second is the moment evidence capture is under way.
  const pprof = await startTcp(() => {
    if (pprofAsked++ === 1) cli?.child.kill('SIGINT');
  });
  try {
    const report = join(dir, 'r.json');
    cli = startCli(
      [
        'run',
        '--target',
        silent.url,
        '--token',
        'tok',
        '--pprof-url',
        `http://127.0.0.1:${pprof.port}/debug/pprof/`,
        '--users',
        '2',
        '--duration',
        '60s',
        '--reply-timeout',
        '30s',
        '--hang-window',
        '1s',
        '--stall-threshold',
        '500ms',
        '--report',
        report,
        '--progress',
        'off',
      ],
      { timeoutMs: 60_000 },
    );
    const rep = assertInterrupted(await cli.result, report);
    assert.ok(pprofAsked >= 2, 'the dump was being fetched when the signal came');
    assert.equal(rep['hang'].kind, 'open-but-silent');
    assert.equal(rep['hang'].dump, null, 'the dump never came; the capture gave up at its timeout');
    assert.ok(rep['durationMs'] < 30_000, 'stopped long before the reply timeout');
  } finally {
    await silent.close();
    await pprof.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGINT during the drain check: the wait is cut, the drain reported as not checked (no leak claimed)', async () => {
  const dir = tmp();
  const echo = await startWs({ onFrame: (p, f) => void (defaultControl(p, f) || p.send(Op.binary, p.replyTo(p.decode(f.payload)))) });
  let metricsCalls = 0;
  // Baseline 0, then 5 forever: the drain would wait its whole timeout for ghosts.
  const metrics: Server = createServer((_req, res) => {
    metricsCalls++;
    res.end(`# TYPE online_user_num gauge\nonline_user_num ${metricsCalls === 1 ? 0 : 5}\n`);
  });
  await new Promise<void>((r) => metrics.listen(0, '127.0.0.1', () => r()));
  const addr = metrics.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  try {
    const report = join(dir, 'r.json');
    let signalled = false;
    const cli = startCli(
      [
        'run',
        '--target',
        echo.url,
        '--token',
        'tok',
        '--metrics-url',
        `http://127.0.0.1:${port}/metrics`,
        '--users',
        '2',
        '--duration',
        '1s',
        '--drain-timeout',
        '10m',
        '--report',
        report,
        '--progress',
        'off',
      ],
      {
        timeoutMs: 60_000,
        onStderr: (text, child) => {
          if (signalled || !/drain check: waiting/.test(text)) return;
          signalled = true;
          child.kill('SIGINT');
        },
      },
    );
    const r = await cli.result;
    const rep = assertInterrupted(r, report);
    assert.match(r.stderr, /load stopped; drain check: waiting up to 10m/);
    assert.equal(rep['drain'].checked, false);
    assert.equal(rep['drain'].ghosts, 0);
    assert.ok(rep['drain'].waitedMs < 60_000, 'the 10 minute drain was cut short');
    assert.ok(rep['totals'].iterations > 0);
  } finally {
    metrics.closeAllConnections();
    await new Promise((r) => metrics.close(r));
    await echo.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second SIGINT exits at once (130); the gateway child goes too; no half-written report', async () => {
  const dir = tmp();
  try {
    const report = join(dir, 'r.json');
    const run = await startEmbeddedRun(['--users', '50', '--duration', '90s', '--report', report]);
    run.child.kill('SIGINT');
    await until('the graceful stop message', () => /interrupted: stopping gracefully/.test(run.stderr()), 10_000);
    run.child.kill('SIGINT');
    const r = await run.result;
    assert.equal(r.code, ExitCode.interrupted, r.stderr);
    assert.match(r.stderr, /SIGINT again: exiting now/);
    await gatewayGone(run.gateway);
    noHalfReport(dir, 'r.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGKILL of the CLI: the embedded gateway sees its stdin close and exits; nothing is left, no report file', async () => {
  const dir = tmp();
  try {
    const report = join(dir, 'r.json');
    const run = await startEmbeddedRun(['--users', '20', '--duration', '90s', '--report', report]);
    const gatewayChildren = childrenOf(run.gateway);
    run.child.kill('SIGKILL');
    const r = await run.result;
    assert.equal(r.signal, 'SIGKILL');
    await gatewayGone(run.gateway);
    for (const pid of gatewayChildren) assert.equal(alive(pid), false, `gateway child ${pid} is gone`);
    assert.deepEqual(childrenOf(r.pid), [], "no process is left under the CLI's pid");
    assert.equal(noHalfReport(dir, 'r.json'), 'absent');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
