/** Gob primitives of §2.4: uint, int, float, string/bytes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GobDecodeError, GobReader, GobWriter, ProtocolError } from '../../../src/protocol/openim/index.js';
import { hex } from './fixtures.js';

const UINTS: readonly (readonly [number | bigint, string])[] = [
  [0, '00'],
  [1, '01'],
  [127, '7f'],
  [128, 'ff80'],
  [255, 'ffff'],
  [256, 'fe0100'],
  [2002, 'fe07d2'], // §2.4 example
  [65535, 'feffff'],
  [65536, 'fd010000'],
  [2 ** 32 - 1, 'fcffffffff'],
  [2 ** 32, 'fb0100000000'],
  [2 ** 48, 'f901000000000000'],
  [Number.MAX_SAFE_INTEGER, 'f91fffffffffffff'],
  [2n ** 53n, 'f920000000000000'],
  [2n ** 64n - 1n, 'f8ffffffffffffffff'],
];

const INTS: readonly (readonly [number | bigint, string])[] = [
  [0, '00'],
  [1, '02'],
  [-1, '01'],
  [63, '7e'],
  [-64, '7f'],
  [64, 'ff80'],
  [65, 'ff82'], // §2.4 example (type id 65)
  [-65, 'ff81'], // §2.4 example (definition of 65)
  [127, 'fffe'],
  [-128, 'ffff'],
  [128, 'fe0100'],
  [1001, 'fe07d2'], // §2.4 example
  [-1001, 'fe07d1'],
  [2 ** 31 - 1, 'fcfffffffe'],
  [-(2 ** 31), 'fcffffffff'],
  [2 ** 32, 'fb0200000000'],
  [Number.MAX_SAFE_INTEGER, 'f93ffffffffffffe'],
  [Number.MIN_SAFE_INTEGER, 'f93ffffffffffffd'],
  [2n ** 63n - 1n, 'f8fffffffffffffffe'],
  [-(2n ** 63n), 'f8ffffffffffffffff'],
];

describe('gob uint (§2.4)', () => {
  for (const [v, h] of UINTS) {
    it(`${v} ⇄ ${h}`, () => {
      const w = new GobWriter();
      w.writeUint(v);
      assert.equal(w.toBuffer().toString('hex'), h);
      const r = new GobReader(hex(h));
      const got = r.readUintValue();
      assert.equal(got, typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
      assert.equal(r.remaining, 0);
    });
  }

  it('readUint rejects values above 2^53-1 with gob_too_large', () => {
    assert.throws(() => new GobReader(hex('f920000000000000')).readUint(), { code: 'gob_too_large' });
  });

  it('rejects a byte count above 8 (gob_bad_data)', () => {
    for (const h of ['80', 'f7000000000000000001']) {
      assert.throws(
        () => new GobReader(hex(h)).readUintValue(),
        (e: unknown) => {
          return e instanceof GobDecodeError && e.code === 'gob_bad_data';
        },
      );
    }
  });

  it('rejects truncated multi-byte uints (gob_truncated)', () => {
    for (const h of ['', 'ff', 'fe07', 'f8ffffffffffffff']) {
      assert.throws(() => new GobReader(hex(h)).readUintValue(), { code: 'gob_truncated' });
    }
  });

  it('accepts a non-minimal encoding, as Go does', () => {
    assert.equal(new GobReader(hex('fe0005')).readUintValue(), 5);
  });

  it('writer rejects negative, fractional and > 2^64-1 values', () => {
    for (const v of [-1, 1.5, Number.NaN, 2n ** 64n, -1n]) {
      assert.throws(
        () => new GobWriter().writeUint(v),
        (e: unknown) => e instanceof ProtocolError && e.code === 'gob_encode_invalid',
      );
    }
  });
});

describe('gob int (§2.4)', () => {
  for (const [v, h] of INTS) {
    it(`${v} ⇄ ${h}`, () => {
      const w = new GobWriter();
      w.writeInt(v);
      assert.equal(w.toBuffer().toString('hex'), h);
      const r = new GobReader(hex(h));
      const safe = typeof v === 'bigint' ? v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) : true;
      assert.equal(r.readIntValue(), safe ? Number(v) : v);
      assert.equal(r.remaining, 0);
    });
  }

  it('readInt rejects values outside the safe range with gob_too_large', () => {
    assert.throws(() => new GobReader(hex('f8fffffffffffffffe')).readInt(), { code: 'gob_too_large' });
  });

  it('writer rejects values outside int64', () => {
    for (const v of [2n ** 63n, -(2n ** 63n) - 1n, 0.5]) {
      assert.throws(() => new GobWriter().writeInt(v), { code: 'gob_encode_invalid' });
    }
  });
});

describe('gob float, string, bytes (§2.4)', () => {
  it('float: 17.0 is fe 31 40 (bytes reversed)', () => {
    assert.equal(new GobReader(hex('fe3140')).readFloat(), 17);
  });
  it('float: 0 is 00, -2.5 and NaN round trip through the reversed bits', () => {
    assert.equal(new GobReader(hex('00')).readFloat(), 0);
    assert.equal(new GobReader(hex('fe04c0')).readFloat(), -2.5);
  });
  it('string and bytes: uint length then raw bytes', () => {
    const w = new GobWriter();
    w.writeString('héllo');
    w.writeBytes(hex('0a027531'));
    assert.equal(w.toBuffer().toString('hex'), '0668c3a96c6c6f' + '040a027531');
    const r = new GobReader(w.toBuffer());
    assert.equal(r.readString(), 'héllo');
    assert.deepEqual(r.readBytes(), new Uint8Array(hex('0a027531')));
  });
  it('a length beyond the input is gob_truncated, not an allocation', () => {
    assert.throws(() => new GobReader(hex('f8ffffffffffff0000')).readBytes(), { code: 'gob_too_large' });
    assert.throws(() => new GobReader(hex('fcffffff00')).readBytes(), { code: 'gob_truncated' });
  });
});
