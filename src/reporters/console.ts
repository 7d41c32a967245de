/**
 * The terminal summary of a report: the verdict first, as one banner line,
 * then the numbers that explain it. Returns a string (house-style.md:
 * rendering returns strings; the CLI decides where it goes).
 */
import { errorKindMeaning, type ErrorKind } from '../catalog/error-kinds.js';
import { connectionEndsText } from './connection-ends.js';
import { PHASES } from '../metrics/index.js';
import type { ReportHang } from '../report/schema.js';
import type { Report, ReportThreshold } from '../report/schema.js';
import { commonErrCode } from '../report/verdict.js';
import { headline } from '../report/headline.js';
import { createStyle } from './style.js';
import { outageText, outagesOf, outagesSummary } from './outage-text.js';
import { hintsOf } from './hints.js';
import { digestCaption, digestTopLines, hangDigest } from './digest-text.js';
import type { Style } from './style.js';
import { openimText } from './openim-text.js';
import {
  clock,
  count,
  drainNotRunReason,
  duration,
  latency,
  percent,
  phasePhrase,
  plural,
  ranked,
  rate,
  shardFacts,
  table,
  targetText,
  waitNote,
  wrap,
} from './format.js';

/** Options of {@link renderSummary}. */
export interface SummaryOptions {
  /** ANSI colour on or off (the CLI decides: TTY and no `NO_COLOR`). */
  readonly color: boolean;
  /** Columns to wrap prose at (default 80). */
  readonly width?: number;
  /** Where the report was written, shown last. */
  readonly reportPath?: string;
}

const isReplyPhase = (p: string): boolean => p === 'reply' || p === 'awaiting-reply';
const phrase = phasePhrase;

/** "92 users stuck waiting for a reply (open but silent), 8 in close". */
function stuckText(h: ReportHang): string | null {
  const parts = ranked(h.waitingByPhase).map(([phase, n], i) => {
    const who = i === 0 ? `${plural(n, 'user')} stuck ` : `${count(n)} `;
    const silent =
      isReplyPhase(phase) && h.openSilent > 0
        ? h.openSilent >= n
          ? ' (open but silent)'
          : ` (${count(h.openSilent)} open but silent)`
        : '';
    return `${who}${phrase(phase)}${silent}`;
  });
  return parts.length === 0 ? null : parts.join(', ');
}

function hangBanner(report: Report): string {
  const h = report.hang;
  if (h === null) return 'HANG — no progress for the hang window';
  // noProgressSinceMs is the run time of the last progress; tolerate a length too.
  const quietMs = h.noProgressSinceMs <= h.atMs ? h.atMs - h.noProgressSinceMs : h.noProgressSinceMs;
  const parts = [`no progress for ${duration(quietMs)}`];
  const stuck = stuckText(h);
  if (stuck !== null) parts.push(stuck);
  if (h.serverOnline !== null)
    parts.push(
      h.serverOnlineFrozen === true
        ? `server online count frozen at ${count(h.serverOnline)}`
        : `server online count ${count(h.serverOnline)}`,
    );
  if (h.dump !== null) parts.push(`dump saved in the report (${h.dump.source})`);
  return `HANG at ${clock(h.atMs)} — ${parts.join('; ')}`;
}

/** A threshold's value in its unit. */
export function thresholdValue(metric: string, v: number): string {
  if (metric === 'errors.rate') return percent(v);
  if (metric.endsWith('.rate')) return `${rate(v)}/s`;
  if (metric.endsWith('.count')) return count(v);
  return latency(v);
}

/** A threshold's measured value in its unit, or `no data`. */
export const thresholdActual = (t: ReportThreshold): string => (t.actual === null ? 'no data' : thresholdValue(t.metric, t.actual));

