/**
 * Which engine error kind a failed WebSocket dial is (design.md "What is
 * measured"). Shared by every adapter that dials through `transport/ws`.
 */
import type { ErrorKind } from '../adapter.js';

/** The messages `ws` gives a 101 that fails its RFC 6455 §4.1 checks (ws 8, lib/websocket.js). */
const invalidUpgrade =
  /^Invalid (Sec-WebSocket-Accept|Upgrade|Sec-WebSocket-Extensions) header|^Server sent (a subprotocol|an invalid subprotocol|no subprotocol|a Sec-WebSocket-Extensions header)|^Server indicated an extension/;

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

/** The separator of a hint in an error message; the summary lists the distinct hints of a run. */
export const hintMarker = '; hint: ';

/**
 * Issue #11: the common mistakes behind a failed upgrade, named. `wss://` to a plain port fails in the
 * TLS layer ("wrong version number"); `ws://` to a TLS port is reset by a Node server or answered 400 by
 * a Go one; a 404 is a wrong path; a 401/403 is never OpenIM's own refusal (§1.4: HTTP 200 + errCode).
 */
export function handshakeHint(
  url: string,
  f: { readonly code?: string; readonly message?: string; readonly status?: number; readonly body?: string },
): string | null {
  const secure = url.startsWith('wss:');
  const message = f.message ?? '';
  if (secure && (f.code === 'EPROTO' || /wrong version number|packet length too long|unknown protocol|http request/i.test(message)))
    return 'the target answered plain HTTP, not TLS: use ws://';
  if (!secure && f.code === 'ECONNRESET' && /socket hang up/.test(message))
    return 'the target dropped the connection without answering the upgrade: if it serves TLS, use wss://';
  if (!secure && f.status === 400 && /HTTP request to an HTTPS server/i.test(f.body ?? '')) return 'the target serves TLS: use wss://';
  if (f.status === 404) {
    let path = '/';
    try {
      path = new URL(url).pathname;
    } catch {
      // the URL was checked when the config was read; keep the default
    }
    return `wrong path? nothing upgrades at ${path}`;
  }
  if (f.status === 401 || f.status === 403)
    return 'token refused by a proxy? OpenIM itself refuses a handshake with HTTP 200 and an errCode (§1.4), never 401/403';
  return null;
}

/** `message` with the hint for it appended, when there is one. */
export function withHint(message: string, hint: string | null): string {
  return hint === null ? message : `${message}${hintMarker}${hint}`;
}

/** The dial error's message; a certificate failure says what to do about it, a scheme mismatch too (with `url`). */
export function dialErrorMessage(code: string, message: string, url?: string): string {
  if (message.includes('closed before the connection was established'))
    return 'no 101 within the handshake timeout (an absolute deadline from the connect); the dial was abandoned';
  if (!certificateCodes.has(code)) return url === undefined ? message : withHint(message, handshakeHint(url, { code, message }));
  return `TLS: ${message} (${code}); pass --ca <file> with the CA that signed it, or --insecure for a test gateway`;
}

/** Node / `ws` error code → error kind; the load generator's own port shortage is told apart. */
export function dialErrorKind(code: string, message: string): ErrorKind {
  switch (code) {
    // isMsgResp (openim-protocol.md §14.2): the server completed the 101 and then answered wrongly, so it
    // was reached: an answer error (#17.4), never an unreachable target (an outage, #11).
    case 'EMSGRESP':
      return /binary frame/.test(message) ? 'protocol-error' : 'unexpected-close';
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
      return /handshake has timed out|timed out|closed before the connection was established/i.test(message)
        ? 'handshake-timeout'
        : 'network-error';
  }
}
