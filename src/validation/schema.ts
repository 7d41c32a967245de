/**
 * The one owner of `zod` (each runtime dependency has one owning module,
 * test/architecture.test.ts): the scenario file (config) and the report read
 * back (report) both declare their schema with the `z` re-exported here, so
 * one declaration gives the TypeScript type (`z.infer`) and the runtime check.
 *
 * It also owns the one translation of zod's issues into the tool's
 * {@link Issue}s for data read back from a file ({@link issuesOf}): zod's own
 * messages (`Invalid input: expected number, received string`) are not ours;
 * a problem must read `file:key: expected a number, got "x"`, like every
 * other problem the tool lists. It imports no other part of imstress but the
 * `Issue` type, so any folder may use it without a folder cycle.
 */
import { z } from 'zod';
import type { Issue } from '../errors.js';

export { z };

/** A zod schema node, as walked by the translation (zod's documented `_zod.def` introspection). */
type Node = z.core.$ZodType;

/** A value as a problem shows it: JSON, cut at 40 characters; `nothing` for a missing one. */
export function shown(v: unknown): string {
  return v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 40);
}

/** `a.b[2].c`: a zod issue path as the tool names keys (`file:a.b[2].c`). */
function dottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out;
}

/** The node under `node` at one path segment, wrappers (optional, nullable, readonly) peeled. */
function peel(node: Node): { node: Node; nullable: boolean } {
  let nullable = false;
  for (;;) {
    const def = node._zod.def;
    if (def.type === 'nullable') nullable = true;
    if (def.type === 'nullable' || def.type === 'optional' || def.type === 'readonly' || def.type === 'nonoptional') {
      node = (def as unknown as { innerType: Node }).innerType;
    } else if (def.type === 'pipe') {
      // A transform's input side is what the file holds.
      node = (def as unknown as { in: Node }).in;
    } else {
      return { node, nullable };
    }
  }
}

function child(node: Node, key: PropertyKey): Node | undefined {
  const def = node._zod.def as unknown as { type: string; shape?: Record<string, Node>; element?: Node; valueType?: Node };
  if (def.type === 'object') return def.shape?.[String(key)];
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  return undefined;
}

/** The schema node `path` leads to from `root` (undefined past a node the walk does not know). */
function nodeAt(root: Node, path: readonly PropertyKey[]): { node: Node; nullable: boolean } | undefined {
  let at = peel(root);
  for (const key of path) {
    const next = child(at.node, key);
    if (next === undefined) return undefined;
    at = peel(next);
  }
  return at;
}

/** What a node holds, in words (`a number`, `an object`, `"imstress-report"`, `one of a, b`). */
function words(node: Node): string {
  const def = node._zod.def as unknown as { type: string; values?: readonly unknown[]; entries?: Record<string, unknown> };
  switch (def.type) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'object':
    case 'record':
      return 'an object';
    case 'array':
      return 'an array';
    case 'null':
      return 'null';
    case 'literal':
      return (def.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'enum':
      return `one of ${Object.values(def.entries ?? {}).join(', ')}`;
    default:
      return def.type;
  }
}

/** The message of one zod issue, in the tool's wording. */
function message(root: Node, issue: z.core.$ZodIssue): string {
  const at = nodeAt(root, issue.path);
  // A message the schema declares itself (zod's `error` option) is what its author wanted said.
  if (at !== undefined && at.node._zod.def.error !== undefined && (issue.code === 'invalid_type' || issue.code === 'custom'))
    return issue.message;
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_value' && at !== undefined && at.node._zod.def.type === 'enum') {
    // A closed set: the list of what is accepted says it all.
    return `expected ${words(at.node)}${at.nullable ? ' or null' : ''}`;
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_value') {
    const expected =
      at === undefined
        ? issue.code === 'invalid_type'
          ? issue.expected
          : 'another value'
        : `${words(at.node)}${at.nullable ? ' or null' : ''}`;
    return `expected ${expected}, got ${shown(input)}`;
  }
  return issue.message;
}

/**
 * Every problem of `value` against `schema`, each naming `source:key`, what
 * was expected and what was there: `f.json:drain.checked: expected true or
 * false, got "yes"`. zod lists every problem at once; in an array only the
 * first bad element's are kept (one broken list is one problem, not a
 * thousand). The value itself is not changed or returned: a reader keeps
 * the file's keys and their order (unknown keys a newer writer added too).
 */
export function issuesOf(schema: z.ZodType, value: unknown, source: string): Issue[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  const firstBad = new Map<string, number>();
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    // zod checks elements in order, so the first index met under an array is its first bad element.
    let kept = true;
    for (let i = 0; i < issue.path.length && kept; i++) {
      const index = issue.path[i];
      if (typeof index !== 'number') continue;
      const list = dottedPath(issue.path.slice(0, i));
      const first = firstBad.get(list) ?? index;
      firstBad.set(list, first);
      kept = index === first;
    }
    if (kept) issues.push({ where: `${source}:${dottedPath(issue.path)}`, message: message(schema, issue) });
  }
  return issues;
}
