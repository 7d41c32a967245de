/**
 * The embedded gateway dying mid-run (issue #11): before, the run went on
 * against refused connects and said "OK". Now the report is still written
 * (the outage in it), and the exit is `internal` (1) naming how the child
 * ended, since the verdict is about a dead process, not the gateway model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, startCli, until } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';

test('kill -9 of the embedded gateway child mid-run → exit 1 (internal) naming SIGKILL; the report is written with the outage', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-embedded-death-'));
  const report = join(dir, 'r.json');
  try {
    const cli = startCli(
      [
        'run',
        '--users',
        '10',
        '--think',
        '50ms',
        '--duration',
        '8s',
        '--hang-window',
        '2s',
        '--stall-threshold',
        '500ms',
        '--drain-timeout',
        '1s',
        '--progress',
        'off',
        '--report',
        report,
      ],
      { timeoutMs: 90_000 },
    );
    await until('the embedded gateway line', () => /child process (\d+)/.test(cli.stderr()), 30_000);
    const pid = Number(/child process (\d+)/.exec(cli.stderr())?.[1]);
    await new Promise((r) => setTimeout(r, 3_000));
    process.kill(pid, 'SIGKILL');
    await until(`gateway ${pid} gone`, () => !alive(pid), 10_000);
    const r = await cli.result;
    assert.equal(r.code, ExitCode.internal, r.stderr);
    assert.match(r.stderr, new RegExp(`the embedded gateway \\(child process ${pid}\\) died during the run: killed by SIGKILL`));
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { totals: { handshakes: number }; outages?: Array<{ endMs: number | null }> };
    assert.ok(rep.totals.handshakes > 0, 'the gateway served before it died');
    assert.equal(rep.outages?.length, 1, 'the outage is in the report');
    assert.equal(rep.outages?.[0]?.endMs, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
