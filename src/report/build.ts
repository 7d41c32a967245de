/**
 * Turns an engine result into the versioned {@link Report} (pure: no clock,
 * no I/O; the environment and the redacted config are passed in).
 */
import { PHASES } from '../metrics/index.js';
import type { Phase } from '../metrics/index.js';
import { errorKinds, type ErrorKind } from '../catalog/error-kinds.js';
import type { EngineResult, OutageRecord } from '../engine/result.js';
import type { RunConfig } from '../config/run-config.js';
import { REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION } from './schema.js';
import type { Report, ReportCoordinatedOmission, ReportEnvironment, ReportOpenIm, ReportPhase, ReportTarget } from './schema.js';
import { printableReviver } from './printable.js';
import { decideVerdict, errorFacts, errorRate, evaluateThresholds, perSecond } from './verdict.js';

/** The tool's name in every report. */
export const TOOL_NAME = 'imstress';

/** What {@link buildReport} needs besides the result and the config. */
export interface BuildMeta {
  /** imstress's package version. */
  readonly toolVersion: string;
  /** From `collectEnvironment()`. */
  readonly environment: ReportEnvironment;
  /** The URL actually connected to (the embedded gateway's loopback URL); defaults to the configured URL. */
  readonly targetUrl?: string | undefined;
  /** Worker threads the VUs ran in; default 1. */
  readonly workers?: number;
  /** openim adapter: the token flow and isMsgResp decided for the release (§14); absent for raw. */
  readonly openim?: ReportOpenIm | null;
}

/** The coordinated-omission statement of every report (design.md "What is measured"). */
export function coordinatedOmissionNote(missedIterationsEstimate: number): ReportCoordinatedOmission {
  const missed =
    missedIterationsEstimate > 0
      ? `In this run stuck virtual users would have run about ${Math.round(missedIterationsEstimate)} more iterations at their usual pace.`
      : 'In this run no virtual user was stuck long enough to miss an iteration.';
  return {
    note:
      'Each virtual user is a closed loop: while it waits for a reply it sends nothing, so a stuck server ' +
      'is sampled less often and raw percentiles understate the latency clients would see (coordinated ' +
      `omission). The corrected numbers add the samples a stuck user would have taken at its expected interval. ${missed}`,
    raw: 'phases.*.raw and phases.*.histogram: latencies as measured, one sample per completed (or, at the end, unfinished) operation',
    corrected:
      'phases.*.corrected and phases.*.correctedHistogram: the raw samples plus, for each one longer than the expected interval, ' +
      'the samples a closed-loop user would have taken while stuck (value − interval, value − 2·interval, …)',
    missedIterationsEstimate,
  };
}

function targetOf(config: RunConfig, url: string | undefined): ReportTarget {
  const t = config.target;
  if (t.kind === 'url') return { kind: 'url', url: url ?? t.url, embedded: false };
  return { kind: 'embedded', ...(url === undefined ? {} : { url }), gatewayMode: t.gatewayMode, embedded: true };
}

function errorsByKind(byKind: Readonly<Record<ErrorKind, number>>): Record<ErrorKind, number> {
  // Every kind present, in catalog order: a stable, complete table for renderers and compare.
  const out = {} as Record<ErrorKind, number>;
  for (const k of errorKinds) out[k] = (byKind as Partial<Record<ErrorKind, number>>)[k] ?? 0;
  return out;
}

/** How many of `0 … users − 1` are ≡ index (mod count). */
function shardSize(users: number, index: number, count: number): number {
  return index >= users ? 0 : Math.floor((users - 1 - index) / count) + 1;
}

/** A deep, JSON-only copy: the report holds plain data whatever the caller passes. */
function plain<T>(value: T): T {
  // Server messages and dumps came from the network: no control characters reach a report (#17.7).
  return JSON.parse(JSON.stringify(value), printableReviver) as T;
}

/**
 * Builds the report of a run.
 * @param redactedConfig the effective config with secrets already redacted (stored as given, JSON-copied).
 */
export function buildReport(result: EngineResult, config: RunConfig, redactedConfig: object, meta: BuildMeta): Report {
  const phases = {} as Record<Phase, ReportPhase>;
  for (const p of PHASES) {
    const s = result.metrics.phases[p];
    phases[p] = { raw: s.raw, corrected: s.corrected, histogram: s.encoded, correctedHistogram: s.encodedCorrected, clamped: s.clamped };
  }
  const thresholds = evaluateThresholds(config.thresholds, {
    metrics: result.metrics,
    totals: result.totals,
    durationMs: result.durationMs,
    errorsTotal: result.totals.errors,
  });
  const interrupted = result.end === 'interrupted';
  const verdict = decideVerdict({
    ...errorFacts(result.errorsByKind, result.totals, result.errorSamples),
    end: result.end,
    hang: result.hang !== null,
    ghosts: result.drain.checked ? result.drain.ghosts : 0,
    thresholdsFailed: thresholds.filter((t) => !t.passed).length,
    anyConnected: result.end !== 'target-unavailable' && result.totals.handshakes > 0,
    interrupted,
    outageOpen: openOutage(result.outages ?? []),
  });
  return plain<Report>({
    schema: REPORT_SCHEMA_NAME,
    version: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: meta.toolVersion },
    scenario: config.scenario,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    interrupted,
    end: result.end,
    target: targetOf(config, meta.targetUrl),
    environment: meta.environment,
    config: redactedConfig as Readonly<Record<string, unknown>>,
    verdict,
    totals: result.totals,
    rates: {
      iterationsPerSec: perSecond(result.totals.iterations, result.durationMs),
      errorRate: errorRate(result.totals.errors, result.totals.iterations),
    },
    phases,
    errors: { byKind: errorsByKind(result.errorsByKind), samples: result.errorSamples },
    timeline: result.timeline,
    stalls: result.stalls,
    hang: result.hang,
    drain: result.drain,
    thresholds,
    unfinishedByPhase: result.unfinishedByPhase,
    coordinatedOmission: coordinatedOmissionNote(result.totals.missedIterationsEstimate),
    shard: config.shard === null ? null : { ...config.shard, users: shardSize(config.users, config.shard.index, config.shard.count) },
    workers: meta.workers ?? 1,
    ...(meta.openim === undefined || meta.openim === null ? {} : { openim: meta.openim }),
    ...(result.outages === undefined ? {} : { outages: result.outages }),
  });
}

/** The outage still open at the end of the run, for the verdict (target-lost). */
export function openOutage(outages: readonly OutageRecord[]): { sinceMs: number; failures: number } | null {
  const o = outages.find((x) => x.endMs === null);
  if (o === undefined) return null;
  return { sinceMs: o.startMs, failures: Object.values(o.errorsByKind).reduce((s: number, n) => s + (n ?? 0), 0) };
}
