/**
 * The digest of one dump: goroutines grouped by stack signature (function
 * and file:line of every frame, plus the creator; arguments ignored, as
 * panicparse groups them), with counts, wait state and the wait range, ranked
 * by how much each group explains. Built incrementally from the parser's
 * stream: one copy of each distinct stack is kept, plus a small per-id index
 * for the before/after diff.
 */
import { isRuntimeFrame, waitClass, type CreatedBy, type Frame, type Goroutine, type WaitClass } from './model.js';

/** One distinct stack and the goroutines that share it. */
export interface DigestGroup {
  /** The signature: state, frames, creator (and the wait object when the dump names it). */
  readonly key: string;
  readonly state: string;
  readonly waitClass: WaitClass;
  /** Blocked acquiring a mutex (Go ≥ 1.20 `sync.Mutex.Lock`, or older `semacquire` under `(*Mutex).Lock`). */
  readonly lockWait: boolean;
  /** The lock's address (Go: `lockSlow`'s receiver) or name (task dump); null when not printed. */
  readonly lock: string | null;
  /** Innermost first. */
  readonly frames: readonly Frame[];
  readonly createdBy: CreatedBy | null;
  readonly waitingOn: string | null;
  count: number;
  /** Up to {@link maxIdsPerGroup} goroutine ids, lowest first after {@link DigestBuilder.finish}. */
  readonly ids: number[];
  minWaitMs: number | null;
  maxWaitMs: number | null;
  /** Goroutines blocked at the same place (same wait object, or same innermost program frame) in other groups. */
  waitersBehind: number;
  /** A lone blocked goroutine: the kind that holds everyone else up (a loop, a lock holder). */
  keystone: boolean;
}

/** One dump, digested. */
export interface Digest {
  /** Goroutines in the dump. */
  readonly total: number;
  /** Ranked: what explains most first. */
  readonly groups: readonly DigestGroup[];
  /** goroutine id → index in {@link Digest.groups} (debug=2 dumps; empty for debug=1). */
  readonly byId: ReadonlyMap<number, number>;
  /** Goroutines per wait class. */
  readonly byClass: Readonly<Record<WaitClass, number>>;
  /** Lines the parser could not place (a panic message, a cut tail). */
  readonly skippedLines: number;
}

/** Ids kept per group for display; the per-id index keeps them all. */
const maxIdsPerGroup = 50;

const frameKey = (f: { func: string; file: string; line: number }): string => `${f.func}@${f.file}:${f.line}`;

function lockOf(g: Goroutine): { lockWait: boolean; lock: string | null } {
  const lockFrame = g.frames.find((f) => /^sync\.\(\*(RW)?Mutex\)\.(Lock|RLock|lockSlow|rLock)$/.test(f.func));
  const lockWait =
    g.state === 'sync.Mutex.Lock' ||
    g.state === 'sync.RWMutex.Lock' ||
    g.state === 'sync.RWMutex.RLock' ||
    (g.state === 'semacquire' && lockFrame !== undefined);
  if (!lockWait) return { lockWait, lock: null };
  if (g.waitingOn !== null) return { lockWait, lock: g.waitingOn };
  const withAddr = g.frames.find((f) => f.func.startsWith('sync.(*') && /^0x[0-9a-f]+$/.test(f.args));
  return { lockWait, lock: withAddr?.args ?? null };
}

/** Where a blocked goroutine waits, for counting who waits at the same place: the wait object, else the innermost program frame. */
function waitSite(g: { readonly waitingOn: string | null; readonly frames: readonly Frame[] }): string | null {
  if (g.waitingOn !== null) return `on ${g.waitingOn}`;
  const f = g.frames.find((x) => !isRuntimeFrame(x));
  return f === undefined ? null : `at ${frameKey(f)}`;
}

const classOrder: Readonly<Record<WaitClass, number>> = { blocked: 0, unknown: 1, idle: 2, active: 3 };

/** Accumulates goroutines from the parser into a {@link Digest}. */
export class DigestBuilder {
  private readonly groups = new Map<string, DigestGroup>();
  private readonly ids = new Map<number, DigestGroup>();
  private total = 0;

  /** Counts one parsed goroutine (or debug=1 record) into its group. */
  add(g: Goroutine): void {
    this.total += g.count;
    const key = `${g.state}|${g.waitingOn ?? ''}|${g.frames.map(frameKey).join(';')}|${g.createdBy === null ? '' : frameKey(g.createdBy)}`;
    let group = this.groups.get(key);
    if (group === undefined) {
      const { lockWait, lock } = lockOf(g);
      group = {
        key,
        state: g.state,
        waitClass: waitClass(g.state),
        lockWait,
        lock,
        frames: g.frames,
        createdBy: g.createdBy,
        waitingOn: g.waitingOn,
        count: 0,
        ids: [],
        minWaitMs: null,
        maxWaitMs: null,
        waitersBehind: 0,
        keystone: false,
      };
      this.groups.set(key, group);
    }
    group.count += g.count;
    if (g.id !== null) {
      this.ids.set(g.id, group);
      if (group.ids.length < maxIdsPerGroup) group.ids.push(g.id);
    }
    // Go prints no wait under a minute: a group's range covers only the members that printed one.
    if (g.waitMs !== null) {
      group.minWaitMs = group.minWaitMs === null ? g.waitMs : Math.min(group.minWaitMs, g.waitMs);
      group.maxWaitMs = group.maxWaitMs === null ? g.waitMs : Math.max(group.maxWaitMs, g.waitMs);
    }
  }

  /** Ranks the groups and counts who waits behind whom; the builder is not used after. */
  finish(skippedLines = 0): Digest {
    const groups = [...this.groups.values()];
    const blockedAt = new Map<string, number>();
    for (const gr of groups) {
      if (gr.waitClass !== 'blocked') continue;
      const s = waitSite(gr);
      if (s !== null) blockedAt.set(s, (blockedAt.get(s) ?? 0) + gr.count);
    }
    for (const gr of groups) {
      gr.ids.sort((a, b) => a - b);
      if (gr.waitClass !== 'blocked') continue;
      const s = waitSite(gr);
      gr.waitersBehind = s === null ? 0 : (blockedAt.get(s) ?? 0) - gr.count;
      gr.keystone = gr.count === 1;
    }
    groups.sort(compareGroups);
    const index = new Map(groups.map((g, i) => [g, i] as const));
    const byId = new Map<number, number>();
    for (const [id, g] of this.ids) byId.set(id, index.get(g) ?? 0);
    const byClass: Record<WaitClass, number> = { blocked: 0, idle: 0, active: 0, unknown: 0 };
    for (const g of groups) byClass[g.waitClass] += g.count;
    return { total: this.total, groups, byId, byClass, skippedLines };
  }
}

/** Blocked first; among them lone goroutines with many waiters behind, then the longest wait, then the biggest crowd. */
export function compareGroups(a: DigestGroup, b: DigestGroup): number {
  return (
    classOrder[a.waitClass] - classOrder[b.waitClass] ||
    Number(b.keystone) - Number(a.keystone) ||
    b.waitersBehind - a.waitersBehind ||
    (b.maxWaitMs ?? -1) - (a.maxWaitMs ?? -1) ||
    b.count - a.count ||
    (a.ids[0] ?? Infinity) - (b.ids[0] ?? Infinity)
  );
}

/** Digests goroutines already parsed. */
export function digestOf(goroutines: Iterable<Goroutine>, skippedLines = 0): Digest {
  const b = new DigestBuilder();
  for (const g of goroutines) b.add(g);
  return b.finish(skippedLines);
}
