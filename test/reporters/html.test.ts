/**
 * The HTML renderers without a browser: escaping of everything that can come
 * from the target, the chart data embedded as JSON (read back and checked
 * against the report it came from), uPlot inlined, and no external URL.
 * test/browser/ loads the same pages in Chromium.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram } from '../../src/metrics/index.js';
import { compareReports } from '../../src/report/compare.js';
import { parseRegressionRules } from '../../src/report/regression-rules.js';
import type { Report } from '../../src/report/schema.js';
import { escapeHtml, jsonForScript, renderCompareHtml, renderReportHtml } from '../../src/reporters/html/index.js';
import type { ChartSpec, PageData } from '../../src/reporters/html/index.js';
import { curveOf, percentileX } from '../../src/reporters/html/curves.js';
import { joinOnX } from '../../src/reporters/html/chart-spec.js';
import { thresholdValue } from '../../src/reporters/console.js';
import { changeText, metricValue } from '../../src/reporters/compare-format.js';
import { htmlPathFor } from '../../src/cli/commands/run.js';
import { hangEvidence, report, threshold } from '../report/fixtures.js';

const HOSTILE = '</script><img src=x onerror="globalThis.pwned=1"><!--';

/** A hung report with target-controlled strings everywhere they can appear. */
function hostileReport(): Report {
  const r = report(
    {
      end: 'hang-abort',
      hang: hangEvidence({
        title: `T ${HOSTILE}`,
        dump: { source: `dump ${HOSTILE}`, text: `goroutine 1 ${HOSTILE}`, truncated: true },
        serverStats: { note: HOSTILE },
        oldestWaits: [{ userID: `u${HOSTILE}`, phase: 'awaiting-reply', waitedMs: 10_500, openSilent: true }],
      }),
      errorSamples: [{ atMs: 1234, kind: 'error-reply', userID: `u${HOSTILE}`, message: `server said ${HOSTILE}` }],
      stalls: [{ startMs: 2000, lengthMs: 2500, phases: { reply: 4 }, wasHang: true }],
    },
    { scenario: `s${HOSTILE}` },
  );
  return { ...r, config: { ...r.config, note: HOSTILE } };
}

/** The embedded chart data, parsed back from the page. */
function pageData(html: string): PageData {
  const m = /<script type="application\/json" id="imstress-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m !== null, 'the page embeds its data');
  return JSON.parse(m[1] ?? '') as PageData;
}

function chart(data: PageData, id: string): ChartSpec {
  const c = data.charts.find((x) => x.id === id);
  assert.ok(c !== undefined, `chart ${id} present`);
  return c;
}

