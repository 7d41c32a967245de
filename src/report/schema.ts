/**
 * The report: the one plain, versioned, JSON-serialisable object every
 * renderer, `compare` and `merge` read (house-style.md principle 2). The
 * README documents the format field by field from the TSDoc below.
 *
 * Compatibility: {@link REPORT_SCHEMA_VERSION} is bumped whenever a field is
 * removed, renamed or changes meaning; adding a field does not bump it.
 * Readers refuse a version they do not know (see `readReport`).
 */
import type { ErrorKind } from '../protocol/adapter.js';
import type { Phase, Summary, TimelineJSON } from '../metrics/index.js';
import type { DrainResult, ErrorSample, HangEvidence, OutageRecord, RunEnd, RunTotals, StallRecord, TimelineSeries } from '../engine/result.js';
import type { GatewayMode } from '../gateway/options.js';
import type { ThresholdEvaluation, Verdict, VerdictStatus } from './verdict.js';

/** The `schema` marker of every imstress report. */
export const REPORT_SCHEMA_NAME = 'imstress-report';
/**
 * The format version this build writes. Version 2 only adds optional sections
 * (`outages`, `trials`, `openim`, `hang.digest`, `verdict.dominantError`, the
 * `stuck` timeline series) and the `target-lost` verdict, so a version 1
 * report is a valid version 2 report and is read as one.
 */
export const REPORT_SCHEMA_VERSION = 2;

/** Every format version this build reads (older ones are upgraded in memory, see `parseReport`). */
export const READABLE_REPORT_VERSIONS: readonly number[] = [1, 2];

/** The tool that wrote the report. */
interface ReportTool {
  /** Always `imstress`. */
  readonly name: string;
  /** Its package version, e.g. `0.1.0`. */
  readonly version: string;
}

/** What was tested. */
export interface ReportTarget {
  /** `url`: a gateway the user named; `embedded`: the reference gateway started in a child process. */
  readonly kind: 'url' | 'embedded';
  /** The WebSocket URL the virtual users connected to (for `embedded`, the child's loopback URL, when known). */
  readonly url?: string;
  /** The embedded gateway's mode (`v3.5.1`, `blog-fix`, `v3.8`); only for `embedded`. */
  readonly gatewayMode?: GatewayMode;
  /** True when the target was the embedded reference gateway. */
  readonly embedded: boolean;
}

/** The machine and process that generated the load. */
export interface ReportEnvironment {
  /** Node.js version, e.g. `v20.19.0`. */
  readonly node: string;
  /** `process.platform`, e.g. `linux`. */
  readonly platform: string;
  /** `process.arch`, e.g. `x64`. */
  readonly arch: string;
  /** Logical CPUs of the load generator. */
  readonly cpus: number;
  /** Host name of the load generator (tells shards apart after `merge`). */
  readonly hostname: string;
  /** Process ID of the load generator. */
  readonly pid: number;
}

/** Counts over the whole run (the engine's totals, documented there). */
type ReportTotals = RunTotals;

/** Rates over the whole run. */
interface ReportRates {
  /** Iterations per second of run time. */
  readonly iterationsPerSec: number;
  /** errors / (iterations + errors): the share of iteration attempts that ended in an error, 0–1. */
  readonly errorRate: number;
}

/** One measured phase. All times in milliseconds, at histogram resolution (3 significant digits). */
export interface ReportPhase {
  /** Percentiles of what was measured. */
  readonly raw: Summary;
  /** Percentiles with coordinated-omission correction (the samples stuck VUs would have taken). */
  readonly corrected: Summary;
  /** The raw histogram, HDR V2 compressed base64 (µs, 1 µs – 1 h): merge and re-analyse exactly. */
  readonly histogram: string;
  /** The corrected histogram, same encoding. */
  readonly correctedHistogram: string;
  /** Raw values outside [0, 1 h] that were clamped into the range (carry it when decoding `histogram`). */
  readonly clamped: number;
}

/** Errors of the run. */
interface ReportErrors {
  /** Count per error kind; every kind is present (0 when none). See `errorKindMeaning`. */
  readonly byKind: Readonly<Record<ErrorKind, number>>;
  /** The first errors seen (bounded), with time, user and message. */
  readonly samples: readonly ErrorSample[];
}

/** One threshold as evaluated at the end of the run (fields documented on {@link ThresholdEvaluation}). */
export type ReportThreshold = ThresholdEvaluation;

/** How coordinated omission is accounted for (design.md "What is measured"). */
export interface ReportCoordinatedOmission {
  /** Plain-language statement of the issue and of what this run's numbers mean. */
  readonly note: string;
  /** Which numbers are raw: `phases.*.raw` and `phases.*.histogram`, as measured. */
  readonly raw: string;
  /** Which numbers are corrected and how: `phases.*.corrected` and `phases.*.correctedHistogram`. */
  readonly corrected: string;
  /** Iterations stuck VUs would have run at their usual pace (same as `totals.missedIterationsEstimate`). */
  readonly missedIterationsEstimate: number;
}

