/**
 * Keeps the house-style dependency rules honest (house-style.md, "Dependency
 * direction"): no import cycles in src/, no cycles between its folders (type
 * imports included), only src/cli imports src/cli or src/reporters, the
 * gateway imports neither the engine nor the CLI, and each third-party runtime
 * package has one owning module.
 *
 * Imports are read by a small lexer below rather than the TypeScript
 * compiler API: loading `typescript` alone takes seconds, and the rules only
 * need import and export statements, with comments, strings, templates and
 * regex literals skipped so that text which merely looks like an import is
 * not counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

// This file runs as <root>/dist/test/architecture.test.js: the repo root is two directories above its own.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const srcDir = join(repoRoot, 'src');

/** One import or re-export edge of a module. */
interface ImportEdge {
  readonly specifier: string;
  /** `import type …` / `export type … from`: erased by the compiler. */
  readonly typeOnly: boolean;
  readonly dynamic: boolean;
  readonly line: number;
}

interface Module {
  /** path relative to the repo root, with `/` separators: `src/gateway/api.ts` */
  readonly id: string;
  readonly imports: readonly ImportEdge[];
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listTs(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

const toId = (abs: string): string => relative(repoRoot, abs).split(sep).join('/');

/** A significant token: an identifier or keyword, a string literal's value, or one punctuation character. */
interface Token {
  readonly kind: 'word' | 'string' | 'punct';
  readonly text: string;
  readonly line: number;
}

const keywordsBeforeRegex = new Set([
  'return',
  'typeof',
  'case',
  'do',
  'else',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'yield',
  'await',
  'instanceof',
]);

/**
 * Splits TypeScript source into significant tokens: comments are dropped,
 * string literals become one token, template literal text is skipped (its
 * `${…}` parts are lexed as code), and a regex literal is skipped whole (a `/`
 * starts one where an operand is expected), so quotes inside them are not
 * mistaken for module specifiers.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  // One entry per open `${`: the brace depth at which that template resumes.
  const templateDepths: number[] = [];
  let depth = 0;
  const prevAllowsRegex = (): boolean => {
    const p = tokens[tokens.length - 1];
    if (p === undefined) return true;
    if (p.kind === 'string') return false;
    if (p.kind === 'word') return keywordsBeforeRegex.has(p.text);
    return !(p.text === ')' || p.text === ']' || p.text === '}');
  };
  const skipTemplateText = (): void => {
    // i is just after a backtick or the `}` closing a `${…}`.
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '`') {
        i++;
        return;
      } else if (c === '$' && text[i + 1] === '{') {
        i += 2;
        templateDepths.push(depth);
        depth++;
        return;
      } else {
        if (c === '\n') line++;
        i++;
      }
    }
  };
  while (i < text.length) {
    const c = text[i] ?? '';
    const next = text[i + 1];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const stop = close === -1 ? text.length : close + 2;
      for (let k = i; k < stop; k++) if (text[k] === '\n') line++;
      i = stop;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== c && text[i] !== '\n') {
        if (text[i] === '\\') {
          value += text[i + 1] ?? '';
          i += 2;
        } else value += text[i++] ?? '';
      }
      i++;
      tokens.push({ kind: 'string', text: value, line });
    } else if (c === '`') {
      i++;
      skipTemplateText();
      // The template as a whole is an operand (so a following `/` divides).
      tokens.push({ kind: 'string', text: '', line });
    } else if (c === '/' && prevAllowsRegex()) {
      i++;
      let inClass = false;
      while (i < text.length && text[i] !== '\n') {
        const r = text[i];
        if (r === '\\') i++;
        else if (r === '[') inClass = true;
        else if (r === ']') inClass = false;
        else if (r === '/' && !inClass) break;
        i++;
      }
      i++;
      while (i < text.length && /[a-z]/i.test(text[i] ?? '')) i++;
      tokens.push({ kind: 'string', text: '', line });
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z0-9_$]+/.exec(text.slice(i, i + 200));
      const word = m?.[0] ?? c;
      tokens.push({ kind: 'word', text: word, line });
      i += word.length;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9A-Za-z_.]+/.exec(text.slice(i, i + 100));
      tokens.push({ kind: 'word', text: m?.[0] ?? c, line });
      i += (m?.[0] ?? c).length;
    } else {
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === depth) {
          templateDepths.pop();
          i++;
          skipTemplateText();
          continue;
        }
      }
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    }
  }
  return tokens;
}

/**
 * Every static import, re-export and dynamic `import('…')` in a module's
 * text. `import type` and `export type` are marked type-only (erased by tsc;
 * `import { type A }` is not: under verbatimModuleSyntax it stays as an
 * import). An `import('…')` in a type position (`import('x').T`, `typeof
 * import('x')`) is erased and not returned.
 */
function scanImports(text: string): ImportEdge[] {
  const t = tokenize(text);
  const edges: ImportEdge[] = [];
  const is = (k: number, punct: string): boolean => t[k]?.kind === 'punct' && t[k]?.text === punct;
  const isWord = (k: number, word: string): boolean => t[k]?.kind === 'word' && t[k]?.text === word;
  /** From k, the specifier of `… from '…'` before the statement ends (or null). */
  const fromClause = (k: number): { spec: Token } | null => {
    let braces = 0;
    for (; k < t.length; k++) {
      const tok = t[k];
      if (tok === undefined) break;
      if (tok.kind === 'punct' && tok.text === '{') braces++;
      else if (tok.kind === 'punct' && tok.text === '}') braces--;
      else if (braces === 0 && tok.kind === 'punct' && tok.text === ';') return null;
      else if (braces === 0 && isWord(k, 'from') && t[k + 1]?.kind === 'string') return { spec: t[k + 1] as Token };
      else if (braces === 0 && tok.kind === 'word' && (tok.text === 'import' || tok.text === 'export') && !isWord(k - 1, 'as')) return null;
    }
    return null;
  };
  for (let k = 0; k < t.length; k++) {
    const tok = t[k];
    if (tok === undefined || tok.kind !== 'word' || is(k - 1, '.')) continue;
    if (tok.text === 'import' && is(k + 1, '(')) {
      const spec = t[k + 2];
      if (spec?.kind !== 'string' || !is(k + 3, ')')) continue;
      const typePosition =
        isWord(k - 1, 'typeof') ||
        (is(k + 4, '.') && t[k + 5]?.kind === 'word' && !['then', 'catch', 'finally'].includes(t[k + 5]?.text ?? ''));
      if (!typePosition) edges.push({ specifier: spec.text, typeOnly: false, dynamic: true, line: spec.line });
    } else if (tok.text === 'import' && !is(k + 1, '.')) {
      if (t[k + 1]?.kind === 'string') {
        edges.push({ specifier: (t[k + 1] as Token).text, typeOnly: false, dynamic: false, line: (t[k + 1] as Token).line });
        continue;
      }
      const typeOnly = isWord(k + 1, 'type') && !isWord(k + 2, 'from') && !is(k + 2, ',');
      const f = fromClause(k + 1);
      if (f !== null) edges.push({ specifier: f.spec.text, typeOnly, dynamic: false, line: f.spec.line });
    } else if (tok.text === 'export') {
      const typeOnly = isWord(k + 1, 'type') && (is(k + 2, '{') || is(k + 2, '*'));
      const head = typeOnly ? k + 2 : k + 1;
      if (!is(head, '{') && !is(head, '*')) continue;
      const f = fromClause(head);
      if (f !== null) edges.push({ specifier: f.spec.text, typeOnly, dynamic: false, line: f.spec.line });
    }
  }
  return edges;
}

/** `./x.js` → the `.ts` file it names (or a directory's index), or null. */
function resolveRelative(fromAbs: string, specifier: string): string | null {
  const base = resolve(dirname(fromAbs), specifier);
  const candidates = [
    base.replace(/\.(m|c)?js$/, (_m, k: string | undefined) => `.${k ?? ''}ts`),
    base,
    `${base}.ts`,
    join(base, 'index.ts'),
  ];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** `@scope/pkg/sub` → `@scope/pkg`; `pkg/sub` → `pkg`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const isBuiltin = (specifier: string): boolean => specifier.startsWith('node:') || builtinModules.includes(packageName(specifier));
const isRelative = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

interface Graph {
  readonly modules: ReadonlyMap<string, Module>;
  /** id → ids it imports (resolved relative edges), with the edge */
  readonly edges: ReadonlyMap<string, readonly { readonly to: string; readonly edge: ImportEdge }[]>;
  readonly unresolved: readonly string[];
}

function loadGraph(): Graph {
  const modules = new Map<string, Module>();
  const edges = new Map<string, { to: string; edge: ImportEdge }[]>();
  const unresolved: string[] = [];
  for (const abs of listTs(srcDir)) {
    const id = toId(abs);
    const imports = scanImports(readFileSync(abs, 'utf8'));
    modules.set(id, { id, imports });
    const out: { to: string; edge: ImportEdge }[] = [];
    for (const edge of imports) {
      if (!isRelative(edge.specifier)) continue;
      const target = resolveRelative(abs, edge.specifier);
      if (target === null) unresolved.push(`${id}:${edge.line} '${edge.specifier}'`);
      else out.push({ to: toId(target), edge });
    }
    edges.set(id, out);
  }
  return { modules, edges, unresolved };
}

/**
 * Cycles among runtime edges, one per strongly connected component (Tarjan),
 * each reported as a path `a → b → … → a`.
 */
function findCycles(edges: ReadonlyMap<string, readonly { readonly to: string; readonly edge: ImportEdge }[]>): string[][] {
  const runtime = new Map<string, string[]>();
  for (const [from, list] of edges) runtime.set(from, [...new Set(list.filter((e) => !e.edge.typeOnly).map((e) => e.to))].sort());
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let next = 0;
  const strongConnect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of runtime.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      for (;;) {
        const w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
        if (w === v) break;
      }
      const selfLoop = scc.length === 1 && (runtime.get(v) ?? []).includes(v);
      if (scc.length > 1 || selfLoop) sccs.push(scc);
    }
  };
  for (const v of [...runtime.keys()].sort()) if (!index.has(v)) strongConnect(v);
  // A concrete path through each component: BFS from its smallest member back to itself.
  return sccs.map((scc) => {
    const members = new Set(scc);
    const start = [...scc].sort()[0] ?? '';
    const prev = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift() ?? '';
      for (const w of runtime.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.unshift(u);
          path.unshift(start);
          return path;
        }
        if (!prev.has(w)) {
          prev.set(w, v);
          queue.push(w);
        }
      }
    }
    return [...scc, start];
  });
}

