/**
 * The JSON form of the envelope (§2.7 of openim-protocol.md): used from
 * v3.8.2 when the client connects with `sdkType=js`, still in binary frames.
 * Keys are the JSON tags of §2.2/§2.3, in Go struct order (Go's
 * `encoding/json` writes fields in declaration order); `data` is standard
 * base64 with padding, as Go marshals a `[]byte`.
 *
 * @module
 */

import { checkInt32, checkSafeInt } from './envelope.js';
import type { Req, Resp } from './envelope.js';
import { ProtocolError } from './errors.js';

/** Standard alphabet, padded; the only form Go's StdEncoding accepts. */
const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(message: string, cause?: unknown): ProtocolError {
  return new ProtocolError('json_invalid', message, cause === undefined ? {} : { cause });
}

/**
 * Go marshals a nil `[]byte` as `null` and a non-nil one as a base64
 * string; an empty Data here is written as `null`, the nil case, which is
 * what the server sends when it sets no Data (§2.6).
 */
function dataToJson(data: Uint8Array): string | null {
  return data.length === 0 ? null : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function parseObject(buf: Uint8Array): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('utf8'));
  } catch (err) {
    throw invalid('not valid JSON', err);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid('the envelope must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

// Missing keys and `null` leave the Go field at its zero value, as
// `encoding/json` does.

function intOf(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`${key} must be an integer`);
  return v;
}

function stringOf(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

function dataOf(o: Record<string, unknown>): Uint8Array {
  const v = o['data'];
  if (v === undefined || v === null) return new Uint8Array(0);
  if (typeof v !== 'string' || !STD_BASE64.test(v)) throw invalid('data must be standard padded base64');
  return new Uint8Array(Buffer.from(v, 'base64'));
}

function rethrowAsJson<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof ProtocolError && err.code === 'envelope_invalid') throw invalid(err.message, err);
    throw err;
  }
}

/**
 * Encodes a `Req` as the §2.7 JSON envelope, for example
 * `{"reqIdentifier":1001,"token":"","sendID":"u1","operationID":"op1","msgIncr":"u1_1","data":"CgJ1MQ=="}`.
 *
 * @throws {ProtocolError} `envelope_invalid` when reqIdentifier is not an int32
 */
export function encodeReqJson(req: Req): Buffer {
  checkInt32(req.reqIdentifier, 'reqIdentifier');
  return Buffer.from(
    JSON.stringify({
      reqIdentifier: req.reqIdentifier,
      token: req.token,
      sendID: req.sendID,
      operationID: req.operationID,
      msgIncr: req.msgIncr,
      data: dataToJson(req.data),
    }),
    'utf8',
  );
}

/**
 * Encodes a `Resp` as the §2.7 JSON envelope (keys in §2.3 order).
 *
 * @throws {ProtocolError} `envelope_invalid` for an out-of-range number
 */
export function encodeRespJson(resp: Resp): Buffer {
  checkInt32(resp.reqIdentifier, 'reqIdentifier');
  checkSafeInt(resp.errCode, 'errCode');
  return Buffer.from(
    JSON.stringify({
      reqIdentifier: resp.reqIdentifier,
      msgIncr: resp.msgIncr,
      operationID: resp.operationID,
      errCode: resp.errCode,
      errMsg: resp.errMsg,
      data: dataToJson(resp.data),
    }),
    'utf8',
  );
}

/**
 * Decodes the §2.7 JSON form of a `Req`. Unknown keys are ignored; missing
 * or `null` keys give zero values.
 *
 * @throws {ProtocolError} `json_invalid` for bad JSON, wrong types, bad base64
 * or a reqIdentifier outside int32
 */
export function decodeReqJson(buf: Uint8Array): Req {
  const o = parseObject(buf);
  return rethrowAsJson(() => ({
    reqIdentifier: checkInt32(intOf(o, 'reqIdentifier'), 'reqIdentifier'),
    token: stringOf(o, 'token'),
    sendID: stringOf(o, 'sendID'),
    operationID: stringOf(o, 'operationID'),
    msgIncr: stringOf(o, 'msgIncr'),
    data: dataOf(o),
  }));
}

/**
 * Decodes the §2.7 JSON form of a `Resp`.
 *
 * @throws {ProtocolError} `json_invalid` as {@link decodeReqJson}
 */
export function decodeRespJson(buf: Uint8Array): Resp {
  const o = parseObject(buf);
  return rethrowAsJson(() => ({
    reqIdentifier: checkInt32(intOf(o, 'reqIdentifier'), 'reqIdentifier'),
    msgIncr: stringOf(o, 'msgIncr'),
    operationID: stringOf(o, 'operationID'),
    errCode: checkSafeInt(intOf(o, 'errCode'), 'errCode'),
    errMsg: stringOf(o, 'errMsg'),
    data: dataOf(o),
  }));
}
