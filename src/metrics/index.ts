/**
 * Metrics: latency histograms (the one owner of hdr-histogram-js), the
 * per-phase recorder and its snapshot, and the bounded timeline.
 */
export { PHASES, isPhase } from './phases.js';
export type { Phase } from './phases.js';
export { LatencyHistogram, HistogramDecodeError, MAX_CURVE_POINTS } from './histogram.js';
export type { Summary } from './histogram.js';
export { MetricsRecorder } from './recorder.js';
export type { MetricsSnapshot, PhaseSnapshot } from './recorder.js';
export { Timeline, completedSlotMs } from './timeline.js';
export type { TimelineSample, TimelineJSON } from './timeline.js';