/** The verdict as one line, without colour: what happened, and the evidence in a few words. */
export function verdictBanner(report: Report): string {
  const v = report.verdict;
  switch (v.status) {
    case 'hang':
      return hangBanner(report);
    case 'interrupted':
      return `INTERRUPTED at ${clock(report.durationMs)} — stopped by Ctrl-C / SIGTERM; the report is partial`;
    case 'target-lost': {
      const o = (report.outages ?? []).find((x) => x.endMs === null);
      const why =
        o === undefined
          ? []
          : ranked(o.errorsByKind as Readonly<Record<string, number>>)
              .slice(0, 3)
              .map(([k, n]) => `${count(n)} ${k}`);
      const since = o === undefined ? '' : ` at ${clock(o.startMs)}`;
      return `TARGET LOST${since} — the target stopped accepting connections and was still unreachable when the run ended${why.length > 0 ? `: ${why.join(', ')}` : ''}`;
    }
    case 'target-unavailable': {
      const d = v.dominantError;
      if (d !== undefined && report.totals.handshakes > 0) return `TARGET UNAVAILABLE — the target answers, but ${d.text}`;
      // The server's own refusal code and message (OpenIM answers HTTP 200 + errCode, openim-protocol.md §1.3–1.4) say why.
      const why = ranked(report.errors.byKind)
        .slice(0, 3)
        .map(([k, n]) => {
          const code = commonErrCode(k, report.errors.samples);
          return `${count(n)} ${k}${code === null ? '' : ` (${code})`}`;
        });
      return `TARGET UNAVAILABLE — no virtual user reached the target${why.length > 0 ? `: ${why.join(', ')}` : ''}`;
    }
    case 'leak': {
      const d = report.drain;
      const range =
        d.baseline !== null && d.final !== null
          ? ` (online ${count(d.baseline)} before the run, ${count(d.final)} after ${duration(d.waitedMs)} of drain)`
          : '';
      return `LEAK — ${plural(d.ghosts, 'ghost session')}: the server still counts users online with no client connected${range}`;
    }
    case 'thresholds-failed': {
      const failed = report.thresholds.filter((t) => !t.passed);
      const first = failed[0];
      const detail =
        first === undefined
          ? ''
          : `: ${first.source} (actual ${thresholdActual(first)})${failed.length > 1 ? `, +${failed.length - 1} more` : ''}`;
      return `THRESHOLDS FAILED — ${failed.length} of ${report.thresholds.length} breached${detail}`;
    }
    case 'ok': {
      const th = report.thresholds.length > 0 ? `, ${plural(report.thresholds.length, 'threshold')} met` : '';
      const outages = outagesSummary(report);
      const but = v.dominantError === undefined ? '' : `; but ${v.dominantError.text}`;
      return `OK — ${count(report.totals.iterations)} iterations in ${duration(report.durationMs)}; no hang, no leak${th}${outages === null ? '' : `; ${outages}`}${but}`;
    }
  }
}

function verdictSection(report: Report, s: Style, width: number): string[] {
  const out = [s.banner(report.verdict.status, verdictBanner(report))];
  for (const r of report.verdict.reasons.slice(1)) out.push(s.dim(`  also: ${r}`));
  const h = report.hang;
  if (h !== null) {
    out.push('', s.bold(`  ${h.title}`), ...wrap(h.explanation, width, '  '));
    const digest = hangDigest(h);
    if (digest !== null) {
      const [first, ...rest] = digestTopLines(digest);
      out.push(
        `  ${digestCaption(digest)}:`,
        ...wrap(first ?? '', width, '    '),
        ...rest.flatMap((l) => wrap(l, width, '      ').map((w, i) => (i === 0 ? `    ${w.trimStart()}` : w))),
      );
    }
    if (h.oldestWaits.length > 0) {
      out.push('  oldest waits:');
      for (const w of h.oldestWaits.slice(0, 5)) {
        const note = waitNote(w);
        out.push(`    ${w.userID}  ${phrase(w.phase)}  ${duration(w.waitedMs)}${note === '' ? '' : `  (${note})`}`);
      }
    }
  }
  return out;
}

function headerSection(report: Report, s: Style, width: number): string[] {
  const text = `${report.tool.name} ${report.tool.version} · scenario ${report.scenario} · ${targetText(report, { embeddedUrl: true })} · started ${report.startedAt} · ran ${duration(report.durationMs)}`;
  return wrap(text, width, '').map((l) => s.dim(l));
}

