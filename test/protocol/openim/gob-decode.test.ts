/** Decoder rules of §2.4: unknown fields skipped, missing fields zero, typed failures. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decodeGob,
  decodeGobStruct,
  decodeReq,
  GobComplex,
  GobDecodeError,
  GobTypeId as T,
  ProtocolError,
} from '../../../src/protocol/openim/index.js';
import type { Req } from '../../../src/protocol/openim/index.js';
import { defArray, defGobEncoder, defMap, defSlice, defStruct, message, writeFloat } from './gob-builder.js';
import { hex, VECTOR_A } from './fixtures.js';

const REQ_A: Req = {
  reqIdentifier: 1001,
  token: '',
  sendID: 'u1',
  operationID: 'op1',
  msgIncr: 'u1_1',
  data: new Uint8Array(hex('0a027531')),
};

// Type ids of the extended request below.
const INNER = 66;
const STRINGS = 67;
const COUNTS = 68;
const PAIR = 69;
const INNERS = 70;
const ENC = 71;
const OUTER = 72;

/** An outer struct with the Req fields between extra fields of every supported kind. */
const OUTER_FIELDS: readonly (readonly [string, number])[] = [
  ['XBool', T.bool],
  ['ReqIdentifier', T.int],
  ['XNested', INNER],
  ['Token', T.string],
  ['XList', STRINGS],
  ['SendID', T.string],
  ['XMap', COUNTS],
  ['XFloat', T.float],
  ['OperationID', T.string],
  ['XUint', T.uint],
  ['XArray', PAIR],
  ['MsgIncr', T.string],
  ['XBlob', T.bytes],
  ['XInners', INNERS],
  ['XEnc', ENC],
  ['XComplex', T.complex],
  ['Data', T.bytes],
  ['XInt', T.int],
];

function extendedStream(defsFirst: 'outer' | 'inner'): Buffer {
  const inner = [
    defStruct(INNER, 'Inner', [
      ['A', T.int],
      ['B', T.string],
    ]),
    defSlice(STRINGS, '[]string', T.string),
    defMap(COUNTS, 'map[string]int', T.string, T.int),
    defArray(PAIR, '[2]uint', T.uint, 2),
    defSlice(INNERS, '[]Inner', INNER),
    defGobEncoder(ENC, 'time.Time'),
  ];
  const outer = defStruct(OUTER, 'BigReq', OUTER_FIELDS);
  const value = message((w) => {
    w.writeInt(OUTER);
    w.writeUint(1); // XBool
    w.writeUint(1);
    w.writeUint(1); // ReqIdentifier
    w.writeInt(1001);
    w.writeUint(1); // XNested {A: -7, B: "in"}
    w.writeUint(1);
    w.writeInt(-7);
    w.writeUint(1);
    w.writeString('in');
    w.writeUint(0);
    w.writeUint(1); // Token
    w.writeString('tok');
    w.writeUint(1); // XList
    w.writeUint(2);
    w.writeString('a');
    w.writeString('bc');
    w.writeUint(1); // SendID
    w.writeString('u1');
    w.writeUint(1); // XMap
    w.writeUint(2);
    w.writeString('k1');
    w.writeInt(1);
    w.writeString('k2');
    w.writeInt(-2);
    w.writeUint(1); // XFloat
    writeFloat(w, 17);
    w.writeUint(1); // OperationID
    w.writeString('op1');
    w.writeUint(1); // XUint
    w.writeUint(2n ** 64n - 1n);
    w.writeUint(1); // XArray
    w.writeUint(2);
    w.writeUint(3);
    w.writeUint(4);
    w.writeUint(1); // MsgIncr
    w.writeString('u1_1');
    w.writeUint(1); // XBlob
    w.writeBytes(hex('deadbeef'));
    w.writeUint(1); // XInners: [{A:1}, {}]
    w.writeUint(2);
    w.writeUint(1);
    w.writeInt(1);
    w.writeUint(0);
    w.writeUint(0);
    w.writeUint(1); // XEnc
    w.writeBytes(hex('0102'));
    w.writeUint(1); // XComplex
    writeFloat(w, 1.5);
    writeFloat(w, -2);
    w.writeUint(1); // Data
    w.writeBytes(hex('0a027531'));
    w.writeUint(1); // XInt
    w.writeInt(-(2 ** 40));
    w.writeUint(0);
  });
  return Buffer.concat(defsFirst === 'outer' ? [outer, ...inner, value] : [...inner, outer, value]);
}

