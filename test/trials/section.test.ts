/**
 * The trials section, the trial loop and the trials comparison, on reports
 * built by the real report builder (test/report/fixtures.ts). Expected
 * statistics come from src/report/trials/stats.ts, itself pinned to published
 * values in stats.test.ts; here the question is whether the right trials go
 * into them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports, comparisonExitCode } from '../../src/report/compare.js';
import { reportShapeIssues } from '../../src/report/shape.js';
import type { Report } from '../../src/report/schema.js';
import { ExitCode } from '../../src/errors.js';
import { mergeReports } from '../../src/report/merge.js';
import { combineTrials, reportTrials } from '../../src/report/trials/section.js';
import { runTrials } from '../../src/trials/loop.js';
import { compareTrials, formatP } from '../../src/report/trials/compare.js';
import { fisherExact, wilson } from '../../src/report/trials/stats.js';
import { trialsSummaryLines } from '../../src/trials/text.js';
import { renderCompareConsole } from '../../src/reporters/compare-console.js';
import { renderCompareMarkdown } from '../../src/reporters/markdown.js';
import { hangEvidence, report } from '../report/fixtures.js';

const plan = (planned: number, untilHang = false) => ({ planned, untilHang, betweenTrialsMs: 0 });
const okRun = (): Report => report();
const hungAt = (atMs: number): Report => report({ hang: hangEvidence({ atMs, noProgressSinceMs: atMs - 1000 }), end: 'hang-abort' });
const leaked = (): Report => report({ drain: { checked: true, baseline: 0, final: 3, ghosts: 3, waitedMs: 10_000 } });

function trialReport(outcomes: readonly Report[]): Report {
  return combineTrials(outcomes, plan(outcomes.length), null);
}

test('combineTrials: the first hung trial speaks for the run; rates with Wilson intervals; Kaplan–Meier over time to hang', () => {
  const r = combineTrials([okRun(), hungAt(4000), leaked(), hungAt(2000)], plan(4), null);
  assert.equal(r.verdict.status, 'hang', 'the worst verdict of any trial');
  assert.equal(r.hang?.atMs, 4000, "the body is trial 2's report, the first that hung");
  const t = r.trials;
  assert.ok(t !== undefined);
  assert.equal(t.detailTrial, 2);
  assert.deepEqual([t.hang.k, t.hang.n, t.leak.k, t.leak.n], [2, 4, 1, 4]);
  assert.deepEqual([t.hang.low, t.hang.high], [wilson(2, 4).low, wilson(2, 4).high]);
  // Two trials ran 10 s without hanging (censored); hangs at 2 s and 4 s: S = 3/4, then 3/4 · 2/3 = 1/2.
  assert.deepEqual(
    t.survival.steps.map((s) => [s.atMs, s.atRisk, s.hung]),
    [
      [2000, 4, 1],
      [4000, 3, 1],
    ],
  );
  assert.equal(t.survival.steps[1]?.survival, 0.5);
  assert.equal(t.survival.medianMs, 4000);
  assert.deepEqual(
    t.list.map((x) => x.verdict),
    ['ok', 'hang', 'leak', 'hang'],
  );
  assert.deepEqual(reportShapeIssues(JSON.parse(JSON.stringify(r)), 'r.json'), []);
  const lines = trialsSummaryLines(t).join('\n');
  assert.match(lines, /hung: +2 of 4 \(50%, 95% CI 15%–85%\)/);
  assert.match(lines, /trial 2\/4: HANG at 4\.0 s, progress stopped at 3\.0 s \(open-but-silent/);
});

test('without a hang the worst verdict speaks; a broken trials section is named by key', () => {
  const r = combineTrials([okRun(), leaked(), okRun()], plan(3), null);
  assert.equal(r.verdict.status, 'leak');
  assert.equal(r.trials?.detailTrial, 2);
  assert.equal(r.trials?.survival.medianMs, null);
  assert.match(
    trialsSummaryLines(r.trials ?? assert.fail()).join('\n'),
    /no hang in 3 trials: the hang probability is below 63% with 95% confidence/,
  );
  const broken = JSON.parse(JSON.stringify(r)) as { trials: { hang: { k: unknown } } };
  broken.trials.hang.k = 'two';
  assert.deepEqual(
    reportShapeIssues(broken, 'r.json').map((i) => i.where),
    ['r.json:trials.hang.k'],
  );
});

test('trials stopped by Ctrl-C: the report is interrupted (exit 130), each trial keeps its verdict', () => {
  const r = combineTrials([okRun(), hungAt(3000)], plan(4), 'interrupted');
  assert.equal(r.verdict.status, 'interrupted');
  assert.equal(r.verdict.exitCode, ExitCode.interrupted);
  assert.equal(r.interrupted, true);
  assert.match(r.verdict.reasons[0] ?? '', /after 2 of 4 trials: the report is partial/);
  assert.equal(r.hang?.atMs, 3000, 'the body is still the hung trial');
  assert.deepEqual(
    r.trials?.list.map((t) => t.verdict),
    ['ok', 'hang'],
  );
  assert.equal(r.trials?.hang.k, 1);
});

test('runTrials: all N, --until-hang stops at the first hang, an interrupt stops the rest, pauses only between trials', async () => {
  const sequence = [okRun(), hungAt(3000), okRun(), okRun()];
  const run = async (untilHang: boolean, interruptAfter = Infinity) => {
    let pauses = 0;
    let ran = 0;
    const out = await runTrials({
      plan: { planned: 4, untilHang, betweenTrialsMs: 500 },
      runTrial: (i) => {
        ran = i;
        return Promise.resolve(sequence[i - 1] ?? okRun());
      },
      interrupted: () => ran >= interruptAfter,
      pause: () => {
        pauses++;
        return Promise.resolve();
      },
    });
    return { n: out.reports.length, stopped: out.stoppedEarly, pauses };
  };
  assert.deepEqual(await run(false), { n: 4, stopped: null, pauses: 3 });
  assert.deepEqual(await run(true), { n: 2, stopped: 'until-hang', pauses: 1 });
  assert.deepEqual(await run(false, 1), { n: 1, stopped: 'interrupted', pauses: 0 });
  assert.deepEqual(await run(false, 4), { n: 4, stopped: 'interrupted', pauses: 3 }, 'interrupted in the last trial: still partial');
});

test('compare of trial reports: 0/5 → 5/5 is worse with Fisher p = 0.0079 and exits 6; the reverse is fixed and exits 0', () => {
  const good = trialReport([okRun(), okRun(), okRun(), okRun(), okRun()]);
  const bad = trialReport([hungAt(2000), hungAt(3000), hungAt(5000), hungAt(1000), hungAt(4000)]);
  const p = fisherExact(0, 5, 5, 0);
  const worse = compareReports(good, bad, []);
  assert.equal(worse.trials?.conclusion, 'worse');
  assert.equal(worse.trials?.fisherP, p);
  assert.equal(formatP(p), '0.0079');
  assert.equal(comparisonExitCode(worse), ExitCode.regression);
  assert.match(
    renderCompareConsole(worse, { color: false }),
    /hangs MORE often with 95% confidence: 0\/5 hung before, 5\/5 after \(p = 0\.0079\)/,
  );
  const fixed = compareReports(bad, good, []);
  assert.equal(fixed.trials?.conclusion, 'fixed');
  assert.equal(comparisonExitCode(fixed), ExitCode.ok);
  assert.equal(fixed.trials?.difference.estimate, -1);
  const md = renderCompareMarkdown(fixed);
  assert.match(md, /\*\*Is it fixed\?\*\* fixed with 95% confidence: 5\/5 hung before, 0\/5 after \(p = 0\.0079\)/);
  assert.match(md, /hang probability −100 points \(95% CI −100 to −\d+\)/);
});

test('compare: too few trials say so and how many would do; the log-rank test only when both sides hung', () => {
  const c = compareTrials(trialReport([hungAt(2000), okRun(), okRun()]), trialReport([okRun(), okRun(), okRun()]));
  assert.equal(c.conclusion, 'not-enough-evidence');
  assert.equal(c.logRank, null);
  assert.ok(c.trialsNeeded !== null && c.trialsNeeded > 3);
  assert.match(
    c.text,
    new RegExp(`^not enough evidence: 1/3 vs 0/3 hung \\(p = 1\\.0\\); run at least ${c.trialsNeeded} trials on each side$`),
  );
  const both = compareTrials(trialReport([hungAt(1000), hungAt(2000), okRun()]), trialReport([hungAt(8000), okRun(), okRun()]));
  assert.ok(both.logRank !== null);
  assert.match(both.text, /time to hang: median 2\.0 s before, not reached after \(log-rank p = /);
  const one = compareTrials(okRun(), hungAt(1000));
  assert.equal(one.conclusion, 'one-run');
  assert.match(one.text, /one run cannot show a fix/);
  assert.deepEqual(
    reportTrials(okRun()).map((t) => t.verdict),
    ['ok'],
  );
});

test('merge of a --trials report notes that only its detailed trial is merged', () => {
  const a = trialReport([okRun(), okRun()]);
  const b = report({ startedAt: '2024-05-06T07:09:09.000Z' });
  const merged = mergeReports(
    [
      { file: 'a.json', report: a },
      { file: 'b.json', report: b },
    ],
    '0.1.0',
  );
  assert.ok(
    (merged.notes ?? []).some((n) => /^a\.json: --trials report: only the trial each report details is merged/.test(n)),
    JSON.stringify(merged.notes),
  );
  assert.equal(merged.trials, undefined);
});

test('trials whose target was lost or unavailable are not judged: a build that crashes is never "fixed"', () => {
  const lost = (): Report =>
    report({ outages: [{ startMs: 2000, endMs: null, lengthMs: 8000, errorsByKind: { 'connection-refused': 40 } }] });
  const lostRun = lost();
  assert.equal(lostRun.verdict.status, 'target-lost', 'the fixture is a run that lost its target');
  const base = trialReport([hungAt(3000), hungAt(4000), hungAt(5000)]);
  const head = trialReport([lost(), lost(), lost()]);
  const t = head.trials;
  assert.ok(t !== undefined);
  assert.deepEqual([t.hang.k, t.hang.n], [0, 0], 'no trial judged');
  assert.match(trialsSummaryLines(t).join('\n'), /not judged: 3 trials/);
  const c = compareReports(base, head, []);
  assert.equal(comparisonExitCode(c), ExitCode.regression, 'hang → target-lost is worse, not fixed');
  assert.doesNotMatch(renderCompareConsole(c, { color: false }), /fixed with/);
});

test('runTrials: a later trial that fails to run keeps the trials before it; the first one failing is the run failing; a broken trial stops the rest', async () => {
  const boom = new Error('token API timed out');
  const loop = (failAt: number, brokenAt = Infinity) =>
    runTrials({
      plan: plan(5),
      runTrial: (i) => (i === failAt ? Promise.reject(boom) : Promise.resolve(okRun())),
      interrupted: () => false,
      pause: () => Promise.resolve(),
      broken: (r) => r !== null && brokenAt-- <= 1,
    });
  const later = await loop(3);
  assert.deepEqual([later.reports.length, later.stoppedEarly, later.error], [2, 'error', boom]);
  const section = combineTrials(later.reports, plan(5), later.stoppedEarly).trials;
  assert.equal(section?.stoppedEarly, 'error');
  assert.match(trialsSummaryLines(section ?? assert.fail('no section')).join('\n'), /2 of 5 run \(stopped by an error/);
  await assert.rejects(loop(1), boom);
  const broken = await loop(Infinity, 2);
  assert.deepEqual([broken.reports.length, broken.stoppedEarly, broken.error], [2, 'error', undefined]);
});
