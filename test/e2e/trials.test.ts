/**
 * `imstress run --trials` end to end: the built CLI against the embedded
 * gateway, a fresh child per trial. Outcomes from exit codes, stderr and the
 * written report — never from timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/schema.js';
import { alive, runCli, startCli, until } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';
import { wedgeRunArgs, wedgeRunTimeoutMs } from '../helpers/wedge.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'imstress-e2e-trials-'));
const readReport = (p: string): Report => JSON.parse(readFileSync(p, 'utf8')) as Report;
const pids = (stderr: string): number[] => [...stderr.matchAll(/child process (\d+)/g)].map((m) => Number(m[1]));

test('--trials 2 against v3.8: two runs, each with its own gateway child, one report with a trials section (exit 0)', async () => {
  const report = join(tmp(), 'r.json');
  const r = await runCli(
    [
      'run',
      '--trials',
      '2',
      '--users',
      '10',
      '--duration',
      '2s',
      '--gateway-mode',
      'v3.8',
      '--drain-timeout',
      '3s',
      '--progress',
      'off',
      '--report',
      report,
    ],
    { timeoutMs: 90_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const started = pids(r.stderr);
  assert.equal(new Set(started).size, 2, `a fresh embedded gateway per trial: ${started.join(', ')}`);
  assert.match(r.stderr, /^trial 1\/2: ok in /m);
  assert.match(r.stderr, /^ {2}hung: +0 of 2 \(0%, 95% CI 0%–66%\)$/m);
  const rep = readReport(report);
  assert.ok(rep.trials !== undefined);
  assert.equal(rep.trials.list.length, 2);
  assert.deepEqual(
    rep.trials.list.map((t) => [t.index, t.verdict, t.timeToHangMs]),
    [
      [1, 'ok', null],
      [2, 'ok', null],
    ],
  );
  assert.ok(rep.trials.list.every((t) => t.iterations > 0));
  assert.equal(rep.trials.stoppedEarly, null);
});

test('--until-hang with the reproducer: stops at the first hang, exit 5, the hung trial is the report body', async () => {
  const report = join(tmp(), 'r.json');
  const r = await runCli([...wedgeRunArgs, '--drain-timeout', '2s', '--progress', 'off', '--report', report], {
    timeoutMs: wedgeRunTimeoutMs,
  });
  assert.equal(r.code, 5, r.stderr);
  const rep = readReport(report);
  const t = rep.trials;
  assert.ok(t !== undefined);
  const last = t.list[t.list.length - 1];
  assert.ok(last !== undefined && last.timeToHangMs !== null, 'the last trial run is the one that hung');
  assert.ok(
    t.list.slice(0, -1).every((x) => x.timeToHangMs === null),
    'no earlier trial hung',
  );
  assert.equal(t.stoppedEarly, t.list.length < 5 ? 'until-hang' : null);
  assert.equal(t.detailTrial, last.index);
  assert.equal(rep.hang?.atMs, last.timeToHangMs);
  assert.equal(t.hang.k, 1);
  assert.match(r.stderr, new RegExp(`^trial ${last.index}/5: HANG at `, 'm'));
});

test('Ctrl-C in the pause between trials: a partial trials report, exit 130, no gateway child left', async () => {
  const report = join(tmp(), 'r.json');
  const cli = startCli(
    [
      'run',
      '--trials',
      '3',
      '--between-trials',
      '60s',
      '--users',
      '5',
      '--duration',
      '1s',
      '--gateway-mode',
      'v3.8',
      '--drain-timeout',
      '2s',
      '--progress',
      'off',
      '--report',
      report,
    ],
    { timeoutMs: 90_000 },
  );
  await until('the first trial to end', () => /^trial 1\/3: /m.test(cli.stderr()), 60_000);
  cli.child.kill('SIGINT');
  const r = await cli.result;
  assert.equal(r.code, ExitCode.interrupted, r.stderr);
  const rep = readReport(report);
  assert.equal(rep.verdict.status, 'interrupted');
  assert.equal(rep.trials?.stoppedEarly, 'interrupted');
  assert.deepEqual(
    rep.trials?.list.map((t) => t.verdict),
    ['ok'],
    'the trial that ran keeps its own verdict',
  );
  for (const pid of pids(r.stderr)) assert.ok(!alive(pid), `gateway ${pid} is gone`);
});
