/**
 * #17.5: Ctrl-C or SIGTERM after a hang was declared. The hang abort had
 * already stopped the run, so the signal was swallowed: the drain check
 * waited its whole `--drain-timeout`, the exit stayed 5 and a leak was
 * claimed. Now the signal wins in every stage after the hang too: the drain
 * check stops at once, exit 130, the drain reported as not checked; and the
 * hang evidence stays in the partial report. A SIGTERM during the evidence
 * capture itself ends the same way (130), once the capture gives up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from '../helpers/cli.js';
import { startTcp, startWs, defaultControl, Op } from '../helpers/hostile.js';
import { ExitCode } from '../../src/errors.js';

/** Online count 0 at the baseline, then 20 forever: the drain would wait its whole timeout for "ghosts". */
async function stuckCount(): Promise<{ url: string; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((_req, res) => res.end(`# TYPE online_user_num gauge\nonline_user_num ${calls++ === 0 ? 0 : 20}\n`));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return {
    url: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/metrics`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during the drain check after a hang: stops at once, exit 130, no leak claimed, the hang kept`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imstress-sig-'));
    const silent = await startWs({
      onFrame: (p, f) => void (f.opcode === Op.ping || f.opcode === Op.close ? defaultControl(p, f) : undefined),
    });
    const metrics = await stuckCount();
    try {
      const report = join(dir, 'r.json');
      let signalledAt = 0;
      const cli = startCli(
        [
          'run',
          '--target',
          silent.url,
          '--adapter',
          'raw',
          '--metrics-url',
          metrics.url,
          '--users',
          '4',
          '--duration',
          '60s',
          '--reply-timeout',
          '30s',
          '--close-timeout',
          '1s',
          '--hang-window',
          '1s',
          '--stall-threshold',
          '500ms',
          '--drain-timeout',
          '60s',
          '--report',
          report,
          '--progress',
          'off',
        ],
        {
          timeoutMs: 60_000,
          onStderr: (text, child) => {
            if (signalledAt !== 0 || !/drain check: waiting/.test(text)) return;
            signalledAt = performance.now();
            child.kill(signal);
          },
        },
      );
      const r = await cli.result;
      const afterSignalMs = performance.now() - signalledAt;
      assert.ok(signalledAt > 0, 'the drain check started');
      assert.equal(r.code, ExitCode.interrupted, r.stderr);
      assert.ok(afterSignalMs < 10_000, `exited ${Math.round(afterSignalMs)} ms after the signal (the drain timeout is 60 s)`);
      const rep = JSON.parse(readFileSync(report, 'utf8')) as {
        verdict: { status: string; reasons: string[] };
        drain: { checked: boolean; ghosts: number; notCheckedBecause?: string };
        hang: { kind: string } | null;
      };
      assert.equal(rep.verdict.status, 'interrupted');
      assert.ok(!rep.verdict.reasons.some((x) => /leak/.test(x)), rep.verdict.reasons.join('; '));
      assert.deepEqual([rep.drain.checked, rep.drain.ghosts, rep.drain.notCheckedBecause], [false, 0, 'interrupted']);
      assert.notEqual(rep.hang, null, 'the hang evidence is kept in the partial report');
    } finally {
      await silent.close();
      await metrics.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('SIGTERM during hang evidence capture (the pprof endpoint never answers): exit 130, the hang kept, within the capture timeout', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-sig-'));
  const silent = await startWs({
    onFrame: (p, f) => void (f.opcode === Op.ping || f.opcode === Op.close ? defaultControl(p, f) : undefined),
  });
  let cli: ReturnType<typeof startCli> | null = null;
  let signalledAt = 0;
  // Accepts, never answers. The first request is the baseline dump before the load (issue #16, given up after
  // its own timeout); the second is the hang's evidence capture under way.
  let requests = 0;
  const pprof = await startTcp(() => {
    if (++requests < 2 || signalledAt !== 0 || cli === null) return;
    signalledAt = performance.now();
    cli.child.kill('SIGTERM');
  });
  try {
    const report = join(dir, 'r.json');
    cli = startCli(
      [
        'run',
        '--target',
        silent.url,
        '--adapter',
        'raw',
        '--pprof-url',
        `http://127.0.0.1:${pprof.port}/debug/pprof/`,
        '--users',
        '4',
        '--duration',
        '60s',
        '--reply-timeout',
        '30s',
        '--close-timeout',
        '1s',
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
    const r = await cli.result;
    assert.ok(signalledAt > 0, 'the capture started');
    assert.equal(r.code, ExitCode.interrupted, r.stderr);
    assert.ok(performance.now() - signalledAt < 10_000, 'the capture gives up at its 3 s timeout; the close takes at most 1 s');
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { verdict: { status: string }; hang: { kind: string; dump: unknown } | null };
    assert.equal(rep.verdict.status, 'interrupted');
    assert.equal(rep.hang?.kind, 'open-but-silent');
    assert.equal(rep.hang?.dump, null);
  } finally {
    await silent.close();
    await pprof.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
