/**
 * The drain check (design.md "Hang detection"): after the load, wait for the
 * server's online count to return to its baseline; what stays above it are
 * ghost sessions. Shared by the engine and the `--workers` coordinator.
 */
import type { Clock } from './clock.js';
import type { ServerProbe } from './probe.js';
import type { DrainResult } from './result.js';

const pollMs = 250;

/**
 * @param interrupted Ctrl-C (before or during the drain) cuts the wait short: the count right after the
 *   close is not a leak verdict, so an interrupted drain is reported as not checked.
 */
export async function drainCheck(
  probe: ServerProbe | null,
  baseline: number | null,
  timeoutMs: number,
  clock: Clock,
  interrupted: () => boolean,
): Promise<DrainResult> {
  if (probe === null || baseline === null)
    return { checked: false, notCheckedBecause: 'no-online-count', baseline, final: null, ghosts: 0, waitedMs: 0 };
  const started = clock.now();
  let polls = Math.ceil(timeoutMs / pollMs); // bounded by count too, whatever the clock does
  let final = await probe.onlineCount();
  while ((final === null || final > baseline) && !interrupted() && polls-- > 0 && clock.now() - started < timeoutMs) {
    await new Promise<void>((r) => clock.after(pollMs, r));
    final = await probe.onlineCount();
  }
  const waitedMs = Math.round(clock.now() - started);
  if (final === null) return { checked: false, notCheckedBecause: 'no-online-count', baseline, final, ghosts: 0, waitedMs };
  if (interrupted() && final > baseline) return { checked: false, notCheckedBecause: 'interrupted', baseline, final, ghosts: 0, waitedMs };
  return { checked: true, baseline, final, ghosts: Math.max(0, final - baseline), waitedMs };
}
