/**
 * Scenario files: `.yaml`/`.yml` (the one owner of `yaml`) or `.json`,
 * validated with a strict zod schema (zod through `src/validation/schema.ts`) built from the
 * settings table's scenario keys (`run-settings.ts`; see `scenarios/README.md`);
 * values go through each row's grammar, the flags' own, so `duration: 60s` is
 * parsed to 60000 ms here. Every problem becomes an {@link Issue} whose `where` is
 * `<file>:<dotted.key>` (`<file>:<line>:<col>` for syntax errors).
 */
import { extname, resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from '../validation/schema.js';
import type { Issue } from '../errors.js';
import { runRows, type ScenarioFile } from './run-settings.js';
import { jsonErrorPosition } from './json-position.js';
import { readRegularFile } from './regular-file.js';
import * as v from './values.js';

export type { ScenarioFile } from './run-settings.js';

/**
 * The largest scenario file read. Real ones are a few hundred bytes; the cap
 * keeps a wrong file (a log, a dump) from taking minutes (issue #17.6).
 */
export const maxScenarioBytes = 1024 * 1024;

/** At most this many problems of one file are listed; the rest are counted ("… and N more"). */
export const maxListedProblems = 50;

/** The entry that stands for the problems not listed. */
function moreProblems(file: string, n: number): Issue {
  return {
    where: file,
    message: `… and ${n.toLocaleString('en-US')} more problem${n === 1 ? '' : 's'} (the first ${maxListedProblems} are listed)`,
    omitted: n,
  };
}

/** A loaded scenario, or every problem found in it. */
export type ScenarioLoad =
  { readonly ok: true; readonly scenario: ScenarioFile } | { readonly ok: false; readonly issues: readonly Issue[] };

/** A schema node that runs one of the shared value grammars (so messages match the flags'). */
function value<T>(parse: (raw: unknown) => v.Parsed<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const r = parse(raw);
    if (r.ok) return r.value;
    ctx.issues.push({ code: 'custom', message: r.message, input: raw });
    return z.NEVER;
  });
}

/** Mappings that must hold exactly one of their keys. */
const exactlyOne: ReadonlySet<string> = new Set(['tokens']);

/** A mapping of the file as the table's dotted keys nest: leaves are schema nodes, inner nodes mappings. */
interface Mapping {
  readonly leaves: Map<string, z.ZodType>;
  readonly order: string[];
  readonly children: Map<string, Mapping>;
}

function buildMappings(): Mapping {
  const root: Mapping = { leaves: new Map(), order: [], children: new Map() };
  for (const [, row] of runRows) {
    if (row.key === null) continue;
    const path = row.key.split('.');
    let node = root;
    for (const part of path.slice(0, -1)) {
      let child = node.children.get(part);
      if (child === undefined) {
        child = { leaves: new Map(), order: [], children: new Map() };
        node.children.set(part, child);
        node.order.push(part);
      }
      node = child;
    }
    const leaf = path[path.length - 1] ?? row.key;
    const g = row.grammar;
    const schema: z.ZodType = g.item !== undefined ? z.array(value(g.item.parse)) : value(g.parse);
    node.leaves.set(leaf, row.required === true ? schema : schema.optional());
    node.order.push(leaf);
  }
  return root;
}

function schemaOf(m: Mapping, at: string): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const key of m.order) {
    const child = m.children.get(key);
    const childAt = at === '' ? key : `${at}.${key}`;
    shape[key] = child === undefined ? (m.leaves.get(key) as z.ZodType) : schemaOf(child, childAt).optional();
  }
  const object = z.strictObject(shape);
  if (!exactlyOne.has(at)) return object;
  return object.superRefine((t, ctx) => {
    const given = m.order.filter((k) => (t as Record<string, unknown>)[k] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({
        code: 'custom',
        message: `got ${given.length === 0 ? 'none' : given.join(' and ')}; expected exactly one of ${m.order.join(', ')}`,
      });
  });
}

function keysOf(m: Mapping, at: string, out: Record<string, readonly string[]>): Record<string, readonly string[]> {
  out[at] = m.order;
  for (const [key, child] of m.children) keysOf(child, at === '' ? key : `${at}.${key}`, out);
  return out;
}

const mappings = buildMappings();
const scenarioSchema = schemaOf(mappings, '');

/** Keys allowed at each mapping of the file (array indices dropped), for "unknown key" messages. */
const keysAt: Readonly<Record<string, readonly string[]>> = keysOf(mappings, '', {});

/** Every key the scenario file accepts, dotted (for the README and tests). */
export const scenarioKeys: readonly string[] = Object.entries(keysAt).flatMap(([at, keys]) =>
  keys.map((k) => (at === '' ? k : `${at}.${k}`)),
);

const dotted = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');

