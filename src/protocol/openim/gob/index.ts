/**
 * A hand-written subset of Go `encoding/gob` (§2.4 of openim-protocol.md).
 *
 * @module
 */

export { decodeGob, decodeGobStruct, GOB_DECODE_LIMITS } from './decode.js';
export type { DecodedGob, DecodedGobStruct, GobDecodeLimits, GobDecodeOptions, GobDecodeStructOptions } from './decode.js';
export { encodeGobStruct, encodeGobStructValue, encodeGobTypeDefinition } from './encode.js';
export type { GobFieldKind, GobFieldSchema, GobFieldValue, GobStructInput, GobStructSchema } from './encode.js';
export { GobReader } from './reader.js';
export { GobTypeId } from './types.js';
export type { GobFieldDef, GobScalarKind, GobType, MarshalerFlavor } from './types.js';
export { GobComplex, isGobStruct } from './value.js';
export type { GobStructValue, GobValue } from './value.js';
export { GobWriter } from './writer.js';
