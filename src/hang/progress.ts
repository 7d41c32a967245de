/**
 * What counts as progress for hang detection (design.md "Hang detection").
 *
 * @module
 */

/** Closed set of progress kinds: each one proves the target is still moving. */
export type ProgressKind = 'handshake' | 'reply' | 'close' | 'online-change';

/**
 * What each progress kind means. An exhaustive `Record`, so adding a kind
 * without documenting it fails to compile.
 */
export const PROGRESS_KINDS: Readonly<Record<ProgressKind, string>> = {
  handshake: 'a WebSocket handshake completed (101 received and the session accepted)',
  reply: 'a reply matching a request was received',
  close: 'a close handshake completed',
  'online-change': "the server's online count changed (the first reading is only a baseline)",
};

/** The names of {@link PROGRESS_KINDS}, in documentation order. */
export const PROGRESS_KIND_NAMES = Object.keys(PROGRESS_KINDS) as readonly ProgressKind[];
