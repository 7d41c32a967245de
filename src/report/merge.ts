/**
 * `imstress merge`'s pure core: the reports of shards run on several
 * machines (design.md "Scale") become one report.
 *
 * - Histograms merge exactly: each shard's encoded histogram is decoded,
 *   added and re-encoded, so the merged percentiles are those of one
 *   histogram holding every shard's samples.
 * - Counters (totals, errors by kind, unfinished waits) are summed; rates
 *   are recomputed over the merged duration.
 * - Timelines are aligned on wall-clock time: a shard's samples move by
 *   its `startedAt` minus the earliest shard's, into slots of the coarsest
 *   shard interval. Counters are summed; gauges are summed across shards
 *   (each shard has its own connections) except the server's online count,
 *   which is one server's reading when every shard tested the same URL
 *   (highest reading wins) and summed otherwise.
 * - The verdict is decided again on the merged facts: hang when a shard
 *   hung, target-unavailable only when no shard connected (an unreachable
 *   shard is a reason of its own), thresholds only as re-evaluated on the
 *   merged numbers. Each shard keeps its own verdict in `shards`.
 *
 * Shards must come from the same scenario with the same configuration,
 * apart from the settings that differ by machine ({@link perMachineKeys}),
 * and be distinct parts of one `--shard I/N` set (or all unsharded): no
 * report twice, one N, each index once. Missing indices are a note, not an
 * error (a shard's machine may have died).
 */
import { sumConnectionEnds } from '../engine/connection-tally.js';
import { resolve as resolvePath } from 'node:path';
import { usageError } from '../errors.js';
import type { Issue } from '../errors.js';
import { MetricsRecorder, PHASES } from '../metrics/index.js';
import type { MetricsSnapshot, Phase, PhaseSnapshot, TimelineJSON, TimelineSample } from '../metrics/index.js';
import { errorKinds, type ErrorKind } from '../catalog/error-kinds.js';
import { timelineSeries, type TimelineSeries } from '../catalog/timeline-series.js';
import { intersectOutages } from '../engine/outage.js';
import type { Threshold } from '../config/run-config.js';
import { perMachineKeys as runPerMachineKeys } from '../config/run-settings.js';
import { coordinatedOmissionNote, openOutage as openOutageOf, TOOL_NAME } from './build.js';
import { configDifferences } from './config-diff.js';
import { REPORT_SCHEMA_NAME, REPORT_SCHEMA_VERSION } from './schema.js';
import type {
  Report,
  ReportDrain,
  ReportErrorSample,
  ReportHang,
  ReportOutage,
  ReportPhase,
  ReportShard,
  ReportStall,
  ReportTotals,
  RunEnd,
} from './schema.js';
import { decideVerdict, errorFacts, errorRate, evaluateThresholds, perSecond } from './verdict.js';

/** One report to merge and the file it came from (for messages and `shards[].file`). */
export interface MergeInput {
  readonly file: string;
  readonly report: Report;
}

/**
 * Config keys that may differ between shards (the settings table's
 * `perMachine` rows): where the report goes, how it is shown, the local
 * addresses and tokens of a machine, and its shard and threads. Everything
 * else must be equal — the user pool too (`users`, `userOffset`,
 * `userPrefix`): `--shard I/N` splits one pool, so shards with different
 * pools are not parts of one run.
 */
export const perMachineKeys: readonly string[] = runPerMachineKeys;

/** Most error samples kept in the merged report (a run keeps 200). */
const MAX_MERGED_ERROR_SAMPLES = 200;

/** One run among the inputs: a report, or one shard of a report that is itself a merge. */
interface ShardUnit {
  readonly file: string;
  readonly startedAt: string;
  readonly hostname: string;
  readonly pid: number | undefined;
  /** Its `--shard I/N`; null when unsharded. */
  readonly shard: { readonly index: number; readonly count: number } | null;
}

function unitsOf(input: MergeInput): ShardUnit[] {
  const r = input.report;
  if (r.shards !== undefined && r.shards.length > 0)
    return r.shards.map((s) => ({ file: s.file, startedAt: s.startedAt, hostname: s.hostname, pid: s.pid, shard: s.shard ?? null }));
  return [{ file: input.file, startedAt: r.startedAt, hostname: r.environment.hostname, pid: r.environment.pid, shard: r.shard ?? null }];
}

