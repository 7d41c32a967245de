/**
 * The first part of the hang evidence, built at the moment a hang is
 * declared, the same way for the in-process engine and the `--workers`
 * coordinator. The dump, the server stats (and, with workers, the oldest
 * waits) are fetched afterwards.
 */
import { HANG_KINDS, type DetectorEvent, type HangDetector } from '../hang/index.js';
import type { HangEvidence, VuPhase, WaitSample } from './result.js';

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
