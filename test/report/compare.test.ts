/**
 * compareReports and the --max-regression grammar, on reports built from
 * real recorded histograms (test/report/fixtures.ts). Expected numbers are
 * derived from the histograms, never typed in.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRecorder, LatencyHistogram } from '../../src/metrics/index.js';
import type { ErrorKind } from '../../src/protocol/adapter.js';
import { compareReports } from '../../src/report/compare.js';
import type { Comparison, MetricDelta } from '../../src/report/compare.js';
import { parseRegressionRules } from '../../src/report/regression-rules.js';
import type { RegressionRule } from '../../src/report/regression-rules.js';
import { longestOnlineFreezeSec, stuckVuSeconds } from '../../src/report/compare-metrics.js';
import type { Report } from '../../src/report/schema.js';
import { hangEvidence, report } from './fixtures.js';

function rules(...sources: string[]): RegressionRule[] {
  const { rules: out, issues } = parseRegressionRules(sources);
  assert.deepEqual(issues, []);
  return out;
}

function metric(c: Comparison, name: string): MetricDelta {
  const m = c.metrics.find((x) => x.metric === name);
  assert.ok(m !== undefined, `metric ${name} listed`);
  return m;
}

/** Replies scaled by `factor` against the fixture's 0.1–100 ms spread. */
function slowerReplies(factor: number): MetricsRecorder<ErrorKind> {
  const r = new MetricsRecorder<ErrorKind>();
  for (let i = 1; i <= 1000; i++) {
    r.record('handshake', 1 + (i % 10));
    r.record('reply', (i / 10) * factor, 50);
    r.record('close', 2 + (i % 5));
    r.record('iteration', 10 + (i % 100), 100);
  }
  return r;
}

const hangReport = (): Report =>
  report({ end: 'hang-abort', hang: hangEvidence(), drain: { checked: true, baseline: 0, final: 0, ghosts: 0, waitedMs: 0 } }, {});

test('a report compared with itself: nothing is worse, no rule fails', () => {
  const r = report();
  const c = compareReports(r, r, rules('reply.p99=10%', 'errors=+0', 'iterationsPerSec=5%', 'timeToHang=+0s'));
  assert.equal(c.regression, false);
  assert.deepEqual(
    c.metrics.filter((m) => m.worse).map((m) => m.metric),
    [],
  );
  assert.ok(
    c.rules.every((o) => o.passed),
    JSON.stringify(c.rules),
  );
  assert.equal(c.verdictChange.label, 'ok');
  assert.equal(c.verdictChange.improved || c.verdictChange.worsened, false);
});

test('no rules: worse metrics are not a regression, but a worse verdict is unless allowed', () => {
  const base = report();
  const slower = report({ metrics: slowerReplies(10).snapshot() });
  const slow = compareReports(base, slower, []);
  assert.equal(metric(slow, 'reply.p99').worse, true);
  assert.equal(slow.regression, false, 'a slower p99 alone fails only with a rule');
  const head = report({ metrics: slowerReplies(10).snapshot(), hang: hangEvidence(), end: 'hang-abort' });
  const c = compareReports(base, head, []);
  assert.deepEqual(c.rules, []);
  assert.equal(c.verdictChange.worsened, true);
  assert.equal(c.regression, true, 'ok → hang is a regression by default (issue #12)');
  assert.deepEqual(c.defaultRegressions, ['the verdict got worse: ok → hang']);
  const allowed = compareReports(base, head, [], { allowVerdictChange: true });
  assert.equal(allowed.regression, false);
  assert.equal(allowed.verdictChangeAllowed, true);
  // A verdict.severity rule takes the decision over: +4 allows ok (0) → hang (3).
  const ruled = compareReports(base, head, rules('verdict.severity=+4'));
  assert.equal(ruled.regression, false);
  assert.equal(compareReports(head, base, []).regression, false, 'hang → ok is an improvement');
});

test('latency percentiles are recomputed from the encoded histograms, not read from the stored summary', () => {
  const base = report();
  const tampered: Report = JSON.parse(JSON.stringify(base)) as Report;
  (tampered.phases.reply.raw as { p99: number }).p99 = 123_456;
  const c = compareReports(tampered, base, []);
  const expected = LatencyHistogram.decode(base.phases.reply.histogram).percentileMs(99);
  const p99 = metric(c, 'reply.p99');
  assert.equal(p99.base, expected);
  assert.equal(p99.head, expected);
  assert.equal(p99.delta, 0);
});

