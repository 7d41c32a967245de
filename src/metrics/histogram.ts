/**
 * A latency histogram in microseconds: the one file that imports
 * hdr-histogram-js (house-style.md, "each third-party package has one owning
 * module").
 *
 * Values go in and come out in milliseconds; they are stored as integer
 * microseconds, from 1 µs to 1 hour, at 3 significant digits. The histogram
 * is kept as a plain-JS hdr histogram with float64 counts: never
 * WebAssembly, so there is nothing to initialise at import time.
 *
 * Every reported number (min, percentiles, max, mean) is read at histogram
 * resolution, so it is the same after {@link LatencyHistogram.encode} /
 * {@link LatencyHistogram.decode} and after {@link LatencyHistogram.merge} as
 * for one histogram holding all the samples — reports can be merged and
 * re-analysed exactly (design.md "Reports").
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import { ImstressError } from '../errors.js';

/** Lowest discernible value, in µs. */
const LOWEST_US = 1;
/** Highest trackable value, in µs: one hour. Larger values are clamped to it. */
const HIGHEST_US = 3_600_000_000;
/** Significant decimal digits kept: values are within 0.1% of what was recorded. */
const SIGNIFICANT_DIGITS = 3;
/** Upper bound on the number of points {@link LatencyHistogram.percentileCurve} returns. */
export const MAX_CURVE_POINTS = 200;

/** Percentiles of one histogram, in milliseconds; all zero when it is empty. */
export interface Summary {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** One point of a percentile curve: `percentile` in [0, 100], value in ms. */
export interface CurvePoint {
  readonly percentile: number;
  readonly valueMs: number;
}

/**
 * An encoded histogram could not be read: not base64, not an HDR V2
 * compressed histogram, or recorded beyond this histogram's range.
 * Maps to exit code 2 (an unreadable or incompatible report).
 */
export class HistogramDecodeError extends ImstressError {
  constructor(message: string, cause?: unknown) {
    super('histogram_undecodable', `cannot decode histogram: ${message}`, {
      hint: 'encoded histograms come from an imstress report; check the report file is complete and unmodified',
      cause,
    });
    this.name = 'HistogramDecodeError';
  }
}

const BUCKET_SIZE = 64;

function newHdr(): Histogram {
  return build({
    lowestDiscernibleValue: LOWEST_US,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: SIGNIFICANT_DIGITS,
    // Float64 counts: ~190 KB each, but 10–15× faster percentile reads than
    // 'packed' and no 2^31 per-bucket overflow (Int32Array would wrap silently).
    bitBucketSize: BUCKET_SIZE,
    autoResize: false,
    useWebAssembly: false,
  });
}

const usToMs = (us: number): number => us / 1000;

/** A latency histogram: milliseconds in and out, microseconds inside. */
export class LatencyHistogram {
  #h: Histogram = newHdr();
  #clamped = 0;

  /**
   * Records one latency. Values outside [0 µs, 1 h] are clamped to the range
   * and counted in {@link clamped}; `+Infinity` is recorded as one hour, so a
   * hang still counts. Sub-microsecond parts are rounded.
   * @throws RangeError on NaN (a caller bug, not a measurement).
   */
  recordMs(ms: number): void {
    this.#h.recordValue(this.#toUs(ms));
  }

  /**
   * Records one latency with coordinated-omission correction: when `ms`
   * exceeds `expectedIntervalMs`, the samples a closed-loop client would
   * have taken while it was stuck (`ms - interval`, `ms - 2·interval`, …)
   * are added too. Costs O(ms / expectedIntervalMs).
   * A non-positive interval records the value alone.
   */
  recordMsCorrected(ms: number, expectedIntervalMs: number): void {
    const us = this.#toUs(ms);
    const intervalUs = Number.isFinite(expectedIntervalMs) ? Math.round(expectedIntervalMs * 1000) : 0;
    if (intervalUs <= 0) this.#h.recordValue(us);
    else this.#h.recordValueWithExpectedInterval(us, intervalUs);
  }

  /** Number of recorded values (clamped ones included). */
  get count(): number {
    return this.#h.totalCount;
  }

  /** How many recorded values were outside [0, 1 h] and clamped. */
  get clamped(): number {
    return this.#clamped;
  }

