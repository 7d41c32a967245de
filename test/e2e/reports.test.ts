/**
 * `imstress compare`, `report` and `merge` end to end on reports of real
 * runs: the built CLI against the embedded gateway — a v3.5.1 run that
 * wedges (small queues) and two short v3.8 runs of the same build. Outcomes
 * are asserted from exit codes, output and the reports' own histograms,
 * never from timings.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatencyHistogram, PHASES } from '../../src/metrics/index.js';
import { readReport } from '../../src/report/io.js';
import type { Comparison } from '../../src/report/compare.js';
import type { Report } from '../../src/report/schema.js';
import { phasePhrase } from '../../src/reporters/format.js';
import { wedgeRunArgs, wedgeRunTimeoutMs, wedgeScenario } from '../helpers/wedge.js';
import { runCli as runCliProcess, type CliRun } from '../helpers/cli.js';

const runCli = (args: readonly string[], timeoutMs: number): Promise<CliRun> => runCliProcess(args, { timeoutMs });

const dir = mkdtempSync(join(tmpdir(), 'imstress-e2e-reports-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const hangFile = join(dir, 'v3.5.1.json');
const okA = join(dir, 'v3.8-a.json');
const okB = join(dir, 'v3.8-b.json');
// Think time paces the v3.8 runs, so two runs of the same build do similar work on a shared machine.
// The same scenario as the hung run (compare refuses two scenarios), against v3.8.
const v38 = (report: string): string[] => [
  'run',
  '--scenario',
  wedgeScenario,
  '--users',
  '20',
  '--duration',
  '6s',
  '--think',
  '100ms',
  '--gateway-mode',
  'v3.8',
  '--drain-timeout',
  '3s',
  '--report',
  report,
];

// The three runs are independent (each its own embedded gateway child on its own port), so they overlap: the
// wall time is about the wedge's, not the sum. okB starts once okA's load has started (its first live line),
// so the merge test's "b started after a" still holds; the two v3.8 runs then share most of their machine load,
// which suits the "same build, no regression" comparison.
before(async () => {
  const hangRun = runCli([...wedgeRunArgs, '--hang-window', '5s', '--drain-timeout', '2s', '--report', hangFile], wedgeRunTimeoutMs);
  let loadStarted: () => void = () => undefined;
  const aLoading = new Promise<void>((resolve) => (loadStarted = resolve));
  const a = runCliProcess(v38(okA), {
    timeoutMs: 60_000,
    onStderr: (text) => void (/^[A-Z]+(?: [\d.]+s)? \| 00:/m.test(text) && loadStarted()),
  });
  // If okA dies before its first live line, okB starts anyway: okA's assertion below says why.
  const b = Promise.race([
    aLoading,
    a.then(
      () => undefined,
      () => undefined,
    ),
  ]).then(() => runCli(v38(okB), 60_000));
  const [hang, ...oks] = await Promise.all([hangRun, a, b]);
  assert.equal(hang.code, 5, `the v3.5.1 run hangs\n${hang.stderr}`);
  for (const r of oks) {
    assert.equal(r.code, 0, `the v3.8 run is ok\n${r.stderr}`);
  }
});

const decode = (r: Report, phase: (typeof PHASES)[number]): LatencyHistogram =>
  LatencyHistogram.decode(r.phases[phase].histogram, r.phases[phase].clamped);

test('v3.5.1 (hang) vs v3.8 (ok): the verdict change and latency deltas in the terminal, markdown and JSON', async () => {
  const md = join(dir, 'compare.md');
  const r = await runCli(
    ['compare', hangFile, okA, '--json', '--markdown', md, '--max-regression', 'verdict.severity=+0', '--max-regression', 'timeToHang=+0s'],
    30_000,
  );
  assert.equal(r.code, 0, r.stderr);
  const base = readReport(hangFile);
  const head = readReport(okA);
  const c = JSON.parse(r.stdout) as Comparison;
  assert.equal(c.verdictChange.label, 'hang → ok');
  assert.equal(c.verdictChange.improved, true);
  assert.equal(c.regression, false);
  const p99 = c.metrics.find((m) => m.metric === 'reply.p99');
  assert.ok(p99 !== undefined);
  assert.equal(p99.base, decode(base, 'reply').percentileMs(99));
  assert.equal(p99.head, decode(head, 'reply').percentileMs(99));
  assert.equal(p99.delta, (p99.head ?? 0) - (p99.base ?? 0));
  const tth = c.metrics.find((m) => m.metric === 'timeToHang');
  assert.equal(tth?.base, (base.hang?.atMs ?? 0) / 1000);
  assert.equal(tth?.head, null);
  assert.match(r.stderr, /verdict: hang → ok \(improved\)/);
  assert.match(r.stderr, /embedded gateway v3\.5\.1/);
  assert.match(r.stderr, /^ {2}reply\.p99 +\S+ +\S+ +[+−]\S+ \([+−]\d+(\.\d)?%\) +(better|worse)$/m);
  assert.match(r.stderr, /^ {2}timeToHang +\d+(\.\d)? s +none +no hang now +better$/m);
  assert.match(r.stderr, /no regression: 2 rules passed \(exit 0\)/);
  const text = readFileSync(md, 'utf8');
  assert.match(text, /^### ✅ imstress compare: hang → ok \(improved\)/);
  assert.match(text, /\| verdict \| \*\*hang\*\* \| \*\*ok\*\* \|/);
  assert.match(text, /^\| `reply\.p99` \| \S+ \| \S+ \| [+−]\S+ \([+−]\d+(\.\d)?%\) \| /m);
  // and the other way round the same rules catch the hang coming back
  const back = await runCli(
    ['compare', okA, hangFile, '--max-regression', 'verdict.severity=+0', '--max-regression', 'timeToHang=+0s'],
    30_000,
  );
  assert.equal(back.code, 6, back.stderr);
  assert.match(back.stderr, /REGRESSION: 2 of 2 rules failed \(exit 6\)/);
});

test('two runs of the same build (v3.8) do not flag a regression under sensible rules', async () => {
  // Rules that catch what this tool is for (a hang, ghosts, errors, a wedge's multi-second replies) and not the
  // run-to-run noise of a shared machine (measured here: reply p99 173 vs 222 ms, throughput 61 vs 73/s).
  const rules = ['verdict.severity=+0', 'timeToHang=+0s', 'ghosts=+0', 'reply.p99=+1s', 'iterationsPerSec=50%', 'errors.rate=+1%'];
  const r = await runCli(['compare', okA, okB, ...rules.flatMap((x) => ['--max-regression', x])], 30_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /verdict: ok \(unchanged\)/);
  assert.match(r.stderr, new RegExp(`no regression: ${rules.length} rules passed`));
});

test('report --junit on the v3.5.1 run: the "no hang" case fails with the stuck breakdown and the oldest waits', async () => {
  const xml = join(dir, 'junit.xml');
  const r = await runCli(['report', hangFile, '--junit', xml], 30_000);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^HANG at \d\d:\d\d — no progress for/m);
  const text = readFileSync(xml, 'utf8');
  const rep = readReport(hangFile);
  assert.match(text, /name="no hang" time="0">\s*<failure message="[^"]+" type="hang">/);
  assert.match(text, /stuck: \d+ (in|waiting for) [a-z -]+/);
  assert.ok((rep.hang?.oldestWaits.length ?? 0) > 0);
  assert.ok(
    text.includes(`  ${rep.hang?.oldestWaits[0]?.userID} ${phasePhrase(rep.hang?.oldestWaits[0]?.phase ?? '')} `),
    'the oldest wait is in the failure text',
  );
  assert.match(text, /<testcase classname="imstress openim-wedge-overlap" name="target reachable" time="0"\/>/);
});

test('merge of two real shards: percentiles exactly those of both histograms added; counters summed', async () => {
  const out = join(dir, 'merged.json');
  const r = await runCli(['merge', okA, okB, '-o', out], 30_000);
  assert.equal(r.code, 0, r.stderr);
  const a = readReport(okA);
  const b = readReport(okB);
  const m = readReport(out);
  for (const p of PHASES) {
    const both = decode(a, p).merge(decode(b, p));
    assert.deepEqual(m.phases[p].raw, both.summary(), `${p} summary`);
  }
  assert.equal(m.totals.iterations, a.totals.iterations + b.totals.iterations);
  assert.equal(m.totals.handshakes, a.totals.handshakes + b.totals.handshakes);
  assert.equal(m.verdict.status, 'ok');
  assert.deepEqual(
    m.shards?.map((s) => s.verdict.status),
    ['ok', 'ok'],
  );
  assert.ok((m.shards?.[1]?.offsetMs ?? 0) > 0, 'b started after a');
  assert.equal(m.startedAt, a.startedAt);
});
