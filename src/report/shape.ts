/**
 * The check a report read back gets before `report`, `compare` or `merge`
 * use it: every field of the report schema (schema.ts), with its JSON type.
 * A report that passes can be rendered without a TypeError; one that does
 * not is a usage error naming `file:key` (a hand-edited or
 * truncated-then-repaired file, a report of another tool that borrowed the
 * marker). Histograms are checked by decoding them (check.ts).
 */
import type { Issue } from '../errors.js';
import { reportSchema } from './schema.js';
import { issuesOf } from '../validation/schema.js';

/**
 * Every field of a report (as `parseReport` returns it: an older readable
 * version is already upgraded in memory) that is missing or of the wrong
 * type, each naming `source:key` and what was expected.
 */
export function reportShapeIssues(value: unknown, source: string): Issue[] {
  return issuesOf(reportSchema, value, source);
}