/** Validates parsed data (any source) against the schema. */
export function validateScenario(
  data: unknown,
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | null = () => null,
): ScenarioLoad {
  const result = scenarioSchema.safeParse(data ?? {}, { reportInput: true });
  if (result.success) {
    // The schema is built from the table at run time, so its output type is the table's scenario type by construction.
    const scenario = result.data as ScenarioFile;
    return { ok: true, scenario };
  }
  const issues: Issue[] = [];
  let more = 0;
  // Past the cap a problem is only counted: no line lookup, no suggestion (linear in the file's size).
  const at = (path: readonly PropertyKey[], message: () => string): void => {
    if (issues.length >= maxListedProblems) {
      more++;
      return;
    }
    const line = lineOf(path);
    const text = message();
    issues.push({ where: path.length === 0 ? file : `${file}:${dotted(path)}`, message: line === null ? text : `${text} (line ${line})` });
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt[issue.path.filter((p) => typeof p === 'string').join('.')] ?? [];
      for (const key of issue.keys)
        at([...issue.path, key], () => `unknown key${suggest(key, allowed)}; expected one of ${allowed.join(', ')}`);
    } else if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'object' ? 'a mapping of keys' : issue.expected === 'array' ? 'a list' : issue.expected;
      at(issue.path, () => `got ${v.show(issue.input)}; expected ${expected}`);
    } else {
      at(issue.path, () => issue.message);
    }
  }
  if (more > 0) issues.push(moreProblems(file, more));
  return { ok: false, issues };
}

/** ` (did you mean "rampUp"?)` when a close allowed key exists. */
function suggest(key: string, allowed: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const k of allowed) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === null ? '' : ` (did you mean "${best}"?)`;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}

/** Parses and validates scenario text; `file` is how the file is named in issues. */
export function parseScenario(text: string, file: string, format: 'yaml' | 'json'): ScenarioLoad {
  return format === 'json' ? parseJson(text, file) : parseYaml(text, file);
}

function parseYaml(text: string, file: string): ScenarioLoad {
  const lineCounter = new LineCounter();
  // yaml's own duplicate-key check scans the whole mapping for every key (quadratic: a 1 MB file of
  // keys took 30 s); the same check is done below in one pass.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const syntax: Issue[] =
    doc.errors.length === 0
      ? duplicateKeys(doc, lineCounter, file)
      : doc.errors.map((e) => {
          const pos = e.linePos?.[0];
          const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
          return { where: pos === undefined ? file : `${file}:${pos.line}:${pos.col}`, message: `YAML syntax error: ${message}` };
        });
  if (syntax.length > 0) {
    const issues: Issue[] = syntax.slice(0, maxListedProblems);
    if (syntax.length > maxListedProblems) issues.push(moreProblems(file, syntax.length - maxListedProblems));
    return { ok: false, issues };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    return { ok: false, issues: [{ where: file, message: `YAML error: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (data === null || data === undefined) return { ok: false, issues: [emptyFile(file)] };
  let lines: Map<string, number> | null = null;
  const lineOf = (path: readonly PropertyKey[]): number | null => {
    // One walk of the document on the first lookup: getIn per problem is linear in the mapping, so quadratic overall.
    lines ??= lineIndex(doc, lineCounter);
    return lines.get(pathKey(path)) ?? null;
  };
  return validateScenario(data, file, lineOf);
}

const pathKey = (path: readonly PropertyKey[]): string => JSON.stringify(path.map((p) => (typeof p === 'number' ? p : String(p))));

/** The line of every node of the document, by path (a mapping key's value, a list item), in one walk. */
function lineIndex(doc: Document, lineCounter: LineCounter): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (node: unknown, path: ReadonlyArray<string | number>): void => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (range !== undefined) out.set(pathKey(path), lineCounter.linePos(range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        const child = [...path, String(key)];
        // A key with no value (`users:`) still has a line: the key's own.
        if (pair.value === null && isScalar(pair.key) && pair.key.range !== undefined && pair.key.range !== null)
          out.set(pathKey(child), lineCounter.linePos(pair.key.range[0]).line);
        visit(pair.value, child);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    }
  };
  visit(doc.contents, []);
  return out;
}

/** Keys repeated in a mapping (what yaml's `uniqueKeys` reports), found with one set per mapping. */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): Issue[] {
  const out: Issue[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        const offset = isScalar(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
        if (seen.has(key)) {
          const pos = lineCounter.linePos(offset);
          out.push({ where: `${file}:${pos.line}:${pos.col}`, message: 'YAML syntax error: Map keys must be unique' });
        }
        seen.add(key);
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return out;
}

/** An empty scenario file (or only comments) is a mistake, not a request for a default run (#17.7). */
function emptyFile(file: string): Issue {
  return {
    where: file,
    message: 'the scenario file is empty (or only comments); expected a mapping of keys such as `users: 100` (see scenarios/README.md)',
  };
}

function parseJson(text: string, file: string): ScenarioLoad {
  if (text.trim() === '') return { ok: false, issues: [emptyFile(file)] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/ in JSON at position \d+.*$/, '');
    const pos = jsonErrorPosition(text);
    return {
      ok: false,
      issues: [{ where: pos === null ? file : `${file}:${pos.line}:${pos.col}`, message: `JSON syntax error: ${message}` }],
    };
  }
  if (data === null) return { ok: false, issues: [emptyFile(file)] };
  return validateScenario(data, file);
}

/** Reads, parses and validates a scenario file (`path` relative to `cwd`). */
export function loadScenario(path: string, cwd: string = process.cwd()): ScenarioLoad {
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : null;
  if (format === null)
    return {
      ok: false,
      issues: [{ where: path, message: `got a "${ext}" file; expected a scenario file ending in .yaml, .yml or .json` }],
    };
  const read = readRegularFile(resolve(cwd, path), maxScenarioBytes);
  if (!read.ok)
    return {
      ok: false,
      issues: [
        {
          where: path,
          message: read.code === null ? `the scenario file ${read.message}` : `cannot read the scenario file: ${read.message}`,
        },
      ],
    };
  const text = read.text;
  return parseScenario(text, path, format);
}
