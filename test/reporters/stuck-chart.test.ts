/**
 * The stuck chart draws only waits past the stall threshold (and its caption
 * says so), so a healthy run with waits always in flight reads near zero;
 * reports without the `stuck` series keep the old per-phase stack, labelled
 * as including in-flight waits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Timeline } from '../../src/metrics/index.js';
import { timelineSeries } from '../../src/engine/result.js';
import { stuckChart, stuckChartCaption } from '../../src/reporters/html/timeline-charts.js';
import { compareStuckChart } from '../../src/reporters/html/compare-charts.js';
import { report } from '../report/fixtures.js';

function withTimeline(rows: ReadonlyArray<Record<string, number>>): ReturnType<typeof report> {
  const tl = new Timeline({ intervalMs: 1000, kinds: timelineSeries });
  rows.forEach((values, i) => tl.sample((i + 1) * 1000, values));
  return report({ timeline: tl.toJSON() }, { stallThresholdMs: 2000 });
}

test('stuck chart: only waits past the stall threshold, and the caption says so', () => {
  // 95 VUs always waiting (in flight), none stuck: a healthy run
  const healthy = withTimeline(Array.from({ length: 5 }, () => ({ waitingReply: 95, stuck: 0, openSilent: 0 })));
  const spec = stuckChart(healthy, 'c');
  assert.deepEqual(
    spec.series.map((s) => s.label),
    ['stuck > 2 s', 'open but silent'],
  );
  assert.deepEqual(spec.series[0]?.values, [0, 0, 0, 0, 0]);
  assert.match(stuckChartCaption(healthy), /older than the stall threshold \(2 s\); waits still in flight below it are not drawn/);
});

test('stuck chart of a report without the stuck series: the per-phase stack, said to include in-flight waits', () => {
  const old = withTimeline(Array.from({ length: 3 }, () => ({ waitingReply: 95, openSilent: 0 })));
  const spec = stuckChart(old, 'c');
  assert.ok(spec.series.some((s) => s.label === 'waiting for reply'));
  assert.match(stuckChartCaption(old), /predates the stuck series, so in-flight waits are included/);
});

test('compare stuck chart: stuck per side, labelled with the threshold', () => {
  const healthy = withTimeline(Array.from({ length: 3 }, () => ({ waitingReply: 95, stuck: 0 })));
  const hung = withTimeline(Array.from({ length: 3 }, () => ({ waitingReply: 100, stuck: 100 })));
  const spec = compareStuckChart(hung, healthy, 'c');
  const labels = spec.series.map((s) => s.label);
  assert.ok(labels.includes('before: VUs stuck > 2 s'), labels.join(', '));
  assert.ok(labels.includes('after: VUs stuck > 2 s'), labels.join(', '));
});