const shardName = (s: ShardUnit['shard']): string => (s === null ? 'unsharded (no --shard)' : `shard ${s.index}/${s.count}`);

/**
 * Whether the inputs are distinct parts of one run: no file given twice (same
 * path, or same start time, host and process), one shard count for all
 * (an unsharded report does not mix with shards), every shard index once.
 */
function shardSetIssues(inputs: readonly MergeInput[]): Issue[] {
  const issues: Issue[] = [];
  const seenPath = new Map<string, string>();
  const seenRun = new Map<string, string>();
  // Each distinct run once, with where it came from; copies are reported and left out of the shard checks.
  const runs: Array<{ readonly where: string; readonly unit: ShardUnit }> = [];
  for (const input of inputs) {
    const abs = resolvePath(input.file);
    const again = seenPath.get(abs);
    if (again !== undefined) {
      issues.push({
        where: input.file,
        message: `is given twice${again === input.file ? '' : ` (also as ${again})`}: each shard's report merges once`,
      });
      continue;
    }
    seenPath.set(abs, input.file);
    for (const unit of unitsOf(input)) {
      const where = unit.file === input.file ? input.file : `${input.file} (shard ${unit.file})`;
      if (unit.pid !== undefined) {
        const id = `${unit.startedAt}|${unit.hostname}|${unit.pid}`;
        const same = seenRun.get(id);
        if (same !== undefined) {
          issues.push({
            where: `${where}:startedAt`,
            message: `the same run as ${same} (started ${unit.startedAt} on ${unit.hostname}, pid ${unit.pid}): a copy of one report merges once`,
          });
          continue;
        }
        seenRun.set(id, where);
      }
      runs.push({ where, unit });
    }
  }
  const first = runs[0];
  if (first === undefined) return issues;
  const seenIndex = new Map<number, string>();
  for (const { where, unit } of runs) {
    const a = unit.shard;
    const b = first.unit.shard;
    if ((a === null) !== (b === null) || (a !== null && b !== null && a.count !== b.count)) {
      issues.push({
        where: `${where}:shard`,
        message: `is ${shardName(a)}, but ${shardName(b)} in ${first.where}: only the shards of one --shard I/N set merge`,
      });
      continue;
    }
    if (a === null) continue;
    const other = seenIndex.get(a.index);
    if (other !== undefined)
      issues.push({ where: `${where}:shard.index`, message: `shard ${a.index}/${a.count} is also ${other}: each shard index merges once` });
    else seenIndex.set(a.index, where);
  }
  return issues;
}

/** Every reason the shards cannot be merged, each naming the file and what differs from the first shard. */
export function mergeIssues(inputs: readonly MergeInput[]): Issue[] {
  const issues: Issue[] = [];
  const first = inputs[0];
  if (first === undefined || inputs.length < 2)
    return [{ where: 'merge', message: `expected at least 2 reports to merge, got ${inputs.length}` }];
  for (const { file, report } of inputs.slice(1)) {
    if (report.scenario !== first.report.scenario) {
      issues.push({
        where: `${file}:scenario`,
        message: `scenario "${report.scenario}" differs from "${first.report.scenario}" in ${first.file}: only shards of one scenario merge`,
      });
    }
    for (const d of configDifferences(first.report.config, report.config, perMachineKeys)) {
      issues.push({
        where: `${file}:config.${d.key}`,
        message: `is ${d.head.slice(0, 80)}, but ${d.base.slice(0, 80)} in ${first.file}: shards must run the same configuration`,
      });
    }
    if (Number.isNaN(Date.parse(report.startedAt)))
      issues.push({ where: `${file}:startedAt`, message: `"${report.startedAt}" is not an ISO 8601 time: cannot align the timeline` });
  }
  if (Number.isNaN(Date.parse(first.report.startedAt)))
    issues.push({
      where: `${first.file}:startedAt`,
      message: `"${first.report.startedAt}" is not an ISO 8601 time: cannot align the timeline`,
    });
  issues.push(...shardSetIssues(inputs));
  return issues;
}

/** The shard indices of an `--shard I/N` set that are not among the inputs (empty for unsharded reports). */
function missingShards(inputs: readonly MergeInput[]): { readonly count: number; readonly missing: readonly number[] } | null {
  const units = inputs.flatMap(unitsOf);
  const count = units[0]?.shard?.count;
  if (count === undefined) return null;
  const present = new Set(units.map((u) => u.shard?.index));
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !present.has(i));
  return { count, missing };
}

