/**
 * The HTML sections of one report's page (every value that came from the
 * target or the config is escaped here): header, verdict banner, key
 * numbers, latency table, errors, stalls, hang evidence, drain, thresholds,
 * configuration.
 */
import { headline } from '../../report/headline.js';
import { errorKindMeaning, type ErrorKind } from '../../catalog/error-kinds.js';
import { PHASES } from '../../metrics/index.js';
import type { Report } from '../../report/schema.js';
import { thresholdValue, verdictBanner } from '../console.js';
import { clock, count, drainNotRunReason, duration, latency, percent, phaseWords, ranked, rate, shardFacts } from '../format.js';
import { escapeHtml as e } from './escape.js';
import { outageErrorsText, outagesOf } from '../outage-text.js';
import { htmlTable, verdictColors } from './page.js';
import { digestHtml, otherDumpsHtml } from './digest.js';

const phaseText = (p: string): string => phaseWords(p) ?? p;

/** The coloured verdict banner (status class + the console's one-line banner text). */
export function verdictSection(report: Report): string {
  const [bg, fg] = verdictColors[report.verdict.status] ?? ['#ececec', '#333333'];
  const also = report.verdict.reasons.slice(1);
  const alsoHtml = also.length === 0 ? '' : `<ul class="also">${also.map((r) => `<li>also: ${e(r)}</li>`).join('')}</ul>`;
  return `<div class="banner verdict-${e(report.verdict.status)}" id="verdict" style="background:${bg};color:${fg}">${e(verdictBanner(report))}<div class="sub">exit code ${e(report.verdict.exitCode)} · ${e(report.verdict.status)}</div>${alsoHtml}</div>`;
}

