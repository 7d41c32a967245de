/**
 * Markdown for pull requests and CI summaries (GitHub-flavoured tables):
 * one report (`imstress report --markdown`) and a comparison
 * (`imstress compare --markdown`). Returns strings.
 */
import { connectionEndsText } from './connection-ends.js';
import { headline } from '../report/headline.js';
import { PHASES } from '../metrics/index.js';
import type { Comparison } from '../report/compare.js';
import type { Report } from '../report/schema.js';
import { thresholdActual, verdictBanner } from './console.js';
import { short } from './compare-console.js';
import { changeText, directionWord, metricValue, resultLine, trialsLines, verdictChangeText } from './compare-format.js';
import { openimText } from './openim-text.js';
import { trialsSummaryLines } from '../trials/text.js';
import { count, drainNotRunReason, duration, latency, percent, phasePhrase, rate, shardFacts, targetText, waitNote } from './format.js';
import { outageText, outagesOf } from './outage-text.js';
import { hintsOf } from './hints.js';
import { digestCaption, digestTopLines, hangDigest } from './digest-text.js';

/** Escapes text for a markdown table cell or inline text. */
export function mdEscape(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/([*_`<>[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Inline code, safe for backticks, and for pipes in a table (GFM splits cells on `|` even inside code spans unless escaped). */
const code = (raw: string): string => {
  const text = raw.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
};

const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

function phaseTable(report: Report): string[] {
  const out = [
    row(['phase', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'p99 corrected']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
  ];
  let any = false;
  for (const p of PHASES) {
    const ph = (report.phases as Partial<Report['phases']>)[p];
    if (ph === undefined || ph.raw.count === 0) continue;
    any = true;
    const r = ph.raw;
    out.push(
      row([p, count(r.count), latency(r.p50), latency(r.p90), latency(r.p99), latency(r.p999), latency(r.max), latency(ph.corrected.p99)]),
    );
  }
  return any ? out : ['No latencies recorded.'];
}

/**
 * Text with its URLs in code spans: the dump's source (the embedded gateway's
 * `/debug/pprof/…` on a port of a run long over) must not become a link to a
 * server that no longer exists.
 */
function unlinked(text: string): string {
  return text
    .split(/(https?:\/\/[^\s)]+)/)
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : mdEscape(part)))
    .join('');
}

/** One report as markdown: verdict, evidence, latencies, throughput, errors, drain, thresholds. */
export function renderReportMarkdown(report: Report): string {
  const out: string[] = [`### imstress: ${unlinked(verdictBanner(report))}`, ''];
  out.push(
    `Scenario ${code(report.scenario)} · ${mdEscape(targetText(report))} · started ${report.startedAt} · ran ${duration(report.durationMs)} · imstress ${mdEscape(report.tool.version)}`,
    '',
  );
  const openim = openimText(report.openim);
  if (openim !== null) out.push(mdEscape(openim), '');
  const also = report.verdict.reasons.slice(1);
  for (const r of also) out.push(`- also: ${mdEscape(r)}`);
  // A blank line ends the list: without it the hang's explanation below renders inside the last "also" bullet.
  if (also.length > 0) out.push('');
  const h = report.hang;
  if (h !== null) {
    out.push(`**${mdEscape(h.title)}** — ${mdEscape(h.explanation)}`, '');
    const stuck = Object.entries(h.waitingByPhase).filter(([, n]) => n > 0);
    if (stuck.length > 0)
      out.push(
        `Stuck: ${stuck.map(([p, n]) => `${count(n)} ${mdEscape(phasePhrase(p))}`).join(', ')}; open but silent: ${count(h.openSilent)}; server online: ${h.serverOnline ?? 'unknown'}${h.serverOnlineFrozen === true ? ' (frozen)' : ''}`,
        '',
      );
    const digest = hangDigest(h);
    if (digest !== null) {
      const [first, ...rest] = digestTopLines(digest);
      out.push(`${mdEscape(digestCaption(digest))}: ${mdEscape(first ?? '')}`, '', ...rest.map((l) => `- ${code(l)}`), '');
    }
    if (h.oldestWaits.length > 0) {
      out.push('| oldest waits | phase | waited |', '| --- | --- | ---: |');
      for (const w of h.oldestWaits.slice(0, 5)) {
        const note = waitNote(w);
        out.push(
          row([mdEscape(w.userID), mdEscape(phasePhrase(w.phase)) + (note === '' ? '' : ` (${mdEscape(note)})`), duration(w.waitedMs)]),
        );
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
  const ends = connectionEndsText(t);
  if (ends !== null) out.push(ends, '');
  const errors = Object.entries(report.errors.byKind).filter(([, n]) => n > 0);
  if (errors.length > 0) out.push('| error kind | count |', '| --- | ---: |', ...errors.map(([k, n]) => row([k, count(n)])), '');
  const d = report.drain;
  for (const h of hintsOf(report)) out.push(`> **hint:** ${mdEscape(h.hint)}`, '');
  const outages = outagesOf(report);
  if (outages.length > 0)
    out.push(
      `#### Outages (${outages.length})`,
      '',
      ...outages.map((o) => `- ${o.endMs === null ? '**still unreachable at the end** — ' : ''}${mdEscape(outageText(o))}`),
      '',
    );
  const hl = headline(report);
  if (hl.repliesNever > 0) {
    const all =
      hl.replyP99AllMs === 'never'
        ? 'never (over 1% of reply waits got no reply)'
        : hl.replyP99AllMs === null
          ? '-'
          : latency(hl.replyP99AllMs);
    out.push(
      `Reply percentiles count the ${count(hl.repliesCompleted)} replies that came; ${count(hl.repliesNever)} reply waits never got one — reply p99 counting them: ${all}`,
      '',
    );
  }
  out.push(
    `Stalls: ${hl.stalls}${hl.endedHung ? ' (the hang included)' : ''}${hl.longestWaitMs === null ? '' : ` · longest wait ${duration(hl.longestWaitMs)}`} · Drain check: ${d.checked ? `${count(d.ghosts)} ghost sessions (online ${d.baseline ?? '?'} before, ${d.final ?? '?'} after)` : `not run (${mdEscape(drainNotRunReason(d))})`}`,
    '',
  );
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
  if (report.trials !== undefined) out.push('#### Trials', '', '```', ...trialsSummaryLines(report.trials), '```', '');
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
  if (reports.base !== undefined || reports.head !== undefined)
    out.push(row(['target', mdEscape(targetText(reports.base)), mdEscape(targetText(reports.head))]));
  out.push(row(['started', c.base.startedAt, c.head.startedAt]), row(['verdict', `**${c.base.verdict}**`, `**${c.head.verdict}**`]));
  for (const d of c.configChanges) out.push(row([`config ${code(d.key)}`, code(short(d.base)), code(short(d.head))]));
  out.push('');
  const tl = trialsLines(c);
  if (tl.length > 0) out.push('**Is it fixed?** ' + mdEscape(tl[0] ?? ''), '', ...tl.slice(1).map((l) => `_${mdEscape(l)}_`), '');
  out.push(row(['metric', 'base', 'head', 'change', '']), row(['---', '---:', '---:', '---:', '---']));
  for (const m of c.metrics) {
    const dir = directionWord(m);
    out.push(
      row([
        code(m.metric),
        metricValue(m.base, m.unit, m.metric),
        metricValue(m.head, m.unit, m.metric),
        changeText(m),
        dir === 'worse' ? '🔺 worse' : dir === 'better' ? '🟢 better' : '',
      ]),
    );
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
