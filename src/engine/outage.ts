/**
 * Outages: the target that the VUs had reached stops being reachable at all
 * (connects refused or reset, TLS or DNS failures). A refused connect is not a
 * wait, so the hang detector never sees one; this tracker turns a run of them
 * that lasts at least the hang window into an outage, recorded like a stall
 * (start, end or still open, error kinds). An outage still open at the end of
 * the run is the `target-lost` verdict (exit 3); a recovered one is listed.
 *
 * Pure: the engine feeds it events with its clock; nothing here reads time.
 */
import type { ErrorKind } from '../protocol/adapter.js';

/** Connect failures that say the target is not there (rather than there and slow, or refusing this user). */
const unreachableKinds: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['connection-refused', 'network-error']);

/** One outage of a run, in ms since the run started. */
export interface OutageRecord {
  /** the first failed connect after which no VU reached the target */
  readonly startMs: number;
  /** the first handshake after it; null: still unreachable when the run ended */
  readonly endMs: number | null;
  /** how long it lasted (to the end of the run when still open) */
  readonly lengthMs: number;
  /** the connect failures during it, by kind */
  readonly errorsByKind: Readonly<Partial<Record<ErrorKind, number>>>;
}

interface Open {
  readonly start: number;
  readonly kinds: Partial<Record<ErrorKind, number>>;
}

export class OutageTracker {
  private everReached = false;
  private current: Open | null = null;
  private declared = false;
  private readonly closed: Array<{ start: number; end: number; kinds: Partial<Record<ErrorKind, number>> }> = [];

  /** @param windowMs how long the target must stay unreachable to be an outage (the hang window) */
  constructor(private readonly windowMs: number) {}

  /** A VU completed a handshake: the target is reachable (ends an outage). */
  reached(now: number): void {
    this.everReached = true;
    const c = this.current;
    if (c === null) return;
    this.current = null;
    this.declared = false;
    if (now - c.start >= this.windowMs) this.closed.push({ start: c.start, end: now, kinds: c.kinds });
  }

  /** A connect failed with `kind`; only {@link unreachableKinds} after a first handshake count. */
  failed(kind: ErrorKind, now: number): void {
    if (!this.everReached || !unreachableKinds.has(kind)) return;
    const c = (this.current ??= { start: now, kinds: {} });
    c.kinds[kind] = (c.kinds[kind] ?? 0) + 1;
  }

  /** True once, on the tick the current run of failures reaches the window (the outage is declared). */
  tick(now: number): boolean {
    const c = this.current;
    if (c === null || this.declared || now - c.start < this.windowMs) return false;
    this.declared = true;
    return true;
  }

  /** Every connect since some moment failed as unreachable and none reached the target: an outage in the making. */
  get failing(): boolean {
    return this.current !== null;
  }

  /** An outage (at least the window long) is open now. */
  openAt(now: number): boolean {
    return this.current !== null && now - this.current.start >= this.windowMs;
  }

  /** When the outage open now began (null: none at least the window long). */
  openSince(now: number): number | null {
    return this.openAt(now) ? (this.current?.start ?? null) : null;
  }

  /** Every outage at least the window long, ms relative to `start`; one still open is cut at `now`. */
  outages(now: number, start: number): OutageRecord[] {
    const out: OutageRecord[] = this.closed.map((o) => ({
      startMs: Math.round(o.start - start),
      endMs: Math.round(o.end - start),
      lengthMs: Math.round(o.end - o.start),
      errorsByKind: { ...o.kinds },
    }));
    const c = this.current;
    if (c !== null && now - c.start >= this.windowMs)
      out.push({ startMs: Math.round(c.start - start), endMs: null, lengthMs: Math.round(now - c.start), errorsByKind: { ...c.kinds } });
    return out;
  }
}

/**
 * The outages of a run split over `--workers` threads, each with its own tracker: the target was
 * unreachable when every thread saw it so (the intersection of their outages; a thread that still
 * reached it means the target was there). Each list must already be relative to the same run start.
 * Open outages (endMs null) reach to `runEndMs`; counts by kind are summed over the threads.
 */
export function intersectOutages(lists: ReadonlyArray<readonly OutageRecord[]>, runEndMs: number): OutageRecord[] {
  const first = lists[0];
  if (first === undefined) return [];
  let acc: Array<{ start: number; end: number | null; kinds: Partial<Record<ErrorKind, number>> }> = first.map((o) => ({
    start: o.startMs,
    end: o.endMs,
    kinds: { ...o.errorsByKind },
  }));
  for (const list of lists.slice(1)) {
    const next: typeof acc = [];
    for (const a of acc) {
      for (const b of list) {
        const start = Math.max(a.start, b.startMs);
        const end = a.end === null ? b.endMs : b.endMs === null ? a.end : Math.min(a.end, b.endMs);
        if ((end ?? runEndMs) <= start) continue;
        const kinds = { ...a.kinds };
        for (const [k, n] of Object.entries(b.errorsByKind) as Array<[ErrorKind, number]>) kinds[k] = (kinds[k] ?? 0) + n;
        next.push({ start, end, kinds });
      }
    }
    acc = next;
  }
  return acc.map((o) => ({
    startMs: o.start,
    endMs: o.end,
    lengthMs: (o.end ?? Math.max(runEndMs, o.start)) - o.start,
    errorsByKind: o.kinds,
  }));
}