const graph = loadGraph();
const inDir = (id: string, dir: string): boolean => id.startsWith(`src/${dir}/`) || id === `src/${dir}.ts`;
const describeEdge = (from: string, to: string, e: ImportEdge): string =>
  `${from}:${e.line} → ${to}${e.typeOnly ? ' (type-only)' : ''}${e.dynamic ? ' (dynamic)' : ''}`;

test('the repo root is found and src/ holds TypeScript modules', () => {
  assert.ok(existsSync(join(repoRoot, 'package.json')), `no package.json in ${repoRoot}`);
  assert.ok(existsSync(srcDir) && statSync(srcDir).isDirectory(), `no src/ in ${repoRoot}`);
  assert.ok(graph.modules.size > 0, 'no .ts files under src/');
  assert.ok(graph.modules.has('src/gateway/gateway.ts'), 'the scan sees src/gateway/gateway.ts');
});

test('every relative import resolves to a file under src/', () => {
  assert.deepEqual(graph.unresolved, [], `unresolved imports:\n  ${graph.unresolved.join('\n  ')}`);
  const outside: string[] = [];
  for (const [from, list] of graph.edges)
    for (const { to, edge } of list) if (!to.startsWith('src/')) outside.push(describeEdge(from, to, edge));
  assert.deepEqual(outside, [], `src/ imports files outside src/:\n  ${outside.join('\n  ')}`);
});

