/**
 * gzip layer of a frame (§2.5 of openim-protocol.md): Go's `compress/gzip`
 * on the whole gob (or JSON) payload, both directions, when the connection
 * negotiated `compression=gzip`. Any standard RFC 1952 member interoperates.
 *
 * @module
 */

import { constants as bufferConstants } from 'node:buffer';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ProtocolError } from './errors.js';

/** Compresses one frame payload. */
export function gzipFrame(buf: Uint8Array): Buffer {
  return gzipSync(buf);
}

/**
 * Decompresses one frame payload, refusing to produce more than
 * `maxOutput` bytes (zlib's `maxOutputLength`), so a small "gzip bomb"
 * cannot allocate unbounded memory.
 *
 * @param maxOutput positive integer byte limit for the output
 * @throws {ProtocolError} `gzip_too_large` past the limit, `gzip_invalid`
 * for anything zlib rejects
 * @throws {RangeError} when `maxOutput` is not a positive safe integer (a caller bug)
 */
export function gunzipFrame(buf: Uint8Array, maxOutput: number): Buffer {
  if (!Number.isSafeInteger(maxOutput) || maxOutput < 1) {
    throw new RangeError(`maxOutput must be a positive integer, got ${maxOutput}`);
  }
  try {
    return gunzipSync(buf, { maxOutputLength: Math.min(maxOutput, bufferConstants.MAX_LENGTH) });
  } catch (err) {
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ProtocolError('gzip_too_large', `gunzipped frame exceeds ${maxOutput} bytes`, { cause: err });
    }
    throw new ProtocolError('gzip_invalid', err instanceof Error ? err.message : 'gunzip failed', { cause: err });
  }
}