describe('unknown fields are skipped (§2.4)', () => {
  for (const order of ['outer', 'inner'] as const) {
    it(`extra fields of every kind around the Req fields (${order} definitions first)`, () => {
      const stream = extendedStream(order);
      assert.deepEqual(decodeReq(stream), { ...REQ_A, token: 'tok' });
    });
  }

  it('the generic decoder materialises every kind', () => {
    const v = decodeGob(extendedStream('outer')).value as Record<string, unknown>;
    assert.equal(v['XBool'], true);
    assert.deepEqual({ ...(v['XNested'] as object) }, { A: -7, B: 'in' });
    assert.deepEqual(v['XList'], ['a', 'bc']);
    assert.deepEqual(
      v['XMap'],
      new Map<unknown, unknown>([
        ['k1', 1],
        ['k2', -2],
      ]),
    );
    assert.equal(v['XFloat'], 17);
    assert.equal(v['XUint'], 2n ** 64n - 1n);
    assert.deepEqual(v['XArray'], [3, 4]);
    assert.deepEqual(v['XBlob'], new Uint8Array(hex('deadbeef')));
    assert.deepEqual(
      (v['XInners'] as object[]).map((o) => ({ ...o })),
      [{ A: 1 }, {}],
    );
    assert.deepEqual(v['XEnc'], new Uint8Array([1, 2]));
    assert.deepEqual(v['XComplex'], new GobComplex(1.5, -2));
    assert.equal(v['XInt'], -(2 ** 40));
  });

  it('decodeGobStruct with a field filter keeps only the wanted fields', () => {
    const d = decodeGobStruct(extendedStream('inner'), { fields: new Set(['SendID', 'XMap']) });
    assert.equal(d.typeName, 'BigReq');
    assert.deepEqual(Object.keys(d.fields).sort(), ['SendID', 'XMap']);
  });
});

describe('missing fields are zero (§2.4)', () => {
  it('an empty struct value gives the zero Req', () => {
    const s = Buffer.concat([
      defStruct(65, 'Req', [
        ['ReqIdentifier', T.int],
        ['Data', T.bytes],
      ]),
      message((w) => {
        w.writeInt(65);
        w.writeUint(0);
      }),
    ]);
    assert.deepEqual(decodeReq(s), { reqIdentifier: 0, token: '', sendID: '', operationID: '', msgIncr: '', data: new Uint8Array(0) });
  });
  it('a struct with no fields at all still decodes', () => {
    const s = Buffer.concat([
      defStruct(80, 'Nothing', []),
      message((w) => {
        w.writeInt(80);
        w.writeUint(0);
      }),
    ]);
    assert.equal(decodeReq(s).sendID, '');
  });
});

