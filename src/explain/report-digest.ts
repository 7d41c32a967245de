/**
 * The digest as a report stores it: plain JSON, a bounded number of groups,
 * each with its one-line summary and its stack as text, so every renderer
 * (and `imstress explain report.json`) reads it without the parser.
 */
import { analyse, groupLine, type Analysis } from './analyse.js';
import { digestOf } from './digest.js';
import { isRuntimeFrame, site } from './model.js';
import { parseDump } from './parse.js';

/** One stack group in a report. */
interface HangDigestGroup {
  /** The digest line (count, state, wait, chain, site, notes). */
  readonly line: string;
  readonly state: string;
  readonly count: number;
  /** Some of its goroutine ids (at most 50), lowest first. */
  readonly ids: readonly number[];
  /** Members blocked at the same place in the later dump; null without one. */
  readonly stuck: number | null;
  /** A lone blocked goroutine (keystone candidate). */
  readonly keystone: boolean;
  readonly waitingOn: string | null;
  /** `func (file:line)`, innermost first; the creator last as `created by …`. */
  readonly stack: readonly string[];
}

/** The digest and diff of the hang's dumps, in a report (`hang.digest`; absent in reports before 0.4). */
export interface HangDigest {
  /** `stuck`, `none-stuck`, or `cannot-tell` (one dump). */
  readonly verdict: Analysis['verdict'];
  /** The explanation in words, most important first. */
  readonly sentences: readonly string[];
  /** Goroutines in the hang dump. */
  readonly total: number;
  /** Ranked, what explains most first. */
  readonly groups: readonly HangDigestGroup[];
  /** Groups beyond the ones kept. */
  readonly groupsOmitted: number;
  /** Whether a baseline (before the load) and a later dump were compared. */
  readonly baseline: boolean;
  readonly later: boolean;
}

/** Groups a report keeps: a digest's tail is hundreds of one-off stacks nobody reads. */
const maxReportGroups = 40;

/**
 * A wait frame's arguments in a stored stack: a name (the task dump's wait
 * object, the same for the whole group) kept, Go's addresses and values
 * shown as `…`. Program frames' arguments differ per member: never shown.
 */
function argsText(args: string): string {
  if (args === '' || args === '...') return args;
  return /^[A-Za-z_][\w .,:/-]*$/.test(args) ? args.slice(0, 80) : '…';
}

/** An {@link Analysis} as stored in a report. */
export function hangDigestOf(a: Analysis, maxGroups = maxReportGroups): HangDigest {
  const groups = a.groups.slice(0, maxGroups).map((g, i): HangDigestGroup => {
    const stuck = a.stuckCounts[i] ?? null;
    const stack = g.frames.map(
      (f) => `${f.func}(${isRuntimeFrame(f) ? argsText(f.args) : f.args === '' || f.args === '...' ? f.args : '…'}) ${site(f)}`,
    );
    if (g.createdBy !== null)
      stack.push(
        `created by ${g.createdBy.func} ${site(g.createdBy)}${g.createdBy.goroutine === null ? '' : ` in goroutine ${g.createdBy.goroutine}`}`,
      );
    return {
      line: groupLine(g, stuck),
      state: g.state,
      count: g.count,
      ids: g.ids,
      stuck,
      keystone: g.keystone,
      waitingOn: g.waitingOn,
      stack,
    };
  });
  return {
    verdict: a.verdict,
    sentences: a.sentences,
    total: a.total,
    groups,
    groupsOmitted: Math.max(0, a.groups.length - maxGroups),
    baseline: a.hasBaseline,
    later: a.hasLater,
  };
}

/** Parses, digests and diffs dump texts held in memory (a hang's captured dumps). */
export function digestDumps(hang: string, later: string | null, baseline: string | null): HangDigest {
  const d = (t: string | null) => (t === null ? null : digestOf(parseDump(t)));
  const h = d(hang);
  return hangDigestOf(analyse(h ?? digestOf([]), d(later), d(baseline)));
}

/** The headline: the first explanation sentence, then the top `n` group lines. */
export function digestHeadline(d: HangDigest, n = 3): string[] {
  return [...d.sentences.slice(0, 1), ...d.groups.slice(0, n).map((g) => g.line)];
}