test('a slower head: deltas and percent change from the histograms; relative and absolute rules judge them', () => {
  const base = report();
  const head = report({ metrics: slowerReplies(2).snapshot() });
  const b99 = LatencyHistogram.decode(base.phases.reply.histogram).percentileMs(99);
  const h99 = LatencyHistogram.decode(head.phases.reply.histogram).percentileMs(99);
  assert.ok(h99 > b99);
  const gap = h99 - b99;
  const pct = (100 * gap) / b99;
  const c = compareReports(
    base,
    head,
    rules(
      `reply.p99=${Math.floor(pct) - 1}%`,
      `reply.p99=${Math.ceil(pct) + 1}%`,
      `reply.p99=+${Math.floor(gap) - 1}ms`,
      `reply.p99=+${Math.ceil(gap) + 1}ms`,
    ),
  );
  const p99 = metric(c, 'reply.p99');
  assert.equal(p99.delta, gap);
  assert.equal(p99.changePct, pct);
  assert.equal(p99.worse, true);
  assert.deepEqual(
    c.rules.map((o) => o.passed),
    [false, true, false, true],
  );
  assert.equal(c.regression, true);
  assert.match(c.rules[0]?.message ?? '', /REGRESSION/);
  assert.match(c.rules[1]?.message ?? '', /within the limit/);
});

test('hang → ok: the verdict change is an improvement; time to hang goes from a value to none, which is better', () => {
  const base = hangReport();
  const head = report();
  assert.equal(base.verdict.status, 'hang');
  const c = compareReports(base, head, rules('timeToHang=+0s'), { baseFile: 'before.json', headFile: 'after.json' });
  assert.equal(c.verdictChange.label, 'hang → ok');
  assert.equal(c.verdictChange.improved, true);
  assert.equal(c.verdictChange.worsened, false);
  assert.equal(c.base.file, 'before.json');
  const tth = metric(c, 'timeToHang');
  assert.equal(tth.base, hangEvidence().atMs / 1000);
  assert.equal(tth.head, null);
  assert.equal(tth.worse, false);
  assert.equal(c.regression, false);
  const back = compareReports(head, base, rules('timeToHang=+0s', 'verdict.severity=+0'));
  assert.equal(back.verdictChange.worsened, true);
  assert.equal(metric(back, 'timeToHang').worse, true);
  assert.deepEqual(
    back.rules.map((o) => o.passed),
    [false, false],
  );
});

test('a rule on a metric one side has no data for fails, naming the side; both empty passes', () => {
  const base = report();
  const c = compareReports(base, base, rules('push.p99=10%'));
  assert.equal(c.rules[0]?.passed, true, 'no pushes in either run');
  const withPush = new MetricsRecorder<ErrorKind>();
  withPush.record('push', 5);
  const head = report({ metrics: withPush.snapshot() });
  const d = compareReports(base, head, rules('push.p99=10%'));
  assert.equal(d.rules[0]?.passed, false);
  assert.match(d.rules[0]?.message ?? '', /base report has no value/);
});

test('online.frozen: the longest stretch the server online count held one value while users were stuck', () => {
  const r = report();
  const withSamples = (rows: readonly [number, number, number][]): typeof r => ({
    ...r,
    timeline: {
      ...r.timeline,
      samples: rows.map(([t, online, stuck]) => ({
        tMs: t * 1000,
        values: { serverOnline: online, stuck, waitingReply: Math.max(stuck, 50), replies: stuck > 0 ? 0 : 400 },
      })),
    },
  });
  // v3.5.1: the count stays at 44 from t = 3 to t = 7 while 100 users are stuck
  const hang = withSamples([
    [1, 10, 0],
    [2, 30, 0],
    [3, 44, 100],
    [4, 44, 100],
    [5, 44, 100],
    [6, 44, 100],
    [7, 44, 100],
    [8, 45, 100],
  ]);
  assert.equal(longestOnlineFreezeSec(hang), 4);
  // healthy churn: a steady count with waits in flight but none stuck is not a freeze
  assert.equal(
    longestOnlineFreezeSec(
      withSamples([
        [1, 20, 0],
        [2, 20, 0],
        [3, 20, 0],
        [4, 20, 0],
        [8, 20, 0],
      ]),
    ),
    0,
  );
  // an interval without stuck users inside the freeze neither grows it nor ends it
  assert.equal(
    longestOnlineFreezeSec(
      withSamples([
        [1, 5, 9],
        [2, 5, 9],
        [3, 5, 0],
        [4, 5, 9],
      ]),
    ),
    2,
  );
  // no metrics endpoint: no readings, no figure
  assert.equal(longestOnlineFreezeSec({ ...r, timeline: { ...r.timeline, samples: [{ tMs: 1000, values: { open: 1 } }] } }), null);
  // stuck VU-seconds: the area under the stuck chart (first sample: one interval)
  assert.equal(stuckVuSeconds(hang), 600);
  assert.equal(stuckVuSeconds({ ...r, timeline: { ...r.timeline, samples: [{ tMs: 1000, values: { open: 1 } }] } }), null);
});

