/**
 * Seeded input generation for the fuzzers: byte-level mutations of seed
 * inputs (bit flips, interesting bytes, inserts, deletes, truncation,
 * duplicated runs, splices of two seeds, varint-sized length bumps) and,
 * now and then, pure random bytes. Reproducible from the seed alone.
 */
import { seededRandom } from '../src/gateway/csp/random.js';

export type Rng = () => number;

export const rng = (seed: number): Rng => seededRandom(seed);

/** Bytes that sit on gob / protobuf / varint boundaries. */
const INTERESTING = [0x00, 0x01, 0x02, 0x7f, 0x80, 0x81, 0xf8, 0xf9, 0xfa, 0xfe, 0xff];

const int = (r: Rng, n: number): number => Math.floor(r() * n);

/** Random bytes, 0–`max` long. */
export function randomBytes(r: Rng, max: number): Buffer {
  const b = Buffer.alloc(int(r, max + 1));
  for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
  return b;
}

/** One to four random edits of `src` (never longer than 2 × src + 64). */
export function mutate(src: Uint8Array, r: Rng, other?: Uint8Array): Buffer {
  let b = Buffer.from(src);
  const edits = 1 + int(r, 4);
  for (let e = 0; e < edits; e++) {
    const at = int(r, Math.max(b.length, 1));
    switch (int(r, 9)) {
      case 0:
        if (b.length > 0) b[at] = (b[at] ?? 0) ^ (1 << int(r, 8));
        break;
      case 1:
        if (b.length > 0) b[at] = INTERESTING[int(r, INTERESTING.length)] ?? 0;
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([int(r, 256)]), b.subarray(at)]);
        break;
      case 3:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 4))]);
        break;
      case 4:
        b = b.subarray(0, at);
        break;
      case 5: {
        const len = 1 + int(r, 16);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
        break;
      }
      case 6:
        // A length or count byte made larger or smaller by a little.
        if (b.length > 0) b[at] = ((b[at] ?? 0) + (r() < 0.5 ? 1 : -1) * (1 + int(r, 3))) & 0xff;
        break;
      case 7:
        if (other !== undefined && other.length > 0) {
          const from = int(r, other.length);
          b = Buffer.concat([b.subarray(0, at), Buffer.from(other.subarray(from, from + 1 + int(r, 32))), b.subarray(at)]);
        }
        break;
      default: {
        // A big varint (gob: 0xf8 = 8 bytes follow) dropped in: the "length from the wire" case.
        const big = Buffer.from([0xf8, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
        b = Buffer.concat([b.subarray(0, at), big.subarray(0, 1 + int(r, big.length)), b.subarray(at)]);
      }
    }
  }
  const cap = 2 * src.length + 64;
  return b.length > cap ? b.subarray(0, cap) : b;
}

/** The i-th input for a target: mostly mutated seeds, one in sixteen pure random. */
export function nextInput(seeds: readonly Uint8Array[], r: Rng, i: number): Buffer {
  if (seeds.length === 0 || i % 16 === 15) return randomBytes(r, 256);
  const a = seeds[int(r, seeds.length)] ?? new Uint8Array(0);
  const b = seeds[int(r, seeds.length)];
  return mutate(a, r, b);
}
