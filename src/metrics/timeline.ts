/**
 * A fixed-interval timeline of counters and gauges with bounded memory.
 *
 * There are no timers in here (house-style.md, "Time is a dependency"): the
 * caller reads its clock and calls {@link Timeline.sample}. Time is cut into
 * slots of `intervalMs` from `startMs`; a sample at `tMs` covers
 * `(tMs − interval, tMs]`. Several calls in one slot fold into one sample,
 * so calling more often than the interval loses nothing; a slot with no
 * call is simply absent (a stalled event loop shows as a gap).
 *
 * When more than `maxSamples` samples are held, the timeline downsamples:
 * the interval doubles and adjacent pairs of slots are merged — **counters
 * are summed** (they are per-interval deltas), **gauges keep the later
 * value** (they are readings).
 */

/** How a series merges: `counter` values are deltas (summed), `gauge` values are readings (last wins). */
export type SeriesKind = 'counter' | 'gauge';

/** One sample: the end of its slot, and the series values seen in it. */
export interface TimelineSample<K extends string = string> {
  readonly tMs: number;
  readonly values: Readonly<Partial<Record<K, number>>>;
}

/** Options of a {@link Timeline}. */
export interface TimelineOptions<K extends string> {
  /** Slot length in ms, e.g. 1000. */
  readonly intervalMs: number;
  /** The kind of every series the timeline accepts. */
  readonly kinds: Readonly<Record<K, SeriesKind>>;
  /** Start of slot 0, on the caller's clock (default 0). */
  readonly startMs?: number;
  /** Most samples held before downsampling (default 86,400: a day at 1 s; at least 4). */
  readonly maxSamples?: number;
}

/** {@link Timeline.toJSON}'s plain form. */
export interface TimelineJSON<K extends string = string> {
  /** The interval the samples are at now (the configured one × 2^downsamplings). */
  readonly intervalMs: number;
  readonly baseIntervalMs: number;
  readonly startMs: number;
  readonly kinds: Readonly<Record<K, SeriesKind>>;
  readonly samples: readonly TimelineSample<K>[];
}

/** Default {@link TimelineOptions.maxSamples}: one day at one sample per second. */
const DEFAULT_MAX_SAMPLES = 86_400;

interface MutableSample {
  tMs: number;
  values: Partial<Record<string, number>>;
}

/**
 * The run time to file a periodic sample under: the second that just ended.
 * The engine samples once at least a second has passed, so at 1003 ms, with
 * the counts of (0, 1003]; filed at 1003 it would land in the slot ending at
 * 2000 and every point of the charts would read a second late (the first
 * always at 2 s). Filed at 1000 it is labelled with the second it measured.
 */
export function completedSlotMs(elapsedMs: number, secondMs = 1000): number {
  return Math.max(0, Math.floor(elapsedMs / secondMs) * secondMs);
}

/** Fixed-interval samples driven by the caller's clock. */
export class Timeline<K extends string = string> {
  readonly #baseIntervalMs: number;
  readonly #startMs: number;
  readonly #maxSamples: number;
  readonly #kinds: Readonly<Record<K, SeriesKind>>;
  #intervalMs: number;
  #samples: MutableSample[] = [];

  /** @throws RangeError on a non-positive interval or `maxSamples` below 4. */
  constructor(options: TimelineOptions<K>) {
    const { intervalMs, kinds, startMs = 0, maxSamples = DEFAULT_MAX_SAMPLES } = options;
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    if (!Number.isInteger(maxSamples) || maxSamples < 4) throw new RangeError(`maxSamples must be an integer ≥ 4, got ${maxSamples}`);
    if (!Number.isFinite(startMs)) throw new RangeError(`startMs must be finite, got ${startMs}`);
    this.#baseIntervalMs = intervalMs;
    this.#intervalMs = intervalMs;
    this.#startMs = startMs;
    this.#maxSamples = maxSamples;
    this.#kinds = { ...kinds };
  }

  /** The interval the held samples are at (doubles on each downsampling). */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** The samples held, oldest first. */
  get samples(): readonly TimelineSample<K>[] {
    return this.#samples as unknown as readonly TimelineSample<K>[];
  }

  /**
   * Adds values observed at `nowMs`: counter values are the deltas since the
   * previous call, gauge values the current readings. Series not given are
   * left as they are in the slot.
   * @throws RangeError if `nowMs` falls in a slot before the latest sample's,
   *   or a value names a series not in `kinds`.
   */
  sample(nowMs: number, values: Readonly<Partial<Record<K, number>>>): void {
    const tMs = this.#slotEnd(nowMs, this.#intervalMs);
    const last = this.#samples[this.#samples.length - 1];
    if (last !== undefined && tMs < last.tMs) {
      throw new RangeError(`time went backwards: ${nowMs} ms is before the sample at ${last.tMs} ms`);
    }
    let target = last;
    if (target === undefined || target.tMs !== tMs) {
      target = { tMs, values: {} };
      this.#samples.push(target);
    }
    for (const [key, value] of Object.entries<number | undefined>(values)) {
      if (value === undefined) continue;
      const kind = (this.#kinds as Readonly<Record<string, SeriesKind>>)[key];
      if (kind === undefined) throw new RangeError(`unknown timeline series "${key}"`);
      this.#fold(target.values, key, kind, value);
    }
    while (this.#samples.length > this.#maxSamples) this.#downsample();
  }

  /** The plain, JSON-serialisable form. */
  toJSON(): TimelineJSON<K> {
    return {
      intervalMs: this.#intervalMs,
      baseIntervalMs: this.#baseIntervalMs,
      startMs: this.#startMs,
      kinds: { ...this.#kinds },
      samples: this.#samples.map((s) => ({ tMs: s.tMs, values: { ...s.values } })) as TimelineSample<K>[],
    };
  }

  /** End of the slot holding `nowMs`, at interval `intervalMs`. */
  #slotEnd(nowMs: number, intervalMs: number): number {
    const index = Math.max(0, Math.ceil((nowMs - this.#startMs) / intervalMs));
    return this.#startMs + index * intervalMs;
  }

  #fold(into: Partial<Record<string, number>>, key: string, kind: SeriesKind, value: number): void {
    into[key] = kind === 'counter' ? (into[key] ?? 0) + value : value;
  }

  /** Doubles the interval and merges the samples that now share a slot. */
  #downsample(): void {
    this.#intervalMs *= 2;
    const merged: MutableSample[] = [];
    for (const s of this.#samples) {
      const tMs = this.#slotEnd(s.tMs, this.#intervalMs);
      let target = merged[merged.length - 1];
      if (target === undefined || target.tMs !== tMs) {
        target = { tMs, values: {} };
        merged.push(target);
      }
      for (const [key, value] of Object.entries(s.values)) {
        const kind = (this.#kinds as Readonly<Record<string, SeriesKind>>)[key];
        if (value !== undefined && kind !== undefined) this.#fold(target.values, key, kind, value);
      }
    }
    this.#samples = merged;
  }
}