/** Key numbers as cards. */
export function cardsSection(report: Report): string {
  const t = report.totals;
  const reply = report.phases.reply.raw;
  const h = headline(report);
  const replyAll = h.replyP99AllMs === null ? null : h.replyP99AllMs === 'never' ? 'never' : latency(h.replyP99AllMs);
  const cards: Array<readonly [string, string]> = [
    ['iterations', count(t.iterations)],
    ['iterations / s', rate(report.rates.iterationsPerSec)],
    [replyAll === null ? 'reply p99' : 'reply p99 (replies that came)', reply.count > 0 ? latency(reply.p99) : '-'],
    ...(replyAll === null ? [] : ([[`reply p99 counting ${count(h.repliesNever)} that never came`, replyAll]] as const)),
    ['errors', `${count(t.errors)} (${percent(report.rates.errorRate)})`],
    ['stalls', `${count(h.stalls)}${h.endedHung ? ' (hang)' : ''}`],
    ['longest wait', h.longestWaitMs === null ? '-' : duration(h.longestWaitMs)],
    ['kicked', count(t.kicks)],
    ...(t.attempts === undefined
      ? []
      : ([
          ['connect attempts', count(t.attempts)],
          [
            'connection ends',
            `${count(t.closedCleanly ?? 0)} clean · ${count(t.closedByTimeout ?? 0)} close timeout · ${count(t.cut ?? 0)} cut · ${count(t.closedByServer ?? 0)} by server`,
          ],
        ] as const)),
    ['ghost sessions', report.drain.checked ? count(report.drain.ghosts) : 'not checked'],
    ['duration', duration(report.durationMs)],
  ];
  return `<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="v">${e(v)}</div><div class="k">${e(k)}</div></div>`).join('')}</div>`;
}

/** Per-phase percentiles (raw, plus the corrected p99). */
export function latencyTable(report: Report): string {
  const rows = PHASES.filter((p) => (report.phases as Partial<Report['phases']>)[p]?.raw.count).map((p) => {
    const ph = report.phases[p];
    const r = ph.raw;
    return [
      e(p),
      count(r.count),
      latency(r.p50),
      latency(r.p90),
      latency(r.p99),
      latency(r.p999),
      latency(r.max),
      latency(ph.corrected.p99),
    ].map((c, i) => (i === 0 ? c : e(c)));
  });
  if (rows.length === 0) return '<p class="muted">no latencies recorded</p>';
  return htmlTable(['phase', 'count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'p99 corrected'], rows, [1, 2, 3, 4, 5, 6, 7]);
}

/** Errors by kind with their meaning, then the samples. */
export function errorsSection(report: Report): string {
  const kinds = ranked(report.errors.byKind);
  const head = `<h2>Errors <span class="muted">(${e(count(report.totals.errors))}, ${e(percent(report.rates.errorRate))} of iteration attempts)</span></h2>`;
  if (kinds.length === 0 && report.errors.samples.length === 0) return `<section id="errors">${head}<p class="good">none</p></section>`;
  const byKind = htmlTable(
    ['count', 'kind', 'meaning'],
    kinds.map(([k, n]) => [
      e(count(n)),
      `<span class="bad">${e(k)}</span>`,
      e(Object.hasOwn(errorKindMeaning, k) ? errorKindMeaning[k as ErrorKind] : ''),
    ]),
    [0],
  );
  const samples =
    report.errors.samples.length === 0
      ? ''
      : `<details${report.errors.samples.length <= 20 ? ' open' : ''} id="error-samples"><summary>First ${e(report.errors.samples.length)} error samples</summary><div class="scroll">${htmlTable(
          ['at', 'kind', 'user', 'message'],
          report.errors.samples.map((s) => [e(clock(s.atMs)), e(s.kind), e(s.userID), `<span class="msg">${e(s.message)}</span>`]),
        )}</div></details>`;
  return `<section id="errors">${head}${byKind}${samples}</section>`;
}

/** Stalls and unfinished waits. */
export function stallsSection(report: Report): string {
  const unfinished = ranked(report.unfinishedByPhase);
  const rows = report.stalls.map((s) => [
    e(clock(s.startMs)),
    e(duration(s.lengthMs)),
    e(
      ranked(s.phases)
        .map(([p, n]) => `${count(n)} ${phaseText(p)}`)
        .join(', ') || '-',
    ),
    s.wasHang ? '<span class="bad">hang</span>' : 'recovered',
  ]);
  const table = rows.length === 0 ? '<p class="good">no stalls</p>' : htmlTable(['at', 'length', 'VUs waiting', ''], rows, [1]);
  const tail =
    unfinished.length === 0
      ? ''
      : `<p class="warn">unfinished at the end: ${e(unfinished.map(([p, n]) => `${count(n)} ${phaseText(p)}`).join(', '))}</p>`;
  const h = headline(report);
  const hung = h.endedHung ? `<p class="bad">the hang never recovered: counted as a stall (${e(h.stalls)} in all)</p>` : '';
  const longest = h.longestWaitMs === null ? '' : `<p>longest wait: ${e(duration(h.longestWaitMs))} (unfinished waits included)</p>`;
  return `<section id="stalls"><h2>Stalls (${e(h.stalls)})</h2>${report.stalls.length === 0 && h.endedHung ? '' : table}${hung}${tail}${longest}</section>`;
}

/** Outages (issue #11): when the target stopped answering connects, how long, whether it came back; nothing when none. */
export function outagesSection(report: Report): string {
  const list = outagesOf(report);
  if (list.length === 0) return '';
  const rows = list.map((o) => [
    e(clock(o.startMs)),
    e(duration(o.lengthMs)),
    e(outageErrorsText(o) || '-'),
    o.endMs === null ? '<span class="bad">still unreachable at the end</span>' : `recovered at ${e(clock(o.endMs))}`,
  ]);
  return `<section id="outages"><h2>Outages (${e(list.length)})</h2>${htmlTable(['at', 'length', 'connect failures', ''], rows, [1])}</section>`;
}

/** Hang evidence: title, explanation, stuck breakdown, oldest waits, dump, server stats — collapsible. */
export function evidenceSection(report: Report): string {
  const h = report.hang;
  if (h === null) return `<section id="evidence"><h2>Hang evidence</h2><p class="good">no hang was declared</p></section>`;
  const quiet = h.noProgressSinceMs <= h.atMs ? h.atMs - h.noProgressSinceMs : h.noProgressSinceMs;
  const facts = [
    `declared at ${clock(h.atMs)} after ${duration(quiet)} without progress`,
    `${count(h.openConnections)} connections open, ${count(h.openSilent)} open but silent`,
    h.serverOnline === null
      ? 'server online count not available'
      : `server online count ${count(h.serverOnline)}${h.serverOnlineFrozen === true ? ' (frozen)' : ''}`,
  ];
  const stuck = htmlTable(
    ['phase', 'VUs'],
    ranked(h.waitingByPhase).map(([p, n]) => [e(`${p} (${phaseText(p)})`), e(count(n))]),
    [1],
  );
  const waits = htmlTable(
    ['user', 'phase', 'waited', 'open but silent', 'no progress for', 'attempts given up'],
    h.oldestWaits.map((w) => [
      e(w.userID),
      e(phaseText(w.phase)),
      e(duration(w.waitedMs)),
      w.openSilent ? 'yes' : '',
      w.noProgressMs === undefined ? '' : e(duration(w.noProgressMs)),
      w.failedAttempts === undefined ? '' : e(count(w.failedAttempts)),
    ]),
    [2, 4, 5],
  );
  const dump =
    h.dump === null
      ? '<p class="muted">no goroutine or task dump (pass --pprof-url for a Go target)</p>'
      : `<details id="dump"><summary>${e(h.dump.source)}${h.dump.truncated ? ' (truncated)' : ''}</summary><pre>${e(h.dump.text)}</pre></details>${otherDumpsHtml(h)}`;
  const stats =
    h.serverStats === null || h.serverStats === undefined
      ? ''
      : `<details id="server-stats"><summary>server stats at the hang</summary><pre>${e(JSON.stringify(h.serverStats, null, 2))}</pre></details>`;
  return [
    `<section id="evidence"><h2>Hang evidence: ${e(h.title)} <span class="muted">(${e(h.kind)})</span></h2>`,
    `<p>${e(h.explanation)}</p><ul>${facts.map((f) => `<li>${e(f)}</li>`).join('')}</ul>`,
    // The digest before the breakdowns: it names the goroutine the rest wait behind (issue #16).
    digestHtml(h.digest ?? null),
    `<details open id="stuck"><summary>Stuck by phase</summary>${stuck}</details>`,
    `<details id="oldest-waits"><summary>Oldest waits (${e(h.oldestWaits.length)})</summary>${waits}</details>`,
    dump,
    stats,
    '</section>',
  ].join('\n');
}

/** The drain check and the thresholds. */
export function drainAndThresholds(report: Report): string {
  const d = report.drain;
  const drain = !d.checked
    ? `<p class="muted">not run (${e(drainNotRunReason(d))})</p>`
    : `<p class="${d.ghosts > 0 ? 'bad' : 'good'}">${e(d.ghosts > 0 ? `${count(d.ghosts)} ghost sessions` : 'no ghost sessions')}: online ${e(d.baseline ?? '?')} before, ${e(d.final ?? '?')} after ${e(duration(d.waitedMs))}</p>`;
  const th =
    report.thresholds.length === 0
      ? '<p class="muted">no thresholds set</p>'
      : htmlTable(
          ['', 'threshold', 'actual'],
          report.thresholds.map((t) => [
            t.passed ? '<span class="good">✓</span>' : '<span class="bad">✗</span>',
            e(t.source),
            e(t.actual === null ? 'no data' : thresholdValue(t.metric, t.actual)),
          ]),
        );
  return `<section id="drain-thresholds"><div class="grid2"><div><h2>Drain check</h2>${drain}</div><div><h2>Thresholds</h2>${th}</div></div></section>`;
}

/** The resolved configuration, the environment and the coordinated-omission note. */
export function configSection(report: Report): string {
  return [
    '<section id="config"><h2>Configuration</h2>',
    `<p class="muted">${e(report.coordinatedOmission.note)}</p>`,
    `<details id="resolved-config"><summary>Resolved configuration (defaults &lt; scenario &lt; flags, secrets redacted)</summary><pre>${e(JSON.stringify(report.config, null, 2))}</pre></details>`,
    `<details><summary>Environment</summary><pre>${e(JSON.stringify({ tool: report.tool, target: report.target, environment: report.environment }, null, 2))}</pre></details>`,
    '</section>',
  ].join('\n');
}

/** A merged report's shards, each with its own verdict, and the merge's notes; empty for a single run. */
export function shardsSection(report: Report): string {
  const shards = report.shards ?? [];
  if (shards.length === 0) return '';
  const rows = shards.map((sh) => [
    `<span class="msg">${e(sh.file)}</span>`,
    `<span class="verdict-${e(sh.verdict.status)}">${e(sh.verdict.status)}</span>`,
    e(shardFacts(sh)),
  ]);
  const notes = (report.notes ?? []).map((n) => `<p class="warn">note: ${e(n)}</p>`).join('');
  return `<section id="shards"><h2>Shards (${e(shards.length)})</h2>${htmlTable(['shard report', 'verdict', ''], rows)}${notes}</section>`;
}
