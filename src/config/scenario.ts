/**
 * Scenario files: `.yaml`/`.yml` (the one owner of `yaml`) or `.json`,
 * validated with a strict schema (the one owner of `zod`). Keys mirror the
 * run flags in camelCase (see `scenarios/README.md`); values go through the
 * same grammars as the flags (`values.ts`), so `duration: 60s` is parsed to
 * 60000 ms here. Every problem becomes an {@link Issue} whose `where` is
 * `<file>:<dotted.key>` (`<file>:<line>:<col>` for syntax errors).
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { Issue } from '../errors.js';
import { gatewayModes, type GatewayMode } from '../gateway/options.js';
import { adapterNames, type AdapterName } from '../protocol/adapter.js';
import { compressions, encodings, messageKinds, onHangModes, progressModes } from './choices.js';
import type { RunConfig, Threshold } from './run-config.js';
import { runLimits } from './run-limits.js';
import { jsonErrorPosition } from './json-position.js';
import { parseThreshold } from './thresholds.js';
import * as v from './values.js';

type Opt<T> = T | undefined;

/** A validated scenario file: durations in ms, thresholds parsed; absent keys are undefined. */
export interface ScenarioFile {
  readonly users?: Opt<number>;
  readonly userPrefix?: Opt<string>;
  readonly userOffset?: Opt<number>;
  readonly duration?: Opt<number>;
  readonly iterations?: Opt<number>;
  readonly rampUp?: Opt<number>;
  readonly think?: Opt<number>;
  readonly messages?: Opt<number>;
  readonly messageKind?: Opt<RunConfig['messageKind']>;
  readonly platform?: Opt<number>;
  readonly overlap?: Opt<boolean>;
  readonly compression?: Opt<RunConfig['compression']>;
  readonly encoding?: Opt<RunConfig['encoding']>;
  readonly heartbeat?: Opt<number>;
  readonly timeouts?: Opt<{ readonly handshake?: Opt<number>; readonly reply?: Opt<number>; readonly push?: Opt<number>; readonly close?: Opt<number> }>;
  readonly stallThreshold?: Opt<number>;
  readonly hangWindow?: Opt<number>;
  readonly onHang?: Opt<RunConfig['onHang']>;
  readonly target?: Opt<v.TargetChoice>;
  readonly gateway?: Opt<{ readonly mode?: Opt<GatewayMode>; readonly args?: Opt<readonly string[]> }>;
  readonly adapter?: Opt<AdapterName>;
  readonly metricsUrl?: Opt<string>;
  readonly gauge?: Opt<string>;
  readonly pprofUrl?: Opt<string>;
  readonly evidenceGap?: Opt<number>;
  readonly drainTimeout?: Opt<number>;
  /** exactly one of token, file, api */
  readonly tokens?: Opt<{
    readonly token?: Opt<string>;
    readonly file?: Opt<string>;
    readonly api?: Opt<{ readonly url: string; readonly secret?: Opt<string>; readonly concurrency?: Opt<number>; readonly register?: Opt<boolean> }>;
  }>;
  readonly thresholds?: Opt<readonly Threshold[]>;
  readonly report?: Opt<string>;
  readonly progress?: Opt<RunConfig['progress']>;
  readonly localAddress?: Opt<string>;
  readonly workers?: Opt<number | 'auto'>;
  readonly shard?: Opt<{ readonly index: number; readonly count: number }>;
  readonly ca?: Opt<string>;
  readonly insecure?: Opt<boolean>;
}

/** A loaded scenario, or every problem found in it. */
export type ScenarioLoad = { readonly ok: true; readonly scenario: ScenarioFile } | { readonly ok: false; readonly issues: readonly Issue[] };

/** A schema node that runs one of the shared value grammars (so messages match the flags'). */
function value<T>(parse: (raw: unknown) => v.Parsed<T>) {
  return z.unknown().transform((raw, ctx): T => {
    const r = parse(raw);
    if (r.ok) return r.value;
    ctx.issues.push({ code: 'custom', message: r.message, input: raw });
    return z.NEVER;
  });
}
const opt = <T>(parse: (raw: unknown) => v.Parsed<T>) => value(parse).optional();
const duration = (range: v.Range) => opt((raw) => v.parseDuration(raw, range));
const integer = (range: v.Range) => opt((raw) => v.parseInteger(raw, range));
const choice = <T extends string>(allowed: readonly T[]) => opt((raw) => v.parseChoice(raw, allowed));
const httpUrl = (what: string) => (raw: unknown) => v.parseUrl(raw, v.httpSchemes, what);
const threshold = value((raw): v.Parsed<Threshold> => {
  if (typeof raw !== 'string') return { ok: false, message: `got ${v.show(raw)}; expected a threshold such as reply.p99<200ms` };
  const r = parseThreshold(raw);
  return r.ok ? { ok: true, value: r.threshold } : r;
});

