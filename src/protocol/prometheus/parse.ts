/**
 * A parser for the Prometheus text exposition format 0.0.4, enough to read
 * a server's online-count gauge (design.md "Hang detection": `--metrics-url`).
 *
 * Follows the format as documented at
 * https://prometheus.io/docs/instrumenting/exposition_formats/ and as
 * `expfmt`'s text parser accepts it: blanks (space, tab) separate tokens and
 * may surround label pairs; label values escape `\\`, `\"` and `\n`; values
 * are Go floats including `NaN`, `+Inf` and `-Inf`; an optional trailing
 * integer timestamp in milliseconds. `# HELP`/`# TYPE` are checked, other
 * comments ignored; CRLF line ends are accepted. Work is linear in the input,
 * which is capped, as is the label count per sample.
 *
 * @module
 */

import { PrometheusParseError } from './errors.js';

/** Metric types a `# TYPE` line may name. */
const PROMETHEUS_TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'] as const;

/** One of {@link PROMETHEUS_TYPES}. */
type PrometheusType = (typeof PROMETHEUS_TYPES)[number];

/** One sample line. */
interface PrometheusSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Present only when the line carries a timestamp. */
  readonly timestampMs?: number;
}

/** The parsed exposition. */
export interface PrometheusExposition {
  /** Samples in input order. */
  readonly samples: readonly PrometheusSample[];
  /** Declared `# TYPE`s by metric family name. */
  readonly types: ReadonlyMap<string, PrometheusType>;
}

/** Parser limits (both have safe defaults). */
export interface PrometheusParseOptions {
  /** Maximum input length in characters (default 8 MiB). */
  readonly maxChars?: number;
  /** Maximum labels on one sample (default 64). */
  readonly maxLabels?: number;
}

/** Default {@link PrometheusParseOptions.maxChars}. */
const DEFAULT_MAX_CHARS = 8 * 1024 * 1024;
/** Default {@link PrometheusParseOptions.maxLabels}. */
const DEFAULT_MAX_LABELS = 64;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const METRIC_NAME_AT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME_AT = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i;
const TIMESTAMP = /^[+-]?\d{1,19}$/;
const TYPES: ReadonlySet<string> = new Set(PROMETHEUS_TYPES);

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** Parses a Go-style float value token, or returns `null`. */
function parseValue(tok: string): number | null {
  if (DECIMAL.test(tok)) return Number(tok);
  if (!SPECIAL.test(tok)) return null;
  const lower = tok.toLowerCase();
  if (lower.endsWith('nan')) return Number.NaN;
  return lower.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** Splits on blanks. */
function tokens(s: string): string[] {
  return s.split(/[ \t]+/).filter((t) => t.length > 0);
}

/**
 * Parses Prometheus text exposition format 0.0.4.
 *
 * @throws PrometheusParseError for any input it cannot accept, and nothing else
 */
export function parsePrometheusText(text: string, options: PrometheusParseOptions = {}): PrometheusExposition {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const maxLabels = options.maxLabels ?? DEFAULT_MAX_LABELS;
  if (text.length > maxChars) {
    throw new PrometheusParseError('input_too_large', 0, `${text.length} characters, limit ${maxChars}`);
  }
  const samples: PrometheusSample[] = [];
  const types = new Map<string, PrometheusType>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const n = i + 1;
    let p = 0;
    while (isBlank(line[p])) p++;
    if (p === line.length) continue;
    if (line[p] === '#') parseComment(line.slice(p + 1), n, types);
    else samples.push(parseSample(line, p, n, maxLabels));
  }
  return { samples, types };
}

function parseComment(rest: string, n: number, types: Map<string, PrometheusType>): void {
  const toks = tokens(rest);
  const keyword = toks[0];
  if (keyword !== 'HELP' && keyword !== 'TYPE') return; // an ordinary comment
  const name = toks[1];
  if (name === undefined || !METRIC_NAME.test(name)) {
    throw new PrometheusParseError('invalid_comment', n, `# ${keyword} needs a valid metric name`);
  }
  if (keyword === 'HELP') return; // the docstring is free text
  const type = toks[2];
  if (type === undefined || toks.length > 3 || !TYPES.has(type)) {
    throw new PrometheusParseError('invalid_comment', n, `# TYPE ${name} needs one of ${PROMETHEUS_TYPES.join(', ')}`);
  }
  if (types.has(name)) throw new PrometheusParseError('duplicate_type', n, `second # TYPE line for ${name}`);
  types.set(name, type as PrometheusType);
}

