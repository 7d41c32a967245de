/**
 * The before/after diff and the explanation in words. Goroutine ids are
 * stable for a process's life, so the same id in two dumps is the same
 * goroutine: blocked at the same place in the hang dump and in a later one
 * means stuck, not slow; serving (`select` / `chan receive`) in the baseline
 * and now blocked deeper in its own call chain means a loop that blocked
 * inside its own iteration. Whatever the dumps cannot show is said as
 * "cannot tell", never guessed.
 */
import { compareGroups, type Digest, type DigestGroup } from './digest.js';
import { isRuntimeFrame, shortFunc, site, type Frame } from './model.js';

/** A long-lived loop that was serving in the baseline and is now blocked inside its own iteration. */
interface LoopFinding {
  readonly id: number;
  /** The loop function and where it waited in the baseline. */
  readonly loopFunc: string;
  readonly loopSite: string;
  /** Its state in the baseline: `select` or `chan receive`. */
  readonly servedState: string;
  /** What it waited on in the baseline (the task dump names the select's channels), or null. */
  readonly servedOn: string | null;
  /** Its wait state now (`chan send`, `sync.Mutex.Lock`…). */
  readonly state: string;
  /** Program frames from the loop function inward, outermost first (short names). */
  readonly chain: readonly string[];
  readonly waitingOn: string | null;
  /** Blocked at the same place in the later dump; null without one. */
  readonly stuck: boolean | null;
  /** Goroutines blocked sending to what it serves (task dump) or blocked sending anywhere (Go dumps), not counting it. */
  readonly waiters: number;
  /** True when {@link waiters} counts senders to channels the loop serves; false when it counts every sender (a Go dump names no channel). */
  readonly waitersOnItsChannels: boolean;
}

/** The digest and diff of one to three dumps, with the words that explain them. */
export interface Analysis {
  /** `stuck`: some goroutine is shown stuck; `none-stuck`: the dumps show none; `cannot-tell`: one dump cannot tell stuck from slow. */
  readonly verdict: 'stuck' | 'none-stuck' | 'cannot-tell';
  /** The explanation, most important first. */
  readonly sentences: readonly string[];
  /** One line per digest group, ranked; the first three are the headline. */
  readonly lines: readonly string[];
  /** The hang dump's groups, in the order of {@link lines}. */
  readonly groups: readonly DigestGroup[];
  /** Per group (same order): members blocked at the same place in the later dump, null without one. */
  readonly stuckCounts: readonly (number | null)[];
  readonly loops: readonly LoopFinding[];
  readonly total: number;
  readonly hasBaseline: boolean;
  readonly hasLater: boolean;
}

const verb: Readonly<Record<string, string>> = {
  'chan send': 'sending',
  'chan receive': 'receiving',
  'sync.Mutex.Lock': 'waiting for a mutex',
  semacquire: 'waiting on a semaphore (a lock or WaitGroup)',
  'sync.WaitGroup.Wait': 'waiting for a WaitGroup',
  rpc: 'waiting for an RPC',
  select: 'in select',
};

const programFrames = (frames: readonly Frame[]): Frame[] => frames.filter((f) => !isRuntimeFrame(f));

