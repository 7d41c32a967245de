/**
 * A hand-written subset of Go `encoding/gob` (§2.4 of openim-protocol.md).
 *
 * @module
 */

export { decodeGob, decodeGobStruct } from './decode.js';
export { encodeGobStruct } from './encode.js';
export { GobReader } from './reader.js';
export { GobTypeId } from './types.js';
export { GobComplex } from './value.js';
export { GobWriter } from './writer.js';