/** One shard of a merged report (`imstress merge`), with its own verdict. */
export interface ReportShard {
  /** The shard's report file, as given to `imstress merge`. */
  readonly file: string;
  /** Host name of the machine that ran it. */
  readonly hostname: string;
  /** When its load started, ISO 8601 UTC. */
  readonly startedAt: string;
  /** Its start on the merged timeline: ms after the earliest shard's `startedAt`. */
  readonly offsetMs: number;
  /** Its run length in ms. */
  readonly durationMs: number;
  /** Its own verdict (the merged one is the worst of these, by precedence). */
  readonly verdict: Verdict;
  /** Its completed iterations. */
  readonly iterations: number;
  /** Process ID of its load generator (with `hostname` and `startedAt`, tells a report given twice). Absent in older merged reports. */
  readonly pid?: number;
  /** Its part of the user pool (`--shard I/N`), null for an unsharded run. Absent in older merged reports. */
  readonly shard?: ReportRunShard | null;
}

/** An imstress run report, format version 1. */
export interface Report {
  /** Always `imstress-report`: marks the file as an imstress report. */
  readonly schema: typeof REPORT_SCHEMA_NAME;
  /** Format version, {@link REPORT_SCHEMA_VERSION}. */
  readonly version: typeof REPORT_SCHEMA_VERSION;
  /** The tool and version that wrote it. */
  readonly tool: ReportTool;
  /** Scenario name (the scenario file's name, or `run`); prefix of the default report file name. */
  readonly scenario: string;
  /** When the load started, ISO 8601 UTC. */
  readonly startedAt: string;
  /** Run length in ms, from load start to the end of load (drain check excluded). */
  readonly durationMs: number;
  /** True when Ctrl-C / SIGTERM stopped the run: the report is partial. */
  readonly interrupted: boolean;
  /** How the run ended: `completed`, `hang-abort` (`--on-hang abort`), `interrupted` or `target-unavailable`. */
  readonly end: RunEnd;
  /** What was tested. */
  readonly target: ReportTarget;
  /** Where the load was generated. */
  readonly environment: ReportEnvironment;
  /** The effective configuration (defaults < scenario < flags), secrets redacted. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The judgement and exit code of the run. */
  readonly verdict: Verdict;
  /** Counts over the whole run. */
  readonly totals: ReportTotals;
  /** Rates over the whole run. */
  readonly rates: ReportRates;
  /** Per measured phase (`handshake`, `reply`, `push`, `close`, `iteration`, `stall`): percentiles and histograms. */
  readonly phases: Readonly<Record<Phase, ReportPhase>>;
  /** Errors by kind and samples. */
  readonly errors: ReportErrors;
  /** Per-interval samples (≥ 1 per second, downsampled on long runs) of connections, progress, waiting VUs, errors. */
  readonly timeline: TimelineJSON<TimelineSeries>;
  /** Pauses in progress (`wasHang` marks the one declared a hang), with start, length and the phases VUs waited in. */
  readonly stalls: readonly StallRecord[];
  /** Evidence captured when a hang was declared (stuck breakdown, oldest waits, dump); null when none was. */
  readonly hang: HangEvidence | null;
  /** The drain check after load: the server's online count against its baseline; `ghosts` > 0 is a leak. */
  readonly drain: DrainResult;
  /** Every threshold with its measured value. */
  readonly thresholds: readonly ReportThreshold[];
  /** VUs still waiting when the run ended, by phase (their waits are recorded in the `stall` phase). */
  readonly unfinishedByPhase: Readonly<Record<string, number>>;
  /** Which numbers are raw and which corrected for coordinated omission. */
  readonly coordinatedOmission: ReportCoordinatedOmission;
  /**
   * Only in reports written by `imstress merge`: the shards merged, in the
   * order given, each with its own verdict. Absent in a single run's report.
   * (Optional field added without a version bump: older readers ignore it.)
   */
  readonly shards?: readonly ReportShard[];
  /**
   * Only in reports written by `imstress merge`, when there is something to
   * know about the merge itself: shards missing from an `--shard I/N` set,
   * drain checks of one shared server that do not add up. Absent otherwise.
   */
  readonly notes?: readonly string[];
  /**
   * The part of the user pool this run drove (`--shard I/N`: the users whose
   * index ≡ I mod N, `users` of them), or null for the whole pool. Absent in
   * reports written before shards existed.
   */
  readonly shard?: ReportRunShard | null;
  /** Worker threads the virtual users ran in (1: the CLI's own thread). Absent in older reports. */
  readonly workers?: number;
  /**
   * How imstress spoke to this OpenIM release (openim-protocol.md §14): the token flow it
   * used and whether it connected with isMsgResp. Absent in older reports and for the raw
   * adapter. Never holds a token.
   */
  readonly openim?: ReportOpenIm;
  /**
   * Outages: the target the VUs had reached was unreachable (refused, reset, TLS, DNS) for at least the
   * hang window; `endMs` null when it had not come back at the end (verdict `target-lost`). Absent in
   * older reports.
   */
  readonly outages?: readonly OutageRecord[];
  /**
   * Only with `--trials N`: every trial's outcome and what they say together
   * (hang rate with its interval, time to hang as a survival curve). The rest
   * of the report is the full report of one trial, `trials.detailTrial`: the
   * first that hung, else the first with the worst verdict, so the verdict
   * and exit code are the worst of any trial. Absent in a single run's report.
   */
  readonly trials?: ReportTrials;
}

