/**
 * Which engine error kind a failed WebSocket dial is (design.md "What is
 * measured"). Shared by every adapter that dials through `transport/ws`.
 */
import type { ErrorKind } from '../adapter.js';

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
      // `ws` reports its own handshake timer without a code.
      return /handshake has timed out|timed out/i.test(message) ? 'handshake-timeout' : 'network-error';
  }
}