/** A report's phases as the metrics snapshot they were built from. */
function snapshotOf(r: Report): MetricsSnapshot {
  const phases = {} as Record<Phase, PhaseSnapshot>;
  for (const p of PHASES) {
    const ph = r.phases[p];
    phases[p] = {
      raw: ph.raw,
      corrected: ph.corrected,
      encoded: ph.histogram,
      encodedCorrected: ph.correctedHistogram,
      clamped: ph.clamped,
    };
  }
  return { phases, counters: {} };
}

function sumTotals(reports: readonly Report[]): ReportTotals {
  const keys = [
    'iterations',
    'connects',
    'handshakes',
    'replies',
    'pushes',
    'closes',
    'kicks',
    'errors',
    'missedIterationsEstimate',
  ] as const;
  const out = {} as Record<(typeof keys)[number], number>;
  for (const k of keys) out[k] = reports.reduce((n, r) => n + (r.totals[k] ?? 0), 0);
  return { ...out, ...sumConnectionEnds(reports.map((r) => r.totals)) };
}

function sumRecords(records: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, n] of Object.entries(r)) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** The shards' timelines on one wall clock (see the module comment). */
function mergeTimelines(
  timelines: readonly TimelineJSON<TimelineSeries>[],
  offsetsMs: readonly number[],
  sharedServer: boolean,
): TimelineJSON<TimelineSeries> {
  const intervalMs = Math.max(...timelines.map((t) => t.intervalMs));
  const kinds = timelineSeries as Readonly<Record<TimelineSeries, 'counter' | 'gauge'>>;
  const slots = new Map<number, Partial<Record<TimelineSeries, number>>>();
  timelines.forEach((t, i) => {
    const offset = offsetsMs[i] ?? 0;
    // One shard first: within a shard a gauge's later reading wins, as when a timeline downsamples.
    const own = new Map<number, Partial<Record<TimelineSeries, number>>>();
    for (const s of t.samples) {
      const tMs = Math.max(1, Math.ceil((s.tMs - t.startMs + offset) / intervalMs)) * intervalMs;
      const into = own.get(tMs) ?? {};
      for (const [k, v] of Object.entries(s.values) as [TimelineSeries, number | undefined][]) {
        if (v === undefined) continue;
        into[k] = kinds[k] === 'counter' ? (into[k] ?? 0) + v : v;
      }
      own.set(tMs, into);
    }
    for (const [tMs, values] of own) {
      const into = slots.get(tMs) ?? {};
      for (const [k, v] of Object.entries(values) as [TimelineSeries, number][]) {
        const prev = into[k];
        into[k] = prev === undefined ? v : k === 'serverOnline' && sharedServer ? Math.max(prev, v) : prev + v;
      }
      slots.set(tMs, into);
    }
  });
  const samples: TimelineSample<TimelineSeries>[] = [...slots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([tMs, values]) => ({ tMs, values }));
  return { intervalMs, baseIntervalMs: intervalMs, startMs: 0, kinds: { ...kinds }, samples };
}

function mergeDrain(reports: readonly Report[], sharedServer: boolean): ReportDrain {
  const checked = reports.filter((r) => r.drain.checked).map((r) => r.drain);
  if (checked.length === 0)
    return {
      checked: false,
      notCheckedBecause: reports.some((r) => r.drain.notCheckedBecause === 'interrupted') ? 'interrupted' : 'no-online-count',
      baseline: null,
      final: null,
      ghosts: 0,
      waitedMs: 0,
    };
  if (sharedServer) {
    // One server: every shard read the same count; the worst reading is the server's state.
    return checked.reduce((worst, d) => (d.ghosts > worst.ghosts ? d : worst));
  }
  const sum = (f: (d: ReportDrain) => number | null): number | null =>
    checked.some((d) => f(d) === null) ? null : checked.reduce((n, d) => n + (f(d) ?? 0), 0);
  return {
    checked: true,
    baseline: sum((d) => d.baseline),
    final: sum((d) => d.final),
    ghosts: checked.reduce((n, d) => n + d.ghosts, 0),
    waitedMs: Math.max(...checked.map((d) => d.waitedMs)),
  };
}

