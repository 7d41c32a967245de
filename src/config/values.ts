/**
 * Value grammars shared by run flags and scenario files, so that `--duration
 * 60s` and `duration: 60s` accept exactly the same text and fail with the same
 * message. Pure: each returns a value or a message saying what was expected;
 * the caller attaches the place (a flag or `file:key`).
 */
import { isIP } from 'node:net';
import { redactUrl } from './redact-url.js';

/** A parsed value, or what was wrong with it. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** An inclusive range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** How a raw value is shown in a message: strings quoted, the rest as JSON. */
/** Longer strings are shown by their start and their length. */
const showMaxChars = 80;

export function show(raw: unknown): string {
  // A 10 MB value must not become a 10 MB message: its start and its length are enough to recognise it.
  if (typeof raw === 'string' && raw.length > showMaxChars)
    return `${JSON.stringify(raw.slice(0, showMaxChars))}… (${raw.length.toLocaleString('en-US')} characters)`;
  if (typeof raw === 'string') return JSON.stringify(raw);
  if (raw === undefined) return 'nothing';
  if (Array.isArray(raw)) return 'a list';
  if (raw !== null && typeof raw === 'object') return 'a mapping';
  return String(raw);
}

const durationUnits: Readonly<Record<string, number>> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const durationPattern = /^(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s|m|h)?$/;

/**
 * `1.5s` → 1500, `250us` → 0.25, `0` → 0. A unit is required: a bare
 * non-zero number is refused (null), because `--duration 60` means 60 s to a
 * k6 or Artillery user and 60 ms to a Go one.
 */
export function durationText(text: string): number | null {
  const m = durationPattern.exec(text.trim());
  if (m === null) return null;
  const n = Number(m[1]);
  if (m[2] === undefined) return n === 0 ? 0 : null;
  return n * (durationUnits[m[2]] ?? 1);
}

/** True for a bare non-zero number (`60`, `"1500"`): the one mistake worth its own message. */
function isUnitless(raw: unknown): boolean {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw !== 0;
  return typeof raw === 'string' && /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/.test(raw) && Number(raw) !== 0;
}

/** Milliseconds → the shortest unit that writes it whole (`60000` → `60s`), for help text and messages. */
export function formatMs(ms: number): string {
  if (ms !== 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms !== 0 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms !== 0 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** What a duration value is expected to look like, for messages. */
export const durationExpectation = 'such as 500ms, 1.5s, 2m (units us, ms, s, m, h; only 0 may go without one)';

/** A duration in ms: `250ms`, `1.5s`, `2m`, `1h`, or `0`. */
export function parseDuration(raw: unknown, range: Range): Parsed<number> {
  const expected = `expected a duration from ${formatMs(range.min)} to ${formatMs(range.max)} ${durationExpectation}`;
  if (isUnitless(raw)) {
    const n = String(raw).trim();
    return fail(`got ${show(raw)}, which has no unit; write ${n}s or ${n}ms (${expected})`);
  }
  let ms: number | null = null;
  if (raw === 0) ms = 0;
  else if (typeof raw === 'string') ms = durationText(raw);
  if (ms === null || ms < range.min || ms > range.max) return fail(`got ${show(raw)}; ${expected}`);
  return ok(ms);
}

/** An integer within the range; strings (flags) must be all digits. */
export function parseInteger(raw: unknown, range: Range): Parsed<number> {
  const expected = `expected an integer from ${range.min} to ${range.max}`;
  let n: number | null = null;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim())) n = Number(raw);
  if (n === null || !Number.isSafeInteger(n) || n < range.min || n > range.max) return fail(`got ${show(raw)}; ${expected}`);
  return ok(n);
}

/** `--workers`: a thread count in `range`, or `auto`. */
export function parseWorkers(raw: unknown, range: Range): Parsed<number | 'auto'> {
  if (raw === 'auto') return ok('auto');
  const n = parseInteger(raw, range);
  return n.ok ? n : fail(`got ${show(raw)}; expected auto or an integer from ${range.min} to ${range.max}`);
}

