/**
 * Per-phase latency histograms and error counters of one run, and the plain
 * snapshot they become in a report.
 *
 * Each phase has two histograms (design.md "What is measured"): `raw` holds
 * what was measured; `corrected` also holds the samples a closed-loop VU
 * *would* have taken while it was stuck (coordinated-omission correction
 * against the expected interval), so a report can state both and say which
 * numbers are raw.
 */
import { LatencyHistogram } from './histogram.js';
import type { Summary } from './histogram.js';
import { PHASES } from './phases.js';
import type { Phase } from './phases.js';

/** One phase in a snapshot: summaries in ms and the exact encoded histograms. */
export interface PhaseSnapshot {
  readonly raw: Summary;
  readonly corrected: Summary;
  /** {@link LatencyHistogram.encode} of the raw histogram. */
  readonly encoded: string;
  /** {@link LatencyHistogram.encode} of the corrected histogram. */
  readonly encodedCorrected: string;
  /** Raw values that fell outside [0, 1 h] and were clamped into it. */
  readonly clamped: number;
}

/** The recorder as a plain, JSON-serialisable object. */
export interface MetricsSnapshot {
  readonly phases: Readonly<Record<Phase, PhaseSnapshot>>;
  /** Counters by key (error kinds, …); keys never incremented are absent. */
  readonly counters: Readonly<Record<string, number>>;
}

interface PhaseHistograms {
  readonly raw: LatencyHistogram;
  readonly corrected: LatencyHistogram;
}

function emptyPhases(): Record<Phase, PhaseHistograms> {
  const out = {} as Record<Phase, PhaseHistograms>;
  for (const p of PHASES) out[p] = { raw: new LatencyHistogram(), corrected: new LatencyHistogram() };
  return out;
}

/**
 * Records latencies per phase and counts per key.
 * @typeParam K the counter keys, e.g. a union of error kinds.
 */
export class MetricsRecorder<K extends string = string> {
  readonly #phases: Record<Phase, PhaseHistograms> = emptyPhases();
  readonly #counters = new Map<string, number>();

  /**
   * Records one latency of `phase`, in ms. With `expectedIntervalMs` (the
   * interval a VU is meant to keep between iterations) the corrected
   * histogram also gets the samples omitted while the VU waited; without
   * it both histograms get the value alone.
   */
  record(phase: Phase, ms: number, expectedIntervalMs?: number): void {
    const h = this.#phases[phase];
    h.raw.recordMs(ms);
    if (expectedIntervalMs === undefined) h.corrected.recordMs(ms);
    else h.corrected.recordMsCorrected(ms, expectedIntervalMs);
  }

  /** Adds `by` (default 1) to the counter `key`. */
  increment(key: K, by = 1): void {
    this.#counters.set(key, (this.#counters.get(key) ?? 0) + by);
  }

  /** The counter `key`; 0 if never incremented. */
  counter(key: K): number {
    return this.#counters.get(key) ?? 0;
  }

  /** The live raw histogram of `phase` (read it; record through {@link record}). */
  raw(phase: Phase): LatencyHistogram {
    return this.#phases[phase].raw;
  }

  /** The live corrected histogram of `phase` (read it; record through {@link record}). */
  corrected(phase: Phase): LatencyHistogram {
    return this.#phases[phase].corrected;
  }

  /** A plain, JSON-serialisable copy of everything recorded so far. */
  snapshot(): MetricsSnapshot {
    const phases = {} as Record<Phase, PhaseSnapshot>;
    for (const p of PHASES) {
      const { raw, corrected } = this.#phases[p];
      phases[p] = {
        raw: raw.summary(),
        corrected: corrected.summary(),
        encoded: raw.encode(),
        encodedCorrected: corrected.encode(),
        clamped: raw.clamped,
      };
    }
    const counters: Record<string, number> = {};
    for (const [k, v] of [...this.#counters].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) counters[k] = v;
    return { phases, counters };
  }

  /** Empties every histogram and counter. */
  reset(): void {
    for (const p of PHASES) {
      this.#phases[p].raw.reset();
      this.#phases[p].corrected.reset();
    }
    this.#counters.clear();
  }

  /**
   * Rebuilds a recorder from a snapshot, exactly (same histograms, same
   * counters). Phases missing from `snapshot` start empty.
   * @throws HistogramDecodeError when an encoded histogram cannot be read.
   */
  static fromEncoded<K extends string = string>(snapshot: MetricsSnapshot): MetricsRecorder<K> {
    const out = new MetricsRecorder<K>();
    out.#absorb(snapshot);
    return out;
  }

  /**
   * Merges snapshots (e.g. of several load generators): histograms are
   * merged exactly, counters and clamped counts are summed.
   * @throws HistogramDecodeError when an encoded histogram cannot be read.
   */
  static merge(first: MetricsSnapshot, ...rest: readonly MetricsSnapshot[]): MetricsSnapshot {
    const out = new MetricsRecorder();
    for (const s of [first, ...rest]) out.#absorb(s);
    return out.snapshot();
  }

  #absorb(snapshot: MetricsSnapshot): void {
    for (const p of PHASES) {
      // A report is untrusted input: a phase may be absent.
      const s = (snapshot.phases as Partial<Record<Phase, PhaseSnapshot>>)[p];
      if (s === undefined) continue;
      this.#phases[p].raw.merge(LatencyHistogram.decode(s.encoded, s.clamped));
      this.#phases[p].corrected.merge(LatencyHistogram.decode(s.encodedCorrected));
    }
    for (const [k, v] of Object.entries(snapshot.counters)) {
      this.#counters.set(k, (this.#counters.get(k) ?? 0) + v);
    }
  }
}
