/**
 * The engine's view of who is waiting, handed to the hang detector on each
 * tick (design.md "The virtual user": a waiting VU is always in exactly one
 * known phase with a known start time).
 *
 * @module
 */

/** How many VUs are waiting right now, and where. */
export interface WaitingSnapshot {
  /** VUs waiting for the target in any phase (think time is not waiting). */
  readonly total: number;
  /**
   * The same VUs broken down by phase name. The hang catalog explains the timed phases of design.md
   * "What is measured" (`handshake`, `reply`, `close`); other keys count towards the total but are
   * classified as `unclassified`.
   */
  readonly byPhase: Readonly<Record<string, number>>;
  /**
   * VUs whose handshake completed but which have had no reply for the stall
   * threshold: the v3.5.1 register-queue symptom. A subset of `total`, also
   * counted in `byPhase` (normally under `reply`).
   */
  readonly openSilent: number;
}

/** A defensive copy, so later mutation by the caller cannot rewrite history. */
export function copyWaiting(w: WaitingSnapshot): WaitingSnapshot {
  return { total: w.total, byPhase: { ...w.byPhase }, openSilent: w.openSilent };
}

/** The count for one phase, 0 when absent or not a finite non-negative number. */
export function phaseCount(w: WaitingSnapshot, phase: string): number {
  const n = Object.hasOwn(w.byPhase, phase) ? w.byPhase[phase] : undefined;
  return n !== undefined && Number.isFinite(n) && n > 0 ? n : 0;
}