test('no import cycles among src modules (type-only imports excluded: they are erased)', () => {
  const cycles = findCycles(graph.edges);
  assert.deepEqual(cycles, [], `import cycles:\n  ${cycles.map((c) => c.join(' → ')).join('\n  ')}`);
});

/** `src/engine/vu.ts` → `engine`; `src/errors.ts` → `errors`: the layer a module belongs to. */
const folderOf = (id: string): string => {
  const rest = id.slice('src/'.length);
  const slash = rest.indexOf('/');
  return slash === -1 ? rest.replace(/\.ts$/, '') : rest.slice(0, slash);
};

/**
 * The graph of src/'s top-level folders: an edge for every import from one
 * folder into another, type-only ones included (a type a folder borrows from
 * another is a dependency on that folder's contract, erased or not). Each
 * edge keeps one import that makes it, to name in a failure.
 */
function folderEdges(edges: Graph['edges']): Map<string, { to: string; edge: ImportEdge }[]> {
  const out = new Map<string, { to: string; edge: ImportEdge }[]>();
  for (const [from, list] of edges) {
    const a = folderOf(from);
    const mine = out.get(a) ?? [];
    out.set(a, mine);
    for (const { to, edge } of list) {
      const b = folderOf(to);
      if (b === a || mine.some((e) => e.to === b)) continue;
      mine.push({ to: b, edge: { ...edge, specifier: `${from}:${edge.line} → ${to}`, typeOnly: false } });
    }
  }
  return out;
}

