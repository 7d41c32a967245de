/**
 * The hints a run's errors carry (issue #11: `wss://` to a plain port, `ws://`
 * to a TLS port, a 404, a 401/403 from a proxy): the adapters append them to
 * the error message after {@link hintMarker}; the summary lists each distinct
 * one once, with how many error samples carried it.
 */
import { hintMarker } from '../protocol/raw/dial-error.js';
import type { Report } from '../report/schema.js';

/** Distinct hints in the report's error samples, most frequent first, with their sample counts. */
export function hintsOf(report: Report): Array<{ readonly hint: string; readonly samples: number }> {
  const counts = new Map<string, number>();
  for (const s of report.errors.samples) {
    const i = s.message.indexOf(hintMarker);
    if (i < 0) continue;
    const hint = s.message.slice(i + hintMarker.length);
    counts.set(hint, (counts.get(hint) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([hint, samples]) => ({ hint, samples }));
}
