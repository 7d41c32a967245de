/**
 * How a run's load begins, the same way for the in-process engine and the
 * `--workers` coordinator: the server's online count as the baseline, then
 * the start time and a hang detector counting from it. Taken when the load
 * begins, never when the runner was made: fetching tokens for thousands of
 * users can outlast the hang window, and is neither load nor a pause.
 */
import { HangDetector } from '../hang/index.js';
import type { RunConfig } from '../config/run-config.js';
import type { Clock } from './clock.js';
import type { ServerProbe } from './probe.js';

/** A detector for this run, its last progress at `startMs`. */
export function hangDetectorFor(config: Pick<RunConfig, 'hangWindowMs' | 'stallThresholdMs'>, startMs: number): HangDetector {
  return new HangDetector({ hangWindowMs: config.hangWindowMs, stallThresholdMs: config.stallThresholdMs, startMs });
}

export interface LoadStart {
  /** the server's online count before the load (null: no probe, or no reading) */
  readonly baseline: number | null;
  readonly start: number;
  /** counts from `start`, with the baseline already given to it */
  readonly detector: HangDetector;
  /** the goroutine/task dump before the load, for the hang's before/after diff (null: no probe or no dump) */
  readonly baselineDump: { readonly source: string; readonly text: string } | null;
}

export async function beginLoad(probe: ServerProbe | null, clock: Clock, config: Pick<RunConfig, 'hangWindowMs' | 'stallThresholdMs'>): Promise<LoadStart> {
  // The baseline dump shows the long-lived loops serving (in select) before any load: what a hang dump is diffed against.
  const [baseline, baselineDump] = probe === null ? [null, null] : await Promise.all([probe.onlineCount(), probe.dump()]);
  const start = clock.now();
  const detector = hangDetectorFor(config, start);
  if (baseline !== null) detector.serverOnlineCount(baseline, start);
  return { baseline, start, detector, baselineDump };
}
