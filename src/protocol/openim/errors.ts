/**
 * Typed errors of the OpenIM protocol layer.
 *
 * Every failure to decode bytes that came off the wire (gob, gzip, JSON,
 * protobuf) and every refusal to encode a value that the Go side could not
 * represent is a {@link ProtocolError} with a documented string code, so the
 * caller can count failures by kind without parsing messages.
 *
 * @module
 */

/** Closed set of protocol error codes. Each one is documented in {@link PROTOCOL_ERROR_CODES}. */
export type ProtocolErrorCode =
  | 'gob_truncated'
  | 'gob_bad_data'
  | 'gob_bad_type'
  | 'gob_unknown_type_id'
  | 'gob_unsupported'
  | 'gob_too_deep'
  | 'gob_too_large'
  | 'gob_trailing_data'
  | 'gob_encode_invalid'
  | 'envelope_invalid'
  | 'json_invalid'
  | 'gzip_invalid'
  | 'gzip_too_large'
  | 'protobuf_invalid';

/** Gob-specific subset of {@link ProtocolErrorCode}. */
export type GobErrorCode = Extract<ProtocolErrorCode, `gob_${string}`>;

/**
 * What each code means. An exhaustive `Record`, so adding a code without
 * documenting it fails to compile.
 *
 * @public a documentation catalog, kept complete by the compiler
 */
export const PROTOCOL_ERROR_CODES: Readonly<Record<ProtocolErrorCode, string>> = {
  gob_truncated: 'the gob stream ended in the middle of a message or item (§2.4)',
  gob_bad_data:
    'malformed gob data: bad uint byte count, field number out of range, non-zero singleton delta, array length mismatch (§2.4)',
  gob_bad_type: 'malformed or unusable gob type definition, or a value of the wrong type for its use (§2.4)',
  gob_unknown_type_id: 'a gob value or field refers to a type id with no definition in the stream (§2.4)',
  gob_unsupported: 'a gob feature outside the supported subset (interface and complex values)',
  gob_too_deep: 'gob values or types nested deeper than the decoder allows',
  gob_too_large: 'a gob number, count or table exceeds what the decoder accepts',
  gob_trailing_data: 'bytes left over inside a gob message or after the value message',
  gob_encode_invalid: 'a value that cannot be gob-encoded with the given schema (wrong JS type or out of range)',
  envelope_invalid: 'the Req/Resp envelope has a field of the wrong type or out of range (§2.2, §2.3)',
  json_invalid: 'the JSON envelope (§2.7) is not valid JSON, has wrong field types or bad base64',
  gzip_invalid: 'the frame is not a valid gzip stream (§2.5)',
  gzip_too_large: 'the gunzipped frame exceeds the allowed output size (§2.5)',
  protobuf_invalid: 'the protobuf body (§4) could not be decoded or encoded',
};

/** Options of {@link ProtocolError}. */
export interface ProtocolErrorOptions {
  /** Byte offset in the input where the problem was found, when known. */
  readonly offset?: number;
  /** The underlying error (for example from zlib or protobufjs). */
  readonly cause?: unknown;
}

/**
 * The one error class of the protocol layer. Decoders throw this (or its
 * subclass {@link GobDecodeError}) and nothing else for bad input.
 */
export class ProtocolError extends Error {
  /** Machine-readable reason; see {@link PROTOCOL_ERROR_CODES}. */
  readonly code: ProtocolErrorCode;
  /** Byte offset in the input where the problem was found, if known. */
  readonly offset: number | undefined;

  constructor(code: ProtocolErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(
      options.offset === undefined ? `${code}: ${message}` : `${code}: ${message} (at byte ${options.offset})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'ProtocolError';
    this.code = code;
    this.offset = options.offset;
  }
}

/** A gob decoding or encoding failure; always carries a `gob_*` code. */
export class GobDecodeError extends ProtocolError {
  constructor(code: GobErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(code, message, options);
    this.name = 'GobDecodeError';
  }
}

/** Narrowing helper: true when `err` is a {@link ProtocolError}. */
export function isProtocolError(err: unknown): err is ProtocolError {
  return err instanceof ProtocolError;
}
