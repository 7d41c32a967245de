/**
 * The shape of a report as the renderers, `compare` and `merge` read it:
 * every section and field they touch, with its JSON type. A report that
 * passes can be rendered without a TypeError; one that does not is a usage
 * error naming `file:key` (a hand-edited or truncated-then-repaired file, a
 * report of another tool that borrowed the marker).
 *
 * Fields added after version 1 without a bump (`shards`, `notes`, `shard`,
 * `workers`, `drain.notCheckedBecause`, …) are optional here, as in
 * schema.ts.
 */
import type { Issue } from '../errors.js';
import { PHASES } from '../metrics/index.js';

/** What a field must hold. `counts`: an object of finite numbers; `?` suffix: may be absent. */
type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'number|null' | 'object|null' | 'counts' | 'string[]';
type Spec = Readonly<Record<string, Kind | `${Kind}?`>>;

const summary: Spec = { count: 'number', min: 'number', mean: 'number', p50: 'number', p90: 'number', p99: 'number', p999: 'number', max: 'number' };

const top: Spec = {
  scenario: 'string',
  startedAt: 'string',
  durationMs: 'number',
  interrupted: 'boolean',
  end: 'string',
  tool: 'object',
  'tool.name': 'string',
  'tool.version': 'string',
  target: 'object',
  'target.embedded': 'boolean',
  'target.url': 'string?',
  'target.gatewayMode': 'string?',
  environment: 'object',
  'environment.hostname': 'string',
  'environment.pid': 'number',
  'environment.cpus': 'number',
  'environment.node': 'string',
  'environment.platform': 'string',
  'environment.arch': 'string',
  config: 'object',
  verdict: 'object',
  'verdict.exitCode': 'number',
  'verdict.reasons': 'string[]',
  'verdict.dominantError': 'object?',
  'verdict.dominantError.text': 'string?',
  totals: 'object',
  'totals.iterations': 'number',
  'totals.connects': 'number',
  'totals.handshakes': 'number',
  'totals.replies': 'number',
  'totals.pushes': 'number',
  'totals.closes': 'number',
  'totals.kicks': 'number',
  'totals.errors': 'number',
  'totals.missedIterationsEstimate': 'number?',
  'totals.attempts': 'number?',
  'totals.abandoned': 'number?',
  'totals.closedCleanly': 'number?',
  'totals.closedByTimeout': 'number?',
  'totals.cut': 'number?',
  'totals.closedByServer': 'number?',
  rates: 'object',
  'rates.iterationsPerSec': 'number',
  'rates.errorRate': 'number',
  phases: 'object',
  errors: 'object',
  'errors.byKind': 'counts',
  'errors.samples': 'array',
  timeline: 'object',
  'timeline.intervalMs': 'number',
  'timeline.startMs': 'number',
  'timeline.samples': 'array',
  stalls: 'array',
  hang: 'object|null',
  drain: 'object',
  'drain.checked': 'boolean',
  'drain.baseline': 'number|null',
  'drain.final': 'number|null',
  'drain.ghosts': 'number',
  'drain.waitedMs': 'number',
  thresholds: 'array',
  unfinishedByPhase: 'counts',
  coordinatedOmission: 'object',
  'coordinatedOmission.note': 'string',
  shards: 'array?',
  notes: 'string[]?',
  openim: 'object?',
  'openim.version': 'string?',
  'openim.msgResp': 'boolean?',
  outages: 'array?',
  trials: 'object?',
};

const hang: Spec = {
  kind: 'string',
  title: 'string',
  explanation: 'string',
  atMs: 'number',
  noProgressSinceMs: 'number',
  waitingByPhase: 'counts',
  openSilent: 'number',
  openConnections: 'number',
  serverOnline: 'number|null',
  oldestWaits: 'array',
  dump: 'object|null',
  // issue #16: the dump digest and the dumps it compared, optional (older reports have none)
  baselineDump: 'object|null?',
  laterDump: 'object|null?',
  digest: 'object|null?',
  'digest.verdict': 'string?',
  'digest.sentences': 'string[]?',
  'digest.total': 'number?',
  'digest.groups': 'array?',
};

/** The `trials` section, checked when present (`--trials` reports only). */
const trials: Spec = {
  planned: 'number',
  detailTrial: 'number',
  hang: 'object',
  'hang.k': 'number',
  'hang.n': 'number',
  'hang.rate': 'number',
  'hang.low': 'number',
  'hang.high': 'number',
  leak: 'object',
  'leak.k': 'number',
  'leak.n': 'number',
  'leak.rate': 'number',
  'leak.low': 'number',
  'leak.high': 'number',
  survival: 'object',
  'survival.steps': 'array',
  'survival.medianMs': 'number|null',
  'survival.aliveAtEnd': 'number',
  list: 'array',
};

