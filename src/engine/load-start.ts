/**
 * How a run's load begins (the run loop, for one thread or `--workers`):
 * the server's online count as the baseline, then
 * the start time and a hang detector counting from it. Taken when the load
 * begins, never when the runner was made: fetching tokens for thousands of
 * users can outlast the hang window, and is neither load nor a pause.
 */
import { HangDetector } from '../hang/index.js';
import type { RunConfig } from '../config/run-config.js';
import type { Clock } from './clock.js';
import type { Timer } from '../time/index.js';
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

/** A slow pprof endpoint may delay the load by this much at most: the baseline is a nicety, the load is the run. */
const baselineDumpWaitMs = 1500;

/** The probe's dump, or null when it takes longer than {@link baselineDumpWaitMs} (the fetch ends at its own timeout). */
async function baselineDumpOf(probe: ServerProbe, clock: Clock): Promise<{ source: string; text: string } | null> {
  let timer: Timer | undefined;
  const late = new Promise<null>((resolve) => {
    timer = clock.after(baselineDumpWaitMs, () => resolve(null));
  });
  try {
    return await Promise.race([probe.dump(), late]);
  } finally {
    timer?.cancel();
  }
}

export async function beginLoad(
  probe: ServerProbe | null,
  clock: Clock,
  config: Pick<RunConfig, 'hangWindowMs' | 'stallThresholdMs'>,
): Promise<LoadStart> {
  // The baseline dump shows the long-lived loops serving (in select) before any load: what a hang dump is diffed against.
  const [baseline, baselineDump] = probe === null ? [null, null] : await Promise.all([probe.onlineCount(), baselineDumpOf(probe, clock)]);
  const start = clock.now();
  const detector = hangDetectorFor(config, start);
  if (baseline !== null) detector.serverOnlineCount(baseline, start);
  return { baseline, start, detector, baselineDump };
}
