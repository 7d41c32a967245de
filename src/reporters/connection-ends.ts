/**
 * How a run's connections ended (issue #18), as one line for every summary: attempts, then the ends.
 * Null for a report written before the tally existed.
 */
import type { RunTotals } from '../engine/result.js';
import { count } from './format.js';

/** `1,200 connect attempts (2 abandoned at the end) · ends: 1,150 closed cleanly · 0 by close timeout · 3 cut · 47 closed by the server`, or null. */
export function connectionEndsText(t: RunTotals): string | null {
  if (t.attempts === undefined) return null;
  const abandoned = (t.abandoned ?? 0) > 0 ? ` (${count(t.abandoned ?? 0)} abandoned at the end)` : '';
  return `${count(t.attempts)} connect attempts${abandoned} · ends: ${count(t.closedCleanly ?? 0)} closed cleanly · ${count(t.closedByTimeout ?? 0)} by close timeout · ${count(t.cut ?? 0)} cut · ${count(t.closedByServer ?? 0)} closed by the server`;
}