const endPrecedence: readonly RunEnd[] = ['interrupted', 'hang-abort', 'target-unavailable', 'completed'];

/** What to know about the merge itself (the merged report's `notes`; `imstress merge` prints them as warnings). */
function mergeNotes(inputs: readonly MergeInput[], sharedServer: boolean, drainsChecked: number): string[] {
  const notes: string[] = [];
  const set = missingShards(inputs);
  if (set !== null && set.missing.length > 0) {
    notes.push(
      `shard${set.missing.length === 1 ? '' : 's'} ${set.missing.join(', ')} of ${set.count} missing: the merged report covers ${set.count - set.missing.length} of ${set.count} shards`,
    );
  }
  if (sharedServer && drainsChecked > 1) {
    notes.push(
      "the shards' drain checks read one shared server's online count, which is not additive: the merged drain is the worst shard's reading and may count users of a shard still running as ghosts",
    );
  }
  const withTrials = inputs.filter((i) => i.report.trials !== undefined).map((i) => i.file);
  if (withTrials.length > 0) {
    // A --trials report's body is one trial (docs/trials.md); merging trial by trial is not supported.
    notes.push(
      `${withTrials.join(', ')}: --trials report${withTrials.length === 1 ? '' : 's'}: only the trial each report details is merged; the trials sections are not`,
    );
  }
  return notes;
}

/** A report's shards: its own `shards` when it is itself a merge, else itself as one shard. */
function shardsOf(input: MergeInput, offsetMs: number): ReportShard[] {
  const r = input.report;
  if (r.shards !== undefined && r.shards.length > 0) return r.shards.map((s) => ({ ...s, offsetMs: s.offsetMs + offsetMs }));
  return [
    {
      file: input.file,
      hostname: r.environment.hostname,
      startedAt: r.startedAt,
      offsetMs,
      durationMs: r.durationMs,
      verdict: r.verdict,
      iterations: r.totals.iterations,
      pid: r.environment.pid,
      shard: r.shard ?? null,
    },
  ];
}

/**
 * Merges shard reports into one.
 * @throws ImstressError (exit 2) listing every incompatibility: different scenarios or configurations, unparseable start times.
 * @throws HistogramDecodeError on a histogram that does not decode (check the reports first with `readReportsForAnalysis`).
 */
