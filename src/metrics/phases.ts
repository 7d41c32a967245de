/**
 * The phase names imstress measures (design.md "What is measured"), in one
 * place so that no other module spells them as string literals.
 */

/**
 * Every measured phase, in report order.
 *
 * - `handshake`: WebSocket upgrade + OpenIM handshake, until the connection is usable.
 * - `reply`: a request sent until its reply arrives.
 * - `push`: a message sent by one user until the push reaches the receiver.
 * - `close`: close initiated until the close completes.
 * - `iteration`: one whole virtual-user iteration.
 * - `stall`: time a VU spent stuck in one phase beyond the stall threshold
 *   (a phase still unfinished at the end of the run is recorded with the
 *   time it had waited, so a hang is never dropped from the numbers).
 */
export const PHASES = ['handshake', 'reply', 'push', 'close', 'iteration', 'stall'] as const;

/** One measured phase. */
export type Phase = (typeof PHASES)[number];

/** Whether a string names a {@link Phase} (for reading reports back). */
export function isPhase(name: string): name is Phase {
  return (PHASES as readonly string[]).includes(name);
}
