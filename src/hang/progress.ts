/**
 * What counts as progress for hang detection (design.md "Hang detection").
 *
 * @module
 */

/** Closed set of progress kinds: each one proves the target is still moving. */
export type ProgressKind = 'handshake' | 'reply' | 'close' | 'online-change' | 'error-answer';

/**
 * What each progress kind means. An exhaustive `Record`, so adding a kind
 * without documenting it fails to compile.
 *
 * @public a documentation catalog, kept complete by the compiler
 */
export const PROGRESS_KINDS: Readonly<Record<ProgressKind, string>> = {
  handshake: 'a WebSocket handshake completed (101 received and the session accepted)',
  reply: 'a reply matching a request was received',
  close: 'a close handshake completed',
  'online-change':
    "the server's online count changed (the first reading is only a baseline); not while every wait since the last " +
    'handshake, reply or close has failed: other users coming and going on a shared gateway do not prove it serves ours',
  'error-answer':
    'the server answered, but with an error (an undecodable frame, a refusal, a close before the reply): nothing was ' +
    'served, but a server that answers is not frozen; the verdict names the dominant error instead of a hang',
};

/** The kinds that show the server serving this run's own VUs (every kind but the two indirect ones). */
export function isClientProgress(kind: ProgressKind): boolean {
  return kind !== 'online-change' && kind !== 'error-answer';
}