test('no cycles between src folders (type-only imports included): shared types and catalogs live in neutral modules', () => {
  const folders = folderEdges(graph.edges);
  const cycles = findCycles(folders);
  const witness = (a: string, b: string): string => folders.get(a)?.find((e) => e.to === b)?.edge.specifier ?? `${a} → ${b}`;
  const described = cycles.map(
    (c) =>
      `${c.join(' → ')} (${c
        .slice(1)
        .map((b, i) => witness(c[i] ?? '', b))
        .join('; ')})`,
  );
  assert.deepEqual(described, [], `folder cycles:\n  ${described.join('\n  ')}`);
});

test("only src/cli imports src/reporters (renderers are the CLI's; the core and the report never render)", () => {
  const offenders: string[] = [];
  for (const [from, list] of graph.edges) {
    if (inDir(from, 'cli') || inDir(from, 'reporters')) continue;
    for (const { to, edge } of list) if (inDir(to, 'reporters')) offenders.push(describeEdge(from, to, edge));
  }
  assert.deepEqual(offenders, [], `imports of src/reporters from below src/cli:\n  ${offenders.join('\n  ')}`);
});

test("the report owns its contract: schema.ts imports no engine, gateway, protocol, hang or explain module, and only build.ts reads the engine's result", () => {
  const offenders: string[] = [];
  for (const [from, list] of graph.edges) {
    for (const { to, edge } of list) {
      const contractBorrows =
        from === 'src/report/schema.ts' && ['engine', 'gateway', 'protocol', 'hang', 'explain'].some((d) => inDir(to, d));
      const translates = inDir(from, 'report') && from !== 'src/report/build.ts' && to === 'src/engine/result.ts';
      if (contractBorrows || translates) offenders.push(describeEdge(from, to, edge));
    }
  }
  assert.deepEqual(offenders, [], `the report contract borrows or translates outside build.ts:\n  ${offenders.join('\n  ')}`);
});

test('nothing outside src/cli imports src/cli', () => {
  const offenders: string[] = [];
  for (const [from, list] of graph.edges) {
    if (inDir(from, 'cli')) continue;
    for (const { to, edge } of list) if (inDir(to, 'cli')) offenders.push(describeEdge(from, to, edge));
  }
  assert.deepEqual(offenders, [], `imports of src/cli from outside it:\n  ${offenders.join('\n  ')}`);
});

test('src/gateway imports neither src/engine nor src/cli', () => {
  const offenders: string[] = [];
  for (const [from, list] of graph.edges) {
    if (!inDir(from, 'gateway')) continue;
    for (const { to, edge } of list) if (inDir(to, 'engine') || inDir(to, 'cli')) offenders.push(describeEdge(from, to, edge));
  }
  assert.deepEqual(offenders, [], `gateway imports of engine/cli:\n  ${offenders.join('\n  ')}`);
});

