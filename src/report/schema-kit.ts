/**
 * A small schema kit: one declaration gives both the TypeScript type (through
 * {@link Infer}) and the runtime check of a JSON value, so the report's type
 * and the check `report`, `compare` and `merge` make of a file cannot drift
 * apart (issue #13 step 3). zod would do the same, but it has one owning
 * module already (src/config/scenario.ts) and its messages are not ours: a
 * report problem must read `file:key: expected a number, got "x"`, like every
 * other problem the tool lists.
 *
 * The check is what a reader needs, not what a writer promises: closed string
 * sets are checked as strings unless declared with {@link oneOf} (a renderer
 * meets an unknown kind with its fallback text, not a TypeError), counts
 * tables are checked as objects of numbers whatever their keys, and a field a
 * reader tolerates the absence of in older files is declared {@link optional}.
 */
import type { Issue } from '../errors.js';

/** One node of a schema: what it holds at runtime, and (as a phantom) the type it describes. */
export interface Schema<T> {
  /** Never set: carries `T` for {@link Infer}. */
  readonly type?: T;
  /** What the value must be, in words (`a number`), for messages. */
  readonly expected: string;
  /** May the field be absent (only meaningful as a field of {@link obj}). */
  readonly optional: boolean;
  /**
   * Appends the problems of `value`, found at `path`, to `issues`; a broken
   * container is one problem (its content is not checked).
   */
  check(value: unknown, path: string, issues: Issue[], source: string): void;
}

/** The TypeScript type a schema describes. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

type Fields = Readonly<Record<string, Schema<unknown>>>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { readonly optional: true } ? K : never }[keyof F];
type RequiredKeys<F extends Fields> = Exclude<keyof F, OptionalKeys<F>>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** The object type of a field table: readonly, `?:` where the field is {@link optional}. */
export type InferFields<F extends Fields> = Flat<{ readonly [K in RequiredKeys<F>]: Infer<F[K]> } & { readonly [K in OptionalKeys<F>]?: Infer<F[K]> }>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 40));
const problem = (issues: Issue[], source: string, path: string, message: string): void => void issues.push({ where: `${source}:${path}`, message });

/** A leaf checked by one predicate. */
function leaf<T>(expected: string, holds: (v: unknown) => boolean): Schema<T> {
  return {
    expected,
    optional: false,
    check(v, path, issues, source) {
      if (!holds(v)) problem(issues, source, path, `expected ${expected}, got ${shown(v)}`);
    },
  };
}

/**
 * A string. `T` narrows the type to a closed set the runtime does not
 * enforce (an error kind, a hang kind: readers fall back on unknown ones).
 */
export const str = <T extends string = string>(): Schema<T> => leaf<T>('a string', (v) => typeof v === 'string');
/** A finite number. */
export const num = (): Schema<number> => leaf<number>('a number', (v) => typeof v === 'number' && Number.isFinite(v));
/** true or false. */
export const bool = (): Schema<boolean> => leaf<boolean>('true or false', (v) => typeof v === 'boolean');
/** Exactly `value` (the report's marker and version). */
export const lit = <const V extends string | number>(value: V): Schema<V> => leaf<V>(JSON.stringify(value), (v) => v === value);
/** Any JSON value, not checked (data kept for people, such as a server's /stats). */
export const anything = (): Schema<unknown> => leaf<unknown>('anything', () => true);
/** An array of strings (one problem for the whole list). */
export const strings = (): Schema<readonly string[]> => leaf<readonly string[]>('an array of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
/** An object of finite numbers, whatever its keys; `K` names the keys a writer puts in. */
export const counts = <K extends string = string>(): Schema<Readonly<Record<K, number>>> =>
  leaf<Readonly<Record<K, number>>>('an object of counts (numbers)', (v) => isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n)));

/** Like {@link counts}, but a writer may leave keys out (a timeline sample, an outage's kinds). */
export const someCounts = <K extends string = string>(): Schema<Readonly<Partial<Record<K, number>>>> =>
  leaf<Readonly<Partial<Record<K, number>>>>('an object of counts (numbers)', (v) => isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n)));

