/**
 * Byte-exact gob encoder for flat structs (§2.4 of openim-protocol.md):
 * emits what Go's `gob.NewEncoder(w).Encode(v)` writes for a fresh encoder,
 * that is the type definition message followed by the value message.
 *
 * @module
 */

import { ProtocolError } from '../errors.js';
import { GobTypeId } from './types.js';
import { GobWriter } from './writer.js';

/** Field kinds the encoder supports, mapped to their built-in ids (§2.4). */
type GobFieldKind = 'int' | 'uint' | 'bool' | 'string' | 'bytes';

/** One field of a {@link GobStructSchema}: Go field name and kind. */
interface GobFieldSchema {
  readonly name: string;
  readonly type: GobFieldKind;
}

/** A flat Go struct: type name and fields in declaration order. */
export interface GobStructSchema {
  readonly name: string;
  readonly fields: readonly GobFieldSchema[];
}

/** Accepted JS value for a field; `undefined` means the zero value. */
type GobFieldValue = number | bigint | boolean | string | Uint8Array | undefined;

/** A struct value keyed by Go field name. Extra keys are ignored. */
export type GobStructInput = Readonly<Record<string, GobFieldValue>>;

const KIND_ID: Readonly<Record<GobFieldKind, number>> = {
  bool: GobTypeId.bool,
  int: GobTypeId.int,
  uint: GobTypeId.uint,
  bytes: GobTypeId.bytes,
  string: GobTypeId.string,
};

/** Largest gob type id (Go's `typeId` is an int32). */
const MAX_TYPE_ID = 2 ** 31 - 1;

function checkTypeId(typeId: number): void {
  if (!Number.isInteger(typeId) || typeId < GobTypeId.firstUser || typeId > MAX_TYPE_ID) {
    throw new ProtocolError('gob_encode_invalid', `type id must be an integer in [65, 2^31-1], got ${typeId}`);
  }
}

/** Wraps `body` (type id + payload) into a message: uint byteCount first (§2.4). */
function message(body: GobWriter): Buffer {
  const out = new GobWriter(body.length + 4);
  out.writeUint(body.length);
  out.writeRaw(body.toBuffer());
  return out.toBuffer();
}

/**
 * The type definition message for `schema` with id `typeId`: a `wireType`
 * with only StructT set (delta 3), then CommonType{Name, Id} and the Field
 * slice of fieldType{Name, Id} (§2.4, vector A's first line).
 */
function encodeGobTypeDefinition(schema: GobStructSchema, typeId: number = GobTypeId.firstUser): Buffer {
  checkTypeId(typeId);
  const w = new GobWriter();
  w.writeInt(-typeId);
  w.writeUint(3); // wireType field 2 (StructT), delta from -1
  w.writeUint(1); // structType field 0: CommonType (a nested struct is always sent)
  if (schema.name !== '') {
    w.writeUint(1); // CommonType.Name
    w.writeString(schema.name);
  }
  w.writeUint(schema.name !== '' ? 1 : 2); // CommonType.Id
  w.writeInt(typeId);
  w.writeUint(0); // end CommonType
  if (schema.fields.length > 0) {
    w.writeUint(1); // structType field 1: Field ([]fieldType, omitted when empty)
    w.writeUint(schema.fields.length);
    for (const f of schema.fields) {
      // fieldType{Name, Id}: both non-zero, so both present.
      if (f.name !== '') {
        w.writeUint(1);
        w.writeString(f.name);
      }
      w.writeUint(f.name !== '' ? 1 : 2);
      w.writeInt(KIND_ID[f.type]);
      w.writeUint(0);
    }
  }
  w.writeUint(0); // end structType
  w.writeUint(0); // end wireType
  return message(w);
}

function isZero(kind: GobFieldKind, v: GobFieldValue): boolean {
  if (v === undefined) return true;
  switch (kind) {
    case 'int':
    case 'uint':
      return v === 0 || v === 0n;
    case 'bool':
      return v === false;
    case 'string':
      return v === '';
    case 'bytes':
      return v instanceof Uint8Array && v.length === 0;
  }
}

function writeField(w: GobWriter, f: GobFieldSchema, v: GobFieldValue): void {
  const wrong = (): ProtocolError => new ProtocolError('gob_encode_invalid', `field ${f.name} (${f.type}) cannot hold ${typeof v}`);
  switch (f.type) {
    case 'int':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw wrong();
      return w.writeInt(v);
    case 'uint':
      if (typeof v !== 'number' && typeof v !== 'bigint') throw wrong();
      return w.writeUint(v);
    case 'bool':
      if (typeof v !== 'boolean') throw wrong();
      return w.writeBool(v);
    case 'string':
      if (typeof v !== 'string') throw wrong();
      return w.writeString(v);
    case 'bytes':
      if (!(v instanceof Uint8Array)) throw wrong();
      return w.writeBytes(v);
  }
}

/**
 * The value message for `value` of type `typeId`: fields in index order,
 * each preceded by its delta, zero values omitted, ended by 0 (§2.4).
 */
function encodeGobStructValue(schema: GobStructSchema, value: GobStructInput, typeId: number = GobTypeId.firstUser): Buffer {
  checkTypeId(typeId);
  const w = new GobWriter();
  w.writeInt(typeId);
  let last = -1;
  schema.fields.forEach((f, i) => {
    const v = value[f.name];
    if (isZero(f.type, v)) return;
    w.writeUint(i - last);
    writeField(w, f, v);
    last = i;
  });
  w.writeUint(0);
  return message(w);
}

/**
 * A complete self-contained gob stream for one struct value, as a fresh Go
 * encoder writes it: definition message, then value message (§2.1, §2.4).
 *
 * @throws {ProtocolError} `gob_encode_invalid` for a bad type id or a value
 * that does not fit its field
 */
export function encodeGobStruct(schema: GobStructSchema, value: GobStructInput, typeId: number = GobTypeId.firstUser): Buffer {
  return Buffer.concat([encodeGobTypeDefinition(schema, typeId), encodeGobStructValue(schema, value, typeId)]);
}
