/**
 * What a VU pool tells the hang detector, and how a `--workers` thread
 * carries it to the run loop in the main thread. A pool only says what
 * happened (progress of a kind at a time, a failed wait); the run loop owns
 * the detector. In one thread the loop's detector hears it at once; a worker
 * keeps an ordered log of runs and ships it with every tick, and the
 * coordinator replays it in order, so both see the same sequence of calls
 * (the kinds too: an error answer never undoes a declared hang, a reply does).
 */
import type { ProgressKind } from '../hang/index.js';

/** Where a pool reports the facts the hang detector judges by. */
export interface DetectorSignals {
  /** progress of `kind` at `at` (the pool's clock, which is the loop's) */
  progress(kind: ProgressKind, at: number): void;
  /** a wait ended in failure (#17.3: online-count changes stop counting until client progress) */
  failed(): void;
}

/**
 * A run of equal signals: `progress` of one kind from `first` to `last`, or
 * `failed` waits. Replaying the first and the last of a run of progress is
 * the same to the detector as replaying every one (the first may end a
 * pause; the others only move the last progress time), and it only asks
 * whether any wait failed, never how many.
 */
export type SignalRun = { readonly kind: ProgressKind; readonly first: number; readonly last: number } | { readonly kind: 'failed' };

/**
 * Past this many runs in one tick (a worker where errors and replies alternate
 * thousands of times in 100 ms), a new run replaces the last one: the last
 * progress time and the latest kind survive, the alternation in between is
 * summarised. A tick message stays small whatever the load.
 */
export const maxSignalRuns = 64;

/** A worker's signals since its last tick, in order, as runs. */
export class SignalLog implements DetectorSignals {
  private runs: Array<{ kind: ProgressKind; first: number; last: number } | { kind: 'failed' }> = [];

  progress(kind: ProgressKind, at: number): void {
    const last = this.runs.at(-1);
    if (last !== undefined && last.kind === kind && 'last' in last) last.last = Math.max(last.last, at);
    else this.push({ kind, first: at, last: at });
  }

  failed(): void {
    if (this.runs.at(-1)?.kind !== 'failed') this.push({ kind: 'failed' });
  }

  /** The runs since the previous call. */
  take(): SignalRun[] {
    const out = this.runs;
    this.runs = [];
    return out;
  }

  private push(r: { kind: ProgressKind; first: number; last: number } | { kind: 'failed' }): void {
    if (this.runs.length >= maxSignalRuns) this.runs[this.runs.length - 1] = r;
    else this.runs.push(r);
  }
}

/** Replays a worker's runs into the loop's detector, in order. */
export function replaySignals(runs: readonly SignalRun[], to: DetectorSignals): void {
  for (const r of runs) {
    if (r.kind === 'failed') {
      to.failed();
      continue;
    }
    to.progress(r.kind, r.first);
    if (r.last !== r.first) to.progress(r.kind, r.last);
  }
}