const timeoutsShape = {
  handshake: duration(runLimits.timeout),
  reply: duration(runLimits.timeout),
  push: duration(runLimits.timeout),
  close: duration(runLimits.timeout),
};
const gatewayShape = {
  mode: choice(gatewayModes),
  args: z.array(value((raw) => v.parseText(raw, 'an `imstress gateway` argument'))).optional(),
};
const apiShape = {
  url: value(httpUrl('the OpenIM REST API URL')),
  secret: opt((raw) => v.parseText(raw, 'the server secret')),
  concurrency: integer(runLimits.apiConcurrency),
  register: opt(v.parseBoolean),
};
const tokensShape = {
  token: opt((raw) => v.parseText(raw, 'a token')),
  file: opt((raw) => v.parseText(raw, 'a path to a token file')),
  api: z.strictObject(apiShape).optional(),
};
const topShape = {
  users: integer(runLimits.users),
  userPrefix: opt((raw) => v.parseWord(raw, 'a user ID prefix')),
  userOffset: integer(runLimits.userOffset),
  duration: duration(runLimits.duration),
  iterations: integer(runLimits.iterations),
  rampUp: duration(runLimits.rampUp),
  think: duration(runLimits.think),
  messages: integer(runLimits.messages),
  messageKind: choice(messageKinds),
  platform: integer(runLimits.platform),
  overlap: opt(v.parseBoolean),
  compression: choice(compressions),
  encoding: choice(encodings),
  heartbeat: duration(runLimits.heartbeat),
  timeouts: z.strictObject(timeoutsShape).optional(),
  stallThreshold: duration(runLimits.stallThreshold),
  hangWindow: duration(runLimits.hangWindow),
  onHang: choice(onHangModes),
  target: opt(v.parseTarget),
  gateway: z.strictObject(gatewayShape).optional(),
  adapter: choice(adapterNames),
  metricsUrl: opt(httpUrl('a Prometheus metrics URL')),
  gauge: opt((raw) => v.parseWord(raw, 'a gauge name')),
  pprofUrl: opt(httpUrl("a Go target's /debug/pprof/ URL")),
  evidenceGap: duration(runLimits.evidenceGap),
  drainTimeout: duration(runLimits.drainTimeout),
  tokens: z
    .strictObject(tokensShape)
    .superRefine((t, ctx) => {
      const given = (['token', 'file', 'api'] as const).filter((k) => t[k] !== undefined);
      if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `got ${given.length === 0 ? 'none' : given.join(' and ')}; expected exactly one of token, file, api` });
    })
    .optional(),
  thresholds: z.array(threshold).optional(),
  report: opt((raw) => v.parseText(raw, 'a report file path')),
  progress: choice(progressModes),
  localAddress: opt(v.parseLocalAddress),
  workers: opt((raw) => v.parseWorkers(typeof raw === 'number' ? String(raw) : raw, runLimits.workers)),
  shard: opt((raw) => v.parseShard(raw, runLimits.shardCount)),
  ca: opt((raw) => v.parseText(raw, 'a PEM file of CA certificates')),
  insecure: opt(v.parseBoolean),
};
const scenarioSchema = z.strictObject(topShape);

/** Keys allowed at each mapping of the file (array indices dropped), for "unknown key" messages. */
const keysAt: Readonly<Record<string, readonly string[]>> = {
  '': Object.keys(topShape),
  timeouts: Object.keys(timeoutsShape),
  gateway: Object.keys(gatewayShape),
  tokens: Object.keys(tokensShape),
  'tokens.api': Object.keys(apiShape),
};

/** Every key the scenario file accepts, dotted (for the README and tests). */
export const scenarioKeys: readonly string[] = Object.entries(keysAt).flatMap(([at, keys]) => keys.map((k) => (at === '' ? k : `${at}.${k}`)));

const dotted = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');

/** Validates parsed data (any source) against the schema. */
export function validateScenario(data: unknown, file: string, lineOf: (path: readonly PropertyKey[]) => number | null = () => null): ScenarioLoad {
  const result = scenarioSchema.safeParse(data ?? {}, { reportInput: true });
  if (result.success) {
    const scenario: ScenarioFile = result.data;
    return { ok: true, scenario };
  }
  const issues: Issue[] = [];
  const at = (path: readonly PropertyKey[], message: string): void => {
    const line = lineOf(path);
    issues.push({ where: path.length === 0 ? file : `${file}:${dotted(path)}`, message: line === null ? message : `${message} (line ${line})` });
  };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt[issue.path.filter((p) => typeof p === 'string').join('.')] ?? [];
      for (const key of issue.keys) at([...issue.path, key], `unknown key${suggest(key, allowed)}; expected one of ${allowed.join(', ')}`);
    } else if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'object' ? 'a mapping of keys' : issue.expected === 'array' ? 'a list' : issue.expected;
      at(issue.path, `got ${v.show(issue.input)}; expected ${expected}`);
    } else {
      at(issue.path, issue.message);
    }
  }
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
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const message = (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, '');
        return { where: pos === undefined ? file : `${file}:${pos.line}:${pos.col}`, message: `YAML syntax error: ${message}` };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    return { ok: false, issues: [{ where: file, message: `YAML error: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const lineOf = (path: readonly PropertyKey[]): number | null => {
    const node: unknown = doc.getIn(path as unknown[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range === undefined ? null : lineCounter.linePos(range[0]).line;
  };
  return validateScenario(data, file, lineOf);
}

function parseJson(text: string, file: string): ScenarioLoad {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).replace(/ in JSON at position \d+.*$/, '');
    const pos = jsonErrorPosition(text);
    return { ok: false, issues: [{ where: pos === null ? file : `${file}:${pos.line}:${pos.col}`, message: `JSON syntax error: ${message}` }] };
  }
  return validateScenario(data, file);
}

/** Reads, parses and validates a scenario file (`path` relative to `cwd`). */
export function loadScenario(path: string, cwd: string = process.cwd()): ScenarioLoad {
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : null;
  if (format === null) return { ok: false, issues: [{ where: path, message: `got a "${ext}" file; expected a scenario file ending in .yaml, .yml or .json` }] };
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, issues: [{ where: path, message: `cannot read the scenario file: ${e.message}` }] };
  }
  return parseScenario(text, path, format);
}
