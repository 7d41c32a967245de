/**
 * Decoder for one self-contained gob stream (§2.1, §2.4 of
 * openim-protocol.md): zero or more type definition messages (negative
 * type id), then exactly one value message, then nothing.
 *
 * OpenIM creates a new gob encoder per frame (§2.1), so every frame carries
 * the definitions of its value's types; they go into a per-stream type
 * table and the value's type is resolved from it (never hard-coded, §2.4).
 *
 * @module
 */

import { GobDecodeError } from '../errors.js';
import { readDefinition } from './definition.js';
import { GobReader } from './reader.js';
import { GobTypeId, scalarType } from './types.js';
import type { GobType } from './types.js';
import { GobValueDecoder } from './value-decoder.js';
import type { GobStructValue, GobValue } from './value.js';

/** Safety limits of the stream decoder. */
interface GobDecodeLimits {
  /** Deepest value nesting accepted (a top-level struct's fields are depth 1). */
  readonly maxDepth: number;
  /** Most type definitions one stream may carry. */
  readonly maxTypes: number;
  /** Most fields one struct definition may declare. */
  readonly maxFields: number;
}

/**
 * Limits used when the caller gives none: far above anything OpenIM sends
 * (one flat struct), small enough that hostile input stays cheap.
 */
const GOB_DECODE_LIMITS: GobDecodeLimits = { maxDepth: 32, maxTypes: 64, maxFields: 256 };

/** Options of {@link decodeGob} and {@link decodeGobStruct}. */
export interface GobDecodeOptions {
  /** Overrides some of {@link GOB_DECODE_LIMITS}. */
  readonly limits?: Partial<GobDecodeLimits>;
}

/** Options of {@link decodeGobStruct}. */
export interface GobDecodeStructOptions extends GobDecodeOptions {
  /** Top-level fields to materialise; others are skipped. All when absent. */
  readonly fields?: ReadonlySet<string>;
}

/** Result of {@link decodeGob}. */
export interface DecodedGob {
  /** Type id of the value message. */
  readonly typeId: number;
  /** The value's type, as defined in the stream (or built in). */
  readonly type: GobType;
  readonly value: GobValue;
}

/** Result of {@link decodeGobStruct}. */
export interface DecodedGobStruct {
  readonly typeId: number;
  /** The struct's Go type name from its definition (may be anything, §2.4). */
  readonly typeName: string;
  /** Present fields keyed by Go name; absent means zero. */
  readonly fields: GobStructValue;
}

/** The value message found after the definitions: its type id and its bytes. */
interface ValueMessage {
  readonly id: number;
  readonly msg: GobReader;
}

/** Largest gob type id (Go's `typeId` is an int32). */
const MAX_TYPE_ID = 2 ** 31 - 1;

/** Reads definitions until the value message; returns its id and reader. */
function readToValue(r: GobReader, types: Map<number, GobType>, limits: GobDecodeLimits): ValueMessage {
  for (;;) {
    const at = r.offset;
    if (r.remaining === 0) throw new GobDecodeError('gob_truncated', 'stream ended before a value message', { offset: at });
    const count = r.readUint('message length');
    if (count === 0) throw new GobDecodeError('gob_truncated', 'empty message', { offset: at });
    const msg = r.take(count, 'message');
    const idAt = msg.offset;
    const id = msg.readInt('type id');
    if (id >= 0) {
      if (id === 0) throw new GobDecodeError('gob_unknown_type_id', 'type id 0', { offset: idAt });
      return { id, msg };
    }
    const defId = -id;
    if (defId < GobTypeId.firstUser || defId > MAX_TYPE_ID || types.has(defId)) {
      // Go: "gob: duplicate type received" (built-in ids cannot be redefined either).
      throw new GobDecodeError('gob_bad_type', `cannot define type id ${defId}`, { offset: idAt });
    }
    if (types.size >= limits.maxTypes) {
      throw new GobDecodeError('gob_too_large', `more than ${limits.maxTypes} type definitions`, { offset: idAt });
    }
    types.set(defId, readDefinition(msg, limits));
    if (msg.remaining !== 0) {
      // Go: "extra data in buffer".
      throw new GobDecodeError('gob_trailing_data', `${msg.remaining} byte(s) after type definition`, {
        offset: msg.offset,
      });
    }
  }
}

