/**
 * Live progress while a run is going. It only listens (house-style.md,
 * autocannon): the CLI forwards engine snapshots to {@link Progress.update};
 * nothing here reads the engine. The one owner of cli-progress.
 *
 * The line reads state first (`RUNNING` / `STALLED 3.2s` / `HUNG 10.1s`),
 * then the numbers that tell a hang from a slow run; the rate is over the
 * last second, so during a hang it reads 0/s instead of drifting down.
 *
 * - `tty`: one line redrawn in place a few times per second (cli-progress),
 *   fitted to the terminal's width by dropping the least important fields.
 * - `plain`: one line per `intervalMs` at most, however often `update` is
 *   called, so a CI log is never flooded; a change of state is written at once.
 * - `off`: nothing.
 */
import type { ProgressSnapshot as EngineProgressSnapshot } from '../engine/progress-counters.js';
import cliProgress from 'cli-progress';
import { performance } from 'node:perf_hooks';
import { createStyle } from '../reporters/style.js';
import type { Style } from '../reporters/style.js';
import { clock, count, latency, rate } from '../reporters/format.js';

/** What the progress display shows; built by the CLI from engine events. */
/** The engine's progress snapshot, plus whether the target is the embedded gateway. */
export type ProgressSnapshot = EngineProgressSnapshot & {
  /** The target is the embedded gateway. */
  readonly embedded: boolean;
};

export type ProgressMode = 'tty' | 'plain' | 'off';

export interface ProgressOptions {
  readonly color: boolean;
  /** Planned run length; null when the run ends by iteration count. */
  readonly durationMs: number | null;
  /** Plain mode: least time between two lines. */
  readonly intervalMs: number;
  /** Clock for the plain-mode throttle (default `performance.now`); tests inject one. */
  readonly now?: () => number;
  /** TTY mode: the terminal's width, read at every redraw (default: the stream's `columns`, else 80). */
  readonly columns?: () => number;
}

export interface Progress {
  /** Shows a new snapshot (drawn at the display's own pace). */
  update(snapshot: ProgressSnapshot): void;
  /** Stops the display and, if given, writes `finalLine` on its own line. Idempotent. */
  stop(finalLine?: string): void;
}

/** TTY redraws per second: "a few times a second" (design.md "Reports"). */
const TTY_FPS = 4;

/** The window the live rate is measured over: "now", not a run-long average that drifts down during a hang. */
const RATE_WINDOW_MS = 1000;

