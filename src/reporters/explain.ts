/**
 * `imstress explain` output: the digest and diff of one to three goroutine
 * dumps as text (the explanation, then the stack groups, the top ones with
 * their stacks) or as JSON. `(digest, sources) => string`, like every reporter.
 */
import type { HangDigest } from '../explain/index.js';
import { digestCaption } from './digest-text.js';
import { wrap } from './format.js';

/** Where each dump came from (file names, or a report's dump sources). */
export interface ExplainSources {
  readonly hang: string;
  readonly later: string | null;
  readonly baseline: string | null;
}

/** Groups shown with their whole stack. */
const stackedGroups = 3;
/** Groups listed at all (the rest are counted). */
const listedGroups = 25;

/** The digest as text for a terminal. */
export function renderExplainText(d: HangDigest, sources: ExplainSources, width = 100): string {
  const out = [digestCaption(d), `  hang dump: ${sources.hang}`];
  if (sources.later !== null) out.push(`  later dump: ${sources.later}`);
  if (sources.baseline !== null) out.push(`  baseline: ${sources.baseline}`);
  out.push('', `verdict: ${d.verdict}`);
  for (const s of d.sentences) out.push(...wrap(s, width, '    ').map((l, i) => (i === 0 ? `  - ${l.trimStart()}` : l)));
  out.push('', `Stack groups (${d.groups.length + d.groupsOmitted}), most telling first:`);
  d.groups.slice(0, listedGroups).forEach((g, i) => {
    out.push(...wrap(g.line, width, '      ').map((l, k) => (k === 0 ? `  ${String(i + 1).padStart(2)}. ${l.trimStart()}` : l)));
    if (i < stackedGroups) out.push(...g.stack.map((f) => `        ${f}`));
  });
  const more = d.groups.length - listedGroups + d.groupsOmitted;
  if (more > 0) out.push(`  … ${more} more groups (--json lists ${d.groups.length})`);
  return `${out.join('\n')}\n`;
}

/** The digest as JSON, with the dump sources. */
export function renderExplainJson(d: HangDigest, sources: ExplainSources): string {
  return `${JSON.stringify({ sources, ...d }, null, 2)}\n`;
}
