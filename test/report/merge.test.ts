/**
 * mergeReports: exact histogram merge, summed counters, wall-clock timeline
 * alignment, worst-of-shards verdict with each shard's own kept, and every
 * incompatibility listed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LatencyHistogram, MetricsRecorder, PHASES, Timeline } from '../../src/metrics/index.js';
import type { ErrorKind } from '../../src/protocol/adapter.js';
import { timelineSeries } from '../../src/engine/result.js';
import { mergeReports, mergeIssues } from '../../src/report/merge.js';
import { ImstressError } from '../../src/errors.js';
import type { Report } from '../../src/report/schema.js';
import { seededRandom } from '../helpers/random.js';
import { hangEvidence, report, threshold } from './fixtures.js';

/** Latency-like samples: mostly a few ms, a long tail up to seconds. */
function samples(seed: number, n: number): number[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const u = rnd();
    return u < 0.98 ? 1 + rnd() * 20 : 100 + rnd() * 5000;
  });
}

function recorderOf(values: Record<string, readonly number[]>): MetricsRecorder<ErrorKind> {
  const r = new MetricsRecorder<ErrorKind>();
  for (const [phase, list] of Object.entries(values)) for (const v of list) r.record(phase as (typeof PHASES)[number], v, 50);
  return r;
}

const at = (iso: string, offsetMs: number): string => new Date(Date.parse(iso) + offsetMs).toISOString();
const T0 = '2024-05-06T07:08:09.000Z';

test('merging two shards gives exactly the percentiles of one histogram holding both shards’ samples', () => {
  const a = { handshake: samples(1, 3000), reply: samples(2, 5000), close: samples(3, 3000), iteration: samples(4, 3000) };
  const b = { handshake: samples(5, 2000), reply: samples(6, 7000), close: samples(7, 1000), iteration: samples(8, 4000) };
  const both = recorderOf({
    handshake: [...a.handshake, ...b.handshake],
    reply: [...a.reply, ...b.reply],
    close: [...a.close, ...b.close],
    iteration: [...a.iteration, ...b.iteration],
  });
  const ra = report({ metrics: recorderOf(a).snapshot(), startedAt: T0 });
  const rb = report({ metrics: recorderOf(b).snapshot(), startedAt: at(T0, 2500) });
  const merged = mergeReports(
    [
      { file: 'a.json', report: ra },
      { file: 'b.json', report: rb },
    ],
    '0.1.0',
  );
  const expected = both.snapshot();
  for (const p of PHASES) {
    assert.deepEqual(merged.phases[p].raw, expected.phases[p].raw, `${p} raw summary`);
    assert.deepEqual(merged.phases[p].corrected, expected.phases[p].corrected, `${p} corrected summary`);
    const got = LatencyHistogram.decode(merged.phases[p].histogram);
    for (const q of [50, 75, 90, 95, 99, 99.9, 99.99, 100]) assert.equal(got.percentileMs(q), both.raw(p).percentileMs(q), `${p} p${q}`);
    assert.deepEqual(got.percentileCurve(), both.raw(p).percentileCurve());
  }
});

test('counters are summed, rates recomputed over the wall-clock span, timelines aligned on startedAt', () => {
  const tl = (): ReturnType<Timeline<keyof typeof timelineSeries>['toJSON']> => {
    const t = new Timeline({ intervalMs: 1000, kinds: timelineSeries });
    for (let s = 1; s <= 4; s++) t.sample(s * 1000, { iterations: 10, open: 5, serverOnline: 7 });
    return t.toJSON();
  };
  const ra = report({ startedAt: T0, durationMs: 4000, timeline: tl() });
  const rb = report({ startedAt: at(T0, 2000), durationMs: 4000, timeline: tl() });
  const merged = mergeReports(
    [
      { file: 'a.json', report: ra },
      { file: 'b.json', report: rb },
    ],
    '0.1.0',
  );
  assert.equal(merged.startedAt, T0);
  assert.equal(merged.durationMs, 6000);
  assert.equal(merged.totals.iterations, ra.totals.iterations + rb.totals.iterations);
  assert.equal(merged.totals.errors, ra.totals.errors + rb.totals.errors);
  assert.equal(merged.errors.byKind['reply-timeout'], ra.errors.byKind['reply-timeout'] * 2);
  assert.equal(merged.rates.iterationsPerSec, merged.totals.iterations / 6);
  const series = merged.timeline.samples.map((s) => [s.tMs, s.values.iterations, s.values.open]);
  // a covers 1–4 s, b 3–6 s on a's clock: the overlap sums, counters keep their total
  assert.deepEqual(series, [
    [1000, 10, 5],
    [2000, 10, 5],
    [3000, 20, 10],
    [4000, 20, 10],
    [5000, 10, 5],
    [6000, 10, 5],
  ]);
  const sum = (r: Report): number => r.timeline.samples.reduce((n, s) => n + (s.values.iterations ?? 0), 0);
  assert.equal(sum(merged), sum(ra) + sum(rb));
  assert.deepEqual(
    merged.shards?.map((s) => [s.file, s.offsetMs]),
    [
      ['a.json', 0],
      ['b.json', 2000],
    ],
  );
  assert.deepEqual(
    merged.stalls.map((s) => s.startMs),
    [ra.stalls[0]?.startMs, (rb.stalls[0]?.startMs ?? 0) + 2000],
  );
});

