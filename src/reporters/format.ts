/**
 * Number and time formatting shared by the renderers and the progress line.
 */
import type { ReportTarget } from '../report/schema.js';

/** Elapsed time as `mm:ss`, or `h:mm:ss` past an hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A duration for prose: `850 ms`, `10 s`, `2.5 s`, `3 min 20 s`. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(Math.round(s * 10) / 10) ? Math.round(s) : s.toFixed(1)} s`;
  }
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/** A latency in ms for tables: 3 significant digits, `µs` below 1 ms, `s` from 10 s. */
export function latency(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms === 0) return '0';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 10_000) return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(ms < 100_000 ? 1 : 0)}s`;
}

/** An integer with thousands separators (locale-independent). */
export function count(n: number): string {
  const r = Math.round(n);
  return String(r).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A rate: one decimal below 100, integer above. */
export function rate(n: number): string {
  return n < 100 ? n.toFixed(1) : count(n);
}

/** A ratio 0–1 as a percentage. */
export function percent(ratio: number): string {
  const p = ratio * 100;
  return `${p === 0 ? '0' : p < 0.01 ? '<0.01' : p < 10 ? p.toFixed(2) : p.toFixed(1)}%`;
}

/** `1 user` / `2 users`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/**
 * Right-aligned columns after a left-aligned first one. Cells may carry
 * ANSI codes: widths are measured without them.
 */
export function table(rows: readonly (readonly string[])[], indent = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visible(cell))));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => {
          const padLen = (widths[i] ?? 0) - visible(cell);
          return i === 0 ? cell + ' '.repeat(padLen) : ' '.repeat(padLen) + cell;
        })
        .join('  ')
        .trimEnd(),
  );
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Printed width of a string (ANSI colour codes removed). */
function visible(s: string): number {
  return s.replace(ANSI, '').length;
}

/** Word-wraps `text` to `width` columns, each line prefixed with `indent`. */
export function wrap(text: string, width: number, indent = '  '): string[] {
  const max = Math.max(20, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    if (line !== '' && line.length + 1 + word.length > max) {
      lines.push(indent + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** What a stuck VU's wait adds to its phase, for every rendering: `open but silent; no reply for 17 s, 3 attempts given up`. */
export function waitNote(w: {
  readonly openSilent: boolean;
  readonly noProgressMs?: number;
  readonly failedAttempts?: number;
  readonly waitedMs: number;
}): string {
  const parts: string[] = [];
  if (w.openSilent) parts.push('open but silent');
  if (w.noProgressMs !== undefined && w.noProgressMs > w.waitedMs) {
    const given =
      w.failedAttempts !== undefined && w.failedAttempts > 0
        ? `, ${w.failedAttempts} ${w.failedAttempts === 1 ? 'attempt' : 'attempts'} given up`
        : '';
    parts.push(`no progress for ${duration(w.noProgressMs)}${given}`);
  }
  return parts.join('; ');
}

/** How a waiting phase reads in prose; keys of both the engine's VU phases and the hang detector's. */
const phaseWordTable: Readonly<Record<string, string>> = {
  connecting: 'in the handshake',
  handshake: 'in the handshake',
  'awaiting-reply': 'waiting for a reply',
  reply: 'waiting for a reply',
  'awaiting-push': 'waiting for a push',
  push: 'waiting for a push',
  closing: 'in close',
  close: 'in close',
};

/** The prose for a waiting phase (`awaiting-reply` → `waiting for a reply`), or undefined for another key. */
export function phaseWords(p: string): string | undefined {
  return Object.hasOwn(phaseWordTable, p) ? phaseWordTable[p] : undefined;
}

/** A phase in prose, for any key: {@link phaseWords}, else `in <key>`. */
export function phasePhrase(p: string): string {
  return phaseWords(p) ?? `in ${p}`;
}

/**
 * Why the drain check was not made, in words, for every rendering (console,
 * markdown, HTML, JUnit): Ctrl-C cut it short, or the server's online count
 * could not be read (also the reading of reports written before the reason
 * was recorded).
 */
export function drainNotRunReason(d: { readonly notCheckedBecause?: 'no-online-count' | 'interrupted' }): string {
  return d.notCheckedBecause === 'interrupted'
    ? 'the run was interrupted before the online count came back'
    : "the server's online count was not available";
}

/** The facts of one shard of a merged report, as words for every rendering: where it ran, when, how much. */
export function shardFacts(sh: {
  readonly file: string;
  readonly hostname: string;
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly iterations: number;
  readonly shard?: { readonly index: number; readonly count: number } | null;
}): string {
  const which = sh.shard === undefined || sh.shard === null ? '' : `shard ${sh.shard.index}/${sh.shard.count} · `;
  return `${which}${sh.hostname} · started +${(sh.offsetMs / 1000).toFixed(1)} s · ran ${duration(sh.durationMs)} · ${count(sh.iterations)} iterations`;
}

/** Non-zero counts, largest first (ties in key order, for stable output). */
export function ranked(byKey: Readonly<Record<string, number>>): Array<readonly [string, number]> {
  return Object.entries(byKey)
    .filter(([, n]) => Number.isFinite(n) && n > 0)
    .sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

/**
 * What was tested, in a few words: `embedded gateway v3.5.1`, or the URL.
 * `embeddedUrl` adds the embedded gateway's loopback URL (`… at ws://127.0.0.1:…`),
 * for one report's header; a comparison leaves it out (it changes every run).
 */
export function targetText(r: { readonly target: ReportTarget } | undefined, options: { readonly embeddedUrl?: boolean } = {}): string {
  if (r === undefined) return '';
  const t = r.target;
  if (!t.embedded) return t.url ?? 'unknown target';
  const at = options.embeddedUrl === true && t.url !== undefined ? ` at ${t.url}` : '';
  return `embedded gateway${t.gatewayMode === undefined ? '' : ` ${t.gatewayMode}`}${at}`;
}
