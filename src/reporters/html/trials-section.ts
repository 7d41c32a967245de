/**
 * The `--trials` part of the HTML pages: the survival curve of time to hang
 * (Kaplan–Meier, drawn as steps) and one row per trial with where it hung;
 * on the compare page, both sides' curves and the "is it fixed?" sentence.
 */
import type { Comparison } from '../../report/compare.js';
import type { Report, ReportTrials } from '../../report/schema.js';
import { differenceText, formatP } from '../../report/trials/compare.js';
import { reportTrials, survivalObservations } from '../../report/trials/section.js';
import { kaplanMeier } from '../../report/trials/stats.js';
import { proportionText, waitingText } from '../../trials/text.js';
import { count, duration } from '../format.js';
import { joinOnX, palette, type ChartSpec, type XY } from './chart-spec.js';
import { escapeHtml as e } from './escape.js';
import { chartBlock, htmlTable } from './page.js';

/** The survival chart's element id on both pages. */
const SURVIVAL_CHART_ID = 'chart-survival';

/** A step between two points is drawn as a near-vertical drop this many seconds wide (uPlot joins points with lines). */
const STEP_S = 0.001;

/** A Kaplan–Meier curve as points: % not yet hung against seconds, from 0 to the longest trial. */
function survivalXY(steps: readonly { atMs: number; survival: number }[], endMs: number): XY {
  const x: number[] = [0];
  const y: number[] = [100];
  let last = 100;
  for (const s of steps) {
    const t = s.atMs / 1000;
    x.push(t, t + STEP_S);
    y.push(last, s.survival * 100);
    last = s.survival * 100;
  }
  const end = Math.max(endMs / 1000, (x[x.length - 1] ?? 0) + STEP_S);
  x.push(end);
  y.push(last);
  return { x, y };
}

function chart(curves: readonly XY[], labels: readonly { label: string; color: string; dash?: boolean }[]): ChartSpec {
  const joined = joinOnX(curves);
  return {
    id: SURVIVAL_CHART_ID,
    kind: 'time',
    yLabel: '% of trials not hung',
    x: joined.x,
    series: labels.map((l, i) => ({
      label: l.label,
      color: l.color,
      values: joined.ys[i] ?? [],
      scale: 'y',
      unit: 'count',
      ...(l.dash === true ? { dash: true } : {}),
    })),
    bands: [],
    markers: [],
    spanGaps: true,
  };
}

const longest = (r: Report): number => Math.max(r.durationMs, ...reportTrials(r).map((t) => t.durationMs));

/** The survival chart of a trial report; null for a single run. */
export function survivalChart(report: Report): ChartSpec | null {
  const t = report.trials;
  if (t === undefined) return null;
  return chart([survivalXY(t.survival.steps, longest(report))], [{ label: 'not hung (Kaplan–Meier)', color: palette.head }]);
}

function trialRows(t: ReportTrials): string[][] {
  return t.list.map((x) => [
    e(x.index) + (x.index === t.detailTrial ? ' <span class="muted">(details)</span>' : ''),
    x.timeToHangMs !== null ? '<span class="bad">hang</span>' : e(x.verdict),
    e(x.timeToHangMs === null ? '–' : duration(x.timeToHangMs)),
    e(x.hangKind ?? ''),
    e(waitingText(x.waitingByPhase) || '–'),
    e(count(x.iterations)),
    e(count(x.kicks)),
    e(count(x.ghosts)),
    e(count(x.errors)),
    e(duration(x.durationMs)),
  ]);
}

/** The trials section of a report page; empty for a single run. */
export function trialsSectionHtml(report: Report): string {
  const t = report.trials;
  if (t === undefined) return '';
  const stopped =
    t.stoppedEarly === 'until-hang'
      ? ' (stopped at the first hang)'
      : t.stoppedEarly === 'interrupted'
        ? ' (interrupted)'
        : t.stoppedEarly === 'error'
          ? ' (stopped by an error)'
          : '';
  const median = t.survival.medianMs === null ? 'median not reached (fewer than half hung)' : `median ${duration(t.survival.medianMs)}`;
  return [
    `<section id="trials"><h2>Trials: ${e(t.list.length)} of ${e(t.planned)} run${e(stopped)}</h2>`,
    `<p id="trials-rates">hung: <b>${e(proportionText(t.hang))}</b> · leaked: ${e(proportionText(t.leak))} · time to hang: ${e(median)}, ${e(Math.round(t.survival.aliveAtEnd * 100))}% estimated still running at the end</p>`,
    chartBlock(
      SURVIVAL_CHART_ID,
      'Time to hang (survival over trials)',
      'share of trials not yet hung against time since each trial started (Kaplan–Meier; trials that did not hang count until their end)',
    ),
    `<div class="scroll" id="trial-rows">${htmlTable(['trial', 'verdict', 'hung at', 'kind', 'where (VUs waiting)', 'iterations', 'kicks', 'ghosts', 'errors', 'ran'], trialRows(t), [5, 6, 7, 8])}</div>`,
    `<p class="muted">the rest of this page is trial ${e(t.detailTrial)}'s full report</p>`,
    '</section>',
  ].join('\n');
}

/** Both sides' survival curves on the compare page. */
export function compareSurvivalChart(base: Report, head: Report): ChartSpec {
  const side = (r: Report): XY =>
    survivalXY(
      kaplanMeier(survivalObservations(reportTrials(r))).steps.map((s) => ({ atMs: s.time, survival: s.survival })),
      longest(r),
    );
  return chart(
    [side(base), side(head)],
    [
      { label: 'before', color: palette.base, dash: true },
      { label: 'after', color: palette.head },
    ],
  );
}

/** The "is it fixed?" section of the compare page. */
export function isItFixedSection(c: Comparison, withChart: boolean): string {
  const t = c.trials;
  if (t === undefined) return '';
  const cls = t.significantlyWorse ? 'bad' : t.conclusion === 'fixed' || t.conclusion === 'better' ? 'good' : 'muted';
  const lr = t.logRank === null ? '' : ` · log-rank p = ${formatP(t.logRank.p)}`;
  return [
    `<section id="is-it-fixed" data-conclusion="${e(t.conclusion)}"><h2>Is it fixed?</h2>`,
    `<p class="${cls}" id="conclusion"><b>${e(t.text)}</b></p>`,
    t.conclusion === 'one-run'
      ? ''
      : `<p>hung before: ${e(proportionText(t.base))} · after: ${e(proportionText(t.head))} · change ${e(differenceText(t))} · Fisher's exact test p = ${e(formatP(t.fisherP))}${e(lr)}</p>`,
    withChart
      ? chartBlock(
          SURVIVAL_CHART_ID,
          'Time to hang, before and after',
          'share of trials not yet hung against time since each trial started (Kaplan–Meier); dashed grey: before',
        )
      : '',
    '</section>',
  ].join('\n');
}
