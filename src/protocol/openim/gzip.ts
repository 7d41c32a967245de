/**
 * gzip layer of a frame (§2.5 of openim-protocol.md): Go's `compress/gzip`
 * on the whole gob (or JSON) payload, both directions, when the connection
 * negotiated `compression=gzip`. Any standard RFC 1952 member interoperates.
 *
 * @module
 */

import { constants as bufferConstants } from 'node:buffer';
import { constants as zlibConstants, createGunzip, gunzipSync, gzipSync, type Gunzip } from 'node:zlib';
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
    return gunzipNoLeak(buf, Math.min(maxOutput, bufferConstants.MAX_LENGTH));
  } catch (err) {
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ProtocolError('gzip_too_large', `gunzipped frame exceeds ${maxOutput} bytes`, { cause: err });
    }
    throw new ProtocolError('gzip_invalid', err instanceof Error ? err.message : 'gunzip failed', { cause: err });
  }
}

/** The parts of Node's sync zlib path {@link gunzipNoLeak} drives (lib/zlib.js, Node 20–22). */
interface SyncEngine {
  _processChunk?(chunk: Uint8Array, flushFlag: number): Buffer;
  _handle: { close(): void } | null;
  destroy(err?: Error): unknown;
}

/**
 * `gunzipSync` without its retention on corrupt input. In Node 20 a zlib
 * data error inside the sync path makes the engine close its native handle
 * while `writeSync` is still on the stack; the handle's memory (about 16 kB)
 * is then only released once the event loop turns. Corrupt frames decoded
 * in one turn pile up (measured: 20,000 corrupt frames held ~310 MB after a
 * forced GC until the loop turned; with this function, under 60 MB), which a
 * hostile gateway can provoke with many small bad frames in one socket read.
 * So the engine's error handler is kept from closing the handle mid-write,
 * and the handle is closed here once the call returns,
 * whatever happened. Falls back to `gunzipSync` where the internal is absent.
 */
function gunzipNoLeak(buf: Uint8Array, maxOutputLength: number): Buffer {
  const engine = createGunzip({ maxOutputLength }) as unknown as SyncEngine & Gunzip;
  const handle = engine._handle;
  if (typeof engine._processChunk !== 'function' || handle === null) return gunzipSync(buf, { maxOutputLength });
  engine.destroy = () => engine;
  try {
    return engine._processChunk(buf, zlibConstants.Z_FINISH);
  } finally {
    if (engine._handle !== null) {
      handle.close();
      engine._handle = null;
    }
  }
}
