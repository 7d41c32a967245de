/**
 * Deeper checks of a report than `parseReport`'s, for the commands that
 * analyse reports again (`compare`, `report`, `merge`): every phase present
 * with histograms that decode, and the sections they read of the right
 * shape. Reading several files lists the problems of all of them at once.
 */
import { ImstressError, usageError } from '../errors.js';
import type { Issue } from '../errors.js';
import { LatencyHistogram, PHASES } from '../metrics/index.js';
import { readReport } from './io.js';
import type { Report } from './schema.js';
import { reportShapeIssues } from './shape.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems that would stop a re-analysis of `report`, each naming `source:key`. Empty when it is fine. */
export function reportIssues(report: Report, source: string): Issue[] {
  // Every field of the schema (shape.ts: closed sets and missing phases included), then the histograms.
  const issues: Issue[] = reportShapeIssues(report, source);
  const at = (key: string, message: string): void => void issues.push({ where: `${source}:${key}`, message });
  const phases: unknown = report.phases;
  for (const p of PHASES) {
    const ph = isRecord(phases) ? phases[p] : undefined;
    if (!isRecord(ph)) continue; // named by the shape check
    for (const key of ['histogram', 'correctedHistogram'] as const) {
      if (typeof ph[key] !== 'string') continue; // named by the shape check
      try {
        LatencyHistogram.decode(ph[key], typeof ph['clamped'] === 'number' ? ph['clamped'] : 0);
      } catch (err: unknown) {
        at(`phases.${p}.${key}`, err instanceof Error ? err.message : String(err));
      }
    }
  }
  return issues;
}

/** What {@link collectReports} found: a report or null per file, and every problem. */
export interface CollectedReports {
  /** In the order of the paths; null where the file could not be used. */
  readonly reports: ReadonlyArray<Report | null>;
  readonly issues: readonly Issue[];
  readonly hints: readonly string[];
}

/**
 * Reads and checks every file, collecting the problems of all of them
 * (unreadable, not JSON, not a report, wrong version, bad histograms), so a
 * command can add its own checks across the readable ones before failing once.
 */
export function collectReports(paths: readonly string[]): CollectedReports {
  const issues: Issue[] = [];
  const hints = new Set<string>();
  const reports: Array<Report | null> = [];
  for (const path of paths) {
    try {
      const r = readReport(path);
      const found = reportIssues(r, path);
      issues.push(...found);
      reports.push(found.length === 0 ? r : null);
      if (found.length > 0) hints.add('the report file is incomplete or was modified');
    } catch (err: unknown) {
      if (!(err instanceof ImstressError) || err.exit !== 'usage') throw err;
      issues.push(...(err.issues.length > 0 ? err.issues : [{ where: path, message: err.message }]));
      hints.add(err.hint ?? 'the file may be truncated, modified or not an imstress report');
      reports.push(null);
    }
  }
  return { reports, issues, hints: [...hints] };
}

/** Fails (exit 2) listing `issues`, with the hints joined. */
export function failWith(issues: readonly Issue[], hints: readonly string[]): never {
  throw usageError(issues, hints.length > 0 ? hints.join('; ') : undefined);
}