/**
 * Checks that every type reachable from `root` is known, as Go does when it
 * compiles a decoder (even for fields the value then leaves out).
 */
function checkReachable(root: number, lookup: (id: number) => GobType | undefined, offset: number): GobType {
  const rootType = lookup(root);
  if (rootType === undefined) {
    throw new GobDecodeError('gob_unknown_type_id', `no definition for type id ${root}`, { offset });
  }
  const seen = new Set<number>([root]);
  const todo: GobType[] = [rootType];
  for (let t = todo.pop(); t !== undefined; t = todo.pop()) {
    let refs: readonly number[];
    switch (t.kind) {
      case 'struct':
        refs = t.fields.map((f) => f.id);
        break;
      case 'slice':
      case 'array':
        refs = [t.elem];
        break;
      case 'map':
        refs = [t.key, t.elem];
        break;
      default:
        refs = [];
    }
    for (const id of refs) {
      if (seen.has(id)) continue;
      seen.add(id);
      const next = lookup(id);
      if (next === undefined) {
        throw new GobDecodeError('gob_unknown_type_id', `type id ${id} is referenced but not defined`, { offset });
      }
      todo.push(next);
    }
  }
  return rootType;
}

function run<T>(
  bytes: Uint8Array,
  options: GobDecodeOptions,
  body: (dec: GobValueDecoder, id: number, type: GobType, msg: GobReader) => T,
): T {
  const limits: GobDecodeLimits = { ...GOB_DECODE_LIMITS, ...options.limits };
  const r = new GobReader(bytes);
  const types = new Map<number, GobType>();
  const { id, msg } = readToValue(r, types, limits);
  const lookup = (tid: number): GobType | undefined => scalarType(tid) ?? types.get(tid);
  const type = checkReachable(id, lookup, msg.offset);
  const result = body(new GobValueDecoder(lookup, limits.maxDepth), id, type, msg);
  if (msg.remaining !== 0 || r.remaining !== 0) {
    throw new GobDecodeError('gob_trailing_data', `${msg.remaining + r.remaining} byte(s) after the value`, {
      offset: msg.remaining !== 0 ? msg.offset : r.offset,
    });
  }
  return result;
}

/**
 * Decodes a self-contained gob stream into its single value.
 * A top-level struct comes right after its type id; any other top-level
 * value is preceded by a 0 "singleton" delta (§2.4).
 *
 * @throws {GobDecodeError} on any malformed, truncated or unsupported input
 */
export function decodeGob(bytes: Uint8Array, options: GobDecodeOptions = {}): DecodedGob {
  return run(bytes, options, (dec, typeId, type, msg) => {
    if (type.kind === 'struct') {
      return { typeId, type, value: dec.readStruct(msg, type, 0, true) ?? {} };
    }
    const at = msg.offset;
    if (msg.readUint('singleton delta') !== 0) {
      throw new GobDecodeError('gob_bad_data', 'non-zero delta for a top-level non-struct value', { offset: at });
    }
    return { typeId, type, value: dec.read(msg, typeId, 0) };
  });
}

/**
 * Decodes a self-contained gob stream whose value must be a struct, keeping
 * only `options.fields` (all when absent) and skipping the rest.
 *
 * @throws {GobDecodeError} `gob_bad_type` when the value is not a struct,
 * and as {@link decodeGob} otherwise
 */
export function decodeGobStruct(bytes: Uint8Array, options: GobDecodeStructOptions = {}): DecodedGobStruct {
  return run(bytes, options, (dec, typeId, type, msg) => {
    if (type.kind !== 'struct') {
      throw new GobDecodeError('gob_bad_type', `value type ${typeId} is a ${type.kind}, not a struct`, {
        offset: msg.offset,
      });
    }
    const fields = dec.readStruct(msg, type, 0, true, options.fields) ?? {};
    return { typeId, typeName: type.name, fields };
  });
}
