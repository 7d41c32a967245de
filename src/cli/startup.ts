/**
 * Start-up steps said out loud, so that the seconds before the first live
 * line (the embedded gateway starting, a hundred tokens fetched over REST on
 * a busy machine) never pass in silence: "starting embedded gateway…",
 * "fetching 100 tokens… 40/100". It only writes to the stream it is given
 * (the CLI passes stderr), like {@link ./progress.ts}.
 *
 * - `tty`: one line redrawn in place with the count and the seconds so far,
 *   ended with the outcome (`… 100 tokens in 1.2 s`).
 * - `plain`/`off`: the step's start and its outcome as two lines, and the
 *   count at most once per `intervalMs` in between, so a CI log shows a slow
 *   step without being flooded.
 */
import { performance } from 'node:perf_hooks';
import type { ProgressMode } from './progress.js';

/** One announced step; end it exactly once (later calls are ignored). */
export interface StartupStep {
  /** `done` of `total` so far (tokens in). */
  count(done: number, total: number): void;
  /** Ends the step: `outcome` (e.g. "100 tokens in 1.2 s") after the label, or the label alone with "stopped". */
  end(outcome?: string): void;
}

export interface StartupOptions {
  readonly mode: ProgressMode;
  /** Plain mode: least time between two count lines. */
  readonly intervalMs: number;
  /** Clock (default `performance.now`); tests inject one. */
  readonly now?: () => number;
  /** TTY mode: redraws per second of the seconds-so-far counter (0: only on counts; tests). */
  readonly redrawPerSec?: number;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Starts announcing `label` (e.g. "fetching 100 tokens from http://…"). */
export function startupStep(stream: NodeJS.WritableStream, label: string, opts: StartupOptions): StartupStep {
  const now = opts.now ?? (() => performance.now());
  const started = now();
  let done: number | null = null;
  let total: number | null = null;
  let ended = false;
  const countText = (): string => (done === null || total === null ? '' : ` ${done}/${total}`);
  if (opts.mode !== 'tty') {
    stream.write(`${label}…\n`);
    let lastLine = started;
    return {
      count(d, t) {
        if (ended) return;
        done = d;
        total = t;
        if (opts.mode === 'off' || now() - lastLine < opts.intervalMs || d === t) return;
        lastLine = now();
        stream.write(`${label}…${countText()} (${secs(lastLine - started)})\n`);
      },
      end(outcome) {
        if (ended) return;
        ended = true;
        stream.write(`${label}: ${outcome ?? 'stopped'}\n`);
      },
    };
  }
  let lastDraw = -Infinity;
  const draw = (): void => {
    lastDraw = now();
    stream.write(`\r${label}…${countText()} (${secs(lastDraw - started)})\u001b[K`);
  };
  draw();
  const fps = opts.redrawPerSec ?? 4;
  // The seconds keep moving while nothing is counted (a slow gateway start, workers fetching their own tokens).
  const timer = fps > 0 ? setInterval(draw, 1000 / fps) : null;
  timer?.unref();
  return {
    count(d, t) {
      if (ended) return;
      done = d;
      total = t;
      if (now() - lastDraw >= 250) draw();
    },
    end(outcome) {
      if (ended) return;
      ended = true;
      if (timer !== null) clearInterval(timer);
      stream.write(`\r${label}: ${outcome ?? 'stopped'}\u001b[K\n`);
    },
  };
}

/** "in 1.2 s" from a start time on the same clock. */
export function tookSince(startedMs: number, now: () => number = () => performance.now()): string {
  return `in ${secs(now() - startedMs)}`;
}
