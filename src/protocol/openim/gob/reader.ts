/**
 * Bounds-checked reader of gob primitives (§2.4 of openim-protocol.md).
 *
 * Every read checks the remaining bytes first, so a truncated or hostile
 * input produces a {@link GobDecodeError} and never a RangeError or an
 * over-sized allocation.
 *
 * @module
 */

import { GobDecodeError } from '../errors.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);

/** A bounded cursor over a byte range of a Buffer. */
export class GobReader {
  private readonly buf: Buffer;
  private pos: number;
  private readonly end: number;

  /**
   * @param bytes the input; not copied
   * @param start first byte of the range
   * @param end one past the last byte of the range
   */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
    this.end = end;
  }

  /** Absolute offset of the next byte in the original input. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left in this reader's range. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws `gob_truncated` unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n > this.end - this.pos) {
      throw new GobDecodeError('gob_truncated', `need ${n} byte(s) for ${what}, have ${this.end - this.pos}`, {
        offset: this.pos,
      });
    }
  }

  /** One raw byte. */
  readByte(): number {
    this.need(1, 'a byte');
    const b = this.buf[this.pos] ?? 0;
    this.pos += 1;
    return b;
  }

  /**
   * A gob uint as a JS number when it is at most 2^53−1, else a bigint
   * (§2.4: one byte below 128, else a negated byte count and big-endian bytes).
   */
  readUintValue(): number | bigint {
    const at = this.pos;
    const first = this.readByte();
    if (first < 0x80) return first;
    const n = 256 - first;
    if (n > 8) {
      // Go: "encoded unsigned integer out of range".
      throw new GobDecodeError('gob_bad_data', `uint byte count ${n} > 8`, { offset: at });
    }
    this.need(n, 'a uint');
    if (n <= 6) {
      let v = 0;
      for (let i = 0; i < n; i++) v = v * 256 + (this.buf[this.pos + i] ?? 0);
      this.pos += n;
      return v;
    }
    let v = 0n;
    for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(this.buf[this.pos + i] ?? 0);
    this.pos += n;
    return v <= MAX_SAFE ? Number(v) : v;
  }

  /** A gob uint that must fit a JS safe integer (lengths, counts, deltas). */
  readUint(what = 'uint'): number {
    const at = this.pos;
    const v = this.readUintValue();
    if (typeof v === 'bigint') {
      throw new GobDecodeError('gob_too_large', `${what} ${v} exceeds 2^53-1`, { offset: at });
    }
    return v;
  }

  /** A gob int (zig-zag over uint, §2.4) as a number when safe, else a bigint. */
  readIntValue(): number | bigint {
    const u = this.readUintValue();
    if (typeof u === 'number') {
      // u <= 2^53-1, so both halves are exact.
      return u % 2 === 1 ? -(u - 1) / 2 - 1 : u / 2;
    }
    const x = (u & 1n) === 1n ? ~(u >> 1n) : u >> 1n;
    return x <= MAX_SAFE && x >= MIN_SAFE ? Number(x) : x;
  }

  /** A gob int that must fit a JS safe integer (type ids, lengths). */
  readInt(what = 'int'): number {
    const at = this.pos;
    const v = this.readIntValue();
    if (typeof v === 'bigint') {
      throw new GobDecodeError('gob_too_large', `${what} ${v} outside the safe integer range`, { offset: at });
    }
    return v;
  }

  /**
   * A Go float64: a uint holding the IEEE-754 bits with the bytes reversed
   * (Go `floatBits := bits.ReverseBytes64(u)`).
   */
  readFloat(): number {
    const u = this.readUintValue();
    let bits = typeof u === 'bigint' ? u : BigInt(u);
    let rev = 0n;
    for (let i = 0; i < 8; i++) {
      rev = (rev << 8n) | (bits & 0xffn);
      bits >>= 8n;
    }
    const dv = new DataView(new ArrayBuffer(8));
    dv.setBigUint64(0, rev);
    return dv.getFloat64(0);
  }

  /** Length-prefixed raw bytes, returned as a fresh copy. */
  readBytes(): Uint8Array {
    const len = this.readUint('byte length');
    this.need(len, 'byte string');
    const out = new Uint8Array(len);
    out.set(this.buf.subarray(this.pos, this.pos + len));
    this.pos += len;
    return out;
  }

  /** Length-prefixed string, decoded as UTF-8 (invalid sequences become U+FFFD). */
  readString(): string {
    const len = this.readUint('string length');
    this.need(len, 'string');
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  /** Skips a length-prefixed string or byte string without copying it. */
  skipBytes(): void {
    const len = this.readUint('byte length');
    this.need(len, 'byte string');
    this.pos += len;
  }

  /** Splits off the next `len` bytes as their own reader and advances past them. */
  take(len: number, what: string): GobReader {
    this.need(len, what);
    const sub = new GobReader(this.buf, this.pos, this.pos + len);
    this.pos += len;
    return sub;
  }
}