function parseSample(line: string, start: number, n: number, maxLabels: number): PrometheusSample {
  METRIC_NAME_AT.lastIndex = start;
  const m = METRIC_NAME_AT.exec(line);
  if (m === null) throw new PrometheusParseError('invalid_metric_name', n, 'expected a metric name');
  const name = m[0];
  let p = start + name.length;
  const next = line[p];
  if (next !== undefined && next !== '{' && !isBlank(next)) {
    throw new PrometheusParseError('invalid_metric_name', n, `unexpected character ${JSON.stringify(next)} in metric name`);
  }
  let labels: Readonly<Record<string, string>> = {};
  while (isBlank(line[p])) p++;
  if (line[p] === '{') {
    const parsed = parseLabels(line, p + 1, n, maxLabels);
    labels = parsed.labels;
    p = parsed.end;
  }
  const rest = tokens(line.slice(p));
  const valueTok = rest[0];
  const value = valueTok === undefined ? null : parseValue(valueTok);
  if (value === null) throw new PrometheusParseError('invalid_value', n, `bad sample value ${JSON.stringify(valueTok ?? '')}`);
  const tsTok = rest[1];
  if (rest.length > 2) throw new PrometheusParseError('trailing_data', n, 'data after the timestamp');
  if (tsTok === undefined) return { name, labels, value };
  if (!TIMESTAMP.test(tsTok)) throw new PrometheusParseError('invalid_timestamp', n, `bad timestamp ${JSON.stringify(tsTok)}`);
  return { name, labels, value, timestampMs: Number(tsTok) };
}

/** Parses `name="value",…}` from just after `{`; returns the labels and the index after `}`. */
function parseLabels(line: string, from: number, n: number, maxLabels: number): { labels: Record<string, string>; end: number } {
  const entries: Array<[string, string]> = [];
  const seen = new Set<string>();
  let p = from;
  for (;;) {
    while (isBlank(line[p])) p++;
    if (line[p] === '}') return { labels: Object.fromEntries(entries), end: p + 1 };
    LABEL_NAME_AT.lastIndex = p;
    const m = LABEL_NAME_AT.exec(line);
    if (m === null) throw new PrometheusParseError('invalid_label_name', n, `expected a label name at column ${p + 1}`);
    const label = m[0];
    p += label.length;
    while (isBlank(line[p])) p++;
    if (line[p] !== '=') throw new PrometheusParseError('invalid_label_syntax', n, `expected = after label ${label}`);
    p++;
    while (isBlank(line[p])) p++;
    if (line[p] !== '"') throw new PrometheusParseError('invalid_label_syntax', n, `expected " to open the value of ${label}`);
    p++;
    let value = '';
    let chunk = p;
    for (;;) {
      const c = line[p];
      if (c === undefined) throw new PrometheusParseError('unterminated_label_value', n, `value of ${label} is not closed`);
      if (c === '"') break;
      if (c === '\\') {
        const e = line[p + 1];
        const decoded = e === '\\' ? '\\' : e === '"' ? '"' : e === 'n' ? '\n' : null;
        if (decoded === null) {
          if (e === undefined) throw new PrometheusParseError('unterminated_label_value', n, `value of ${label} is not closed`);
          throw new PrometheusParseError('invalid_escape', n, `invalid escape \\${e} in the value of ${label}`);
        }
        value += line.slice(chunk, p) + decoded;
        p += 2;
        chunk = p;
        continue;
      }
      p++;
    }
    value += line.slice(chunk, p);
    p++; // the closing quote
    if (seen.has(label)) throw new PrometheusParseError('duplicate_label', n, `label ${label} appears twice`);
    if (entries.length >= maxLabels) throw new PrometheusParseError('too_many_labels', n, `more than ${maxLabels} labels`);
    seen.add(label);
    entries.push([label, value]);
    while (isBlank(line[p])) p++;
    if (line[p] === ',') {
      p++;
      continue;
    }
    if (line[p] === '}') return { labels: Object.fromEntries(entries), end: p + 1 };
    throw new PrometheusParseError('invalid_label_syntax', n, `expected , or } after the value of ${label}`);
  }
}

/**
 * Reads a gauge: the sum of the values of every sample named `name` whose
 * labels include all of `labels` (all series when `labels` is omitted), or
 * `null` when no sample matches. A NaN sample makes the sum NaN. The
 * declared type is not enforced (servers mislabel gauges as untyped).
 *
 * @throws PrometheusParseError when the text is not valid exposition format
 */
export function readGauge(
  text: string,
  name: string,
  labels?: Readonly<Record<string, string>>,
  options?: PrometheusParseOptions,
): number | null {
  const wanted = labels === undefined ? [] : Object.entries(labels);
  let sum: number | null = null;
  for (const s of parsePrometheusText(text, options).samples) {
    if (s.name !== name) continue;
    if (!wanted.every(([k, v]) => Object.hasOwn(s.labels, k) && s.labels[k] === v)) continue;
    sum = (sum ?? 0) + s.value;
  }
  return sum;
}
