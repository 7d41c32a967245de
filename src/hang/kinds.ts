/**
 * Hang kinds: the catalog that says *why* the connection count stopped
 * changing, and the pure function that picks the kind from the stuck
 * breakdown (design.md "Hang detection").
 *
 * @module
 */

import { phaseCount, type WaitingSnapshot } from './waiting.js';

export { HANG_KINDS, type HangKind } from '../catalog/hang-kinds.js';
import type { HangKind } from '../catalog/hang-kinds.js';

/**
 * Picks the dominant hang kind from who is waiting.
 *
 * Open-but-silent VUs are counted apart and subtracted from the `reply`
 * phase (they are normally counted there too), then the kind with the most
 * VUs wins; ties go to the earlier kind in the order open-but-silent,
 * no-handshake, reply-stuck, close-stuck (the earlier ones are the more
 * specific diagnosis). When no waiting VU is in a known phase, the server's
 * frozen online count (`true`) gives `online-count-frozen`; otherwise
 * (`false` or `null` = not available) the hang is `unclassified`.
 *
 * @param waiting the stuck breakdown at the moment of the hang
 * @param serverOnlineFrozen whether the server's online count stopped changing; `null` when unknown
 */
export function classifyHang(waiting: WaitingSnapshot, serverOnlineFrozen: boolean | null): HangKind {
  const silent = Number.isFinite(waiting.openSilent) && waiting.openSilent > 0 ? waiting.openSilent : 0;
  const counts: ReadonlyArray<readonly [HangKind, number]> = [
    ['open-but-silent', silent],
    ['no-handshake', phaseCount(waiting, 'handshake')],
    ['reply-stuck', Math.max(0, phaseCount(waiting, 'reply') - silent)],
    ['close-stuck', phaseCount(waiting, 'close')],
  ];
  let best: HangKind | null = null;
  let bestCount = 0;
  for (const [kind, n] of counts) {
    if (n > bestCount) {
      best = kind;
      bestCount = n;
    }
  }
  if (best !== null) return best;
  return serverOnlineFrozen === true ? 'online-count-frozen' : 'unclassified';
}