export function mergeReports(inputs: readonly MergeInput[], toolVersion: string): Report {
  const issues = mergeIssues(inputs);
  if (issues.length > 0)
    throw usageError(
      issues,
      'merge the reports of one scenario run on several machines (same flags and scenario file, different --report)',
    );
  const reports = inputs.map((i) => i.report);
  const first = reports[0] as Report;
  const starts = reports.map((r) => Date.parse(r.startedAt));
  const t0 = Math.min(...starts);
  const offsets = starts.map((s) => s - t0);
  const durationMs = Math.max(...reports.map((r, i) => (offsets[i] ?? 0) + r.durationMs));
  const sharedServer = reports.every((r) => !r.target.embedded && r.target.url !== undefined && r.target.url === first.target.url);

  // Exact: decode every shard's histograms, add them, re-encode (MetricsRecorder.merge).
  const metrics = MetricsRecorder.merge(snapshotOf(first), ...reports.slice(1).map(snapshotOf));
  const phases = {} as Record<Phase, ReportPhase>;
  for (const p of PHASES) {
    const s = metrics.phases[p];
    phases[p] = { raw: s.raw, corrected: s.corrected, histogram: s.encoded, correctedHistogram: s.encodedCorrected, clamped: s.clamped };
  }
  const totals = sumTotals(reports);
  const byKind = sumRecords(reports.map((r) => r.errors.byKind));
  const errorsByKind = {} as Record<ErrorKind, number>;
  for (const k of errorKinds) errorsByKind[k] = byKind[k] ?? 0;
  const samples: ReportErrorSample[] = reports
    .flatMap((r, i) => r.errors.samples.map((s) => ({ ...s, atMs: s.atMs + (offsets[i] ?? 0) })))
    .sort((a, b) => a.atMs - b.atMs)
    .slice(0, MAX_MERGED_ERROR_SAMPLES);
  const stalls: ReportStall[] = reports
    .flatMap((r, i) => r.stalls.map((s) => ({ ...s, startMs: s.startMs + (offsets[i] ?? 0) })))
    .sort((a, b) => a.startMs - b.startMs);
  const hangs = reports
    .map((r, i): ReportHang | null =>
      r.hang === null
        ? null
        : { ...r.hang, atMs: r.hang.atMs + (offsets[i] ?? 0), noProgressSinceMs: r.hang.noProgressSinceMs + (offsets[i] ?? 0) },
    )
    .filter((h): h is ReportHang => h !== null)
    .sort((a, b) => a.atMs - b.atMs);
  const drain = mergeDrain(reports, sharedServer);
  const outages = mergeOutages(reports, offsets, durationMs);

  const thresholdDefs: Threshold[] = first.thresholds.map((t) => ({ source: t.source, metric: t.metric, op: t.op, value: t.value }));
  const thresholds = evaluateThresholds(thresholdDefs, { metrics, totals, durationMs, errorsTotal: totals.errors });
  // One unreachable shard does not make the run unreachable: target-unavailable only when no shard connected.
  const connected = reports.map((r) => r.end !== 'target-unavailable' && r.totals.handshakes > 0);
  const anyConnected = connected.some(Boolean);
  const ends = reports.map((r) => r.end).filter((e) => !anyConnected || e !== 'target-unavailable');
  const end = endPrecedence.find((e) => ends.includes(e)) ?? 'completed';
  const decided = decideVerdict({
    ...errorFacts(errorsByKind, totals, samples),
    end,
    hang: hangs.length > 0,
    ghosts: drain.checked ? drain.ghosts : 0,
    // Only the thresholds re-evaluated on the merged numbers: a shard's own breach may not hold for the whole run.
    thresholdsFailed: thresholds.filter((t) => !t.passed).length,
    anyConnected,
    interrupted: reports.some((r) => r.interrupted),
    outageOpen: openOutageOf(outages ?? []),
  });
  const unreachable = anyConnected
    ? inputs
        .filter((_, i) => connected[i] !== true)
        .map((i) => `shard ${i.file}: target unavailable: none of its virtual users reached the target`)
    : [];
  const verdict = { ...decided, reasons: [...decided.reasons, ...unreachable] };
  const notes = mergeNotes(inputs, sharedServer, reports.filter((r) => r.drain.checked).length);
  const hostnames = [...new Set(reports.map((r) => r.environment.hostname))];
  return {
    schema: REPORT_SCHEMA_NAME,
    version: REPORT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: toolVersion },
    scenario: first.scenario,
    startedAt: new Date(t0).toISOString(),
    durationMs,
    interrupted: reports.some((r) => r.interrupted),
    end,
    target: first.target,
    environment: { ...first.environment, hostname: hostnames.join(','), cpus: reports.reduce((n, r) => n + r.environment.cpus, 0) },
    config: first.config,
    verdict,
    totals,
    rates: { iterationsPerSec: perSecond(totals.iterations, durationMs), errorRate: errorRate(totals.errors, totals.iterations) },
    phases,
    errors: { byKind: errorsByKind, samples },
    timeline: mergeTimelines(
      reports.map((r) => r.timeline),
      offsets,
      sharedServer,
    ),
    stalls,
    hang: hangs[0] ?? null,
    drain,
    thresholds,
    unfinishedByPhase: sumRecords(reports.map((r) => r.unfinishedByPhase)),
    coordinatedOmission: coordinatedOmissionNote(totals.missedIterationsEstimate),
    shards: inputs.flatMap((input, i) => shardsOf(input, offsets[i] ?? 0)),
    ...(notes.length > 0 ? { notes } : {}),
    // Shards of one run share the release choices (equal config); the first shard's probe speaks for all.
    ...(first.openim === undefined ? {} : { openim: first.openim }),
    ...(outages === undefined ? {} : { outages }),
  };
}

/**
 * The merged run lost the target where every shard that tracked outages lost it (issue #11), on the
 * merged time axis; undefined when no shard's report has the field (older reports).
 */
function mergeOutages(reports: readonly Report[], offsets: readonly number[], durationMs: number): ReportOutage[] | undefined {
  const lists = reports.flatMap((r, i) => {
    if (r.outages === undefined) return [];
    const off = offsets[i] ?? 0;
    return [r.outages.map((o) => ({ ...o, startMs: o.startMs + off, endMs: o.endMs === null ? null : o.endMs + off }))];
  });
  return lists.length === 0 ? undefined : intersectOutages(lists, durationMs);
}
