/**
 * Gob type ids and the decoder's view of a type (§2.4 of openim-protocol.md).
 *
 * @module
 */

/**
 * Built-in gob type ids (§2.4). The wire-type ids (16…23) describe the
 * structures a type definition message is made of.
 */
export const GobTypeId = {
  bool: 1,
  int: 2,
  uint: 3,
  float: 4,
  bytes: 5,
  string: 6,
  complex: 7,
  interface: 8,
  wireType: 16,
  arrayType: 17,
  commonType: 18,
  sliceType: 19,
  structType: 20,
  fieldType: 21,
  fieldTypeSlice: 22,
  mapType: 23,
  /** First id available to user types; lower ids cannot be (re)defined in a stream. */
  firstUser: 65,
} as const;

/**
 * Id this package uses internally for Go's `gobEncoderType{CommonType}`.
 * It never appears on the wire (definitions are keyed by their message id),
 * so any free id below 65 works.
 */
const INTERNAL_GOB_ENCODER_TYPE_ID = 24;

/** One field of a struct type definition. */
export interface GobFieldDef {
  readonly name: string;
  readonly id: number;
}

/** Scalar kinds with a built-in id. */
type GobScalarKind = 'bool' | 'int' | 'uint' | 'float' | 'bytes' | 'string' | 'complex' | 'interface';

/** The decoder's view of one type, built-in or defined in the stream. */
export type GobType =
  | { readonly kind: GobScalarKind }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly GobFieldDef[] }
  | { readonly kind: 'slice'; readonly name: string; readonly elem: number }
  | { readonly kind: 'array'; readonly name: string; readonly elem: number; readonly len: number }
  | { readonly kind: 'map'; readonly name: string; readonly key: number; readonly elem: number }
  /** GobEncoder, BinaryMarshaler and TextMarshaler values travel as byte strings. */
  | { readonly kind: 'marshaler'; readonly name: string; readonly flavor: MarshalerFlavor };

/** Which wireType field defined a marshaler type. */
export type MarshalerFlavor = 'GobEncoder' | 'BinaryMarshaler' | 'TextMarshaler';

/** Looks a type up by id; undefined when the id is not known. */
export type GobTypeLookup = (id: number) => GobType | undefined;

const SCALARS: ReadonlyMap<number, GobType> = new Map<number, GobType>([
  [GobTypeId.bool, { kind: 'bool' }],
  [GobTypeId.int, { kind: 'int' }],
  [GobTypeId.uint, { kind: 'uint' }],
  [GobTypeId.float, { kind: 'float' }],
  [GobTypeId.bytes, { kind: 'bytes' }],
  [GobTypeId.string, { kind: 'string' }],
  [GobTypeId.complex, { kind: 'complex' }],
  [GobTypeId.interface, { kind: 'interface' }],
]);

function struct(name: string, fields: readonly [string, number][]): GobType {
  return { kind: 'struct', name, fields: fields.map(([n, id]) => ({ name: n, id })) };
}

/**
 * Go's own definitions of the wire types (encoding/gob `type.go`), with their
 * Go field names in index order. Used to decode type definition messages
 * with the same generic struct decoder as values.
 */
const WIRE_TYPES: ReadonlyMap<number, GobType> = new Map<number, GobType>([
  [
    GobTypeId.wireType,
    struct('wireType', [
      ['ArrayT', GobTypeId.arrayType],
      ['SliceT', GobTypeId.sliceType],
      ['StructT', GobTypeId.structType],
      ['MapT', GobTypeId.mapType],
      ['GobEncoderT', INTERNAL_GOB_ENCODER_TYPE_ID],
      ['BinaryMarshalerT', INTERNAL_GOB_ENCODER_TYPE_ID],
      ['TextMarshalerT', INTERNAL_GOB_ENCODER_TYPE_ID],
    ]),
  ],
  [
    GobTypeId.arrayType,
    struct('arrayType', [
      ['CommonType', GobTypeId.commonType],
      ['Elem', GobTypeId.int],
      ['Len', GobTypeId.int],
    ]),
  ],
  [
    GobTypeId.commonType,
    struct('CommonType', [
      ['Name', GobTypeId.string],
      ['Id', GobTypeId.int],
    ]),
  ],
  [
    GobTypeId.sliceType,
    struct('sliceType', [
      ['CommonType', GobTypeId.commonType],
      ['Elem', GobTypeId.int],
    ]),
  ],
  [
    GobTypeId.structType,
    struct('structType', [
      ['CommonType', GobTypeId.commonType],
      ['Field', GobTypeId.fieldTypeSlice],
    ]),
  ],
  [
    GobTypeId.fieldType,
    struct('fieldType', [
      ['Name', GobTypeId.string],
      ['Id', GobTypeId.int],
    ]),
  ],
  [GobTypeId.fieldTypeSlice, { kind: 'slice', name: '[]fieldType', elem: GobTypeId.fieldType }],
  [
    GobTypeId.mapType,
    struct('mapType', [
      ['CommonType', GobTypeId.commonType],
      ['Key', GobTypeId.int],
      ['Elem', GobTypeId.int],
    ]),
  ],
  [INTERNAL_GOB_ENCODER_TYPE_ID, struct('gobEncoderType', [['CommonType', GobTypeId.commonType]])],
]);

/** Built-in scalar type for `id`, if any (ids 1…8). */
export function scalarType(id: number): GobType | undefined {
  return SCALARS.get(id);
}

/** Lookup used to decode type definition messages: scalars plus Go's wire types. */
export function wireTypeLookup(id: number): GobType | undefined {
  return SCALARS.get(id) ?? WIRE_TYPES.get(id);
}
