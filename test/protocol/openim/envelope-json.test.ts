/** §2.7 JSON envelope (v3.8.2 `sdkType=js`). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeReqJson, decodeRespJson, encodeReqJson, encodeRespJson, ProtocolError } from '../../../src/protocol/openim/index.js';
import type { Req, Resp } from '../../../src/protocol/openim/index.js';
import { hex, JSON_REQ_EXAMPLE } from './fixtures.js';

const REQ: Req = {
  reqIdentifier: 1001,
  token: '',
  sendID: 'u1',
  operationID: 'op1',
  msgIncr: 'u1_1',
  data: new Uint8Array(hex('0a027531')),
};

const RESP: Resp = {
  reqIdentifier: 1003,
  msgIncr: 'u1_2',
  operationID: 'op2',
  errCode: 1302,
  errMsg: 'BlockedByPeer',
  data: new Uint8Array([0xff, 0xfe, 0x00]),
};

describe('JSON envelope (§2.7)', () => {
  it('encodes the §2.7 example exactly', () => {
    assert.equal(encodeReqJson(REQ).toString('utf8'), JSON_REQ_EXAMPLE);
  });
  it('decodes the §2.7 example', () => {
    assert.deepEqual(decodeReqJson(Buffer.from(JSON_REQ_EXAMPLE)), REQ);
  });
  it('round-trips a Resp with keys in §2.3 order', () => {
    const buf = encodeRespJson(RESP);
    assert.equal(
      buf.toString(),
      '{"reqIdentifier":1003,"msgIncr":"u1_2","operationID":"op2","errCode":1302,"errMsg":"BlockedByPeer","data":"//4A"}',
    );
    assert.deepEqual(decodeRespJson(buf), RESP);
  });
  it('empty data is written as null (Go nil []byte) and read back as empty', () => {
    const r: Resp = { ...RESP, data: new Uint8Array(0) };
    assert.match(encodeRespJson(r).toString(), /"data":null}$/);
    assert.deepEqual(decodeRespJson(encodeRespJson(r)), r);
  });
  it('missing and null keys are zero values; unknown keys are ignored', () => {
    assert.deepEqual(decodeRespJson(Buffer.from('{"reqIdentifier":2002,"errMsg":null,"extra":[1]}')), {
      reqIdentifier: 2002,
      msgIncr: '',
      operationID: '',
      errCode: 0,
      errMsg: '',
      data: new Uint8Array(0),
    });
  });

  const BAD: readonly (readonly [string, string])[] = [
    ['not JSON', '{"reqIdentifier":'],
    ['not an object', '[1001]'],
    ['null', 'null'],
    ['string reqIdentifier', '{"reqIdentifier":"1001"}'],
    ['fractional reqIdentifier', '{"reqIdentifier":1.5}'],
    ['reqIdentifier beyond int32', '{"reqIdentifier":2147483648}'],
    ['numeric sendID', '{"sendID":5}'],
    ['unpadded base64', '{"data":"CgJ1MQ"}'],
    ['URL-safe base64', '{"data":"-_8="}'],
    ['data as array', '{"data":[10,2]}'],
    ['invalid UTF-8 bytes', '\u00ff'],
  ];
  for (const [name, text] of BAD) {
    it(`${name} → json_invalid`, () => {
      const buf = name === 'invalid UTF-8 bytes' ? hex('ff') : Buffer.from(text);
      assert.throws(
        () => decodeReqJson(buf),
        (e: unknown) => e instanceof ProtocolError && e.code === 'json_invalid',
      );
    });
  }
  it('errCode beyond the safe range → json_invalid', () => {
    assert.throws(() => decodeRespJson(Buffer.from('{"errCode":1e300}')), { code: 'json_invalid' });
  });
  it('encoding rejects a reqIdentifier outside int32', () => {
    assert.throws(() => encodeReqJson({ ...REQ, reqIdentifier: 2 ** 31 }), { code: 'envelope_invalid' });
  });
});