test('each third-party runtime dependency has at most one owning module in src/', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const dependencies = Object.keys(pkg.dependencies ?? {});
  const importers = new Map<string, Set<string>>(dependencies.map((d) => [d, new Set<string>()]));
  const undeclared: string[] = [];
  for (const m of graph.modules.values()) {
    for (const e of m.imports) {
      if (isRelative(e.specifier) || isBuiltin(e.specifier)) continue;
      const name = packageName(e.specifier);
      const set = importers.get(name);
      if (set === undefined) {
        if (!e.typeOnly) undeclared.push(`${m.id}:${e.line} '${e.specifier}'`);
        continue;
      }
      if (!e.typeOnly) set.add(m.id);
    }
  }
  const offenders = [...importers]
    .filter(([, owners]) => owners.size > 1)
    .map(([name, owners]) => `${name}: imported by ${[...owners].sort().join(', ')}`);
  assert.deepEqual(offenders, [], `packages with more than one owning module:\n  ${offenders.join('\n  ')}`);
  assert.deepEqual(undeclared, [], `runtime imports of packages not in package.json dependencies:\n  ${undeclared.join('\n  ')}`);
});

test('the import scanner: multi-line, type-only, re-exports and dynamic imports told apart; comments, strings, templates and regexes skipped', () => {
  // A self-check on a fixture, so a scanner change cannot silently empty the rules above.
  const text = [
    "import type { A } from './a.js';",
    'import {',
    '  b,',
    '  type C,',
    "} from './b.js';",
    "import * as ns from './ns.js'",
    "import './side-effect.js';",
    "export type { D } from './d.js';",
    "export * from './e.js';",
    "export * as f from './f.js';",
    "export { g, type H } from './g.js';",
    'export { local };',
    "export const url = new URL('../x.json', import.meta.url);",
    "// import { x } from './line-comment.js';",
    "/* import { y } from './block-comment.js'; */",
    "const s = \"from './string.js'\" + 'import(\\'./escaped.js\\')';",
    "const re = /['\"]from '.\\/regex.js'/g;",
    'const ratio = a / b / c;',
    "const tpl = `import { z } from './template.js' ${cond ? `${'nested'}` : ''} end`;",
    "const lazy = () => import('./lazy.js');",
    "const chained = import('./then.js').then((m) => m);",
    "type T = import('./type-position.js').T;",
    "type U = typeof import('./typeof.js');",
  ].join('\n');
  const edges = scanImports(text);
  assert.deepEqual(
    edges.map((e) => [e.specifier, e.typeOnly, e.dynamic, e.line]),
    [
      ['./a.js', true, false, 1],
      ['./b.js', false, false, 5],
      ['./ns.js', false, false, 6],
      ['./side-effect.js', false, false, 7],
      ['./d.js', true, false, 8],
      ['./e.js', false, false, 9],
      ['./f.js', false, false, 10],
      ['./g.js', false, false, 11],
      ['./lazy.js', false, true, 20],
      ['./then.js', false, true, 21],
    ],
  );
});

test('the cycle finder reports each cycle as a path and ignores type-only edges', () => {
  const edge = (to: string): { to: string; edge: ImportEdge } => ({
    to,
    edge: { specifier: to, typeOnly: false, dynamic: false, line: 1 },
  });
  const typeEdge = (to: string): { to: string; edge: ImportEdge } => ({
    to,
    edge: { specifier: to, typeOnly: true, dynamic: false, line: 1 },
  });
  const g = new Map([
    ['a', [edge('b')]],
    ['b', [edge('c'), edge('d')]],
    ['c', [edge('a')]],
    ['d', [typeEdge('a')]],
    ['e', [edge('e')]],
  ]);
  assert.deepEqual(findCycles(g), [
    ['a', 'b', 'c', 'a'],
    ['e', 'e'],
  ]);
});

test('the folder graph counts type-only imports and names an import that makes each edge', () => {
  const edge = (to: string, typeOnly: boolean): { to: string; edge: ImportEdge } => ({
    to,
    edge: { specifier: to, typeOnly, dynamic: false, line: 3 },
  });
  const g = new Map([
    ['src/config/a.ts', [edge('src/gateway/b.ts', true), edge('src/config/c.ts', false)]],
    ['src/gateway/b.ts', [edge('src/config/c.ts', false)]],
    ['src/config/c.ts', []],
    ['src/errors.ts', [edge('src/config/c.ts', false)]],
  ]);
  const folders = folderEdges(g);
  assert.deepEqual(findCycles(folders), [['config', 'gateway', 'config']]);
  assert.equal(folders.get('config')?.[0]?.edge.specifier, 'src/config/a.ts:3 → src/gateway/b.ts');
  assert.deepEqual(
    folders.get('errors')?.map((e) => e.to),
    ['config'],
  );
});