test('the verdict is the worst shard’s; each shard keeps its own; thresholds are re-evaluated on the merged numbers', () => {
  const th = [threshold('reply.p99<10s', 'reply.p99', '<', 10_000)];
  const ok = report({ startedAt: T0 }, { thresholds: th });
  const hung = report({ startedAt: at(T0, 1000), end: 'hang-abort', hang: hangEvidence() }, { thresholds: th });
  assert.equal(ok.verdict.status, 'ok');
  assert.equal(hung.verdict.status, 'hang');
  const merged = mergeReports(
    [
      { file: 'ok.json', report: ok },
      { file: 'hung.json', report: hung },
    ],
    '0.1.0',
  );
  assert.equal(merged.verdict.status, 'hang');
  assert.equal(merged.verdict.exitCode, hung.verdict.exitCode);
  assert.deepEqual(
    merged.shards?.map((s) => s.verdict.status),
    ['ok', 'hang'],
  );
  assert.equal(merged.hang?.atMs, hangEvidence().atMs + 1000, 'hang time on the merged clock');
  assert.equal(merged.end, 'hang-abort');
  assert.equal(merged.thresholds.length, 1);
  assert.equal(merged.thresholds[0]?.actual, LatencyHistogram.decode(merged.phases.reply.histogram).percentileMs(99));
});

test('different scenarios or configurations: every problem listed with the file and the key', () => {
  const base = report({ startedAt: T0 });
  const otherScenario = report({ startedAt: at(T0, 1) }, { scenario: 'other' });
  const otherConfig = report({ startedAt: at(T0, 2) }, { messages: 3, users: 50, userOffset: 50 });
  const issues = mergeIssues([
    { file: 'a.json', report: base },
    { file: 'b.json', report: otherScenario },
    { file: 'c.json', report: otherConfig },
  ]);
  assert.deepEqual(
    issues.map((i) => i.where),
    // The user pool is one run's, so users and userOffset must be equal too (--shard splits it).
    ['b.json:scenario', 'b.json:config.scenario', 'c.json:config.messages', 'c.json:config.userOffset', 'c.json:config.users'],
  );
  assert.match(issues[0]?.message ?? '', /"other" differs from "churn" in a\.json/);
  assert.throws(
    () =>
      mergeReports(
        [
          { file: 'a.json', report: base },
          { file: 'c.json', report: otherConfig },
        ],
        '0.1.0',
      ),
    (err: unknown) => err instanceof ImstressError && err.exit === 'usage' && /c\.json:config\.messages/.test(err.message),
  );
  assert.match(mergeIssues([{ file: 'a.json', report: base }])[0]?.message ?? '', /at least 2 reports/);
});

/** Shard I/N of one run, started `offsetMs` after T0. */
const shardOf = (
  index: number,
  count: number,
  offsetMs: number,
  result: Parameters<typeof report>[0] = {},
  config: Parameters<typeof report>[1] = {},
): Report => report({ startedAt: at(T0, offsetMs), ...result }, { shard: { index, count }, ...config });