/** `--shard I/N`: shard I (from 0) of N, 0 ≤ I < N ≤ `countRange.max`. */
export function parseShard(raw: unknown, countRange: Range): Parsed<{ index: number; count: number }> {
  const m = typeof raw === 'string' ? /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(raw) : null;
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (m === null || !(count >= countRange.min && count <= countRange.max) || !(index < count)) {
    return fail(`got ${show(raw)}; expected I/N with 0 ≤ I < N ≤ ${countRange.max}, e.g. 0/4 (shard I of N, counted from 0)`);
  }
  return ok({ index, count });
}

/** One of a closed set. */
export function parseChoice<T extends string>(raw: unknown, allowed: readonly T[]): Parsed<T> {
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return ok(raw as T);
  return fail(`got ${show(raw)}; expected one of ${allowed.join(', ')}`);
}

/** A non-empty string without whitespace (user prefixes, gauge names, addresses). */
export function parseWord(raw: unknown, what: string, maxLength = Infinity): Parsed<string> {
  if (typeof raw === 'string' && raw.length <= maxLength && /^\S+$/.test(raw)) return ok(raw);
  const most = Number.isFinite(maxLength) ? `, at most ${maxLength} characters` : '';
  return fail(`got ${show(raw)}; expected ${what} (non-empty, no spaces${most})`);
}

/** A non-empty string (tokens, secrets, paths). */
export function parseText(raw: unknown, what: string): Parsed<string> {
  if (typeof raw === 'string' && raw.length > 0) return ok(raw);
  return fail(`got ${show(raw)}; expected ${what}`);
}

/** An absolute URL with one of the given schemes (`ws:`, `http:` …). */
export function parseUrl(raw: unknown, schemes: readonly string[], what: string): Parsed<string> {
  const expected = `expected ${what} (${schemes.map((s) => `${s}//`).join(' or ')}…)`;
  // A bad URL is echoed without its credentials or token (the message may land in a CI log).
  const got = `got ${typeof raw === 'string' ? show(redactUrl(raw)) : show(raw)}; ${expected}`;
  if (typeof raw !== 'string') return fail(got);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(got);
  }
  if (!schemes.includes(url.protocol) || url.hostname === '') return fail(got);
  return ok(raw);
}

const wsSchemes = ['ws:', 'wss:'] as const;
export const httpSchemes = ['http:', 'https:'] as const;

/** true or false (scenario files; flags are booleans already). */
export function parseBoolean(raw: unknown): Parsed<boolean> {
  return typeof raw === 'boolean' ? ok(raw) : fail(`got ${show(raw)}; expected true or false`);
}

/** What `--target` / `target:` names: a ws(s) URL, or `embedded` for the embedded gateway. */
export type TargetChoice = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'embedded' };

export function parseTarget(raw: unknown): Parsed<TargetChoice> {
  if (raw === 'embedded') return ok({ kind: 'embedded' });
  const url = parseUrl(raw, wsSchemes, 'a WebSocket URL, or "embedded" for the embedded gateway');
  return url.ok ? ok({ kind: 'url', url: url.value }) : url;
}

/** One local source address, or several separated by commas (to widen the port range). */
export function parseLocalAddress(raw: unknown): Parsed<string> {
  const expected = 'expected an IP address, or several separated by commas';
  if (typeof raw !== 'string' || raw.trim() === '') return fail(`got ${show(raw)}; ${expected}`);
  const bad = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => isIP(s) === 0);
  if (bad.length > 0) return fail(`got ${show(raw)}; ${bad.map((b) => JSON.stringify(b)).join(', ')} is not an IP address; ${expected}`);
  return ok(
    raw
      .split(',')
      .map((s) => s.trim())
      .join(','),
  );
}
