/**
 * Markdown for pull requests and CI summaries (GitHub-flavoured tables):
 * one report (`imstress report --markdown`) and a comparison
 * (`imstress compare --markdown`). Returns strings.
 */
import { PHASES } from '../metrics/index.js';
import type { Comparison } from '../report/compare.js';
import type { Report } from '../report/schema.js';
import { thresholdActual, verdictBanner } from './console.js';
import { short } from './compare-console.js';
import { changeText, directionWord, metricValue, resultLine, verdictChangeText } from './compare-format.js';
import { count, drainNotRunReason, duration, latency, percent, phasePhrase, rate, shardFacts, targetText, waitNote } from './format.js';
import { digestCaption, digestTopLines, hangDigest } from './digest-text.js';

/** Escapes text for a markdown table cell or inline text. */
export function mdEscape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/([*_`<>[\]])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Inline code, safe for backticks, and for pipes in a table (GFM splits cells on `|` even inside code spans unless escaped). */
const code = (raw: string): string => {
  const text = raw.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
};

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function phaseTable(report: Report): string[] {
  const out = [row(['phase', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'p99 corrected']), row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:'])];
  let any = false;
  for (const p of PHASES) {
    const ph = (report.phases as Partial<Report['phases']>)[p];
    if (ph === undefined || ph.raw.count === 0) continue;
    any = true;
    const r = ph.raw;
    out.push(row([p, count(r.count), latency(r.p50), latency(r.p90), latency(r.p99), latency(r.p999), latency(r.max), latency(ph.corrected.p99)]));
  }
  return any ? out : ['No latencies recorded.'];
}

/** One report as markdown: verdict, evidence, latencies, throughput, errors, drain, thresholds. */
export function renderReportMarkdown(report: Report): string {
  const out: string[] = [`### imstress: ${mdEscape(verdictBanner(report))}`, ''];
  out.push(
    `Scenario ${code(report.scenario)} · ${mdEscape(targetText(report))} · started ${report.startedAt} · ran ${duration(report.durationMs)} · imstress ${mdEscape(report.tool.version)}`,
    '',
  );
  for (const r of report.verdict.reasons.slice(1)) out.push(`- also: ${mdEscape(r)}`);
  const h = report.hang;
  if (h !== null) {
    out.push(`**${mdEscape(h.title)}** — ${mdEscape(h.explanation)}`, '');
    const stuck = Object.entries(h.waitingByPhase).filter(([, n]) => n > 0);
    if (stuck.length > 0) out.push(`Stuck: ${stuck.map(([p, n]) => `${count(n)} ${mdEscape(phasePhrase(p))}`).join(', ')}; open but silent: ${count(h.openSilent)}; server online: ${h.serverOnline ?? 'unknown'}${h.serverOnlineFrozen === true ? ' (frozen)' : ''}`, '');
    const digest = hangDigest(h);
    if (digest !== null) {
      const [first, ...rest] = digestTopLines(digest);
      out.push(`${mdEscape(digestCaption(digest))}: ${mdEscape(first ?? '')}`, '', ...rest.map((l) => `- ${code(l)}`), '');
    }
    if (h.oldestWaits.length > 0) {
      out.push('| oldest waits | phase | waited |', '| --- | --- | ---: |');
      for (const w of h.oldestWaits.slice(0, 5)) {
        const note = waitNote(w);
        out.push(row([mdEscape(w.userID), mdEscape(phasePhrase(w.phase)) + (note === '' ? '' : ` (${mdEscape(note)})`), duration(w.waitedMs)]));
      }
      out.push('');
    }
  }
  out.push('#### Latency (raw; p99 corrected for coordinated omission)', '', ...phaseTable(report), '');
  const t = report.totals;
  out.push(
    '#### Throughput and errors',
    '',
    `${count(t.iterations)} iterations (${rate(report.rates.iterationsPerSec)}/s) · ${count(t.handshakes)} handshakes · ${count(t.replies)} replies · ${count(t.closes)} closes · ${count(t.kicks)} kicked · ${count(t.errors)} errors (${percent(report.rates.errorRate)})`,
    '',
  );
  const errors = Object.entries(report.errors.byKind).filter(([, n]) => n > 0);
  if (errors.length > 0) out.push('| error kind | count |', '| --- | ---: |', ...errors.map(([k, n]) => row([k, count(n)])), '');
  const d = report.drain;
  out.push(`Stalls: ${report.stalls.length} · Drain check: ${d.checked ? `${count(d.ghosts)} ghost sessions (online ${d.baseline ?? '?'} before, ${d.final ?? '?'} after)` : `not run (${mdEscape(drainNotRunReason(d))})`}`, '');
  if (report.thresholds.length > 0) {
    out.push('| threshold | actual | |', '| --- | ---: | --- |');
    for (const th of report.thresholds) out.push(row([code(th.source), thresholdActual(th), th.passed ? '✅ met' : '❌ breached']));
    out.push('');
  }
  const shards = report.shards ?? [];
  if (shards.length > 0) {
    out.push(`#### Shards (${shards.length})`, '', '| shard report | verdict | |', '| --- | --- | --- |');
    for (const sh of shards) out.push(row([code(sh.file), `**${sh.verdict.status}**`, mdEscape(shardFacts(sh))]));
    out.push('', ...(report.notes ?? []).map((n) => `- note: ${mdEscape(n)}`));
    if ((report.notes ?? []).length > 0) out.push('');
  }
  return `${out.join('\n')}\n`;
}

/** A comparison as markdown, for a pull request comment. */
export function renderCompareMarkdown(c: Comparison, reports: { readonly base?: Report; readonly head?: Report } = {}): string {
  const v = c.verdictChange;
  const icon = c.regression ? '❌' : v.worsened ? '⚠️' : '✅';
  const out: string[] = [`### ${icon} imstress compare: ${mdEscape(verdictChangeText(c))}`, ''];
  out.push(row(['', 'base', 'head']), row(['---', '---', '---']));
  out.push(row(['report', c.base.file === undefined ? '–' : code(c.base.file), c.head.file === undefined ? '–' : code(c.head.file)]));
  out.push(row(['scenario', code(c.base.scenario), code(c.head.scenario)]));
  if (reports.base !== undefined || reports.head !== undefined) out.push(row(['target', mdEscape(targetText(reports.base)), mdEscape(targetText(reports.head))]));
  out.push(row(['started', c.base.startedAt, c.head.startedAt]), row(['verdict', `**${c.base.verdict}**`, `**${c.head.verdict}**`]));
  for (const d of c.configChanges) out.push(row([`config ${code(d.key)}`, code(short(d.base)), code(short(d.head))]));
  out.push('');
  out.push(row(['metric', 'base', 'head', 'change', '']), row(['---', '---:', '---:', '---:', '---']));
  for (const m of c.metrics) {
    const dir = directionWord(m);
    out.push(row([code(m.metric), metricValue(m.base, m.unit, m.metric), metricValue(m.head, m.unit, m.metric), changeText(m), dir === 'worse' ? '🔺 worse' : dir === 'better' ? '🟢 better' : '']));
  }
  out.push('', '_Latencies are raw, recomputed from the encoded histograms._', '');
  if (c.rules.length > 0) {
    out.push('**Rules** (`--max-regression`)', '');
    for (const r of c.rules) out.push(`- ${r.passed ? '✅' : '❌'} ${mdEscape(r.message)}`);
    out.push('');
  }
  out.push(`**${mdEscape(resultLine(c))}**`, '');
  return `${out.join('\n')}\n`;
}