  /** The value at percentile `p` (0–100), in ms; 0 when empty. */
  percentileMs(p: number): number {
    if (this.count === 0) return 0;
    return usToMs(this.#h.getValueAtPercentile(Math.max(0, Math.min(100, p))));
  }

  /** Largest value, at histogram resolution (≤ 0.1% above the exact one), in ms. */
  get maxMs(): number {
    return this.percentileMs(100);
  }

  /** Smallest value, at histogram resolution, in ms. */
  get minMs(): number {
    return this.percentileMs(0);
  }

  /** Mean, at histogram resolution, in ms. */
  get meanMs(): number {
    return usToMs(this.#h.mean);
  }

  /** Standard deviation, at histogram resolution, in ms. */
  get stdDevMs(): number {
    return usToMs(this.#h.stdDeviation);
  }

  /** Count, min, mean, p50, p90, p99, p99.9 and max, in ms. */
  summary(): Summary {
    return {
      count: this.count,
      min: this.minMs,
      mean: this.meanMs,
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.maxMs,
    };
  }

  /**
   * The histogram as an HDR V2 compressed base64 string (the format
   * autocannon and HdrHistogram tools read). The clamped count is not part
   * of it: carry it alongside and pass it to {@link decode}.
   */
  encode(): string {
    return encodeIntoCompressedBase64(this.#h);
  }

  /**
   * Rebuilds a histogram from {@link encode}'s output.
   * @param clamped the clamped count carried alongside the encoding.
   * @throws HistogramDecodeError when `encoded` is not a histogram this
   *   module could have written.
   */
  static decode(encoded: string, clamped = 0): LatencyHistogram {
    if (typeof encoded !== 'string' || encoded.trim() === '') {
      throw new HistogramDecodeError('empty or not a string');
    }
    let foreign: Histogram;
    try {
      foreign = decodeFromCompressedBase64(encoded, BUCKET_SIZE, false);
    } catch (err: unknown) {
      const why = err instanceof Error ? err.message : String(err);
      throw new HistogramDecodeError(`not an HDR V2 compressed base64 histogram (${why})`, err);
    }
    if (foreign.totalCount > 0 && foreign.maxValue > HIGHEST_US * 1.001) {
      throw new HistogramDecodeError(`holds values up to ${foreign.maxValue} µs, beyond the ${HIGHEST_US} µs range`);
    }
    const out = new LatencyHistogram();
    out.#h.add(foreign);
    out.#clamped = Number.isSafeInteger(clamped) && clamped > 0 ? clamped : 0;
    return out;
  }

  /** Adds every value of `other` into this one (exact: same as recording them here). */
  merge(other: LatencyHistogram): this {
    this.#h.add(other.#h);
    this.#clamped += other.#clamped;
    return this;
  }

  /** A new histogram holding the values of all of `list` (exact). */
  static mergeAll(list: Iterable<LatencyHistogram>): LatencyHistogram {
    const out = new LatencyHistogram();
    for (const h of list) out.merge(h);
    return out;
  }

  /**
   * Points for a latency-percentile chart: percentiles spaced evenly on the
   * 1/(1−p) scale (5 per halving of the remaining tail, like HdrHistogram's
   * percentile output), up to the resolution the sample count supports,
   * then 100. At most {@link MAX_CURVE_POINTS} points; empty when empty.
   */
  percentileCurve(): CurvePoint[] {
    const total = this.count;
    if (total === 0) return [];
    const ticksPerHalf = 5;
    const points: CurvePoint[] = [];
    for (let k = 0; points.length < MAX_CURVE_POINTS - 1; k++) {
      const tail = 0.5 ** (k / ticksPerHalf);
      // Past 1/total of tail the curve is the max: stop and add 100 once.
      if (tail * total < 1) break;
      const percentile = 100 * (1 - tail);
      points.push({ percentile, valueMs: this.percentileMs(percentile) });
    }
    points.push({ percentile: 100, valueMs: this.maxMs });
    return points;
  }

  /** Empties the histogram and the clamped count. */
  reset(): void {
    this.#h.reset();
    this.#clamped = 0;
  }

  #toUs(ms: number): number {
    if (Number.isNaN(ms)) throw new RangeError('latency is NaN');
    const us = Math.round(ms * 1000);
    if (us < 0) {
      this.#clamped++;
      return 0;
    }
    if (us > HIGHEST_US) {
      this.#clamped++;
      return HIGHEST_US;
    }
    return us;
  }
}