function latencySection(report: Report, s: Style): string[] {
  const rows: string[][] = [['phase', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'p99 corrected'].map((h) => s.dim(h))];
  for (const p of PHASES) {
    const ph = (report.phases as Partial<Report['phases']>)[p];
    if (ph === undefined || ph.raw.count === 0) continue;
    const r = ph.raw;
    const corr = ph.corrected.p99 > r.p99 ? s.warn(latency(ph.corrected.p99)) : latency(ph.corrected.p99);
    rows.push([p, count(r.count), latency(r.p50), latency(r.p90), latency(r.p99), latency(r.p999), latency(r.max), corr]);
  }
  if (rows.length === 1) return [s.heading('Latency'), '  no latencies recorded'];
  return [s.heading('Latency (raw; p99 corrected for coordinated omission)'), ...table(rows), ...neverRepliedLines(report, s)];
}

/** The reply percentiles count completed replies only: say so, and what p99 is counting the replies that never came. */
function neverRepliedLines(report: Report, s: Style): string[] {
  const h = headline(report);
  if (h.repliesNever === 0) return [];
  const all =
    h.replyP99AllMs === 'never'
      ? 'never (more than 1% of reply waits got no reply)'
      : h.replyP99AllMs === null
        ? '-'
        : latency(h.replyP99AllMs);
  return [
    s.warn(
      `  reply percentiles count the ${count(h.repliesCompleted)} replies that came; ${plural(h.repliesNever, 'reply wait')} never got one — reply p99 counting them: ${all}`,
    ),
  ];
}

function throughputSection(report: Report, s: Style, width: number): string[] {
  const t = report.totals;
  const text = `${count(t.iterations)} iterations (${rate(report.rates.iterationsPerSec)}/s) · ${count(t.connects)} connects · ${count(t.handshakes)} handshakes · ${count(t.replies)} replies · ${count(t.pushes)} pushes · ${count(t.closes)} closes · ${count(t.kicks)} kicked`;
  const ends = connectionEndsText(t);
  return [s.heading('Throughput'), ...wrap(text, width), ...(ends === null ? [] : wrap(ends, width))];
}

function errorsSection(report: Report, s: Style, width: number): string[] {
  const rows = ranked(report.errors.byKind);
  const head = s.heading(`Errors (${count(report.totals.errors)}, ${percent(report.rates.errorRate)} of iteration attempts)`);
  if (rows.length === 0) return [head, s.ok('  none')];
  const out = [head];
  for (const [kind, n] of rows) {
    const meaning = Object.hasOwn(errorKindMeaning, kind) ? errorKindMeaning[kind as ErrorKind] : '';
    out.push(`  ${s.bad(count(n).padStart(7))}  ${kind}`);
    if (meaning !== '') out.push(...wrap(meaning, width, '           ').map((l) => s.dim(l)));
  }
  return out;
}

function stallsSection(report: Report, s: Style): string[] {
  const unfinished = ranked(report.unfinishedByPhase);
  const h = headline(report);
  if (h.stalls === 0 && unfinished.length === 0) return [s.heading('Stalls'), s.ok('  none')];
  const out = [s.heading(`Stalls (${h.stalls})`)];
  if (h.endedHung && report.hang !== null) {
    const hang = report.hang;
    const quietMs = hang.noProgressSinceMs <= hang.atMs ? hang.atMs - hang.noProgressSinceMs : hang.noProgressSinceMs;
    const start = hang.atMs - quietMs;
    const where = ranked(hang.waitingByPhase)
      .map(([p, n]) => `${count(n)} ${phrase(p)}`)
      .join(', ');
    out.push(
      s.bad(
        `  at ${clock(start)} for ${duration(Math.max(quietMs, report.durationMs - start))}+${where === '' ? '' : ` — ${where}`} (hang, never recovered)`,
      ),
    );
  }
  for (const st of report.stalls.slice(0, 10)) {
    const where = ranked(st.phases)
      .map(([p, n]) => `${count(n)} ${phrase(p)}`)
      .join(', ');
    const line = `  at ${clock(st.startMs)} for ${duration(st.lengthMs)}${where === '' ? '' : ` — ${where}`}`;
    out.push(st.wasHang ? s.bad(`${line} (hang)`) : line);
  }
  if (report.stalls.length > 10) out.push(s.dim(`  … ${report.stalls.length - 10} more in the report`));
  if (unfinished.length > 0)
    out.push(s.warn(`  unfinished at the end: ${unfinished.map(([p, n]) => `${count(n)} ${phrase(p)}`).join(', ')}`));
  if (h.longestWaitMs !== null) out.push(`  longest wait: ${duration(h.longestWaitMs)} (unfinished waits included)`);
  return out;
}