/** Fields of each element of an array section. */
const elements: Readonly<Record<string, Spec>> = {
  'errors.samples': { atMs: 'number', kind: 'string', userID: 'string', message: 'string' },
  'timeline.samples': { tMs: 'number', values: 'counts' },
  stalls: { startMs: 'number', lengthMs: 'number', phases: 'counts', wasHang: 'boolean' },
  thresholds: { source: 'string', metric: 'string', op: 'string', value: 'number', actual: 'number|null', passed: 'boolean' },
  'hang.oldestWaits': { userID: 'string', phase: 'string', waitedMs: 'number', openSilent: 'boolean' },
  'hang.digest.groups': { line: 'string', state: 'string', count: 'number', stack: 'string[]' },
  shards: { file: 'string', hostname: 'string', startedAt: 'string', offsetMs: 'number', durationMs: 'number', verdict: 'object', iterations: 'number' },
  outages: { startMs: 'number', endMs: 'number|null', lengthMs: 'number', errorsByKind: 'counts' },
  'trials.survival.steps': { atMs: 'number', atRisk: 'number', hung: 'number', survival: 'number' },
  'trials.list': { index: 'number', durationMs: 'number', verdict: 'string', timeToHangMs: 'number|null', iterations: 'number', kicks: 'number', ghosts: 'number' },
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function get(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) v = isRecord(v) ? v[key] : undefined;
  return v;
}

function holds(v: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isRecord(v);
    case 'array':
      return Array.isArray(v);
    case 'number|null':
      return v === null || (typeof v === 'number' && Number.isFinite(v));
    case 'object|null':
      return v === null || isRecord(v);
    case 'counts':
      return isRecord(v) && Object.values(v).every((n) => typeof n === 'number' && Number.isFinite(n));
    case 'string[]':
      return Array.isArray(v) && v.every((s) => typeof s === 'string');
  }
}

const expected: Readonly<Record<Kind, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  'number|null': 'a number or null',
  'object|null': 'an object or null',
  counts: 'an object of counts (numbers)',
  'string[]': 'an array of strings',
};

const shown = (v: unknown): string => (v === undefined ? 'nothing' : (JSON.stringify(v) ?? String(v)).slice(0, 40));

/** Checks `spec` on `value`; keys are reported as `source:prefix.key`. A missing parent is reported once. */
function check(value: unknown, spec: Spec, source: string, prefix: string, issues: Issue[]): void {
  const bad = new Set<string>();
  for (const [path, rule] of Object.entries(spec)) {
    if ([...bad].some((b) => path.startsWith(`${b}.`))) continue;
    const optional = rule.endsWith('?');
    const kind = (optional ? rule.slice(0, -1) : rule) as Kind;
    const v = get(value, path);
    if ((optional && v === undefined) || holds(v, kind)) continue;
    bad.add(path);
    issues.push({ where: `${source}:${prefix}${path}`, message: `expected ${expected[kind]}, got ${shown(v)}` });
  }
}

/** Checks each element of the array at `path` (the first bad element only: one broken list is one problem). */
function checkElements(value: unknown, path: string, source: string, issues: Issue[]): void {
  const list = get(value, path);
  const spec = elements[path];
  if (!Array.isArray(list) || spec === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const before = issues.length;
    if (!isRecord(list[i])) issues.push({ where: `${source}:${path}[${i}]`, message: `expected an object, got ${shown(list[i])}` });
    else check(list[i], spec, source, `${path}[${i}].`, issues);
    if (issues.length > before) return;
  }
}

/**
 * Every field a renderer, `compare` or `merge` reads that is missing or of
 * the wrong type, each naming `source:key` and what was expected. Phases'
 * histograms are checked by decoding them (check.ts), not here.
 */
export function reportShapeIssues(value: unknown, source: string): Issue[] {
  const issues: Issue[] = [];
  check(value, top, source, '', issues);
  const phases = get(value, 'phases');
  if (isRecord(phases)) {
    for (const p of PHASES) {
      const ph = phases[p];
      if (!isRecord(ph)) continue; // reported with the histograms, by check.ts
      check(ph, { raw: 'object', corrected: 'object', clamped: 'number' }, source, `phases.${p}.`, issues);
      for (const part of ['raw', 'corrected'] as const) if (isRecord(ph[part])) check(ph[part], summary, source, `phases.${p}.${part}.`, issues);
    }
  }
  const h = get(value, 'hang');
  if (isRecord(h)) check(h, hang, source, 'hang.', issues);
  const t = get(value, 'trials');
  if (isRecord(t)) check(t, trials, source, 'trials.', issues);
  for (const path of Object.keys(elements)) checkElements(value, path, source, issues);
  return issues;
}
