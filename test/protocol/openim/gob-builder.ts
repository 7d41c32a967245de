/**
 * Test helper: hand-builds gob streams with types the encoder under test
 * does not produce (nested structs, slices, maps, arrays, floats…), written
 * field by field from §2.4 of openim-protocol.md.
 */
import { GobWriter } from '../../../src/protocol/openim/index.js';

/** Writes one message: uint byteCount, then the body (type id + payload). */
export function message(body: (w: GobWriter) => void): Buffer {
  const inner = new GobWriter();
  body(inner);
  const out = new GobWriter();
  out.writeUint(inner.length);
  out.writeRaw(inner.toBuffer());
  return out.toBuffer();
}

function common(w: GobWriter, name: string, id: number): void {
  w.writeUint(1); // CommonType field
  w.writeUint(1);
  w.writeString(name);
  w.writeUint(1);
  w.writeInt(id);
  w.writeUint(0);
}

/** Struct definition message. */
export function defStruct(id: number, name: string, fields: readonly (readonly [string, number])[]): Buffer {
  return message((w) => {
    w.writeInt(-id);
    w.writeUint(3); // StructT
    common(w, name, id);
    if (fields.length > 0) {
      w.writeUint(1);
      w.writeUint(fields.length);
      for (const [n, fid] of fields) {
        w.writeUint(1);
        w.writeString(n);
        w.writeUint(1);
        w.writeInt(fid);
        w.writeUint(0);
      }
    }
    w.writeUint(0);
    w.writeUint(0);
  });
}

/** Slice definition message. */
export function defSlice(id: number, name: string, elem: number): Buffer {
  return message((w) => {
    w.writeInt(-id);
    w.writeUint(2); // SliceT
    common(w, name, id);
    w.writeUint(1);
    w.writeInt(elem);
    w.writeUint(0);
    w.writeUint(0);
  });
}

/** Array definition message. */
export function defArray(id: number, name: string, elem: number, len: number): Buffer {
  return message((w) => {
    w.writeInt(-id);
    w.writeUint(1); // ArrayT
    common(w, name, id);
    w.writeUint(1);
    w.writeInt(elem);
    w.writeUint(1);
    w.writeInt(len);
    w.writeUint(0);
    w.writeUint(0);
  });
}

/** Map definition message. */
export function defMap(id: number, name: string, key: number, elem: number): Buffer {
  return message((w) => {
    w.writeInt(-id);
    w.writeUint(4); // MapT
    common(w, name, id);
    w.writeUint(1);
    w.writeInt(key);
    w.writeUint(1);
    w.writeInt(elem);
    w.writeUint(0);
    w.writeUint(0);
  });
}

/** GobEncoder definition message (values travel as byte strings). */
export function defGobEncoder(id: number, name: string): Buffer {
  return message((w) => {
    w.writeInt(-id);
    w.writeUint(5); // GobEncoderT
    common(w, name, id);
    w.writeUint(0);
    w.writeUint(0);
  });
}

/** A Go float64 as gob writes it: the IEEE bits byte-reversed, as a uint. */
export function writeFloat(w: GobWriter, f: number): void {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, f, true); // little-endian bytes = reversed big-endian bits
  w.writeUint(dv.getBigUint64(0, false));
}