/** Asserts the page loads nothing from anywhere. */
function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'no src/href to another origin');
  assert.doesNotMatch(html, /<link\b[^>]*rel\s*=\s*["']?stylesheet/i, 'no linked stylesheet');
  assert.doesNotMatch(html, /<script\b[^>]*\bsrc\s*=/i, 'no external script');
  assert.doesNotMatch(html, /@import|url\(\s*["']?https?:/i, 'no CSS import or remote url()');
}

test('escapeHtml: the five HTML metacharacters become entities; jsonForScript round-trips and cannot close a script', () => {
  assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml(42), '42');
  const value = { s: HOSTILE, t: 'a\u2028b\u2029c & <!-- -->' };
  const json = jsonForScript(value);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), value);
});

test('renderReportHtml: every target-controlled string is escaped, in text and in the embedded JSON', () => {
  const r = hostileReport();
  const html = renderReportHtml(r);
  // The hostile markup never appears raw: not in a text node, not inside the JSON script.
  assert.equal(html.includes(HOSTILE), false);
  assert.equal(html.includes('<img'), false);
  const escaped = escapeHtml(HOSTILE);
  for (const where of [`server said ${escaped}`, `goroutine 1 ${escaped}`, `u${escaped}`, `dump ${escaped}`, `T ${escaped}`])
    assert.ok(html.includes(where), `escaped: ${where}`);
  // Exactly the three script elements the page ships open and close (data, uPlot, drawing code).
  assert.equal(html.match(/<script\b/gi)?.length, 3);
  assert.equal(html.match(/<\/script>/gi)?.length, 3);
  assertSelfContained(html);
});

test('renderReportHtml: the timeline charts carry the report timeline; the hang window is a band and the declaration a marker', () => {
  const r = report({
    hang: hangEvidence({ atMs: 4000, noProgressSinceMs: 2000 }),
    end: 'hang-abort',
    stalls: [{ startMs: 2000, lengthMs: 2000, phases: { reply: 4 }, wasHang: true }],
  });
  const data = pageData(renderReportHtml(r));
  const progress = chart(data, 'chart-progress');
  const samples = r.timeline.samples;
  assert.deepEqual(
    progress.x,
    samples.map((s) => s.tMs / 1000),
  );
  const open = progress.series.find((s) => s.label === 'open connections');
  assert.deepEqual(
    open?.values,
    samples.map((s) => s.values.open ?? null),
  );
  const perSec = 1000 / r.timeline.intervalMs;
  assert.deepEqual(
    progress.series.find((s) => s.label === 'iterations/s')?.values,
    samples.map((s) => (s.values.iterations ?? 0) * perSec),
  );
  assert.deepEqual(progress.bands, [{ from: 2, to: 4, kind: 'hang', label: 'hang: no progress from 00:02' }]);
  assert.deepEqual(progress.markers, [{ at: 4, kind: 'hang', label: 'HANG 00:04' }]);
  const stuck = chart(data, 'chart-stuck');
  assert.deepEqual(stuck.markers, progress.markers);
  assert.ok(renderReportHtml(r).includes('class="hang-flag"'), 'a visible hang flag next to the chart titles');
});

test('renderReportHtml: the stuck chart stacks the waiting phases, each legend showing its own count', () => {
  const base = report();
  const samples = [
    { tMs: 1000, values: { waitingConnecting: 2, waitingReply: 5, waitingPush: 0, waitingClosing: 1, openSilent: 3 } },
    { tMs: 2000, values: { waitingReply: 7 } },
  ];
  const r: Report = { ...base, timeline: { ...base.timeline, samples } };
  const stuck = chart(pageData(renderReportHtml(r)), 'chart-stuck');
  const byLabel = new Map(stuck.series.map((s) => [s.label, s]));
  // Top of the stack first: its values are the total waiting.
  assert.deepEqual(stuck.series[0]?.values, [2 + 5 + 0 + 1, 7]);
  assert.deepEqual(byLabel.get('in close')?.raw, [1, null], 'no reading stays a gap in the legend');
  assert.deepEqual(byLabel.get('waiting for reply')?.values, [2 + 5, 7]);
  assert.deepEqual(byLabel.get('waiting for reply')?.raw, [5, 7]);
  assert.deepEqual(byLabel.get('in handshake')?.values, [2, 0]);
  assert.deepEqual(byLabel.get('open but silent')?.values, [3, null]);
});

test('renderReportHtml: percentile curves are decoded from the encoded histograms', () => {
  const r = report();
  const data = pageData(renderReportHtml(r));
  const reply = chart(data, 'latency-reply');
  const h = LatencyHistogram.decode(r.phases.reply.histogram, r.phases.reply.clamped);
  const raw = reply.series.find((s) => s.label === 'raw');
  assert.ok(raw !== undefined);
  // Every point but the last (the max) sits at its percentile's x with the histogram's value there.
  const checked = reply.x.slice(0, -1).filter((_, i) => raw.values[i] !== null);
  assert.ok(checked.length > 10, 'the curve has points');
  for (const x of checked) {
    const p = 100 * (1 - 1 / x);
    assert.ok(Math.abs(percentileX(p) - x) < 1e-6 * x);
    assert.equal(raw.values[reply.x.indexOf(x)], h.percentileMs(p));
  }
  assert.equal(raw.values[raw.values.length - 1], h.maxMs);
  for (let i = 1; i < reply.x.length; i++) assert.ok((reply.x[i] ?? 0) > (reply.x[i - 1] ?? 0), 'x strictly increasing');
  // The corrected curve is drawn when the correction added samples.
  assert.ok(reply.series.some((s) => s.label.startsWith('corrected')));
  // The fixture records no push: no chart, a note instead.
  assert.equal(
    data.charts.some((c) => c.id === 'latency-push'),
    false,
  );
});

test('an unreadable histogram is reported on the page, not thrown', () => {
  const r = report();
  assert.equal(curveOf('not-a-histogram', 0).state, 'unreadable');
  const html = renderReportHtml({ ...r, phases: { ...r.phases, close: { ...r.phases.close, histogram: 'bm90IGEgaGlzdG9ncmFt' } } });
  assert.match(html, /close: histogram unreadable/);
  assert.equal(
    pageData(html).charts.some((c) => c.id === 'latency-close'),
    false,
  );
});

test('uPlot is inlined with its license, and the page makes no external reference', () => {
  const html = renderReportHtml(report());
  assert.match(html, /Permission is hereby granted, free of charge/);
  assert.match(html, /var uPlot=function/);
  assert.match(html, /\.uplot\s*\{/, 'the uPlot stylesheet is inlined');
  assertSelfContained(html);
});

test('joinOnX aligns curves on the union of their x values', () => {
  assert.deepEqual(
    joinOnX([
      { x: [1, 3], y: [10, 30] },
      { x: [2, 3], y: [20, 31] },
    ]),
    {
      x: [1, 2, 3],
      ys: [
        [10, null, 30],
        [null, 20, 31],
      ],
    },
  );
});

test('renderCompareHtml: verdict change, rule outcomes and every metric delta; both runs overlaid; escaped', () => {
  const base = report({ hang: hangEvidence({ atMs: 4000, noProgressSinceMs: 2000 }), end: 'hang-abort' }, { scenario: 'churn' });
  const head = report({}, { scenario: 'churn' });
  const parsed = parseRegressionRules(['reply.p99=10%', 'errors=+0']);
  assert.deepEqual(parsed.issues, []);
  const comparison = compareReports(base, head, parsed.rules, { baseFile: `before${HOSTILE}.json`, headFile: 'after.json' });
  const html = renderCompareHtml(base, head, comparison);
  assert.equal(html.includes(HOSTILE), false);
  assert.ok(html.includes(`before${escapeHtml(HOSTILE)}.json`));
  assert.ok(html.includes(escapeHtml(comparison.verdictChange.label)));
  assert.match(html, /data-trend="improved"/);
  const metricsTable = /<section id="metrics">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  assert.equal(metricsTable.match(/<tr>/g)?.length, comparison.metrics.length + 1, 'one row per metric, plus the header');
  for (const o of comparison.rules) assert.ok(html.includes(escapeHtml(o.message)), `rule outcome: ${o.rule.source}`);
  const data = pageData(html);
  const progress = chart(data, 'chart-progress');
  assert.deepEqual(
    progress.series.map((s) => s.label),
    ['before: open connections', 'after: open connections', 'before: iterations/s', 'after: iterations/s'],
  );
  assert.deepEqual(progress.markers, [{ at: 4, kind: 'hang', label: 'before HANG 00:04' }]);
  const reply = chart(data, 'latency-reply');
  assert.equal(reply.series.length, 2, 'both runs on each latency chart');
  // A config that differs (here the target URL, with markup in it) is listed, escaped.
  const changed = compareReports(report({}, { target: { kind: 'url', url: `ws://a${HOSTILE}` } }), head, []);
  assert.ok(changed.configChanges.length > 0);
  const changedHtml = renderCompareHtml(base, head, changed);
  assert.equal(changedHtml.includes(HOSTILE), false);
  for (const d of changed.configChanges) assert.ok(changedHtml.includes(escapeHtml(d.base)), d.key);
  assertSelfContained(html);
});

test('htmlPathFor: --html alone puts the page next to the report', () => {
  assert.equal(htmlPathFor(undefined, 'reports/a.json'), null);
  assert.equal(htmlPathFor(true, 'reports/a.json'), 'reports/a.html');
  assert.equal(htmlPathFor(true, 'out/a.report'), 'out/a.report.html');
  assert.equal(htmlPathFor('x/page.html', 'reports/a.json'), 'x/page.html');
});

test("thresholds are listed with their outcome and the actual value in the metric's unit", () => {
  const r = report(
    {},
    { thresholds: [threshold('reply.p99<500ms', 'reply.p99', '<', 500), threshold('errors.count<1', 'errors.count', '<', 1)] },
  );
  const html = renderReportHtml(r);
  const section = /<section id="drain-thresholds">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  for (const t of r.thresholds) {
    const mark = t.passed ? '✓' : '✗';
    const actual = t.actual === null ? 'no data' : thresholdValue(t.metric, t.actual);
    assert.ok(section.includes(`${mark}</span></td><td>${escapeHtml(t.source)}</td><td>${escapeHtml(actual)}</td>`), t.source);
  }
  assert.ok(r.thresholds.some((t) => !t.passed) && r.thresholds.some((t) => t.passed), 'the fixture has one of each');
});

test('renderCompareHtml says time to hang as the terminal and markdown do: none, hangs now, no hang now', () => {
  const hung = report({ hang: hangEvidence({ atMs: 4000, noProgressSinceMs: 2000 }), end: 'hang-abort' });
  const clean = report();
  const rowOf = (html: string): string => /<tr><td>timeToHang<\/td>(.*?)<\/tr>/.exec(html)?.[1] ?? '';
  const cells = (base: Report, head: Report): string[] => {
    const c = compareReports(base, head, []);
    const m = c.metrics.find((x) => x.metric === 'timeToHang');
    assert.ok(m !== undefined);
    return [metricValue(m.base, m.unit, m.metric), metricValue(m.head, m.unit, m.metric), changeText(m)].map(escapeHtml);
  };
  for (const [base, head, words] of [
    [clean, hung, ['none', 'hangs now']],
    [hung, clean, ['none', 'no hang now']],
    [clean, clean, ['none']],
  ] as const) {
    const row = rowOf(renderCompareHtml(base, head, compareReports(base, head, [])));
    for (const cell of cells(base, head)) assert.ok(row.includes(`>${cell}<`), `${cell} in ${row}`);
    for (const w of words) assert.ok(row.includes(w), `${w} in ${row}`);
  }
});
