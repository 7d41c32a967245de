/** §2.4 test vectors A, B and C: byte-exact encode, decode. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeGob,
  decodeReq,
  decodeResp,
  encodeGobStruct,
  encodeReq,
  encodeResp,
  ProtocolError,
  REQ_GOB_SCHEMA,
  RESP_GOB_SCHEMA,
} from '../../../src/protocol/openim/index.js';
import type { Req, Resp } from '../../../src/protocol/openim/index.js';
import * as fx from './fixtures.js';
import { hex } from './fixtures.js';

const REQ_A: Req = {
  reqIdentifier: 1001,
  token: '',
  sendID: 'u1',
  operationID: 'op1',
  msgIncr: 'u1_1',
  data: new Uint8Array(hex('0a027531')),
};

const RESPS: readonly (readonly [string, string, Resp])[] = [
  [
    'success for 1001',
    fx.VECTOR_C_OK,
    { reqIdentifier: 1001, msgIncr: 'u1_1', operationID: 'op1', errCode: 0, errMsg: '', data: new Uint8Array(0) },
  ],
  [
    'error 1302 for 1003',
    fx.VECTOR_C_ERR,
    { reqIdentifier: 1003, msgIncr: 'u1_2', operationID: 'op2', errCode: 1302, errMsg: 'BlockedByPeer', data: new Uint8Array(0) },
  ],
  ['kick 2002', fx.VECTOR_C_KICK, { reqIdentifier: 2002, msgIncr: '', operationID: '', errCode: 0, errMsg: '', data: new Uint8Array(0) }],
];

describe('vector A (Go-encoded Req)', () => {
  it('encodeReq produces exactly vector A', () => {
    assert.equal(encodeReq(REQ_A).toString('hex'), fx.VECTOR_A);
  });
  it('encodeGobStruct with the Req schema and id 65 produces exactly vector A', () => {
    const v = { ReqIdentifier: 1001, SendID: 'u1', OperationID: 'op1', MsgIncr: 'u1_1', Data: hex('0a027531') };
    assert.equal(encodeGobStruct(REQ_GOB_SCHEMA, v, 65).toString('hex'), fx.VECTOR_A);
  });
  it('decodeReq gives the Req back', () => {
    assert.deepEqual(decodeReq(hex(fx.VECTOR_A)), REQ_A);
  });
  it('generic decode sees type Req, id 65 and the Go field names', () => {
    const d = decodeGob(hex(fx.VECTOR_A));
    assert.equal(d.typeId, 65);
    assert.equal(d.type.kind === 'struct' && d.type.name, 'Req');
    assert.deepEqual(Object.keys(d.value as object), ['ReqIdentifier', 'SendID', 'OperationID', 'MsgIncr', 'Data']);
  });
  it('the definition line exactly as printed in §2.4 is one byte short and is rejected', () => {
    const printed = hex(fx.VECTOR_A_DEF_AS_PRINTED + fx.VECTOR_A_VALUE);
    assert.throws(
      () => decodeReq(printed),
      (e: unknown) => e instanceof ProtocolError,
    );
  });
});

describe('vector B (hand-built TsReq)', () => {
  it('decodes to the same Req as vector A', () => {
    assert.deepEqual(decodeReq(hex(fx.VECTOR_B)), REQ_A);
  });
  it('keeps its own type name', () => {
    const d = decodeGob(hex(fx.VECTOR_B));
    assert.equal(d.type.kind === 'struct' && d.type.name, 'TsReq');
  });
});

describe('vector C (server Resp, id 67)', () => {
  it('encodes the shared definition for id 67', () => {
    assert.equal(encodeResp(RESPS[0]![2], { typeId: 67 }).subarray(0, hex(fx.VECTOR_C_DEF).length).toString('hex'), fx.VECTOR_C_DEF);
  });
  for (const [name, value, resp] of RESPS) {
    it(`${name}: encode is byte-exact`, () => {
      assert.equal(encodeResp(resp, { typeId: 67 }).toString('hex'), fx.VECTOR_C_DEF + value);
      assert.equal(
        encodeGobStruct(
          RESP_GOB_SCHEMA,
          {
            ReqIdentifier: resp.reqIdentifier,
            MsgIncr: resp.msgIncr,
            OperationID: resp.operationID,
            ErrCode: resp.errCode,
            ErrMsg: resp.errMsg,
            Data: resp.data,
          },
          67,
        ).toString('hex'),
        fx.VECTOR_C_DEF + value,
      );
    });
    it(`${name}: decode resolves id 67 from the stream`, () => {
      assert.deepEqual(decodeResp(hex(fx.VECTOR_C_DEF + value)), resp);
      assert.equal(decodeGob(hex(fx.VECTOR_C_DEF + value)).typeId, 67);
    });
  }
  it('decodeResp also accepts the same Resp under id 65 and 1000', () => {
    for (const typeId of [65, 1000]) {
      assert.deepEqual(decodeResp(encodeResp(RESPS[1]![2], { typeId })), RESPS[1]![2]);
    }
  });
});

describe('envelope number checks', () => {
  it('ReqIdentifier must fit int32 when encoding', () => {
    for (const reqIdentifier of [2 ** 31, -(2 ** 31) - 1, 1.5]) {
      assert.throws(() => encodeReq({ ...REQ_A, reqIdentifier }), { code: 'envelope_invalid' });
    }
    assert.doesNotThrow(() => encodeReq({ ...REQ_A, reqIdentifier: -(2 ** 31) }));
  });
  it('a decoded ReqIdentifier outside int32 is envelope_invalid', () => {
    const big = encodeGobStruct(REQ_GOB_SCHEMA, { ReqIdentifier: 2 ** 31 });
    assert.throws(() => decodeReq(big), { code: 'envelope_invalid' });
    const huge = encodeGobStruct(REQ_GOB_SCHEMA, { ReqIdentifier: 2n ** 62n });
    assert.throws(() => decodeReq(huge), { code: 'envelope_invalid' });
  });
  it('a bad type id is gob_encode_invalid', () => {
    for (const typeId of [0, 64, -65, 2 ** 31, 65.5]) {
      assert.throws(() => encodeReq(REQ_A, { typeId }), { code: 'gob_encode_invalid' });
    }
  });
});
