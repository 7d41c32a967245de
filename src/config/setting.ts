/**
 * One row of a settings table, and the types the rest of the code derives
 * from a table: the flags commander hands over, the scenario file's shape and
 * the resolved values. A row is the one place a setting's flag, scenario key,
 * grammar, default, help text, redaction and per-machine flag are written.
 */
import type { Grammar, RawKind, RawOf } from './grammar.js';

/** `imstress run --help` groups, in display order. */
export const helpGroups = ['Load', 'Target', 'OpenIM', 'Hang detection', 'Output'] as const;
type HelpGroup = (typeof helpGroups)[number];

/** A setting that is not a field of the resolved config of its own, but part of a composite one (`target`, `tokens`). */
export type Part = 'target' | 'tokens';

/** How a value is shown in a saved or printed config: `url` loses credentials, `secret` is replaced, `args` hides `--secret` arguments. */
export type Redaction = 'url' | 'secret' | 'args';

/** What every flag row has, in `run`'s table and in `gateway`'s. */
export interface FlagRow<T, R extends RawKind = RawKind, F extends string = string, D extends T | null = T | null> {
  /** commander's spec of the long flag: `--ramp-up <duration>`, `--overlap`, `--no-register` */
  readonly flag: F;
  readonly grammar: Grammar<T, R>;
  /** null: unset (the config holds null, or a composite decides) */
  readonly default: D;
  /** one line for `--help` (the default is appended) */
  readonly help: string;
  /** the reference's (and scenarios/README's) longer meaning, when help is too short */
  readonly docs?: string;
  /** how the default is shown when the value alone would not say it (`the embedded gateway`); '' shows none */
  readonly defaultText?: string;
  /** a switch with both forms: the `--no-` form's help (`--msg-resp` / `--no-msg-resp`) */
  readonly negation?: string;
}

/** A row of `imstress run`'s table: a flag that is also an environment variable and (with `key`) a scenario key. */
export interface Setting<
  T,
  R extends RawKind,
  F extends string,
  K extends string | null,
  D extends T | null,
  P extends Part | undefined,
> extends FlagRow<T, R, F, D> {
  /** dotted scenario file key (`timeouts.reply`); null: flag and environment only */
  readonly key: K;
  readonly group: HelpGroup;
  readonly part?: P;
  readonly redact?: Redaction;
  /** differs from machine to machine of one sharded run, so `merge` does not compare it */
  readonly perMachine?: boolean;
  /** false: says where the report went, how it was shown or how often the run was repeated, not what was tested, so `compare` never lists it as a change */
  readonly compared?: false;
  /** a key its parent mapping must have (`tokens.api.url`) */
  readonly required?: true;
}

/** Any row, for code that walks a table. */
export type AnySetting = Setting<any, RawKind, string, string | null, any, Part | undefined>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** Any flag row. */
export type AnyFlagRow = FlagRow<any, RawKind, string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Declares a row, keeping its flag, key, default and part as literal types. */
export function setting<
  T,
  const R extends RawKind,
  const F extends `--${string}`,
  const K extends string | null,
  const D extends T | null,
  const P extends Part | undefined = undefined,
>(row: Setting<T, R, F, K, D, P>): Setting<T, R, F, K, D, P> {
  return row;
}

/** The parsed value of a row. */
export type ValueOf<S> = S extends Setting<infer T, RawKind, string, string | null, infer _D, Part | undefined> ? T : never;
/** A row's field in the resolved config: its value, or null when its default is null. */
export type ConfigValueOf<S> =
  S extends Setting<infer T, RawKind, string, string | null, infer D, Part | undefined> ? T | (null extends D ? null : never) : never;

type Camel<S extends string> = S extends `${infer H}-${infer R}` ? `${H}${Capitalize<Camel<R>>}` : S;
type FirstWord<S extends string> = S extends `${infer W} ${string}` ? W : S;
/** commander's attribute for a flag spec: `--ramp-up <d>` → `rampUp`, `--no-register` → `register`. */
type AttrOf<F extends string> = F extends `--no-${infer N}` ? Camel<FirstWord<N>> : F extends `--${infer N}` ? Camel<FirstWord<N>> : never;

/** The flags of a table as commander hands them over: strings, switches, lists, every one optional. */
export type RawFlagsOf<Table extends Record<string, AnyFlagRow>> = {
  [K in keyof Table as AttrOf<Table[K]['flag']>]?: RawOf<Table[K]['grammar']['raw']>;
};

type Nest<Path extends string, V> = Path extends `${infer H}.${infer Rest}`
  ? { readonly [P in H]?: Nest<Rest, V> }
  : { readonly [P in Path]?: V };
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** A validated scenario file of a table: nested as its dotted keys, values parsed, absent keys absent. */
export type ScenarioOf<Table extends Record<string, AnySetting>> = UnionToIntersection<
  { [K in keyof Table]: Table[K]['key'] extends string ? Nest<Table[K]['key'], ValueOf<Table[K]>> : never }[keyof Table]
>;

/** The long flag a user types: `--ramp-up`, `--no-register`. */
export function longFlag(row: AnyFlagRow): string {
  return row.flag.split(' ')[0] ?? row.flag;
}

/** commander's attribute name of a row's flag (the `AttrOf` type, at run time). */
export function attrOf(row: AnyFlagRow): string {
  return longFlag(row)
    .replace(/^--(no-)?/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The default as `--help` and the reference show it. */
export function defaultShown(row: AnyFlagRow): string | null {
  if (row.defaultText !== undefined) return row.defaultText === '' ? null : row.defaultText;
  const d: unknown = row.default;
  if (d === null) return 'none';
  return row.grammar.show === undefined ? String(d) : row.grammar.show(d);
}

/** The help line: the row's text and its default. */
export function helpLine(row: AnyFlagRow): string {
  const d = defaultShown(row);
  return d === null ? row.help : `${row.help} (default: ${d})`;
}
