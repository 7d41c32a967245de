/**
 * The report as JSON text (`--json` on stdout): exactly what the report file
 * holds — stable key order, two-space indent, trailing newline.
 */
import { serializeReport } from '../report/io.js';
import type { Report } from '../report/schema.js';

/** The report as stable, two-space-indented JSON. */
export function renderJson(report: Report): string {
  return serializeReport(report);
}
