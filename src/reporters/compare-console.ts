/**
 * `imstress compare` in the terminal: the verdict change first, then one row
 * per metric (base, head, change, better/worse), the rules with their
 * outcome, and the result line. Returns a string.
 */
import type { Comparison } from '../report/compare.js';
import type { Report } from '../report/schema.js';
import { table, targetText } from './format.js';
import { changeText, directionWord, metricValue, resultLine, trialsLines, verdictChangeText } from './compare-format.js';
import { createStyle } from './style.js';

/** Options of {@link renderCompareConsole}. */
export interface CompareConsoleOptions {
  readonly color: boolean;
  /** The two reports, for the target line (optional). */
  readonly base?: Report;
  readonly head?: Report;
}

/** A config value for one line: compact JSON, cut at 60 characters. */
export const short = (json: string): string => (json.length > 60 ? `${json.slice(0, 57)}…` : json);

/** The comparison as terminal text. */
export function renderCompareConsole(c: Comparison, options: CompareConsoleOptions): string {
  const s = createStyle(options.color);
  const v = c.verdictChange;
  const verdict = `verdict: ${verdictChangeText(c)}`;
  const out: string[] = [v.improved ? s.ok(s.bold(verdict)) : v.worsened ? s.bad(s.bold(verdict)) : s.bold(verdict)];
  const sideRows = [
    ['', 'report', 'scenario', 'target', 'started', 'verdict'].map((h) => s.dim(h)),
    ['base', c.base.file ?? '-', c.base.scenario, targetText(options.base) || '-', c.base.startedAt, c.base.verdict],
    ['head', c.head.file ?? '-', c.head.scenario, targetText(options.head) || '-', c.head.startedAt, c.head.verdict],
  ];
  out.push(...table(sideRows));
  if (c.configChanges.length > 0) {
    out.push(s.warn(`  configuration differs: ${c.configChanges.map((d) => `${d.key} ${short(d.base)} → ${short(d.head)}`).join('; ')}`));
  }
  const tl = trialsLines(c);
  if (tl.length > 0) {
    const paint =
      c.trials?.significantlyWorse === true ? s.bad : c.trials?.conclusion === 'fixed' || c.trials?.conclusion === 'better' ? s.ok : s.warn;
    out.push(s.heading('Is it fixed? (hang rate over trials)'), `  ${paint(tl[0] ?? '')}`, ...tl.slice(1).map((l) => `  ${l}`));
  }
  out.push('');
  const rows: string[][] = [['metric', 'base', 'head', 'change', ''].map((h) => s.dim(h))];
  for (const m of c.metrics) {
    const dir = directionWord(m);
    const paint = dir === 'worse' ? s.bad : dir === 'better' ? s.ok : (x: string): string => x;
    rows.push([m.metric, metricValue(m.base, m.unit, m.metric), metricValue(m.head, m.unit, m.metric), paint(changeText(m)), paint(dir)]);
  }
  out.push(s.heading('Metrics (latencies raw, recomputed from the histograms)'), ...table(rows), '');
  if (c.rules.length > 0) {
    out.push(s.heading('Rules (--max-regression)'));
    for (const r of c.rules) out.push(r.passed ? s.ok(`  ✓ ${r.message}`) : s.bad(`  ✗ ${r.message}`));
    out.push('');
  }
  const line = resultLine(c);
  out.push(c.regression ? s.bad(s.bold(line)) : c.rules.length === 0 ? s.dim(line) : s.ok(s.bold(line)));
  return `${out.join('\n')}\n`;
}
