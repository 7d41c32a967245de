/**
 * Which engine error kind a failed WebSocket dial is (design.md "What is
 * measured"). Shared by every adapter that dials through `transport/ws`.
 */
import type { ErrorKind } from '../adapter.js';

/** The messages `ws` gives a 101 that fails its RFC 6455 §4.1 checks (ws 8, lib/websocket.js). */
const invalidUpgrade = /^Invalid (Sec-WebSocket-Accept|Upgrade|Sec-WebSocket-Extensions) header|^Server sent (a subprotocol|an invalid subprotocol|no subprotocol|a Sec-WebSocket-Extensions header)|^Server indicated an extension/;

/** OpenSSL / Node codes of a certificate the client would not trust (tls.connect with rejectUnauthorized). */
const certificateCodes = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** The dial error's message; a certificate failure says what to do about it. */
export function dialErrorMessage(code: string, message: string): string {
  if (message.includes('closed before the connection was established')) return 'no 101 within the handshake timeout (an absolute deadline from the connect); the dial was abandoned';
  if (!certificateCodes.has(code)) return message;
  return `TLS: ${message} (${code}); pass --ca <file> with the CA that signed it, or --insecure for a test gateway`;
}

/** Node / `ws` error code → error kind; the load generator's own port shortage is told apart. */
export function dialErrorKind(code: string, message: string): ErrorKind {
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
      return 'connection-refused';
    case 'ETIMEDOUT':
      return 'handshake-timeout';
    case 'EADDRNOTAVAIL':
    case 'EADDRINUSE':
      return 'local-port-exhausted';
    default:
      // Node's HTTP parser (HPE_*): the answer to the upgrade was not HTTP at all.
      if (code.startsWith('HPE_')) return 'handshake-rejected';
      // `ws` reports an invalid 101 (RFC 6455 §4.1: wrong Sec-WebSocket-Accept, Upgrade, subprotocol or
      // extension headers) without a code: the server answered, but not with a WebSocket upgrade.
      if (invalidUpgrade.test(message)) return 'handshake-rejected';
      // `ws` reports its own handshake timer without a code; a dial abandoned at its absolute deadline
      // (transport/ws.ts) is a handshake timeout too.
      return /handshake has timed out|timed out|closed before the connection was established/i.test(message) ? 'handshake-timeout' : 'network-error';
  }
}
