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
import type { RunEnd } from '../engine/result.js';
import { verdictStatuses } from './verdict.js';

/** Every way a run ends (a Record, so a new one must be added here to compile). */
const runEndSet: Readonly<Record<RunEnd, true>> = { completed: true, 'hang-abort': true, interrupted: true, 'target-unavailable': true };
const runEnds = Object.keys(runEndSet);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems that would stop a re-analysis of `report`, each naming `source:key`. Empty when it is fine. */
function reportIssues(report: Report, source: string): Issue[] {
  // Every section a renderer, compare or merge reads (shape.ts), then the closed sets and the histograms.
  const issues: Issue[] = reportShapeIssues(report, source);
  const at = (key: string, message: string): void => void issues.push({ where: `${source}:${key}`, message });
  const r = report as unknown as Record<string, unknown>;
  const verdict = r['verdict'];
  if (!isRecord(verdict) || !(verdictStatuses as readonly unknown[]).includes(verdict['status'])) at('verdict.status', `expected one of ${verdictStatuses.join(', ')}`);
  if (!(runEnds as readonly unknown[]).includes(r['end'])) at('end', `expected one of ${runEnds.join(', ')}`);
  for (const p of PHASES) {
    const ph = (report.phases as Partial<Record<string, unknown>>)[p];
    if (!isRecord(ph)) {
      at(`phases.${p}`, 'missing: expected raw/corrected summaries and encoded histograms');
      continue;
    }
    for (const key of ['histogram', 'correctedHistogram'] as const) {
      try {
        LatencyHistogram.decode(ph[key] as string, typeof ph['clamped'] === 'number' ? ph['clamped'] : 0);
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