/** One of `values`, checked (verdicts and run ends: exit codes and precedence depend on them). */
export function oneOf<const V extends readonly string[]>(values: V): Schema<V[number]> {
  return {
    expected: `one of ${values.join(', ')}`,
    optional: false,
    check(v, path, issues, source) {
      if (!(values as readonly unknown[]).includes(v)) problem(issues, source, path, `expected one of ${values.join(', ')}`);
    },
  };
}

/** `s`, or null. */
export function nullable<T>(s: Schema<T>): Schema<T | null> {
  return {
    expected: `${s.expected} or null`,
    optional: s.optional,
    check(v, path, issues, source) {
      if (v === null) return;
      // A null-able object or number: one message naming both, as the shape of the file is what is wrong.
      const before = issues.length;
      s.check(v, path, issues, source);
      const first = issues[before];
      if (first !== undefined && issues.length === before + 1 && first.where === `${source}:${path}`) issues[before] = { where: first.where, message: `expected ${s.expected} or null, got ${shown(v)}` };
    },
  };
}

/** A field that may be absent (older reports, or sections only some runs write). */
export function optional<T>(s: Schema<T>): Schema<T> & { readonly optional: true } {
  return {
    expected: s.expected,
    optional: true,
    check(v, path, issues, source) {
      if (v !== undefined) s.check(v, path, issues, source);
    },
  };
}

/** An object with these fields (others are allowed and kept: newer writers may add some). */
export function obj<F extends Fields>(fields: F): Schema<InferFields<F>> & { readonly fields: F } {
  return {
    fields,
    expected: 'an object',
    optional: false,
    check(v, path, issues, source) {
      if (!isRecord(v)) {
        problem(issues, source, path, `expected an object, got ${shown(v)}`);
        return;
      }
      const prefix = path === '' ? '' : `${path}.`;
      for (const [key, field] of Object.entries(fields)) {
        const value = v[key];
        if (value === undefined && field.optional) continue;
        field.check(value, `${prefix}${key}`, issues, source);
      }
    },
  };
}

/** An array of `element`; only the first bad element is reported (one broken list is one problem). */
export function arr<T>(element: Schema<T>): Schema<readonly T[]> {
  return {
    expected: 'an array',
    optional: false,
    check(v, path, issues, source) {
      if (!Array.isArray(v)) {
        problem(issues, source, path, `expected an array, got ${shown(v)}`);
        return;
      }
      for (let i = 0; i < v.length; i++) {
        const before = issues.length;
        element.check(v[i], `${path}[${i}]`, issues, source);
        if (issues.length > before) return;
      }
    },
  };
}

/** An object with free keys, each value `s` (the effective config). */
export function dict<T>(s: Schema<T>): Schema<Readonly<Record<string, T>>> {
  return {
    expected: 'an object',
    optional: false,
    check(v, path, issues, source) {
      if (!isRecord(v)) {
        problem(issues, source, path, `expected an object, got ${shown(v)}`);
        return;
      }
      for (const [key, value] of Object.entries(v)) s.check(value, `${path}.${key}`, issues, source);
    },
  };
}

/**
 * An object with exactly these keys, each value `s`; a missing key is
 * reported with `missing` (the phases: every renderer reads every one).
 */
export function keyed<const K extends string, T>(keys: readonly K[], s: Schema<T>, missing: string): Schema<Readonly<Record<K, T>>> {
  return {
    expected: 'an object',
    optional: false,
    check(v, path, issues, source) {
      if (!isRecord(v)) {
        problem(issues, source, path, `expected an object, got ${shown(v)}`);
        return;
      }
      for (const key of keys) {
        if (!isRecord(v[key])) problem(issues, source, `${path}.${key}`, missing);
        else s.check(v[key], `${path}.${key}`, issues, source);
      }
    },
  };
}

/** Every problem of `value` against `schema`, each naming `source:key`. */
export function issuesOf(schema: Schema<unknown>, value: unknown, source: string): Issue[] {
  const issues: Issue[] = [];
  schema.check(value, '', issues, source);
  return issues;
}