test('shards must fit together: no file twice, one shard count, no unsharded report among shards, each index once', () => {
  const s0 = shardOf(0, 4, 0);
  const where = (inputs: Array<readonly [string, Report]>): string[] =>
    mergeIssues(inputs.map(([file, r]) => ({ file, report: r }))).map((i) => i.where);
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['a.json', s0],
    ]),
    ['a.json'],
    'the same path twice',
  );
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['copy-of-a.json', s0],
    ]),
    ['copy-of-a.json:startedAt'],
    'one run under two names (same start, host and pid)',
  );
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['b.json', shardOf(1, 8, 10)],
    ]),
    ['b.json:shard'],
    '/4 with /8',
  );
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['b.json', report({ startedAt: at(T0, 10) })],
    ]),
    ['b.json:shard'],
    'an unsharded report among shards',
  );
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['b.json', shardOf(1, 4, 10)],
      ['c.json', shardOf(1, 4, 20)],
    ]),
    ['c.json:shard.index'],
    'index 1 twice',
  );
  assert.deepEqual(
    where([
      ['a.json', s0],
      ['b.json', shardOf(1, 4, 10)],
    ]),
    [],
    'two distinct shards of one set',
  );
  const twice = mergeIssues([
    { file: 'a.json', report: s0 },
    { file: 'a.json', report: s0 },
  ]);
  assert.match(twice[0]?.message ?? '', /given twice/);
  // A merged report given again with one of its own shards is caught too.
  const m = mergeReports(
    [
      { file: 'a.json', report: s0 },
      { file: 'b.json', report: shardOf(1, 4, 10) },
    ],
    '0.1.0',
  );
  assert.deepEqual(
    where([
      ['m.json', m],
      ['b2.json', shardOf(1, 4, 10)],
    ]),
    ['b2.json:startedAt'],
  );
});

test('missing shard indices merge with a note, and each shard records its index', () => {
  const merged = mergeReports(
    [
      { file: 'a.json', report: shardOf(0, 4, 0) },
      { file: 'c.json', report: shardOf(2, 4, 10) },
    ],
    '0.1.0',
  );
  assert.deepEqual(
    merged.shards?.map((s) => s.shard?.index),
    [0, 2],
  );
  const missing = (r: Report): string[] => (r.notes ?? []).filter((n) => /missing/.test(n));
  assert.equal(missing(merged).length, 1);
  assert.match(missing(merged)[0] ?? '', /^shards 1, 3 of 4 missing: the merged report covers 2 of 4 shards/);
  const all = mergeReports(
    [0, 1].map((i) => ({ file: `s${i}.json`, report: shardOf(i, 2, i * 10) })),
    '0.1.0',
  );
  assert.deepEqual(missing(all), [], 'a complete set misses nothing');
});

test('the merged verdict judges thresholds only on the merged numbers', () => {
  // Each shard ran 995 iterations: each alone breaches iterations.count>1500, the merged run (1990) does not.
  const th = [threshold('iterations.count>1500', 'iterations.count', '>', 1500)];
  const a = shardOf(0, 2, 0, {}, { thresholds: th });
  const b = shardOf(1, 2, 10, {}, { thresholds: th });
  assert.equal(a.verdict.status, 'thresholds-failed');
  const merged = mergeReports(
    [
      { file: 'a.json', report: a },
      { file: 'b.json', report: b },
    ],
    '0.1.0',
  );
  assert.equal(merged.thresholds[0]?.actual, a.totals.iterations + b.totals.iterations);
  assert.equal(merged.thresholds[0]?.passed, true);
  assert.equal(merged.verdict.status, 'ok');
  assert.deepEqual(merged.verdict.reasons, []);
});

test('one unreachable shard is a reason of its own; target-unavailable only when no shard connected', () => {
  const down = {
    end: 'target-unavailable' as const,
    totals: {
      iterations: 0,
      connects: 50,
      handshakes: 0,
      replies: 0,
      pushes: 0,
      closes: 0,
      kicks: 0,
      errors: 50,
      missedIterationsEstimate: 0,
    },
  };
  const up = shardOf(0, 2, 0);
  const lost = shardOf(1, 2, 10, down);
  assert.equal(lost.verdict.status, 'target-unavailable');
  const merged = mergeReports(
    [
      { file: 'up.json', report: up },
      { file: 'lost.json', report: lost },
    ],
    '0.1.0',
  );
  assert.equal(merged.verdict.status, 'ok');
  assert.equal(merged.end, 'completed');
  assert.deepEqual(merged.verdict.reasons, ['shard lost.json: target unavailable: none of its virtual users reached the target']);
  const none = mergeReports(
    [
      { file: 'a.json', report: shardOf(0, 2, 0, down) },
      { file: 'b.json', report: lost },
    ],
    '0.1.0',
  );
  assert.equal(none.verdict.status, 'target-unavailable');
  assert.equal(none.end, 'target-unavailable');
});

test('shards on one shared server: a note that their drain checks are not additive', () => {
  const drain = { checked: true, baseline: 10, final: 12, ghosts: 2, waitedMs: 500 };
  const merged = mergeReports(
    [
      { file: 'a.json', report: shardOf(0, 2, 0, { drain }) },
      { file: 'b.json', report: shardOf(1, 2, 10, { drain }) },
    ],
    '0.1.0',
  );
  assert.ok(
    merged.notes?.some((n) => /not additive/.test(n)),
    JSON.stringify(merged.notes),
  );
});
