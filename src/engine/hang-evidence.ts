/**
 * The first part of the hang evidence, built by the run loop at the moment
 * a hang is declared. The oldest waits (at once from a local pool, asked of
 * each thread with `--workers`), the dump and the server stats are added
 * afterwards.
 */
import { HANG_KINDS, type DetectorEvent, type HangDetector } from '../hang/index.js';
import type { CapturedDump, HangEvidence, VuPhase, WaitSample } from './result.js';
import { digestDumps } from '../explain/index.js';
import { maxDumpChars, type ServerProbe } from './probe.js';

/** The detector's phase names back to the VUs' (awaiting-push waits are counted with replies). */
const vuPhaseOf: Readonly<Record<string, VuPhase>> = { handshake: 'connecting', reply: 'awaiting-reply', close: 'closing' };

export interface HangMoment {
  readonly event: Extract<DetectorEvent, { type: 'hang' }>;
  readonly detector: HangDetector;
  readonly now: number;
  readonly start: number;
  /** the waiting breakdown of this tick, in the detector's phase names */
  readonly byPhase: Readonly<Record<string, number>>;
  readonly openSilent: number;
  readonly openConnections: number;
  readonly serverOnline: number | null;
  readonly oldestWaits: readonly WaitSample[];
}

export function hangEvidenceAt(m: HangMoment): HangEvidence {
  const info = HANG_KINDS[m.event.kind];
  // Who was stuck: the breakdown at the worst moment of the pause (a single tick can catch VUs between a
  // timeout and their reconnect), in the VUs' phase names.
  const worst = m.detector.current(m.now);
  const waitingByPhase: Record<string, number> = {};
  for (const [k, n] of Object.entries(worst?.phases ?? m.byPhase)) waitingByPhase[vuPhaseOf[k] ?? k] = n;
  return {
    kind: m.event.kind,
    title: info.title,
    explanation: info.explanation,
    atMs: Math.round(m.now - m.start),
    noProgressSinceMs: Math.round(m.event.sinceMs - m.start),
    waitingByPhase,
    openSilent: Math.max(worst?.openSilent ?? 0, m.openSilent),
    openConnections: m.openConnections,
    serverOnline: m.serverOnline,
    // Changes ignored while every wait failed (detector.failed) mean the count moved: not frozen.
    serverOnlineFrozen: m.serverOnline === null ? null : m.detector.ignoredOnlineChanges === 0,
    oldestWaits: m.oldestWaits,
    dump: null,
    serverStats: null,
  };
}

/** The dumps of a hang and their digest, as {@link HangEvidence} keeps them. */
export type DumpEvidence = Pick<HangEvidence, 'dump' | 'baselineDump' | 'laterDump' | 'digest'>;

const kept = (d: { source: string; text: string } | null): CapturedDump | null =>
  d === null ? null : { source: d.source, text: d.text.slice(0, maxDumpChars), truncated: d.text.length > maxDumpChars };

/**
 * The hang dump, a second one `gapMs` later (the same goroutine ids blocked
 * at the same place in both: stuck, not slow), and their digest and diff
 * against the baseline taken before the load. The wait is real time: the
 * gateway has to be given the chance to move. `gapMs` 0: one dump.
 */
export async function captureDumps(
  probe: ServerProbe,
  baseline: { source: string; text: string } | null,
  gapMs: number,
): Promise<DumpEvidence> {
  const first = await probe.dump();
  let later: { source: string; text: string } | null = null;
  if (first !== null && gapMs > 0) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    later = await probe.dump();
  }
  const dump = kept(first);
  const laterDump = kept(later);
  const baselineDump = kept(baseline);
  const digest = dump === null ? null : digestOrNull(dump.text, laterDump?.text ?? null, baselineDump?.text ?? null);
  return { dump, baselineDump, laterDump, digest };
}

/**
 * The digest, or null when the dump defeats the parser: a hostile or truncated pprof body
 * must never cost the run its hang evidence (the raw dump is kept either way).
 */
function digestOrNull(...args: Parameters<typeof digestDumps>): ReturnType<typeof digestDumps> | null {
  try {
    return digestDumps(...args);
  } catch {
    return null;
  }
}
