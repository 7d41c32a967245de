/**
 * Outages (issue #11), without sockets: the tracker on an injected clock, the
 * verdict it leads to, the report's shape check, and what every renderer
 * (terminal, markdown, JUnit, HTML with its timeline band) says about one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutageTracker, intersectOutages } from '../../src/engine/outage.js';
import { decideVerdict } from '../../src/report/verdict.js';
import { reportShapeIssues } from '../../src/report/shape.js';
import { renderSummary } from '../../src/reporters/console.js';
import { renderReportMarkdown } from '../../src/reporters/markdown.js';
import { junitCases, renderJunit } from '../../src/reporters/junit.js';
import { renderReportHtml } from '../../src/reporters/html/index.js';
import { stallBands } from '../../src/reporters/html/timeline-charts.js';
import { ExitCode } from '../../src/errors.js';
import { report } from '../report/fixtures.js';
import { compareReports } from '../../src/report/compare.js';
import { parseRegressionRules } from '../../src/report/regression-rules.js';
import { mergeReports } from '../../src/report/merge.js';
import type { OutageRecord } from '../../src/engine/result.js';

test('refused connects before any handshake are not an outage (that is target-unavailable)', () => {
  const t = new OutageTracker(1_000);
  for (let now = 0; now <= 5_000; now += 100) t.failed('connection-refused', now);
  assert.equal(t.tick(5_000), false);
  assert.deepEqual(t.outages(5_000, 0), []);
});

test('after a handshake, refusals for the window are one outage, declared once; a handshake ends it', () => {
  const t = new OutageTracker(1_000);
  t.reached(100);
  t.failed('connection-refused', 2_000);
  t.failed('network-error', 2_400);
  assert.equal(t.tick(2_900), false, 'not yet the window long');
  assert.equal(t.openAt(2_900), false);
  assert.equal(t.tick(3_000), true, 'declared when the window is reached');
  assert.equal(t.tick(3_100), false, 'declared once');
  t.failed('connection-refused', 3_200);
  assert.equal(t.openAt(3_500), true);
  assert.deepEqual(t.outages(3_500, 0), [
    { startMs: 2_000, endMs: null, lengthMs: 1_500, errorsByKind: { 'connection-refused': 2, 'network-error': 1 } },
  ]);
  t.reached(4_000);
  assert.equal(t.openAt(4_100), false);
  assert.deepEqual(t.outages(9_000, 500), [
    { startMs: 1_500, endMs: 3_500, lengthMs: 2_000, errorsByKind: { 'connection-refused': 2, 'network-error': 1 } },
  ]);
});

test('a blip shorter than the window is not an outage; timeouts and rejections never start one', () => {
  const t = new OutageTracker(1_000);
  t.reached(0);
  t.failed('connection-refused', 100);
  t.reached(900);
  for (const k of ['handshake-timeout', 'handshake-rejected', 'reply-timeout', 'local-port-exhausted'] as const) t.failed(k, 1_000);
  assert.equal(t.tick(5_000), false);
  assert.deepEqual(t.outages(5_000, 0), []);
});

const base = { end: 'completed', hang: false, ghosts: 0, thresholdsFailed: 0, anyConnected: true, interrupted: false } as const;

test('verdict: an open outage is target-lost (exit 3), below hang and interrupted, above leak and thresholds', () => {
  const lost = decideVerdict({ ...base, ghosts: 2, thresholdsFailed: 1, outageOpen: { sinceMs: 4_300, failures: 1_082 } });
  assert.equal(lost.status, 'target-lost');
  assert.equal(lost.exitCode, ExitCode.targetUnavailable);
  assert.match(lost.reasons[0] ?? '', /unreachable since 4\.3 s \(1082 failed connects\)/);
  assert.deepEqual(lost.reasons.length, 3, 'the leak and the threshold are still listed');
  assert.equal(decideVerdict({ ...base, hang: true, outageOpen: { sinceMs: 1, failures: 1 } }).status, 'hang');
  assert.equal(decideVerdict({ ...base, interrupted: true, outageOpen: { sinceMs: 1, failures: 1 } }).status, 'interrupted');
  assert.equal(decideVerdict({ ...base, outageOpen: null }).status, 'ok', "a recovered outage keeps the run's verdict");
});

const open: OutageRecord = { startMs: 4_300, endMs: null, lengthMs: 10_700, errorsByKind: { 'connection-refused': 1_082 } };
const recovered: OutageRecord = {
  startMs: 3_000,
  endMs: 8_000,
  lengthMs: 5_000,
  errorsByKind: { 'connection-refused': 400, 'network-error': 2 },
};

test('a report with an open outage: target-lost in the report, its shape accepted, and every renderer names it', () => {
  const r = report({ outages: [open], durationMs: 15_000 });
  assert.equal(r.verdict.status, 'target-lost');
  assert.deepEqual(reportShapeIssues(r, 'r.json'), []);
  const text = renderSummary(r, { color: false });
  assert.match(text, /^TARGET LOST at 00:04 — the target stopped accepting connections .*: 1,?082 connection-refused$/m);
  assert.match(text, /^Outages \(1\)\n {2}at 00:04, still unreachable at the end \(10\.7 s\) — 1,?082 connection-refused$/m);
  assert.match(renderReportMarkdown(r), /#### Outages \(1\)\n\n- \*\*still unreachable at the end\*\*/);
  const lostCase = junitCases(r).find((c) => c.name.startsWith('target not lost'));
  assert.equal(lostCase?.outcome.state, 'failed');
  assert.match(renderJunit(r), /type="target-lost"/);
  const html = renderReportHtml(r);
  assert.match(html, /<section id="outages"><h2>Outages \(1\)<\/h2>/);
  assert.deepEqual(
    stallBands(r)
      .filter((b) => b.kind === 'outage')
      .map((b) => [b.from, b.to]),
    [[4.3, 15]],
    'the timeline band runs from the first refusal to the end of the run',
  );
});

