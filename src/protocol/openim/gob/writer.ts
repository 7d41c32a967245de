/**
 * Growable byte buffer with the gob primitive encoders (§2.4 of
 * openim-protocol.md): uint, int (zig-zag), string and []byte.
 *
 * @module
 */

import { ProtocolError } from '../errors.js';

const MAX_UINT64 = (1n << 64n) - 1n;
const MIN_INT64 = -(1n << 63n);
const MAX_INT64 = (1n << 63n) - 1n;
/** Largest |x| whose zig-zag form `2|x|+1` is still a safe integer. */
const ZIGZAG_SAFE = 2 ** 52 - 1;

function invalid(message: string): ProtocolError {
  return new ProtocolError('gob_encode_invalid', message);
}

/** Appends gob primitives to a growing buffer. */
export class GobWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialCapacity = 128) {
    this.buf = Buffer.allocUnsafe(initialCapacity);
  }

  /** Number of bytes written so far. */
  get length(): number {
    return this.len;
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** One raw byte. */
  writeByte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }

  /** Raw bytes, no length prefix. */
  writeRaw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  /**
   * A gob uint: below 128 one byte, else the negated byte count followed by
   * the minimal big-endian bytes (§2.4; 2002 → fe 07 d2).
   */
  writeUint(v: number | bigint): void {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v) || v < 0) {
        if (Number.isInteger(v) && v > 0) return this.writeUint(BigInt(v));
        throw invalid(`uint must be a non-negative integer, got ${v}`);
      }
      if (v < 0x80) return this.writeByte(v);
      const tmp: number[] = [];
      let x = v;
      while (x > 0) {
        tmp.push(x % 256);
        x = Math.floor(x / 256);
      }
      this.writeByte(256 - tmp.length);
      for (let i = tmp.length - 1; i >= 0; i--) this.writeByte(tmp[i] ?? 0);
      return;
    }
    if (v < 0n || v > MAX_UINT64) throw invalid(`uint ${v} outside [0, 2^64-1]`);
    if (v < 0x80n) return this.writeByte(Number(v));
    const tmp: number[] = [];
    let x = v;
    while (x > 0n) {
      tmp.push(Number(x & 0xffn));
      x >>= 8n;
    }
    this.writeByte(256 - tmp.length);
    for (let i = tmp.length - 1; i >= 0; i--) this.writeByte(tmp[i] ?? 0);
  }

  /**
   * A gob int: `u = x<<1` for x ≥ 0, else `(~x<<1) | 1`, written as a uint
   * (§2.4; 1001 → fe 07 d2, −65 → ff 81, 65 → ff 82).
   */
  writeInt(v: number | bigint): void {
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) throw invalid(`int must be an integer, got ${v}`);
      if (Math.abs(v) > ZIGZAG_SAFE) return this.writeInt(BigInt(v));
      return this.writeUint(v >= 0 ? v * 2 : (-v - 1) * 2 + 1);
    }
    if (v < MIN_INT64 || v > MAX_INT64) throw invalid(`int ${v} outside the int64 range`);
    this.writeUint(v >= 0n ? v << 1n : ((-v - 1n) << 1n) | 1n);
  }

  /** A bool as uint 0 or 1. */
  writeBool(v: boolean): void {
    this.writeByte(v ? 1 : 0);
  }

  /** A string: uint byte length, then the UTF-8 bytes. */
  writeString(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.writeUint(n);
    this.reserve(n);
    this.len += this.buf.write(s, this.len, n, 'utf8');
  }

  /** A []byte: uint length, then the bytes. */
  writeBytes(bytes: Uint8Array): void {
    this.writeUint(bytes.length);
    this.writeRaw(bytes);
  }

  /** A copy of the bytes written so far. */
  toBuffer(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.len));
  }
}
