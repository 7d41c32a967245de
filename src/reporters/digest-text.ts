/**
 * The hang's dump digest as the text renderers show it (console, markdown,
 * JUnit): the explanation first, then the top digest lines, most telling
 * first. Reports from before the digest, or without a dump, show nothing.
 */
import type { ReportHang } from '../report/schema.js';
import { digestHeadline, type HangDigest } from '../explain/index.js';

/** The digest of a hang, or null when the report has none. */
export function hangDigest(h: ReportHang | null): HangDigest | null {
  return h?.digest ?? null;
}

/** "what the dumps show" plus what they compared: one line saying which dumps were read. */
export function digestCaption(d: HangDigest): string {
  const dumps = ['the hang dump', ...(d.later ? ['a later one'] : []), ...(d.baseline ? ['the baseline before the load'] : [])];
  return `goroutine dump digest (${d.total} goroutines; ${dumps.join(', ')})`;
}

/** The explanation sentence and the top `n` group lines. */
export function digestTopLines(d: HangDigest, n = 3): string[] {
  return digestHeadline(d, n);
}
