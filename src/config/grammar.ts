/**
 * A setting's grammar: how its text (a flag, an environment variable) or its
 * scenario value becomes a typed value, what it looks like on the command
 * line (`raw`), and a short description for the generated flag reference.
 * Built on the shared parsers of `values.ts`, so a flag, its variable and its
 * scenario key accept the same values and fail with the same message.
 */
import * as v from './values.js';

/** How commander (and the environment) hands a setting over: a string, a boolean switch, or a repeatable list. */
export type RawKind = 'text' | 'boolean' | 'list';

/** What a raw kind arrives as. */
export type RawOf<R extends RawKind> = R extends 'boolean' ? boolean : R extends 'list' ? string[] : string;

/** How one setting's value is read, checked and described. */
export interface Grammar<T, R extends RawKind = RawKind> {
  readonly raw: R;
  /** for the flag reference: `integer 1–1000000`, `duration 0s–1h` */
  readonly doc: string;
  readonly parse: (raw: unknown) => v.Parsed<T>;
  /** lists: how one item is parsed (each bad item is its own problem) and how an environment variable splits into items */
  readonly item?: { readonly parse: (raw: unknown) => v.Parsed<unknown>; readonly split: 'comma' | 'space' };
  /** a default as help text shows it (durations as `10s`) */
  readonly show?: (value: T) => string;
}

const text = <T>(doc: string, parse: (raw: unknown) => v.Parsed<T>, show?: (value: T) => string): Grammar<T, 'text'> =>
  show === undefined ? { raw: 'text', doc, parse } : { raw: 'text', doc, parse, show };

/** An integer within `range`. */
export const integer = (range: v.Range): Grammar<number, 'text'> =>
  text(`integer ${range.min}–${range.max}`, (raw) => v.parseInteger(raw, range));

/** A duration in ms (`250ms`, `1.5s`, `2m`), within `range`. */
export const duration = (range: v.Range): Grammar<number, 'text'> =>
  text(`duration ${v.formatMs(range.min)}–${v.formatMs(range.max)}`, (raw) => v.parseDuration(raw, range), v.formatMs);

/** One of a closed set. */
export const choice = <T extends string>(allowed: readonly T[]): Grammar<T, 'text'> =>
  text(allowed.join(', '), (raw) => v.parseChoice(raw, allowed));

/** A switch on the command line; true or false in a file or a variable. */
export const boolean: Grammar<boolean, 'boolean'> = { raw: 'boolean', doc: 'true or false', parse: v.parseBoolean };

/** A non-empty string without spaces. */
export const word = (what: string, maxLength = Infinity): Grammar<string, 'text'> =>
  text(Number.isFinite(maxLength) ? `word, at most ${maxLength} characters` : 'word', (raw) => v.parseWord(raw, what, maxLength));

/** A non-empty string. */
export const textOf = (what: string): Grammar<string, 'text'> => text('text', (raw) => v.parseText(raw, what));

/** An http(s):// URL. */
export const httpUrl = (what: string): Grammar<string, 'text'> => text('http(s):// URL', (raw) => v.parseUrl(raw, v.httpSchemes, what));

/** Any other grammar of `values.ts`, described for the reference. */
export const custom = <T>(doc: string, parse: (raw: unknown) => v.Parsed<T>, show?: (value: T) => string): Grammar<T, 'text'> =>
  text(doc, parse, show);

/**
 * A repeatable flag / a list in a file. `split`: how one environment variable
 * holds several items (`IMSTRESS_THRESHOLD` comma-separated,
 * `IMSTRESS_GATEWAY_ARG` space-separated, as a shell splits arguments).
 */
export function list<T>(doc: string, item: (raw: unknown) => v.Parsed<T>, split: 'comma' | 'space'): Grammar<readonly T[], 'list'> {
  return {
    raw: 'list',
    doc: `list of ${doc}`,
    item: { parse: item, split },
    show: (value) => (value.length === 0 ? 'none' : value.join(' ')),
    parse: (raw) => {
      if (!Array.isArray(raw)) return { ok: false, message: `got ${v.show(raw)}; expected a list` };
      const out: T[] = [];
      for (const r of raw as unknown[]) {
        const p = item(r);
        if (!p.ok) return p;
        out.push(p.value);
      }
      return { ok: true, value: out };
    },
  };
}