/** A function as a chain shows it: no package, the receiver type bare (`WsServer.Run.func1`, `Client.close`). */
function chainName(func: string): string {
  return shortFunc(func)
    .replace(/^[^.([]+\./, '')
    .replace(/^\(\*?([^)]+)\)\./, '$1.');
}

/** `a → b → c`, outermost first, long chains cut in the middle. */
function chainText(frames: readonly Frame[], max = 7): string {
  const names = programFrames(frames)
    .map((f) => chainName(f.func))
    .reverse();
  if (names.length <= max) return names.join(' → ');
  return [...names.slice(0, 2), '…', ...names.slice(names.length - (max - 3))].join(' → ');
}

function waitText(ms: number | null, min: number | null): string {
  if (ms === null) return '';
  const s = (v: number): string => (v >= 60_000 ? `${Math.floor(v / 60_000)} min` : `${(v / 1000).toFixed(1)} s`);
  return min !== null && min !== ms ? `, ${s(min)}–${s(ms)}` : `, ${s(ms)}`;
}

/** One digest line: `1× [chan send, 12.0 s] on unregisterChan: Run.func1 → … → UnRegister (n_ws_server.go) — lone; stuck; 28 more wait there`. */
export function groupLine(g: DigestGroup, stuck: number | null): string {
  const inner = programFrames(g.frames)[0] ?? g.frames[0];
  const where = inner === undefined ? '' : ` (${site(inner)})`;
  const on = g.waitingOn === null ? '' : ` on ${g.waitingOn}`;
  const lock = g.lockWait && g.lock !== null && g.waitingOn === null ? ` for lock ${g.lock}` : '';
  const notes: string[] = [];
  if (g.keystone) notes.push('lone');
  if (stuck !== null && g.waitClass === 'blocked') notes.push(stuck === g.count ? 'stuck' : stuck === 0 ? 'moved' : `${stuck} stuck`);
  if (g.waitersBehind > 0) notes.push(`${g.waitersBehind} more blocked at the same place`);
  const ids = g.ids.length === 0 ? '' : g.count === 1 ? ` goroutine ${g.ids[0]}` : '';
  return `${g.count}×${ids} [${g.state}${waitText(g.maxWaitMs, g.minWaitMs)}]${on}${lock}: ${chainText(g.frames) || '(no frames)'}${where}${notes.length > 0 ? ` — ${notes.join('; ')}` : ''}`;
}

function stuckCountsOf(hang: Digest, later: Digest | null): (number | null)[] {
  if (later === null) return hang.groups.map(() => null);
  const counts = hang.groups.map(() => 0);
  for (const [id, gi] of hang.byId) {
    const li = later.byId.get(id);
    if (li !== undefined && later.groups[li]?.key === hang.groups[gi]?.key) counts[gi] = (counts[gi] ?? 0) + 1;
  }
  return counts;
}

function loopFindings(baseline: Digest, hang: Digest, later: Digest | null, stuckIds: (id: number) => boolean | null): LoopFinding[] {
  const out: LoopFinding[] = [];
  for (const [id, gi] of hang.byId) {
    const now = hang.groups[gi];
    const bi = baseline.byId.get(id);
    const before = bi === undefined ? undefined : baseline.groups[bi];
    if (now === undefined || before === undefined || now.waitClass !== 'blocked') continue;
    if (before.state !== 'select' && before.state !== 'chan receive') continue;
    const loop = programFrames(before.frames)[0];
    if (loop === undefined) continue;
    const nowProgram = programFrames(now.frames);
    const k = nowProgram.findIndex((f) => f.func === loop.func);
    // Deeper in its own call chain: the loop function is still on the stack, below something it called.
    if (k <= 0) continue;
    const served = before.waitingOn === null ? [] : before.waitingOn.split(', ');
    let waiters = 0;
    for (const g of hang.groups) {
      if (g === now || g.state !== 'chan send') continue;
      if (served.length === 0 || (g.waitingOn !== null && served.includes(g.waitingOn))) waiters += g.count;
    }
    out.push({
      id,
      loopFunc: loop.func,
      loopSite: site(loop),
      servedState: before.state,
      servedOn: before.waitingOn,
      state: now.state,
      chain: nowProgram
        .slice(0, k + 1)
        .map((f) => chainName(f.func))
        .reverse(),
      waitingOn: now.waitingOn,
      stuck: later === null ? null : stuckIds(id),
      waiters,
      waitersOnItsChannels: served.length > 0,
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

function loopSentence(l: LoopFinding): string {
  const what = verb[l.state] ?? `in ${l.state}`;
  const target = l.waitingOn === null ? '' : ` to ${l.waitingOn}`;
  const drains = l.waitingOn !== null && l.servedOn !== null && l.servedOn.split(', ').includes(l.waitingOn);
  // A Go dump names no channel: the cycle is stated as the condition it is.
  const self = drains
    ? ', a channel it drains itself: it waits for itself'
    : l.state === 'chan send' && l.waitingOn === null
      ? ', so if that channel is one it receives from, nothing else can drain it: a self-send cycle'
      : '';
  const waiters =
    l.waiters === 0
      ? ''
      : l.waitersOnItsChannels
        ? `; ${l.waiters} goroutines wait to send to it`
        : `; ${l.waiters} other goroutines are blocked sending (a Go dump does not say to which channel)`;
  const stuck =
    l.stuck === null
      ? ' (one hang dump: cannot tell whether it moves on)'
      : l.stuck
        ? ''
        : ' (it had moved on in the later dump: slow, not stuck)';
  const served = l.servedOn === null ? '' : ` on ${l.servedOn}`;
  return `the loop in ${shortFunc(l.loopFunc)} (${l.loopSite}) is blocked ${what}${target} from inside its own iteration (${l.chain.join(' → ')})${self}${waiters}; it was serving in the baseline (${l.servedState}${served})${stuck}`;
}

function lockSentence(locks: readonly DigestGroup[], stuck: (g: DigestGroup) => boolean | null): string | null {
  if (locks.length < 2) return null;
  const parts = locks.map((g) => {
    const f = programFrames(g.frames)[0];
    return `goroutine ${g.ids[0] ?? '?'} in ${f === undefined ? '?' : `${shortFunc(f.func)} (${site(f)})`}${g.lock === null ? '' : ` waits for lock ${g.lock}`}`;
  });
  const distinct = new Set(locks.map((g) => g.lock)).size === locks.length && locks.every((g) => g.lock !== null);
  const moved = locks.map(stuck);
  const tail = moved.every((m) => m === true)
    ? 'neither moved between the dumps'
    : moved.some((m) => m === null)
      ? 'one dump cannot tell whether they move on'
      : 'some moved between the dumps';
  return `${locks.length} lone goroutines each wait for a ${distinct ? 'different ' : ''}lock: ${parts.join('; ')}; ${tail}. If each holds the lock another wants, this is a lock-order inversion: compare the order in which these call sites take their locks`;
}

/**
 * Digest plus diff: `hang` is required; `baseline` (before the load) and
 * `later` (a few seconds after the hang dump) sharpen it.
 */
export function analyse(hang: Digest, laterDump: Digest | null, baselineDump: Digest | null): Analysis {
  // A debug=1 dump has no goroutine ids: nothing to match across dumps.
  const notes: string[] = [];
  const idless = (d: Digest | null, what: string): Digest | null => {
    if (d === null || (d.byId.size > 0 && hang.byId.size > 0)) return d;
    notes.push(
      `the ${what} cannot be compared: ${d.byId.size === 0 ? `the ${what}` : 'the hang dump'} has no goroutine ids (a debug=1 dump); take debug=2 dumps`,
    );
    return null;
  };
  const later = idless(laterDump, 'later dump');
  const baseline = idless(baselineDump, 'baseline dump');
  const stuckCounts = stuckCountsOf(hang, later);
  const groupIndex = new Map(hang.groups.map((g, i) => [g, i] as const));
  const stuckOf = (g: DigestGroup): boolean | null => {
    const n = stuckCounts[groupIndex.get(g) ?? -1];
    return n === null || n === undefined ? null : n === g.count;
  };
  const stuckId = (id: number): boolean | null => {
    if (later === null) return null;
    const gi = hang.byId.get(id);
    const li = later.byId.get(id);
    return gi !== undefined && li !== undefined && later.groups[li]?.key === hang.groups[gi]?.key;
  };
  const loops = baseline === null ? [] : loopFindings(baseline, hang, later, stuckId);
  // The loop's group leads: it is what the rest wait behind.
  const loopGroups = new Set(loops.map((l) => hang.groups[hang.byId.get(l.id) ?? -1]).filter((g) => g !== undefined));
  const order = [...hang.groups].sort(
    (a, b) => Number(loopGroups.has(b)) - Number(loopGroups.has(a)) || stuckRank(b) - stuckRank(a) || compareGroups(a, b),
  );
  function stuckRank(g: DigestGroup): number {
    return g.waitClass === 'blocked' && stuckOf(g) === true ? 1 : 0;
  }
  const orderedStuck = order.map((g) => stuckCounts[groupIndex.get(g) ?? -1] ?? null);
  const lines = order.map((g, i) => groupLine(g, orderedStuck[i] ?? null));

  const sentences: string[] = loops.map(loopSentence);
  const blocked = order.filter((g) => g.waitClass === 'blocked');
  const candidates = blocked.filter((g) => later === null || stuckOf(g) === true);
  const lockSent = lockSentence(
    candidates.filter((g) => g.lockWait && g.keystone),
    stuckOf,
  );
  if (lockSent !== null) sentences.push(lockSent);
  const stuckTotal =
    later === null ? null : orderedStuck.reduce<number>((s, n, i) => s + (order[i]?.waitClass === 'blocked' ? (n ?? 0) : 0), 0);
  if (loops.length === 0) {
    for (const g of candidates
      .filter((c) => !c.keystone && c.count >= 2 && (c.state === 'chan send' || c.state === 'chan receive') && c.createdBy !== null)
      .slice(0, 2)) {
      const f = programFrames(g.frames)[0];
      const cb = g.createdBy;
      if (f === undefined || cb === null || later === null) continue;
      sentences.push(
        `${g.count} goroutines started by ${shortFunc(cb.func)} (${site(cb)}) are blocked ${verb[g.state] ?? g.state} in ${shortFunc(f.func)} (${site(f)}) and none moved between the dumps: nothing ${g.state === 'chan send' ? 'receives what they send' : 'sends what they wait for'} — a goroutine leak, unless something will`,
      );
    }
    const lone = candidates.filter((g) => g.keystone && !g.lockWait);
    if (lone.length > 0 && lockSent === null)
      sentences.push(
        `keystone candidate${lone.length > 1 ? 's' : ''}: ${lone
          .slice(0, 3)
          .map((g) => `goroutine ${g.ids[0] ?? '?'} blocked ${verb[g.state] ?? g.state} in ${chainText(g.frames, 5)}`)
          .join('; ')}${baseline === null ? ' (no baseline dump: cannot tell whether it was a serving loop)' : ''}`,
      );
  }
  let verdict: Analysis['verdict'];
  if (later !== null) {
    verdict = (stuckTotal ?? 0) > 0 ? 'stuck' : 'none-stuck';
    if (verdict === 'none-stuck')
      sentences.push(
        blocked.length === 0
          ? 'no stuck goroutines found: none was blocked on a channel send, lock or WaitGroup'
          : `no stuck goroutines found: the ${blocked.reduce((s, g) => s + g.count, 0)} blocked goroutines all moved between the dumps (slow, not stuck)`,
      );
    else sentences.push(`${stuckTotal} goroutines blocked at the same place in both hang dumps (stuck, not slow)`);
  } else {
    const longBlocked = blocked.filter((g) => (g.maxWaitMs ?? 0) >= 60_000);
    if (blocked.length === 0) {
      verdict = 'none-stuck';
      sentences.push('no stuck goroutines found: none is blocked on a channel send, lock or WaitGroup');
    } else if (longBlocked.length > 0) {
      verdict = 'stuck';
      sentences.push(`${longBlocked.reduce((s, g) => s + g.count, 0)} goroutines have been blocked for a minute or more`);
    } else {
      verdict = 'cannot-tell';
      sentences.push(
        `${blocked.reduce((s, g) => s + g.count, 0)} goroutines are blocked; one dump cannot tell stuck from slow: take a second dump a few seconds later`,
      );
    }
  }
  sentences.push(...notes);
  return {
    verdict,
    sentences,
    lines,
    groups: order,
    stuckCounts: orderedStuck,
    loops,
    total: hang.total,
    hasBaseline: baseline !== null,
    hasLater: later !== null,
  };
}