/** A share of trials, k of n, with its 95% Wilson score interval. */
export interface ReportProportion {
  /** Trials with the outcome. */
  readonly k: number;
  /** Trials judged (interrupted ones left out). */
  readonly n: number;
  /** k / n (0 when n is 0). */
  readonly rate: number;
  /** 95% Wilson score interval, 0–1. */
  readonly low: number;
  readonly high: number;
}

/** One trial of a `--trials` run, summarised. */
export interface ReportTrial {
  /** 1-based. */
  readonly index: number;
  readonly startedAt: string;
  /** Run length in ms (the censoring time of a trial that did not hang). */
  readonly durationMs: number;
  readonly end: RunEnd;
  readonly verdict: VerdictStatus;
  readonly exitCode: number;
  /** ms from load start to the declared hang; null when it did not hang. */
  readonly timeToHangMs: number | null;
  /** ms from load start to the last progress before the hang (the wedge, as seen by the clients); null when it did not hang. */
  readonly stoppedProgressAtMs?: number | null;
  /** The hang's kind and title; null when it did not hang. */
  readonly hangKind: string | null;
  readonly hangTitle: string | null;
  /** VUs waiting per phase when the hang was declared (where it hung); empty when it did not hang. */
  readonly waitingByPhase: Readonly<Record<string, number>>;
  readonly iterations: number;
  readonly kicks: number;
  readonly errors: number;
  /** Ghost sessions after the drain check (0 when it was not run). */
  readonly ghosts: number;
}

/** One step of the Kaplan–Meier curve of time to hang. */
interface ReportSurvivalStep {
  /** ms from load start. */
  readonly atMs: number;
  /** Trials still running just before. */
  readonly atRisk: number;
  /** Trials that hung at `atMs`. */
  readonly hung: number;
  /** Estimated share of trials not hung by `atMs`, 0–1. */
  readonly survival: number;
}

/** The `trials` section of a `--trials` report. */
export interface ReportTrials {
  /** `--trials N`. */
  readonly planned: number;
  /** `--until-hang`: the trials stopped at the first hang. */
  readonly untilHang: boolean;
  /** `--between-trials`, ms. */
  readonly betweenTrialsMs: number;
  /** Why fewer than `planned` ran (`until-hang`, `interrupted`, or `error`: a trial failed to run or its embedded gateway died; the trials before it are kept); null when all ran. */
  readonly stoppedEarly: 'until-hang' | 'interrupted' | 'error' | null;
  /** The trial whose full report this report's body is (1-based). */
  readonly detailTrial: number;
  /** Trials that hung, of those judged. */
  readonly hang: ReportProportion;
  /** Trials that did not hang but left ghost sessions after the drain check (a hung gateway cannot drain: its ghosts are not a leak of their own). */
  readonly leak: ReportProportion;
  /** Time to hang over the trials (Kaplan–Meier; trials that did not hang are censored at their duration). */
  readonly survival: {
    readonly steps: readonly ReportSurvivalStep[];
    /** ms by which half the trials are estimated to have hung; null when fewer than half did. */
    readonly medianMs: number | null;
    /** Estimated share still not hung after the last trial's end, 0–1. */
    readonly aliveAtEnd: number;
  };
  /** Every trial, in order (interrupted ones included, marked by their verdict). */
  readonly list: readonly ReportTrial[];
}

/** The release-dependent choices of an openim run (§14.1, §14.2). */
export interface ReportOpenIm {
  /** `--openim-version` (`auto` or a release line). */
  readonly version: string;
  /** `user-token` (≤ v3.8.1) or `admin-token` (≥ v3.8.2); null when tokens did not come from the REST API. */
  readonly tokenFlow: 'user-token' | 'admin-token' | null;
  /** true when `auto` chose the flow by probing `get_admin_token`. */
  readonly detected: boolean;
  /** Connections were made with `isMsgResp=true`. */
  readonly msgResp: boolean;
  /** The IM admin user ID asked for an admin token (used only by the admin-token flow). */
  readonly adminUser: string;
}

/** The part of the user pool one run drove (`--shard I/N`). */
interface ReportRunShard {
  /** I, from 0. */
  readonly index: number;
  /** N. */
  readonly count: number;
  /** The global indices this shard drove are index, index + count, …: this many of them. */
  readonly users: number;
}