test('online.frozen on a report without the stuck series: VUs waiting and no reply or push arriving', () => {
  const r = report();
  const old = (rows: readonly [number, number, number, number][]): typeof r => ({
    ...r,
    timeline: {
      ...r.timeline,
      samples: rows.map(([t, online, waiting, replies]) => ({
        tMs: t * 1000,
        values: { serverOnline: online, waitingReply: waiting, replies },
      })),
    },
  });
  assert.equal(
    longestOnlineFreezeSec(
      old([
        [1, 44, 100, 0],
        [2, 44, 100, 0],
        [3, 44, 100, 0],
      ]),
    ),
    2,
  );
  assert.equal(
    longestOnlineFreezeSec(
      old([
        [1, 20, 95, 300],
        [2, 20, 95, 310],
        [3, 20, 95, 290],
      ]),
    ),
    0,
    'a healthy run: replies keep coming',
  );
});

test('--max-regression grammar: relative, absolute with units, aliases; every bad rule listed', () => {
  const { rules: ok, issues } = parseRegressionRules([
    'reply.p99=10%',
    'errors=+0',
    'reply.p99.9=+1.5s',
    'errors.rate=+0.5%',
    'iterationsPerSec=5%',
    'timeToHang=+2000ms',
  ]);
  assert.deepEqual(issues, []);
  assert.deepEqual(
    ok.map((r) => [r.metric, r.limit.kind, r.limit.value]),
    [
      ['reply.p99', 'percent', 10],
      ['errors', 'absolute', 0],
      ['reply.p999', 'absolute', 1500],
      ['errors.rate', 'absolute', 0.005],
      ['iterationsPerSec', 'percent', 5],
      ['timeToHang', 'absolute', 2],
    ],
  );
  // the --threshold spellings of the same numbers name the same metrics
  const spelled = parseRegressionRules(['iterations.rate=5%', 'iterations.count=10%', 'errors.count=+0']);
  assert.deepEqual(spelled.issues, []);
  assert.deepEqual(
    spelled.rules.map((r) => r.metric),
    ['iterationsPerSec', 'iterations', 'errors'],
  );
  const bad = parseRegressionRules(['reply.p99', 'latency=10%', 'errors=+5ms', 'reply.p99=fast']);
  assert.equal(bad.rules.length, 0);
  assert.equal(bad.issues.length, 4);
  assert.match(bad.issues[0]?.message ?? '', /expected METRIC=LIMIT/);
  assert.match(bad.issues[1]?.message ?? '', /unknown metric "latency"/);
  assert.match(bad.issues[2]?.message ?? '', /not N% \(relative\) or \+N/);
  assert.ok(bad.issues.every((i) => i.where === '--max-regression'));
});

test('configuration changes between the runs are listed by dotted key; report path and display settings are not', () => {
  const base = report({}, { reportPath: 'a.json', progress: 'plain' });
  const head = report({}, { reportPath: 'b.json', progress: 'off', users: 50, target: { kind: 'url', url: 'ws://127.0.0.1:20001' } });
  const c = compareReports(base, head, []);
  assert.deepEqual(c.configChanges, [
    { key: 'target.url', base: '"ws://127.0.0.1:10001"', head: '"ws://127.0.0.1:20001"' },
    { key: 'users', base: '100', head: '50' },
  ]);
  assert.deepEqual(compareReports(base, base, []).configChanges, []);
});
