/**
 * Decoding of gob type definition messages (§2.4 of openim-protocol.md):
 * the payload after a negative type id is a `wireType` struct, decoded here
 * with the generic value decoder against Go's own wire-type definitions and
 * then turned into a {@link GobType}.
 *
 * @module
 */

import { GobDecodeError } from '../errors.js';
import type { GobReader } from './reader.js';
import { GobTypeId, wireTypeLookup } from './types.js';
import type { GobFieldDef, GobType, MarshalerFlavor } from './types.js';
import { GobValueDecoder } from './value-decoder.js';
import { isGobStruct as isStruct } from './value.js';
import type { GobValue } from './value.js';

/** Largest gob type id (Go's `typeId` is an int32). */
const MAX_TYPE_ID = 2 ** 31 - 1;

/** Limits applied while decoding one definition. */
export interface DefinitionLimits {
  /** Most fields a struct definition may declare. */
  readonly maxFields: number;
}

const wireDecoder = new GobValueDecoder(wireTypeLookup, 8);

function bad(message: string, offset: number): GobDecodeError {
  return new GobDecodeError('gob_bad_type', message, { offset });
}

function typeIdOf(v: GobValue | undefined, what: string, offset: number): number {
  if (typeof v !== 'number' || v < 1 || v > MAX_TYPE_ID) throw bad(`${what}: invalid type id ${String(v)}`, offset);
  return v;
}

function nameOf(common: GobValue | undefined): string {
  if (!isStruct(common)) return '';
  const name = common['Name'];
  return typeof name === 'string' ? name : '';
}

const MARSHALERS: readonly (readonly [string, MarshalerFlavor])[] = [
  ['GobEncoderT', 'GobEncoder'],
  ['BinaryMarshalerT', 'BinaryMarshaler'],
  ['TextMarshalerT', 'TextMarshaler'],
];

/**
 * Reads one `wireType` value (the payload of a definition message) and
 * returns the type it defines. Exactly one of its fields must be set.
 */
export function readDefinition(r: GobReader, limits: DefinitionLimits): GobType {
  const at = r.offset;
  const wireType = wireDecoder.typeOf(GobTypeId.wireType, r);
  if (wireType.kind !== 'struct') throw bad('internal: wireType is not a struct', at);
  const wt = wireDecoder.readStruct(r, wireType, 0, true) ?? {};
  const set = Object.keys(wt);
  if (set.length !== 1) throw bad(`wireType must set exactly one field, has ${set.length}`, at);
  const which = set[0] ?? '';
  const body = wt[which];
  if (!isStruct(body)) throw bad(`wireType.${which} is not a struct`, at);
  const name = nameOf(body['CommonType']);

  switch (which) {
    case 'StructT': {
      const raw = body['Field'] ?? [];
      if (!Array.isArray(raw)) throw bad('structType.Field is not a slice', at);
      const list = raw as readonly GobValue[];
      if (list.length > limits.maxFields) {
        throw new GobDecodeError('gob_too_large', `struct ${name} declares ${list.length} fields`, { offset: at });
      }
      const fields: GobFieldDef[] = list.map((f, i) => {
        if (!isStruct(f)) throw bad(`field ${i} is not a struct`, at);
        const fname = f['Name'];
        return { name: typeof fname === 'string' ? fname : '', id: typeIdOf(f['Id'], `field ${i}`, at) };
      });
      return { kind: 'struct', name, fields };
    }
    case 'SliceT':
      return { kind: 'slice', name, elem: typeIdOf(body['Elem'], 'slice elem', at) };
    case 'ArrayT': {
      const len = body['Len'] ?? 0;
      if (typeof len !== 'number' || len < 0) throw bad(`array length ${String(len)} is invalid`, at);
      return { kind: 'array', name, elem: typeIdOf(body['Elem'], 'array elem', at), len };
    }
    case 'MapT':
      return {
        kind: 'map',
        name,
        key: typeIdOf(body['Key'], 'map key', at),
        elem: typeIdOf(body['Elem'], 'map elem', at),
      };
    default: {
      const m = MARSHALERS.find(([field]) => field === which);
      if (m === undefined) throw bad(`unknown wireType field ${which}`, at);
      return { kind: 'marshaler', name, flavor: m[1] };
    }
  }
}
