/**
 * The error-kind catalog: every kind the engine counts, with its meaning.
 * A neutral module (it imports nothing), so the report contract, the
 * renderers, the config and the adapters all name kinds without importing
 * each other (issue #13: no folder cycles).
 */

/** Error kinds of design.md "What is measured"; the engine counts them. */
export const errorKinds = [
  'connection-refused',
  'handshake-rejected',
  'handshake-timeout',
  'reply-timeout',
  'push-timeout',
  'close-timeout',
  'error-reply',
  'kicked',
  'unexpected-close',
  'protocol-error',
  'token-error',
  'local-port-exhausted',
  'network-error',
  'worker-died',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

/**
 * The error kinds that are the server's own answer (an undecodable frame, a refusal, a close before
 * the reply, a kick): nothing was served, but a server that answers is not frozen, so these end a
 * no-progress pause (src/hang/progress.ts `error-answer`) and a run made of them gets a verdict naming
 * the error, not a hang kind. Timeouts, refused connects and the generator's own faults are not answers.
 */
export const answerErrorKinds: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'handshake-rejected',
  'error-reply',
  'kicked',
  'unexpected-close',
  'protocol-error',
]);

/** What each error kind means (exhaustive: a new kind must be documented). */
export const errorKindMeaning: Readonly<Record<ErrorKind, string>> = {
  'connection-refused': 'TCP connect refused or reset before the handshake',
  'handshake-rejected':
    'the server answered the upgrade with a non-101 status (OpenIM: HTTP 200 + JSON errCode), with something that is not HTTP, or with a 101 that fails the RFC 6455 checks (wrong Sec-WebSocket-Accept)',
  'handshake-timeout': 'no handshake answer within the handshake timeout',
  'reply-timeout': 'no reply within the reply timeout (the connection may still be open: "open but silent")',
  'push-timeout': 'the push for a sent message did not arrive within the push timeout',
  'close-timeout': 'the close handshake did not finish within the close timeout',
  'error-reply': 'the server replied with a non-zero error code',
  kicked: 'the server kicked the session (OpenIM 2002, then the socket drops)',
  'unexpected-close': 'the server closed the connection while a reply was awaited',
  'protocol-error': 'a frame the client could not decode, or one that breaks RFC 6455 (over the 1 MiB read limit, bad opcode, masked)',
  'token-error': 'no token could be obtained for a user',
  'local-port-exhausted':
    "the load generator's own fault: no free local port / address in use (widen net.ipv4.ip_local_port_range, or add source addresses with --local-address)",
  'network-error': 'any other socket error',
  'worker-died':
    "a --workers thread of the load generator died: its users stopped, its counts up to its last tick are kept, its latency histograms are lost (the generator's fault, never the target's)",
};
