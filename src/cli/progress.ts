/**
 * Live progress while a run is going. It only listens (house-style.md,
 * autocannon): the CLI forwards engine snapshots to {@link Progress.update};
 * nothing here reads the engine. The one owner of cli-progress.
 *
 * - `tty`: one line redrawn in place a few times per second (cli-progress).
 * - `plain`: one line per `intervalMs` at most, however often `update` is
 *   called, so a CI log is never flooded.
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
}

export interface Progress {
  /** Shows a new snapshot (drawn at the display's own pace). */
  update(snapshot: ProgressSnapshot): void;
  /** Stops the display and, if given, writes `finalLine` on its own line. Idempotent. */
  stop(finalLine?: string): void;
}

/** TTY redraws per second: "a few times a second" (design.md "Reports"). */
const TTY_FPS = 4;

function stateText(state: ProgressSnapshot['state'], s: Style): string {
  switch (state) {
    case 'running':
      return s.ok('running');
    case 'stalled':
      return s.warn('STALLED');
    case 'hung':
      return s.bad('HUNG');
  }
}

const nonZero = (byKey: Readonly<Record<string, number>>): Array<[string, number]> => Object.entries(byKey).filter(([, n]) => n > 0);

/** The progress line (without the bar): shared by both modes. */
export function progressLine(snap: ProgressSnapshot, durationMs: number | null, s: Style): string {
  const time = durationMs === null ? clock(snap.elapsedMs) : `${clock(snap.elapsedMs)}/${clock(durationMs)}`;
  const parts = [
    time,
    `${count(snap.iterations)} it (${rate(snap.iterationsPerSec)}/s)`,
    `open ${count(snap.open)}${snap.openSilent > 0 ? s.warn(` (${count(snap.openSilent)} silent)`) : ''}`,
  ];
  const waiting = nonZero(snap.waitingByPhase);
  if (waiting.length > 0) parts.push(`waiting ${waiting.map(([p, n]) => `${p} ${count(n)}`).join(' ')}`);
  const p99 = Object.entries(snap.p99ByPhase).filter((e): e is [string, number] => e[1] !== null);
  if (p99.length > 0) parts.push(`p99 ${p99.map(([p, v]) => `${p} ${latency(v)}`).join(' ')}`);
  if (snap.serverOnline !== null) parts.push(`${snap.embedded ? 'gateway' : 'server'} online ${count(snap.serverOnline)}`);
  parts.push(stateText(snap.state, s));
  return parts.join(' | ');
}

const noop: Progress = { update: () => {}, stop: () => {} };

function plainProgress(stream: NodeJS.WritableStream, opts: ProgressOptions, s: Style): Progress {
  const now = opts.now ?? (() => performance.now());
  let lastWrite: number | null = null;
  let stopped = false;
  return {
    update(snapshot) {
      if (stopped) return;
      const t = now();
      // Leading edge: the first snapshot shows at once, later ones at most once per interval.
      if (lastWrite !== null && t - lastWrite < opts.intervalMs) return;
      lastWrite = t;
      stream.write(`${progressLine(snapshot, opts.durationMs, s)}\n`);
    },
    stop(finalLine) {
      if (stopped) return;
      stopped = true;
      if (finalLine !== undefined) stream.write(`${finalLine}\n`);
    },
  };
}

function ttyProgress(stream: NodeJS.WritableStream, opts: ProgressOptions, s: Style): Progress {
  const total = opts.durationMs !== null && opts.durationMs > 0 ? opts.durationMs : 1;
  let latest: ProgressSnapshot | null = null;
  const bar = new cliProgress.SingleBar({
    stream,
    fps: TTY_FPS,
    barsize: 20,
    hideCursor: true,
    clearOnComplete: true,
    linewrap: true,
    // imstress owns SIGINT/SIGTERM (first graceful, second immediate): cli-progress must not listen.
    gracefulExit: false,
    format: (_o, params) => {
      if (latest === null) return s.dim('starting…');
      const line = progressLine(latest, opts.durationMs, s);
      if (opts.durationMs === null) return line;
      const filled = Math.round(Math.min(1, Math.max(0, params.progress)) * 20);
      return `${'█'.repeat(filled)}${s.dim('░'.repeat(20 - filled))} ${line}`;
    },
  });
  let started = false;
  let stopped = false;
  return {
    update(snapshot) {
      if (stopped) return;
      latest = snapshot;
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