const ANSI = /\u001b\[[0-9;]*m/g;

/** Printed width of a line (ANSI colour codes take no column). */
export function visibleWidth(line: string): number {
  return [...line.replace(ANSI, '')].length;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** The state, first on the line: what a person looks for at a glance. */
function stateText(snap: ProgressSnapshot, s: Style): string {
  const since = snap.sinceProgressMs;
  switch (snap.state) {
    case 'running':
      return s.ok('RUNNING');
    case 'stalled':
      return s.warn(since === undefined ? 'STALLED' : `STALLED ${seconds(since)}`);
    case 'hung':
      return s.bad(since === undefined ? 'HUNG' : `HUNG ${seconds(since)}`);
  }
}

const nonZero = (byKey: Readonly<Record<string, number>>): Array<[string, number]> => Object.entries(byKey).filter(([, n]) => n > 0);

/** One field of the live line; `rank` 0 is never dropped, higher ranks go first when the line is too wide. */
interface Field {
  readonly text: string;
  readonly rank: number;
}

/**
 * The live line's fields in display order: the state, then what tells a hang
 * from a slow run (time, the rate now, who is waiting, the server's count),
 * then the detail (open connections, errors, p99). `rate` is iterations per
 * second over the last second (null: not known yet, the run-long average is shown).
 */
function fields(snap: ProgressSnapshot, durationMs: number | null, ratePerSec: number | null, s: Style): Field[] {
  const out: Field[] = [{ text: stateText(snap, s), rank: 0 }];
  out.push({ text: durationMs === null ? clock(snap.elapsedMs) : `${clock(snap.elapsedMs)}/${clock(durationMs)}`, rank: 1 });
  out.push({ text: `${rate(ratePerSec ?? snap.iterationsPerSec)} it/s`, rank: 2 });
  const waiting = nonZero(snap.waitingByPhase);
  out.push({ text: waiting.length === 0 ? 'waiting 0' : `waiting ${waiting.map(([p, n]) => `${p} ${count(n)}`).join(' ')}`, rank: 1 });
  if (snap.serverOnline !== null) out.push({ text: `${snap.embedded ? 'gateway' : 'server'} online ${count(snap.serverOnline)}`, rank: 3 });
  out.push({ text: `open ${count(snap.open)}${snap.openSilent > 0 ? s.warn(` (${count(snap.openSilent)} silent)`) : ''}`, rank: 4 });
  out.push({ text: `${count(snap.iterations)} it`, rank: 6 });
  if (snap.errors > 0) out.push({ text: s.bad(`${count(snap.errors)} errors`), rank: 5 });
  const p99 = Object.entries(snap.p99ByPhase).filter((e): e is [string, number] => e[1] !== null);
  if (p99.length > 0) out.push({ text: `p99 ${p99.map(([p, v]) => `${p} ${latency(v)}`).join(' ')}`, rank: 7 });
  return out;
}

const SEP = ' | ';

/**
 * Joins `items` (display order) with ` | `, dropping the highest-ranked
 * (least important) first until the line fits `width` columns; what stays
 * keeps its order. Rank 0 is never dropped, so the state always shows (cut
 * with `…` only on an absurdly narrow terminal).
 */
export function fitFields(items: ReadonlyArray<Field>, width: number): string {
  let kept = [...items];
  const join = (xs: readonly Field[]): string => xs.map((f) => f.text).join(SEP);
  while (visibleWidth(join(kept)) > width) {
    const worst = Math.max(...kept.map((f) => f.rank));
    if (worst === 0) break;
    const at = kept.map((f) => f.rank).lastIndexOf(worst);
    kept = kept.filter((_, i) => i !== at);
  }
  const line = join(kept);
  if (visibleWidth(line) <= width) return line;
  const plain = line.replace(ANSI, '');
  return `${[...plain].slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The progress line (without the bar), every field; `width` fits it to a terminal. */
export function progressLine(
  snap: ProgressSnapshot,
  durationMs: number | null,
  s: Style,
  ratePerSec: number | null = null,
  width = Infinity,
): string {
  return fitFields(fields(snap, durationMs, ratePerSec, s), width);
}

/** Iterations per second over the last {@link RATE_WINDOW_MS} of snapshots (their own elapsed times, not the wall clock). */
class RecentRate {
  private readonly seen: Array<{ at: number; n: number }> = [];

  add(snap: ProgressSnapshot): number | null {
    this.seen.push({ at: snap.elapsedMs, n: snap.iterations });
    // Keep one sample at or before the window's start, so the window is full once the run is a second old.
    while (this.seen.length > 2 && (this.seen[1]?.at ?? Infinity) <= snap.elapsedMs - RATE_WINDOW_MS) this.seen.shift();
    const first = this.seen[0];
    if (first === undefined || snap.elapsedMs - first.at < RATE_WINDOW_MS * 0.75) return null;
    return ((snap.iterations - first.n) * 1000) / (snap.elapsedMs - first.at);
  }
}

const noop: Progress = { update: () => {}, stop: () => {} };

function plainProgress(stream: NodeJS.WritableStream, opts: ProgressOptions, s: Style): Progress {
  const now = opts.now ?? (() => performance.now());
  const recent = new RecentRate();
  let lastWrite: number | null = null;
  let lastState: ProgressSnapshot['state'] | null = null;
  let stopped = false;
  return {
    update(snapshot) {
      if (stopped) return;
      const perSec = recent.add(snapshot);
      const t = now();
      // Leading edge: the first snapshot shows at once, later ones at most once per interval,
      // except a change of state (STALLED, HUNG, recovered), which a CI log must show when it happens.
      const changed = snapshot.state !== lastState;
      lastState = snapshot.state;
      if (!changed && lastWrite !== null && t - lastWrite < opts.intervalMs) return;
      lastWrite = t;
      stream.write(`${progressLine(snapshot, opts.durationMs, s, perSec)}\n`);
    },
    stop(finalLine) {
      if (stopped) return;
      stopped = true;
      if (finalLine !== undefined) stream.write(`${finalLine}\n`);
    },
  };
}

/** Width of the progress bar drawn before the line when the run has a planned duration. */
const BAR = 12;

function ttyProgress(stream: NodeJS.WritableStream, opts: ProgressOptions, s: Style): Progress {
  const total = opts.durationMs !== null && opts.durationMs > 0 ? opts.durationMs : 1;
  const recent = new RecentRate();
  let latest: ProgressSnapshot | null = null;
  let perSec: number | null = null;
  // One column short of the terminal: writing the last column wraps on some terminals.
  const width = (): number => Math.max(20, (opts.columns?.() ?? (stream as { columns?: number }).columns ?? 80) - 1);
  const bar = new cliProgress.SingleBar({
    stream,
    fps: TTY_FPS,
    barsize: BAR,
    hideCursor: true,
    // The last line stays on screen (with HUNG on it after a hang), the final line goes below it.
    clearOnComplete: false,
    // The line is fitted to the width here, field by field; cli-progress must not wrap or cut it.
    linewrap: false,
    // imstress owns SIGINT/SIGTERM (first graceful, second immediate): cli-progress must not listen.
    gracefulExit: false,
    format: (_o, params) => {
      const w = width();
      if (latest === null) return fitFields([{ text: s.dim('starting…'), rank: 0 }], w);
      const items = fields(latest, opts.durationMs, perSec, s);
      if (opts.durationMs !== null) {
        const filled = Math.round(Math.min(1, Math.max(0, params.progress)) * BAR);
        // The bar goes right after the state and the time, and is the first thing dropped when narrow.
        items.splice(2, 0, { text: `${'█'.repeat(filled)}${s.dim('░'.repeat(BAR - filled))}`, rank: 8 });
      }
      return fitFields(items, w);
    },
  });
  let started = false;
  let stopped = false;
  return {
    update(snapshot) {
      if (stopped) return;
      latest = snapshot;
      perSec = recent.add(snapshot);
      const value = Math.min(total, snapshot.elapsedMs);
      if (!started) {
        started = true;
        bar.start(total, value);
      } else bar.update(value);
    },
    stop(finalLine) {
      if (stopped) return;
      stopped = true;
      if (started) bar.stop();
      if (finalLine !== undefined) stream.write(`${finalLine}\n`);
    },
  };
}

/** A progress display writing to `stream` (the CLI passes stderr). */
export function createProgress(mode: ProgressMode, stream: NodeJS.WritableStream, opts: ProgressOptions): Progress {
  const s = createStyle(opts.color);
  switch (mode) {
    case 'off':
      return noop;
    case 'plain':
      return plainProgress(stream, opts, s);
    case 'tty':
      return ttyProgress(stream, opts, s);
  }
}