test('a recovered outage: the verdict stays ok, the OK banner and every renderer list it, the JUnit case passes', () => {
  const r = report({ outages: [recovered] });
  assert.equal(r.verdict.status, 'ok');
  assert.match(renderSummary(r, { color: false }), /^OK — .*; 1 outage \(recovered\)$/m);
  assert.match(renderSummary(r, { color: false }), /at 00:03 for 5(\.0)? s, recovered at 00:08 — 400 connection-refused, 2 network-error/);
  assert.match(renderReportMarkdown(r), /#### Outages \(1\)\n\n- at 00:03/);
  assert.equal(junitCases(r).find((c) => c.name.startsWith('target not lost'))?.outcome.state, 'passed');
  assert.match(renderJunit(r), /outage at 00:03/);
  assert.deepEqual(
    stallBands(r)
      .filter((b) => b.kind === 'outage')
      .map((b) => [b.from, b.to]),
    [[3, 8]],
  );
});

test('a report without outages (older reports, --workers) renders no outage section and keeps its JUnit cases', () => {
  const r = report();
  assert.equal(r.outages, undefined);
  assert.doesNotMatch(renderSummary(r, { color: false }), /Outages/);
  assert.doesNotMatch(renderReportHtml(r), /id="outages"/);
  assert.equal(
    junitCases(r).some((c) => c.name.startsWith('target not lost')),
    false,
  );
  assert.deepEqual(
    reportShapeIssues({ ...r, outages: [{ startMs: 'x' }] }, 'r.json').map((i) => i.where),
    ['r.json:outages[0].startMs', 'r.json:outages[0].endMs', 'r.json:outages[0].lengthMs', 'r.json:outages[0].errorsByKind'],
  );
});

test('compare counts outages: a recovered outage in the head run is a worse "outages" row, and a rule can flag it', () => {
  const { rules } = parseRegressionRules(['outages=+0']);
  const c = compareReports(report(), report({ outages: [recovered] }), rules);
  const row = c.metrics.find((m) => m.metric === 'outages');
  assert.deepEqual([row?.base, row?.head, row?.worse], [0, 1, true]);
  assert.equal(c.verdictChange.worsened, false, 'the verdict itself stays ok');
  assert.equal(c.regression, true, 'outages=+0 flags it');
});

test('--workers: the run lost the target where every thread lost it; open outages reach the run end, counts are summed', () => {
  const a: OutageRecord[] = [
    { startMs: 1_000, endMs: 4_000, lengthMs: 3_000, errorsByKind: { 'connection-refused': 10 } },
    { startMs: 6_000, endMs: null, lengthMs: 4_000, errorsByKind: { 'connection-refused': 5 } },
  ];
  const b: OutageRecord[] = [
    { startMs: 1_020, endMs: 3_990, lengthMs: 2_970, errorsByKind: { 'connection-refused': 7, 'network-error': 1 } },
    { startMs: 6_010, endMs: null, lengthMs: 3_990, errorsByKind: { 'connection-refused': 6 } },
  ];
  assert.deepEqual(intersectOutages([a, b], 10_000), [
    { startMs: 1_020, endMs: 3_990, lengthMs: 2_970, errorsByKind: { 'connection-refused': 17, 'network-error': 1 } },
    { startMs: 6_010, endMs: null, lengthMs: 3_990, errorsByKind: { 'connection-refused': 11 } },
  ]);
  assert.deepEqual(intersectOutages([a, []], 10_000), [], 'a thread that never lost the target: no outage');
  assert.deepEqual(
    intersectOutages([a], 10_000),
    a.map((o) => ({ ...o })),
  );
  assert.deepEqual(intersectOutages([], 10_000), []);
});

test('merge: the shards all lost the target → target-lost on the merged clock; a shard that still reached it → no outage', () => {
  const t0 = '2026-01-01T00:00:00.000Z';
  const later = '2026-01-01T00:00:01.000Z';
  const a = report({
    startedAt: t0,
    durationMs: 10_000,
    outages: [{ startMs: 4_000, endMs: null, lengthMs: 6_000, errorsByKind: { 'connection-refused': 30 } }],
  });
  const b = report({
    startedAt: later,
    durationMs: 10_000,
    outages: [{ startMs: 3_050, endMs: null, lengthMs: 6_950, errorsByKind: { 'connection-refused': 20 } }],
  });
  const merged = mergeReports(
    [
      { file: 'a.json', report: a },
      { file: 'b.json', report: b },
    ],
    '0.1.0',
  );
  assert.equal(merged.verdict.status, 'target-lost');
  assert.deepEqual(
    merged.outages?.map((o) => [o.startMs, o.endMs, o.errorsByKind['connection-refused']]),
    [[4_050, null, 50]],
  );
  const served = report({ startedAt: later, durationMs: 10_000, outages: [] });
  const partial = mergeReports(
    [
      { file: 'a.json', report: a },
      { file: 'c.json', report: served },
    ],
    '0.1.0',
  );
  assert.equal(partial.verdict.status, 'ok');
  assert.deepEqual(partial.outages, []);
});
