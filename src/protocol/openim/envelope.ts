/**
 * The OpenIM WebSocket envelope, `Req` (§2.2) and `Resp` (§2.3) of
 * openim-protocol.md, and its gob form (§2.4).
 *
 * @module
 */

import { ProtocolError } from './errors.js';
import { decodeGobStruct } from './gob/decode.js';
import { encodeGobStruct } from './gob/encode.js';
import type { GobStructSchema } from './gob/encode.js';
import type { GobStructValue, GobValue } from './gob/value.js';

/** Client → server envelope (§2.2). */
export interface Req {
  /** Go `int32`; see {@link ReqIdentifier} in constants. */
  readonly reqIdentifier: number;
  /** Unused by the server; the SDK leaves it empty. */
  readonly token: string;
  /** Must equal the connection's `sendID`. */
  readonly sendID: string;
  readonly operationID: string;
  /** Opaque correlation id echoed in the reply. */
  readonly msgIncr: string;
  /** Protobuf-encoded request body (§4). */
  readonly data: Uint8Array;
}

/** Server → client envelope (§2.3). */
export interface Resp {
  /** Go `int32`. */
  readonly reqIdentifier: number;
  readonly msgIncr: string;
  readonly operationID: string;
  /** Go `int`; 0 on success. */
  readonly errCode: number;
  readonly errMsg: string;
  /** Protobuf-encoded reply body (§4), empty when absent. */
  readonly data: Uint8Array;
}

/** Options of {@link encodeReq} and {@link encodeResp}. */
export interface GobEnvelopeOptions {
  /** Gob type id of the struct; 65 when absent (§2.4: user ids start at 65). */
  readonly typeId?: number;
}

/** The server's `Req` struct: Go field names in declaration order (§2.2). */
export const REQ_GOB_SCHEMA: GobStructSchema = {
  name: 'Req',
  fields: [
    { name: 'ReqIdentifier', type: 'int' },
    { name: 'Token', type: 'string' },
    { name: 'SendID', type: 'string' },
    { name: 'OperationID', type: 'string' },
    { name: 'MsgIncr', type: 'string' },
    { name: 'Data', type: 'bytes' },
  ],
};

/** The server's `Resp` struct: Go field names in declaration order (§2.3). */
export const RESP_GOB_SCHEMA: GobStructSchema = {
  name: 'Resp',
  fields: [
    { name: 'ReqIdentifier', type: 'int' },
    { name: 'MsgIncr', type: 'string' },
    { name: 'OperationID', type: 'string' },
    { name: 'ErrCode', type: 'int' },
    { name: 'ErrMsg', type: 'string' },
    { name: 'Data', type: 'bytes' },
  ],
};

const REQ_FIELDS: ReadonlySet<string> = new Set(REQ_GOB_SCHEMA.fields.map((f) => f.name));
const RESP_FIELDS: ReadonlySet<string> = new Set(RESP_GOB_SCHEMA.fields.map((f) => f.name));

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Throws `envelope_invalid` unless `v` is an integer that fits Go's int32. */
export function checkInt32(v: number, what: string): number {
  if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) {
    throw new ProtocolError('envelope_invalid', `${what} must be an int32, got ${v}`);
  }
  return v;
}

/** Throws `envelope_invalid` unless `v` is a safe integer (Go `int` is 64-bit). */
export function checkSafeInt(v: number, what: string): number {
  if (!Number.isSafeInteger(v)) {
    throw new ProtocolError('envelope_invalid', `${what} must be a safe integer, got ${v}`);
  }
  return v;
}

/** Encodes a `Req` as a self-contained gob stream (§2.1, §2.4, vector A). */
export function encodeReq(req: Req, opts: GobEnvelopeOptions = {}): Buffer {
  checkInt32(req.reqIdentifier, 'ReqIdentifier');
  return encodeGobStruct(
    REQ_GOB_SCHEMA,
    {
      ReqIdentifier: req.reqIdentifier,
      Token: req.token,
      SendID: req.sendID,
      OperationID: req.operationID,
      MsgIncr: req.msgIncr,
      Data: req.data,
    },
    opts.typeId,
  );
}

/** Encodes a `Resp` as a self-contained gob stream (§2.1, §2.4, vector C). */
export function encodeResp(resp: Resp, opts: GobEnvelopeOptions = {}): Buffer {
  checkInt32(resp.reqIdentifier, 'ReqIdentifier');
  checkSafeInt(resp.errCode, 'ErrCode');
  return encodeGobStruct(
    RESP_GOB_SCHEMA,
    {
      ReqIdentifier: resp.reqIdentifier,
      MsgIncr: resp.msgIncr,
      OperationID: resp.operationID,
      ErrCode: resp.errCode,
      ErrMsg: resp.errMsg,
      Data: resp.data,
    },
    opts.typeId,
  );
}

function fieldError(name: string, want: string, got: GobValue): ProtocolError {
  const kind = typeof got === 'object' ? (got.constructor?.name ?? 'object') : typeof got;
  return new ProtocolError('envelope_invalid', `field ${name} must be ${want}, got ${kind}`);
}

function intField(f: GobStructValue, name: string): number {
  const v = f[name];
  if (v === undefined) return 0;
  if (typeof v !== 'number') {
    if (typeof v === 'bigint') throw new ProtocolError('envelope_invalid', `field ${name} = ${v} is out of range`);
    throw fieldError(name, 'an integer', v);
  }
  return v;
}

function stringField(f: GobStructValue, name: string): string {
  const v = f[name];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw fieldError(name, 'a string', v);
  return v;
}

function bytesField(f: GobStructValue, name: string): Uint8Array {
  const v = f[name];
  if (v === undefined) return new Uint8Array(0);
  if (!(v instanceof Uint8Array)) throw fieldError(name, 'bytes', v);
  return v;
}

/**
 * Decodes a gob `Req` stream. Any type name, type id ≥ 65, field order and
 * subset are accepted; unknown fields are skipped; missing ones are zero (§2.4).
 *
 * @throws {ProtocolError} `gob_*` for malformed gob, `envelope_invalid` for
 * a known field of the wrong type or a ReqIdentifier outside int32
 */
export function decodeReq(buf: Uint8Array): Req {
  const { fields } = decodeGobStruct(buf, { fields: REQ_FIELDS });
  return {
    reqIdentifier: checkInt32(intField(fields, 'ReqIdentifier'), 'ReqIdentifier'),
    token: stringField(fields, 'Token'),
    sendID: stringField(fields, 'SendID'),
    operationID: stringField(fields, 'OperationID'),
    msgIncr: stringField(fields, 'MsgIncr'),
    data: bytesField(fields, 'Data'),
  };
}

/**
 * Decodes a gob `Resp` stream with the same tolerance as {@link decodeReq}.
 *
 * @throws {ProtocolError} as {@link decodeReq}; ErrCode must be a safe integer
 */
export function decodeResp(buf: Uint8Array): Resp {
  const { fields } = decodeGobStruct(buf, { fields: RESP_FIELDS });
  return {
    reqIdentifier: checkInt32(intField(fields, 'ReqIdentifier'), 'ReqIdentifier'),
    msgIncr: stringField(fields, 'MsgIncr'),
    operationID: stringField(fields, 'OperationID'),
    errCode: intField(fields, 'ErrCode'),
    errMsg: stringField(fields, 'ErrMsg'),
    data: bytesField(fields, 'Data'),
  };
}
