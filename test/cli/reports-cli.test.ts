/**
 * `imstress compare`, `report` and `merge` through `main()` in process, on
 * report files built from recorded histograms: outputs, files written, exit
 * codes, and bad input (exit 2 naming every file and what was wrong, all at
 * once).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExitCode } from '../../src/errors.js';
import { serializeReport, readReport } from '../../src/report/io.js';
import type { Report } from '../../src/report/schema.js';
import { hangEvidence, report, threshold } from '../report/fixtures.js';
import { runMain } from './capture-io.js';

const dir = mkdtempSync(join(tmpdir(), 'imstress-reports-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const reportFile = (name: string, r: Report): string => file(name, serializeReport(r));

// The fixture run has 5 errors and a reply p99 under 100 ms: both thresholds hold.
const thresholds = [threshold('reply.p99<500ms', 'reply.p99', '<', 500), threshold('errors.count<10', 'errors.count', '<', 10)];
const ok = reportFile('ok.json', report({}, { thresholds }));
const hung = reportFile(
  'hang.json',
  report(
    {
      startedAt: '2024-05-06T07:08:19.000Z',
      end: 'hang-abort',
      hang: hangEvidence(),
      drain: { checked: true, baseline: 0, final: 3, ghosts: 3, waitedMs: 2000 },
    },
    { thresholds },
  ),
);
const okText = readFileSync(ok, 'utf8');
const missing = join(dir, 'missing.json');
const notJson = file('not-json.json', 'hello, this is not json');
const truncated = file('truncated.json', okText.slice(0, Math.floor(okText.length / 2)));
const wrongSchema = file('wrong-schema.json', JSON.stringify({ schema: 'k6-summary', version: 1 }));
const wrongVersion = file('wrong-version.json', okText.replace(/"version": \d+,/, '"version": 99,'));
const badHistogram = file(
  'bad-histogram.json',
  JSON.stringify({
    ...(JSON.parse(okText) as object),
    phases: {
      ...(JSON.parse(okText) as Report).phases,
      reply: { ...(JSON.parse(okText) as Report).phases.reply, histogram: 'not-a-histogram' },
    },
  }),
);
const other = reportFile('other.json', report({}, { scenario: 'other-scenario', thresholds }));

test('compare: terminal table on stderr, --json on stdout, exit 0 without rules and a note saying why', async () => {
  const r = await runMain(['compare', hung, ok, '--json']);
  assert.equal(r.code, ExitCode.ok, r.stderr);
  assert.match(r.stderr, /verdict: hang → ok \(improved\)/);
  assert.match(r.stderr, /no regression: the verdict is not worse; metric changes fail only with --max-regression rules/);
  assert.match(r.stderr, /one run on each side \(hung before, no hang after\): one run cannot show a fix/);
  const c = JSON.parse(r.stdout) as { verdictChange: { label: string }; regression: boolean; base: { file: string } };
  assert.equal(c.verdictChange.label, 'hang → ok');
  assert.equal(c.regression, false);
  assert.equal(c.base.file, hung);
});

test('compare: a worse verdict exits 6 with no rule given; --allow-verdict-change accepts it', async () => {
  const r = await runMain(['compare', ok, hung]);
  assert.equal(r.code, ExitCode.regression, r.stderr);
  assert.match(r.stderr, /REGRESSION: the verdict got worse: ok → hang \(exit 6; a worse verdict is a regression by default/);
  const allowed = await runMain(['compare', ok, hung, '--allow-verdict-change']);
  assert.equal(allowed.code, ExitCode.ok, allowed.stderr);
  assert.match(allowed.stderr, /accepted by --allow-verdict-change/);
});

test('compare: a failed rule exits 6, the rules are printed with their outcome; --markdown FILE is written', async () => {
  const md = join(dir, 'out', 'compare.md');
  const r = await runMain([
    'compare',
    ok,
    hung,
    '--max-regression',
    'verdict.severity=+0',
    '--max-regression',
    'reply.p99=10%',
    '--markdown',
    md,
  ]);
  assert.equal(r.code, ExitCode.regression, r.stderr);
  assert.match(r.stderr, /✗ verdict\.severity=\+0: REGRESSION/);
  assert.match(r.stderr, /✓ reply\.p99=10%: within the limit/);
  assert.match(r.stderr, /REGRESSION: 1 of 2 rules failed \(exit 6\)/);
  const text = readFileSync(md, 'utf8');
  assert.match(text, /^### ❌ imstress compare: ok → hang \(worse\)/);
  assert.match(text, /\| `reply\.p99` \|/);
  assert.match(text, /❌ verdict\.severity=\+0/);
});

test('compare: --markdown without a file prints to stdout', async () => {
  const r = await runMain(['compare', ok, ok, '--markdown']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^### ✅ imstress compare: ok \(unchanged\)/);
});

test('compare: every problem at once — bad rules and both unreadable files — exit 2', async () => {
  const r = await runMain(['compare', missing, notJson, '--max-regression', 'latency=10%', '--max-regression', 'reply.p99=soon']);
  assert.equal(r.code, ExitCode.usage);
  assert.match(r.stderr, /invalid input \(4 problems\)/);
  assert.match(r.stderr, new RegExp(`${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot read report: no such file`));
  assert.match(r.stderr, /not-json\.json: not valid JSON/);
  assert.match(r.stderr, /unknown metric "latency"/);
  assert.match(r.stderr, /limit "soon"/);
});

test('compare: reports of different scenarios are refused (exit 2), naming both files', async () => {
  const r = await runMain(['compare', ok, other]);
  assert.equal(r.code, ExitCode.usage);
  assert.match(r.stderr, /other\.json:scenario: "other-scenario" differs from "churn" in .*ok\.json/);
});

test('report, compare and merge refuse truncated, foreign, future and corrupted reports with the file and the reason', async () => {
  const cases: Array<readonly [string, RegExp]> = [
    [truncated, /truncated\.json: not valid JSON/],
    [wrongSchema, /wrong-schema\.json: not an imstress report: "schema" is "k6-summary"/],
    [wrongVersion, /wrong-version\.json: unsupported report version 99/],
    [badHistogram, /bad-histogram\.json:phases\.reply\.histogram: cannot decode histogram/],
  ];
  for (const [path, why] of cases) {
    const rep = await runMain(['report', path]);
    assert.equal(rep.code, ExitCode.usage, `report ${path}`);
    assert.match(rep.stderr, why);
  }
  const cmp = await runMain(['compare', truncated, wrongVersion]);
  assert.equal(cmp.code, ExitCode.usage);
  assert.match(cmp.stderr, /truncated\.json: not valid JSON/);
  assert.match(cmp.stderr, /wrong-version\.json: unsupported report version 99/);
  const out = join(dir, 'never.json');
  const m = await runMain(['merge', ok, wrongSchema, badHistogram, other, '-o', out]);
  assert.equal(m.code, ExitCode.usage);
  assert.match(m.stderr, /wrong-schema\.json/);
  assert.match(m.stderr, /bad-histogram\.json:phases\.reply\.histogram/);
  assert.match(m.stderr, /other\.json:scenario: scenario "other-scenario" differs from "churn"/);
  assert.equal(existsSync(out), false, 'nothing written');
});

test('report: summary on stderr, --markdown on stdout, --junit file with one case per check and the evidence in failures', async () => {
  const xml = join(dir, 'junit', 'hang.xml');
  const r = await runMain(['report', hung, '--markdown', '--junit', xml]);
  assert.equal(r.code, ExitCode.ok, r.stderr);
  assert.match(r.stderr, /^HANG at 00:41/m);
  assert.match(r.stdout, /^### imstress: HANG at 00:41/);
  assert.match(r.stdout, /^Stuck: 92 waiting for a reply, 8 in close; /m, 'phases in words, as in the terminal');
  assert.match(r.stdout, /\| u7 \| waiting for a reply \(open but silent\) \|/);
  const text = readFileSync(xml, 'utf8');
  assert.match(text, /<testsuite name="imstress churn" tests="6" failures="2"/);
  assert.match(text, /<testcase classname="imstress churn" name="target reachable" time="0"\/>/);
  assert.match(
    text,
    /name="no hang"[^]*?<failure message="Connections open but silent" type="hang">[^<]*stuck: 92 waiting for a reply, 8 in close; open but silent: 92/,
  );
  assert.match(text, /u7 waiting for a reply 10\.5 s \(open but silent\)/);
  assert.match(text, /name="no leak \(drain check\)"[^]*?<failure message="3 ghost sessions after the drain check" type="leak"/);
  const okXml = join(dir, 'junit', 'ok.xml');
  const o = await runMain(['report', ok, '--junit', okXml]);
  assert.equal(o.code, 0, o.stderr);
  const okText2 = readFileSync(okXml, 'utf8');
  assert.match(okText2, /tests="6" failures="0"/);
  assert.match(okText2, /name="threshold reply\.p99&lt;500ms"/);
});

test('merge: -o written atomically, the shards listed with their verdicts, exit code of the merged (worst) verdict', async () => {
  const out = join(dir, 'merged', 'm.json');
  const r = await runMain(['merge', ok, hung, '-o', out]);
  assert.equal(r.code, ExitCode.hang, r.stderr);
  const merged = readReport(out);
  assert.equal(merged.verdict.status, 'hang');
  assert.deepEqual(
    merged.shards?.map((s) => [s.file, s.verdict.status]),
    [
      [ok, 'ok'],
      [hung, 'hang'],
    ],
  );
  assert.match(r.stderr, /Shards \(2\)/);
  assert.deepEqual(readdirSync(join(dir, 'merged')), ['m.json'], 'no temp file left');
  const missingOut = await runMain(['merge', ok, hung]);
  assert.equal(missingOut.code, ExitCode.usage, 'the -o flag is required');
});

test('merge: a report given twice exits 2 naming it; a missing shard is a warning on stderr, not an error', async () => {
  const out = join(dir, 'merged-twice.json');
  const twice = await runMain(['merge', ok, ok, '-o', out]);
  assert.equal(twice.code, ExitCode.usage, twice.stderr);
  assert.ok(twice.stderr.includes(`${ok}: is given twice`), twice.stderr);
  assert.equal(existsSync(out), false, 'nothing written');
  const s0 = reportFile('shard-0-of-3.json', report({ startedAt: '2024-05-06T07:08:09.000Z' }, { shard: { index: 0, count: 3 } }));
  const s2 = reportFile('shard-2-of-3.json', report({ startedAt: '2024-05-06T07:08:10.000Z' }, { shard: { index: 2, count: 3 } }));
  const r = await runMain(['merge', s0, s2, '-o', out]);
  assert.equal(r.code, readReport(out).verdict.exitCode, r.stderr);
  assert.match(r.stderr, /^warning: shard 1 of 3 missing: the merged report covers 2 of 3 shards$/m);
});

test('report, compare and merge: a report missing sections a renderer reads exits 2 naming the file and every key', async () => {
  const okJson = JSON.parse(okText) as Record<string, unknown>;
  const cut = (name: string, drop: readonly string[]): string =>
    file(name, JSON.stringify(Object.fromEntries(Object.entries(okJson).filter(([k]) => !drop.includes(k)))));
  const dropped = ['target', 'thresholds', 'environment', 'unfinishedByPhase', 'coordinatedOmission'];
  const partial = cut('partial.json', dropped);
  const broken = file('broken-drain.json', JSON.stringify({ ...okJson, drain: { checked: 'yes' }, stalls: [{ startMs: 1 }] }));
  for (const args of [
    ['report', partial, '--markdown'],
    ['compare', ok, partial],
    ['merge', hung, partial, '-o', join(dir, 'never-partial.json')],
  ]) {
    const r = await runMain(args);
    assert.equal(r.code, ExitCode.usage, `${args[0]}: ${r.stderr}`);
    for (const key of dropped) assert.ok(r.stderr.includes(`${partial}:${key}: expected `), `${args[0]} names ${key}:\n${r.stderr}`);
  }
  const b = await runMain(['report', broken]);
  assert.equal(b.code, ExitCode.usage, b.stderr);
  assert.match(b.stderr, /broken-drain\.json:drain\.checked: expected true or false, got "yes"/);
  assert.match(b.stderr, /broken-drain\.json:stalls\[0\]\.lengthMs: expected a number, got nothing/);
});

test('a report that does not exist: "no such file", not a hint about truncation', async () => {
  const r = await runMain(['report', missing]);
  assert.equal(r.code, ExitCode.usage);
  assert.ok(r.stderr.includes(`${missing}: cannot read report: no such file`), r.stderr);
  assert.doesNotMatch(r.stderr, /truncated/);
});
