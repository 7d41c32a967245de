/** gzip (§2.5) and whole frames (§2.1). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  decodeReqFrame,
  decodeRespFrame,
  encodeFrame,
  encodeReqFrame,
  encodeRespFrame,
  gunzipFrame,
  gzipFrame,
  ProtocolError,
} from '../../../src/protocol/openim/index.js';
import type { FrameCompression, FrameEncoding, Req, Resp } from '../../../src/protocol/openim/index.js';
import { hex, VECTOR_A, VECTOR_C_DEF, VECTOR_C_KICK } from './fixtures.js';

const REQ: Req = {
  reqIdentifier: 1001,
  token: '',
  sendID: 'u1',
  operationID: 'op1',
  msgIncr: 'u1_1',
  data: new Uint8Array(hex('0a027531')),
};
const KICK: Resp = { reqIdentifier: 2002, msgIncr: '', operationID: '', errCode: 0, errMsg: '', data: new Uint8Array(0) };

describe('gzip (§2.5)', () => {
  it('round-trips with Node zlib in both directions', () => {
    const a = hex(VECTOR_A);
    assert.deepEqual(gunzipSync(gzipFrame(a)), a);
    assert.deepEqual(gunzipFrame(gzipSync(a), 1024), a);
  });
  it('bad gzip → gzip_invalid', () => {
    for (const bad of [hex(''), hex('00'), hex(VECTOR_A), gzipSync(hex(VECTOR_A)).subarray(0, 20)]) {
      assert.throws(
        () => gunzipFrame(bad, 1024),
        (e: unknown) => e instanceof ProtocolError && e.code === 'gzip_invalid',
      );
    }
  });
  it('output above maxOutput → gzip_too_large', () => {
    const bomb = gzipSync(Buffer.alloc(1 << 20));
    assert.ok(bomb.length < 2048);
    assert.throws(
      () => gunzipFrame(bomb, 51200),
      (e: unknown) => e instanceof ProtocolError && e.code === 'gzip_too_large',
    );
    assert.equal(gunzipFrame(bomb, 1 << 20).length, 1 << 20);
  });
  it('a non-positive maxOutput is a caller bug (RangeError)', () => {
    assert.throws(() => gunzipFrame(gzipSync(hex('00')), 0), RangeError);
  });
});

describe('frames (§2.1)', () => {
  const MODES: readonly (readonly [FrameCompression, FrameEncoding])[] = [
    ['none', 'gob'],
    ['gzip', 'gob'],
    ['none', 'json'],
    ['gzip', 'json'],
  ];
  for (const [compression, encoding] of MODES) {
    it(`${encoding} + ${compression}: Req and Resp round trip`, () => {
      const req = encodeFrame('req', REQ, { compression, encoding });
      assert.deepEqual(decodeReqFrame(req, { compression, encoding, maxOutput: 51200 }), REQ);
      const resp = encodeFrame('resp', KICK, { compression, encoding, typeId: 67 });
      assert.deepEqual(decodeRespFrame(resp, { compression, encoding, maxOutput: 51200 }), KICK);
    });
  }
  it('an uncompressed gob frame is exactly the gob stream', () => {
    assert.equal(encodeReqFrame(REQ, { compression: 'none', encoding: 'gob' }).toString('hex'), VECTOR_A);
    assert.equal(encodeRespFrame(KICK, { compression: 'none', encoding: 'gob', typeId: 67 }).toString('hex'), VECTOR_C_DEF + VECTOR_C_KICK);
  });
  it('gzip frame without negotiation fails to decode as gob, and vice versa (§2.5)', () => {
    const gz = encodeReqFrame(REQ, { compression: 'gzip', encoding: 'gob' });
    assert.throws(() => decodeReqFrame(gz, { compression: 'none', encoding: 'gob', maxOutput: 51200 }), ProtocolError);
    assert.throws(() => decodeReqFrame(hex(VECTOR_A), { compression: 'gzip', encoding: 'gob', maxOutput: 51200 }), {
      code: 'gzip_invalid',
    });
  });
});
