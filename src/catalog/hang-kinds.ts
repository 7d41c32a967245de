/**
 * The hang-kind catalog: every kind with its title and explanation
 * (design.md "Hang detection"). Neutral (imports nothing), so the report and
 * the renderers explain a kind without importing the detector (issue #13).
 */

/** Closed set of hang kinds; each is documented in {@link HANG_KINDS}. */
export type HangKind = 'open-but-silent' | 'no-handshake' | 'reply-stuck' | 'close-stuck' | 'online-count-frozen' | 'unclassified';

/** A hang kind's human text, for reports and the terminal summary. */
export interface HangKindInfo {
  /** A short title (a few words). */
  readonly title: string;
  /** What the symptom is and what usually causes it. */
  readonly explanation: string;
}

/**
 * Every hang kind with its explanation. An exhaustive `Record`, so adding a
 * kind without documenting it fails to compile.
 */
export const HANG_KINDS: Readonly<Record<HangKind, HangKindInfo>> = {
  'open-but-silent': {
    title: 'Connections open but silent',
    explanation:
      'WebSocket handshakes complete (101), then no reply ever arrives. This is the OpenIM v3.5.1 ' +
      'msggateway symptom: the upgrade succeeds before the session is registered, and the register ' +
      'channel is stuck behind a loop that is itself blocked, so sessions are never served.',
  },
  'no-handshake': {
    title: 'Handshakes never complete',
    explanation:
      'Connections are accepted at TCP level (or not at all) but the HTTP upgrade never answers with ' +
      '101: the gateway is not reaching its upgrade handler, e.g. its accept loop or a lock ahead of ' +
      'the upgrade is blocked.',
  },
  'reply-stuck': {
    title: 'Registered sessions get no replies',
    explanation:
      'Sessions that were served before stop receiving replies to their requests: the message path ' +
      '(RPC to the backend, a per-connection writer or a shared queue) is blocked.',
  },
  'close-stuck': {
    title: 'Close handshakes never complete',
    explanation:
      'Clients sent a close frame but the server neither answers nor drops the socket: the ' +
      'unregister path (e.g. a blocking send into an unregister channel) is blocked.',
  },
  'online-count-frozen': {
    title: "Server's online count frozen",
    explanation:
      "No client-side phase explains the stall, but the server's online count has stopped changing " +
      'while clients are waiting: the server-side bookkeeping loop is likely blocked.',
  },
  unclassified: {
    title: 'Unclassified hang',
    explanation:
      'Virtual users are waiting but in no phase the catalog knows, and the server online count is ' +
      'not available: see the per-phase breakdown and the goroutine dump, if captured.',
  },
};