describe('typed failures', () => {
  const A = hex(VECTOR_A);

  it('truncation at every byte offset of vector A is gob_truncated', () => {
    for (let n = 0; n < A.length; n++) {
      assert.throws(
        () => decodeReq(A.subarray(0, n)),
        (e: unknown) => e instanceof GobDecodeError && e.code === 'gob_truncated',
        `prefix of ${n} bytes`,
      );
    }
  });

  const CASES: readonly (readonly [string, Buffer, string])[] = [
    ['trailing byte after the value', Buffer.concat([A, hex('00')]), 'gob_trailing_data'],
    ['a second value message', Buffer.concat([A, hex('1cff8201fe07d20202753101036f7031010475315f3101040a02753100')]), 'gob_trailing_data'],
    ['value id with no definition', hex('1cff8401fe07d20202753101036f7031010475315f3101040a02753100'), 'gob_unknown_type_id'],
    ['type id 0', hex('020000'), 'gob_unknown_type_id'],
    [
      'duplicate definition',
      Buffer.concat([
        defStruct(65, 'X', []),
        defStruct(65, 'Y', []),
        message((w) => {
          w.writeInt(65);
          w.writeUint(0);
        }),
      ]),
      'gob_bad_type',
    ],
    ['definition of a built-in id', Buffer.concat([defStruct(6, 'X', [])]), 'gob_bad_type'],
    [
      'field references an undefined type',
      Buffer.concat([
        defStruct(65, 'X', [['F', 99]]),
        message((w) => {
          w.writeInt(65);
          w.writeUint(0);
        }),
      ]),
      'gob_unknown_type_id',
    ],
    [
      'field number out of range',
      Buffer.concat([
        defStruct(65, 'X', [['F', T.int]]),
        message((w) => {
          w.writeInt(65);
          w.writeUint(2);
          w.writeInt(1);
          w.writeUint(0);
        }),
      ]),
      'gob_bad_data',
    ],
    [
      'array length mismatch',
      Buffer.concat([
        defArray(65, '[2]int', T.int, 2),
        message((w) => {
          w.writeInt(65);
          w.writeUint(0);
          w.writeUint(3);
          w.writeInt(1);
          w.writeInt(2);
          w.writeInt(3);
        }),
      ]),
      'gob_bad_data',
    ],
    [
      'interface field present',
      Buffer.concat([
        defStruct(65, 'X', [['I', T.interface]]),
        message((w) => {
          w.writeInt(65);
          w.writeUint(1);
          w.writeString('x');
          w.writeUint(0);
        }),
      ]),
      'gob_unsupported',
    ],
    [
      'slice count larger than the input',
      Buffer.concat([
        defSlice(65, '[]int', T.int),
        message((w) => {
          w.writeInt(65);
          w.writeUint(0);
          w.writeUint(1_000_000);
        }),
      ]),
      'gob_truncated',
    ],
    [
      'map count larger than the input',
      Buffer.concat([
        defMap(65, 'm', T.int, T.int),
        message((w) => {
          w.writeInt(65);
          w.writeUint(0);
          w.writeUint(2 ** 40);
        }),
      ]),
      'gob_truncated',
    ],
    ['empty message', hex('00'), 'gob_truncated'],
    ['empty input', hex(''), 'gob_truncated'],
    ['message length above 2^53', hex('f8ffffffffffffffff'), 'gob_too_large'],
    [
      'wireType with no field set',
      message((w) => {
        w.writeInt(-65);
        w.writeUint(0);
      }),
      'gob_bad_type',
    ],
    [
      'extra bytes inside a definition message',
      message((w) => {
        w.writeRaw(defStruct(65, 'X', []).subarray(1));
        w.writeByte(7);
      }),
      'gob_trailing_data',
    ],
  ];
  for (const [name, bytes, code] of CASES) {
    it(`${name} → ${code}`, () => {
      assert.throws(
        () => decodeGob(bytes),
        (e: unknown) => e instanceof ProtocolError && e.code === code,
      );
    });
  }

  it('a non-struct top-level value is not a Req (gob_bad_type)', () => {
    const s = Buffer.concat([
      defSlice(65, '[]int', T.int),
      message((w) => {
        w.writeInt(65);
        w.writeUint(0);
        w.writeUint(1);
        w.writeInt(5);
      }),
    ]);
    assert.deepEqual(decodeGob(s).value, [5]);
    assert.throws(() => decodeReq(s), { code: 'gob_bad_type' });
  });

  it('a top-level built-in value is a singleton after a 0 delta', () => {
    assert.equal(
      decodeGob(
        message((w) => {
          w.writeInt(T.int);
          w.writeUint(0);
          w.writeInt(-3);
        }),
      ).value,
      -3,
    );
    assert.throws(
      () =>
        decodeGob(
          message((w) => {
            w.writeInt(T.int);
            w.writeUint(1);
            w.writeInt(-3);
          }),
        ),
      { code: 'gob_bad_data' },
    );
  });

  it('recursive types nest only up to the depth cap (gob_too_deep)', () => {
    const def = defStruct(65, 'Node', [
      ['Next', 65],
      ['V', T.int],
    ]);
    const deep = (levels: number): Buffer =>
      Buffer.concat([
        def,
        message((w) => {
          w.writeInt(65);
          for (let i = 0; i < levels; i++) w.writeUint(1);
          for (let i = 0; i <= levels; i++) w.writeUint(0);
        }),
      ]);
    assert.doesNotThrow(() => decodeGob(deep(10)));
    assert.throws(() => decodeGob(deep(200)), { code: 'gob_too_deep' });
    assert.throws(() => decodeGob(deep(5), { limits: { maxDepth: 3 } }), { code: 'gob_too_deep' });
  });

  it('too many type definitions is gob_too_large', () => {
    const defs = Array.from({ length: 5 }, (_, i) => defStruct(65 + i, `T${i}`, []));
    assert.throws(() => decodeGob(Buffer.concat(defs), { limits: { maxTypes: 4 } }), { code: 'gob_too_large' });
  });

  it('too many fields in a definition is gob_too_large', () => {
    const fields = Array.from({ length: 5 }, (_, i) => [`F${i}`, T.int] as const);
    assert.throws(() => decodeGob(defStruct(65, 'Wide', fields), { limits: { maxFields: 4 } }), { code: 'gob_too_large' });
  });

  it('a known field of the wrong type is envelope_invalid', () => {
    const s = Buffer.concat([
      defStruct(65, 'Req', [['SendID', T.int]]),
      message((w) => {
        w.writeInt(65);
        w.writeUint(1);
        w.writeInt(3);
        w.writeUint(0);
      }),
    ]);
    assert.throws(() => decodeReq(s), { code: 'envelope_invalid' });
  });

  it('a field named __proto__ is plain data', () => {
    const s = Buffer.concat([
      defStruct(65, 'P', [['__proto__', T.string]]),
      message((w) => {
        w.writeInt(65);
        w.writeUint(1);
        w.writeString('x');
        w.writeUint(0);
      }),
    ]);
    const v = decodeGob(s).value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), null);
    assert.equal(v['__proto__'], 'x');
  });
});
