/**
 * Reading and writing report files. Writes are atomic (temp file in the same
 * directory, fsync, rename), so a killed run never leaves half a report
 * (design.md "Reports"); reads check the schema marker and version and fail
 * with a usage error (exit 2) that names the file and what was expected.
 */
import { readRegularFile } from '../config/regular-file.js';
import { printableReviver } from './printable.js';
import { usageError } from '../errors.js';
import { fsErrorWords, writeFileAtomic } from './atomic-file.js';
import type { Issue } from '../errors.js';
import { READABLE_REPORT_VERSIONS, REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION } from './schema.js';
import type { Report } from './schema.js';

/** The report as its file holds it: stable key order, two-space indent, trailing newline. */
export function serializeReport(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * Writes `report` to `path` atomically (atomic-file.ts: temp file in the
 * same directory, fsync, rename), creating the parent directory.
 * @param flag the flag that named the path (`--report` for `run`, `-o` for `merge`), for the message.
 * @throws ImstressError (exit `usage`) naming the flag and the file when it cannot be written.
 */
export function writeReportAtomic(path: string, report: Report, flag = '--report'): void {
  writeFileAtomic(flag, path, serializeReport(report));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Top-level fields every reader relies on, with the JSON type expected. */
const requiredFields: ReadonlyArray<readonly [string, 'object' | 'string' | 'number' | 'boolean']> = [
  ['startedAt', 'string'],
  ['durationMs', 'number'],
  ['verdict', 'object'],
  ['totals', 'object'],
  ['phases', 'object'],
  ['errors', 'object'],
  ['timeline', 'object'],
];

/**
 * Checks parsed JSON is a report this build reads.
 * @param source the file name, for messages.
 * @throws ImstressError (exit `usage`) listing every problem.
 */
export function parseReport(value: unknown, source: string): Report {
  const fail = (issues: readonly Issue[], hint?: string): never => {
    throw usageError(issues, hint);
  };
  if (!isRecord(value)) {
    return fail([
      {
        where: source,
        message: `expected an imstress report (a JSON object with "schema": "${REPORT_SCHEMA_NAME}"), got ${Array.isArray(value) ? 'an array' : typeof value}`,
      },
    ]);
  }
  if (value['schema'] !== REPORT_SCHEMA_NAME) {
    return fail([
      {
        where: source,
        message: `not an imstress report: "schema" is ${JSON.stringify(value['schema']) ?? 'missing'}, expected "${REPORT_SCHEMA_NAME}"`,
      },
    ]);
  }
  const version = value['version'];
  if (typeof version !== 'number' || !READABLE_REPORT_VERSIONS.includes(version)) {
    const newer = typeof version === 'number' && version > REPORT_SCHEMA_VERSION;
    return fail(
      [
        {
          where: source,
          message: `unsupported report version ${JSON.stringify(version) ?? '(missing)'}: this imstress reads versions ${READABLE_REPORT_VERSIONS.join(' and ')}`,
        },
      ],
      newer
        ? 'the report was written by a newer imstress: upgrade imstress to read it'
        : 'the report is from an older or unknown imstress: re-run to produce a current report',
    );
  }
  const issues: Issue[] = [];
  for (const [key, type] of requiredFields) {
    const v = value[key];
    const ok = type === 'object' ? isRecord(v) : typeof v === type;
    if (!ok)
      issues.push({
        where: `${source}:${key}`,
        message: `expected ${type === 'object' ? 'an object' : `a ${type}`}, got ${v === undefined ? 'nothing' : JSON.stringify(v).slice(0, 40)}`,
      });
  }
  if (issues.length > 0) fail(issues, 'the report file is incomplete or was modified');
  // Older versions differ only by what they lack (optional sections): read as the current version.
  return (version === REPORT_SCHEMA_VERSION ? value : { ...value, version: REPORT_SCHEMA_VERSION }) as unknown as Report;
}

/**
 * Reads and checks a report file.
 * @throws ImstressError (exit `usage`) naming the file: unreadable, not JSON, not a report, or an unsupported version.
 */
export function readReport(path: string): Report {
  // Only regular files: a FIFO with no writer would block `compare` forever (#17.7, config/regular-file.ts).
  const read = readRegularFile(path, null);
  if (!read.ok && read.code === null)
    throw usageError([{ where: path, message: `cannot read report: the file ${read.message}` }], 'give the path of a report file');
  if (!read.ok) {
    const missing = read.code === 'ENOENT';
    const why = missing ? 'no such file' : fsErrorWords(Object.assign(new Error(read.message), { code: read.code }));
    throw usageError(
      [{ where: path, message: `cannot read report: ${why}` }],
      missing ? 'no such file: check the path (imstress run --report FILE writes one)' : 'check the file can be read',
    );
  }
  const text = read.text;
  let value: unknown;
  try {
    // Every string of a report may reach a terminal (`report`, `compare`): control characters go here, once.
    value = JSON.parse(text, printableReviver);
  } catch (err: unknown) {
    const why = err instanceof Error ? err.message : String(err);
    throw usageError(
      [{ where: path, message: `not valid JSON (${why}); expected an imstress report` }],
      'the file may be truncated or not a report',
    );
  }
  return parseReport(value, path);
}

/** Two-digit zero padding. */
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The default report path: `reports/<scenario>-<YYYYMMDD-HHMMSS>.json`, the
 * timestamp in UTC (like `startedAt`). Characters other than letters,
 * digits, `.`, `_` and `-` in the scenario name become `-`.
 */
export function defaultReportPath(scenario: string, startedAt: string | Date): string {
  const d = typeof startedAt === 'string' ? new Date(startedAt) : startedAt;
  const t = Number.isNaN(d.getTime()) ? new Date(0) : d;
  const stamp = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}-${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}`;
  const name = scenario.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'run';
  return `reports/${name}-${stamp}.json`;
}
