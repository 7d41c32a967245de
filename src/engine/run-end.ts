/**
 * The end of a run is as careful as its middle (issue #18). When the load
 * stops, no new work starts (the VUs have left their loops); dials already in
 * flight may finish, for at most `--close-timeout` (or their own handshake
 * deadline); then every open connection gets its close handshake, and the
 * client waits for the server's close (and its TCP close, see
 * transport/ws.ts) within `--close-timeout`. Nothing is cut without a close
 * frame unless its time ran out, and every attempt and end is counted
 * ({@link ConnectionTally}).
 *
 * Called once by the run loop (the single engine and each `--workers` thread
 * alike), after the VUs' loops have returned.
 */
import type { Adapter } from '../protocol/adapter.js';
import type { Clock } from './clock.js';

/** What the end needs of a virtual user. */
export interface EndingVu {
  /** Lets a dial caught by the stop finish, for at most `graceMs`. */
  finishDial(graceMs: number): Promise<void>;
  /** Closes every connection it still holds, each bounded by the close timeout. */
  shutdown(): Promise<void>;
}

/**
 * Ends every VU carefully; resolves when every connection is closed or dropped at its deadline: at most
 * `2 × closeTimeoutMs` (the dials' grace, then their close).
 */
export async function endAllCarefully(
  vus: readonly EndingVu[],
  adapter: Pick<Adapter, 'abandonConnects'>,
  closeTimeoutMs: number,
  clock: Pick<Clock, 'after'>,
): Promise<void> {
  // Dials still before their answer when the grace ends are destroyed together (their VUs count them abandoned).
  const abandon = clock.after(closeTimeoutMs, () => adapter.abandonConnects?.());
  try {
    await Promise.all(vus.map((vu) => endOne(vu, closeTimeoutMs)));
  } finally {
    abandon.cancel();
    adapter.abandonConnects?.();
  }
}

async function endOne(vu: EndingVu, graceMs: number): Promise<void> {
  await vu.finishDial(graceMs);
  await vu.shutdown();
}
