/**
 * Generic gob value decoder: reads (or skips) one value of a known type id
 * (§2.4 of openim-protocol.md).
 *
 * Allocation is bounded by the input: every element of a slice, array or
 * map takes at least one byte on the wire, so counts are checked against
 * the remaining bytes before anything is allocated. Nesting is capped.
 *
 * @module
 */

import { GobDecodeError } from '../errors.js';
import type { GobReader } from './reader.js';
import type { GobType, GobTypeLookup } from './types.js';
import { GobComplex } from './value.js';
import type { GobStructValue, GobValue } from './value.js';

type StructType = Extract<GobType, { kind: 'struct' }>;

/** Decodes or skips values against a type lookup, with a nesting cap. */
export class GobValueDecoder {
  constructor(
    private readonly lookup: GobTypeLookup,
    private readonly maxDepth: number,
  ) {}

  /** The type for `id`, or `gob_unknown_type_id`. */
  typeOf(id: number, r: GobReader): GobType {
    const t = this.lookup(id);
    if (t === undefined) {
      throw new GobDecodeError('gob_unknown_type_id', `no definition for type id ${id}`, { offset: r.offset });
    }
    return t;
  }

  /** Reads a value of type `id`. */
  read(r: GobReader, id: number, depth: number): GobValue {
    return this.visit(r, id, depth, true) as GobValue;
  }

  /** Skips a value of type `id` without materialising it. */
  skip(r: GobReader, id: number, depth: number): void {
    this.visit(r, id, depth, false);
  }

  /**
   * Reads a struct body: fields as (delta, value) pairs, ended by a 0 delta
   * (§2.4). With `keep` false nothing is built. `want`, when given, limits
   * which fields are materialised; the others are skipped.
   */
  readStruct(r: GobReader, t: StructType, depth: number, keep: boolean, want?: ReadonlySet<string>): GobStructValue | undefined {
    const out: Record<string, GobValue> | undefined = keep ? (Object.create(null) as Record<string, GobValue>) : undefined;
    let field = -1;
    for (;;) {
      const at = r.offset;
      const delta = r.readUint('field delta');
      if (delta === 0) return out;
      field += delta;
      const f = t.fields[field];
      if (f === undefined) {
        throw new GobDecodeError('gob_bad_data', `field number ${field} out of range for ${t.name || 'struct'}`, {
          offset: at,
        });
      }
      const keepField = out !== undefined && (want === undefined || want.has(f.name));
      const v = this.visit(r, f.id, depth + 1, keepField);
      if (keepField) out[f.name] = v as GobValue;
    }
  }

  private visit(r: GobReader, id: number, depth: number, keep: boolean): GobValue | undefined {
    if (depth > this.maxDepth) {
      throw new GobDecodeError('gob_too_deep', `values nested deeper than ${this.maxDepth}`, { offset: r.offset });
    }
    const t = this.typeOf(id, r);
    switch (t.kind) {
      case 'bool':
        return r.readUintValue() !== 0;
      case 'int':
        return r.readIntValue();
      case 'uint':
        return r.readUintValue();
      case 'float':
        return r.readFloat();
      case 'complex': {
        const re = r.readFloat();
        return new GobComplex(re, r.readFloat());
      }
      case 'string':
        if (!keep) {
          r.skipBytes();
          return undefined;
        }
        return r.readString();
      case 'bytes':
      case 'marshaler':
        if (!keep) {
          r.skipBytes();
          return undefined;
        }
        return r.readBytes();
      case 'interface':
        throw new GobDecodeError('gob_unsupported', 'interface values are not supported', { offset: r.offset });
      case 'struct':
        return this.readStruct(r, t, depth, keep);
      case 'slice':
        return this.readElems(r, t.elem, r.readUint('slice length'), depth, keep);
      case 'array': {
        const at = r.offset;
        const n = r.readUint('array length');
        if (n !== t.len) {
          throw new GobDecodeError('gob_bad_data', `array length ${n} != declared ${t.len}`, { offset: at });
        }
        return this.readElems(r, t.elem, n, depth, keep);
      }
      case 'map':
        return this.readMap(r, t.key, t.elem, depth, keep);
    }
  }

  private readElems(r: GobReader, elem: number, n: number, depth: number, keep: boolean): GobValue[] | undefined {
    // Each element takes at least one byte on the wire.
    r.need(n, `${n} element(s)`);
    const out: GobValue[] | undefined = keep ? [] : undefined;
    for (let i = 0; i < n; i++) {
      const v = this.visit(r, elem, depth + 1, keep);
      if (out !== undefined) out.push(v as GobValue);
    }
    return out;
  }

  private readMap(r: GobReader, key: number, elem: number, depth: number, keep: boolean): Map<GobValue, GobValue> | undefined {
    const n = r.readUint('map length');
    // Each key and each element take at least one byte.
    if (n > r.remaining / 2) r.need(2 * n, `${n} map entries`);
    const out = keep ? new Map<GobValue, GobValue>() : undefined;
    for (let i = 0; i < n; i++) {
      const k = this.visit(r, key, depth + 1, keep);
      const v = this.visit(r, elem, depth + 1, keep);
      if (out !== undefined) out.set(k as GobValue, v as GobValue);
    }
    return out;
  }
}