/** What the errors suggest was a mistake in the command (scheme, path, a proxy); nothing when none. */
function hintsSection(report: Report, s: Style, width: number): string[] {
  const hints = hintsOf(report);
  if (hints.length === 0) return [];
  return [
    s.heading('Hints'),
    ...hints.slice(0, 5).flatMap((h) => wrap(`hint: ${h.hint} (${plural(h.samples, 'sampled error')})`, width, '  ').map((l) => s.warn(l))),
  ];
}

/** The target unreachable for at least the hang window (issue #11); nothing when it never was. */
function outagesSection(report: Report, s: Style): string[] {
  const list = outagesOf(report);
  if (list.length === 0) return [];
  const out = [s.heading(`Outages (${list.length})`)];
  for (const o of list.slice(0, 10)) out.push(o.endMs === null ? s.bad(`  ${outageText(o)}`) : s.warn(`  ${outageText(o)}`));
  if (list.length > 10) out.push(s.dim(`  … ${list.length - 10} more in the report`));
  return out;
}

function drainSection(report: Report, s: Style): string[] {
  const d = report.drain;
  const head = s.heading('Drain check');
  if (!d.checked) {
    return [head, s.dim(`  not run (${drainNotRunReason(d)})`)];
  }
  const range = `online ${d.baseline ?? '?'} before, ${d.final ?? '?'} after ${duration(d.waitedMs)}`;
  if (d.ghosts > 0) return [head, s.bad(`  ${plural(d.ghosts, 'ghost session')}: ${range}`)];
  return [head, s.ok(`  no ghost sessions: ${range}`)];
}

/** A merged report's shards, one line each with its own verdict, and the merge's notes. */
function shardsSection(report: Report, s: Style): string[] {
  const shards = report.shards ?? [];
  if (shards.length === 0) return [];
  const out = [s.heading(`Shards (${shards.length})`)];
  for (const sh of shards) out.push(`  ${s.banner(sh.verdict.status, sh.verdict.status.padEnd(18))} ${sh.file}  ${shardFacts(sh)}`);
  for (const n of report.notes ?? []) out.push(s.warn(`  note: ${n}`));
  return out;
}

function thresholdsSection(report: Report, s: Style): string[] {
  if (report.thresholds.length === 0) return [];
  const out = [s.heading('Thresholds')];
  for (const t of report.thresholds) {
    out.push(t.passed ? s.ok(`  ✓ ${t.source}  (actual ${thresholdActual(t)})`) : s.bad(`  ✗ ${t.source}  (actual ${thresholdActual(t)})`));
  }
  return out;
}

/**
 * The terminal summary: verdict banner first, then per-phase latencies,
 * throughput, errors by kind, stalls, drain, thresholds, the
 * coordinated-omission note and the report path.
 */
export function renderSummary(report: Report, options: SummaryOptions): string {
  const s = createStyle(options.color);
  const width = options.width ?? 80;
  const sections = [
    verdictSection(report, s, width),
    [
      ...headerSection(report, s, width),
      ...wrap(openimText(report.openim) ?? '', width, '')
        .filter((l) => l !== '')
        .map((l) => s.dim(l)),
    ],
    latencySection(report, s),
    throughputSection(report, s, width),
    errorsSection(report, s, width),
    hintsSection(report, s, width),
    stallsSection(report, s),
    outagesSection(report, s),
    drainSection(report, s),
    thresholdsSection(report, s),
    shardsSection(report, s),
    [s.heading('Coordinated omission'), ...wrap(report.coordinatedOmission.note, width).map((l) => s.dim(l))],
    options.reportPath === undefined ? [] : [`report: ${options.reportPath}`],
  ].filter((sec) => sec.length > 0);
  return `${sections.map((sec) => sec.join('\n')).join('\n\n')}\n`;
}
