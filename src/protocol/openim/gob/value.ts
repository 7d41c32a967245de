/**
 * JavaScript shapes of decoded gob values.
 *
 * @module
 */

/** A Go complex128 (two float64, §2.4 float encoding for each part). */
export class GobComplex {
  constructor(
    readonly real: number,
    readonly imag: number,
  ) {}
}

/**
 * A decoded gob value:
 * bool → boolean; int/uint → number when within ±(2^53−1), else bigint;
 * float → number; []byte and marshaler types → Uint8Array; string → string;
 * complex → {@link GobComplex}; slice/array → array; map → Map;
 * struct → {@link GobStructValue}.
 */
export type GobValue =
  boolean | number | bigint | string | Uint8Array | GobComplex | readonly GobValue[] | ReadonlyMap<GobValue, GobValue> | GobStructValue;

/**
 * A decoded struct: a null-prototype object keyed by Go field name (so a
 * field called `__proto__` is just data). Fields absent from the stream are
 * absent here; they mean the zero value (§2.4).
 */
export interface GobStructValue {
  readonly [field: string]: GobValue;
}

/** True when `v` is a decoded struct (not a scalar, array, Map, bytes or complex). */
export function isGobStruct(v: GobValue | undefined): v is GobStructValue {
  return typeof v === 'object' && !(v instanceof Uint8Array) && !(v instanceof GobComplex) && !(v instanceof Map) && !Array.isArray(v);
}
