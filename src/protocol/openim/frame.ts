/**
 * Whole WebSocket frame payloads (§2.1 of openim-protocol.md):
 * `gzip?( gob|json( envelope ) )`, one self-contained envelope per frame.
 *
 * @module
 */

import { decodeReq, decodeResp, encodeReq, encodeResp } from './envelope.js';
import type { Req, Resp } from './envelope.js';
import { decodeReqJson, decodeRespJson, encodeReqJson, encodeRespJson } from './envelope-json.js';
import { gunzipFrame, gzipFrame } from './gzip.js';

/** Frame compression negotiated at the handshake (§1.2 `compression`, §2.5). */
export type FrameCompression = 'gzip' | 'none';
/** Envelope encoding: gob for 3.5.x, JSON for `sdkType=js` from v3.8.2 (§1.7, §2.7). */
export type FrameEncoding = 'gob' | 'json';

/** Options of {@link encodeFrame}, {@link encodeReqFrame}, {@link encodeRespFrame}. */
export interface EncodeFrameOptions {
  readonly compression: FrameCompression;
  readonly encoding: FrameEncoding;
  /** Gob type id of the envelope struct (gob only); 65 when absent. */
  readonly typeId?: number;
}

/** Options of {@link decodeReqFrame} and {@link decodeRespFrame}. */
export interface DecodeFrameOptions {
  readonly compression: FrameCompression;
  readonly encoding: FrameEncoding;
  /** Most bytes gunzip may produce (used when compression is `gzip`). */
  readonly maxOutput: number;
}

function compress(payload: Buffer, compression: FrameCompression): Buffer {
  return compression === 'gzip' ? gzipFrame(payload) : payload;
}

function decompress(buf: Uint8Array, opts: DecodeFrameOptions): Uint8Array {
  return opts.compression === 'gzip' ? gunzipFrame(buf, opts.maxOutput) : buf;
}

function typeIdOpt(opts: EncodeFrameOptions): { typeId?: number } {
  return opts.typeId === undefined ? {} : { typeId: opts.typeId };
}

/** Encodes a `Req` frame payload. */
export function encodeReqFrame(req: Req, opts: EncodeFrameOptions): Buffer {
  const payload = opts.encoding === 'json' ? encodeReqJson(req) : encodeReq(req, typeIdOpt(opts));
  return compress(payload, opts.compression);
}

/** Encodes a `Resp` frame payload. */
export function encodeRespFrame(resp: Resp, opts: EncodeFrameOptions): Buffer {
  const payload = opts.encoding === 'json' ? encodeRespJson(resp) : encodeResp(resp, typeIdOpt(opts));
  return compress(payload, opts.compression);
}

/**
 * Encodes a frame payload of either kind.
 *
 * @throws {ProtocolError} `envelope_invalid` / `gob_encode_invalid` for values Go could not hold
 */
export function encodeFrame(kind: 'req', value: Req, opts: EncodeFrameOptions): Buffer;
export function encodeFrame(kind: 'resp', value: Resp, opts: EncodeFrameOptions): Buffer;
export function encodeFrame(kind: 'req' | 'resp', value: Req | Resp, opts: EncodeFrameOptions): Buffer {
  return kind === 'req' ? encodeReqFrame(value as Req, opts) : encodeRespFrame(value as Resp, opts);
}

/**
 * Decodes a client frame payload.
 *
 * @throws {ProtocolError} `gzip_*`, `gob_*`, `json_invalid` or `envelope_invalid`
 */
export function decodeReqFrame(buf: Uint8Array, opts: DecodeFrameOptions): Req {
  const payload = decompress(buf, opts);
  return opts.encoding === 'json' ? decodeReqJson(payload) : decodeReq(payload);
}

/**
 * Decodes a server frame payload.
 *
 * @throws {ProtocolError} as {@link decodeReqFrame}
 */
export function decodeRespFrame(buf: Uint8Array, opts: DecodeFrameOptions): Resp {
  const payload = decompress(buf, opts);
  return opts.encoding === 'json' ? decodeRespJson(payload) : decodeResp(payload);
}
