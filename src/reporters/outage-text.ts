/**
 * One outage as text, the same words in every renderer (terminal, markdown,
 * JUnit, HTML): when the target stopped answering connects, for how long,
 * whether it came back, and the connect failures seen meanwhile.
 */
import type { ReportOutage } from '../report/schema.js';
import type { Report } from '../report/schema.js';
import { clock, count, duration, ranked } from './format.js';

/** The report's outages (absent in older reports and `--workers` runs: none). */
export const outagesOf = (report: Report): readonly ReportOutage[] => report.outages ?? [];

/** "120 connection-refused, 3 network-error" */
export function outageErrorsText(o: ReportOutage): string {
  return ranked(o.errorsByKind as Readonly<Record<string, number>>)
    .map(([k, n]) => `${count(n)} ${k}`)
    .join(', ');
}

/** "at 0:03.1 for 4.2 s, recovered — 120 connection-refused" / "at 0:03.1, still unreachable at the end (4.2 s) — …" */
export function outageText(o: ReportOutage): string {
  const when =
    o.endMs === null
      ? `at ${clock(o.startMs)}, still unreachable at the end (${duration(o.lengthMs)})`
      : `at ${clock(o.startMs)} for ${duration(o.lengthMs)}, recovered at ${clock(o.endMs)}`;
  const errors = outageErrorsText(o);
  return errors === '' ? when : `${when} — ${errors}`;
}

/** "1 outage (recovered)" / "2 outages (1 still open)"; null when there were none. */
export function outagesSummary(report: Report): string | null {
  const list = outagesOf(report);
  if (list.length === 0) return null;
  const open = list.filter((o) => o.endMs === null).length;
  const n = `${list.length} ${list.length === 1 ? 'outage' : 'outages'}`;
  if (open === 0) return `${n} (recovered)`;
  return `${n} (${open} still open)`;
}
