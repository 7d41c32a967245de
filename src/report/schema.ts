/**
 * The report: the one plain, versioned, JSON-serialisable object every
 * renderer, `compare` and `merge` read (house-style.md principle 2). The
 * README documents the format field by field from the TSDoc below.
 *
 * One declaration per section gives both the TypeScript type (`Infer<…>`)
 * and the check a file read back gets (`reportShapeIssues`, shape.ts), so the
 * two cannot drift (schema-kit.ts). The report owns its types: it imports no
 * engine, gateway or protocol module; build.ts alone translates the engine's
 * result into it, and the compiler checks that translation field by field.
 *
 * Adding a field: one line in the section's `obj({…})`, `optional(…)` (older
 * reports lack it), with its TSDoc; then fill it in build.ts (and merge.ts
 * when a merged report has it). No version bump.
 *
 * Compatibility: {@link REPORT_SCHEMA_VERSION} is bumped whenever a field is
 * removed, renamed or changes meaning; adding a field does not bump it.
 * Readers refuse a version they do not know (see `readReport`).
 */
import { PHASES } from '../metrics/phases.js';
import type { ErrorKind } from '../catalog/error-kinds.js';
import type { GatewayMode } from '../catalog/gateway-modes.js';
import type { HangKind } from '../catalog/hang-kinds.js';
import type { TimelineSeries } from '../catalog/timeline-series.js';
import { anything, arr, bool, counts, someCounts, dict, keyed, lit, nullable, num, obj, oneOf, optional, str, strings, type Infer } from './schema-kit.js';

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

/** Every way a run ends (the engine's ends; build.ts fails to compile if it has one more). */
export const runEnds = ['completed', 'hang-abort', 'interrupted', 'target-unavailable'] as const;
/** How a run ended. */
export type RunEnd = (typeof runEnds)[number];

/** Closed set of verdicts, in precedence order (the first that applies wins; verdict.ts). */
export const verdictStatuses = ['interrupted', 'hang', 'target-lost', 'target-unavailable', 'leak', 'thresholds-failed', 'ok'] as const;
export type VerdictStatus = (typeof verdictStatuses)[number];

/** Comparisons a threshold can make. */
export type ThresholdOp = '<' | '<=' | '>' | '>=';

// ---- the tool, the target, the machine -------------------------------------------------------

const tool = obj({
  /** Always `imstress`. */
  name: str(),
  /** Its package version, e.g. `0.1.0`. */
  version: str(),
});
/** The tool that wrote the report. */
export type ReportTool = Infer<typeof tool>;

const target = obj({
  /** `url`: a gateway the user named; `embedded`: the reference gateway started in a child process. */
  kind: str<'url' | 'embedded'>(),
  /** The WebSocket URL the virtual users connected to (for `embedded`, the child's loopback URL, when known). */
  url: optional(str()),
  /** The embedded gateway's mode (`v3.5.1`, `blog-fix`, `v3.8`); only for `embedded`. */
  gatewayMode: optional(str<GatewayMode>()),
  /** True when the target was the embedded reference gateway. */
  embedded: bool(),
});
/** What was tested. */
export type ReportTarget = Infer<typeof target>;

const environment = obj({
  /** Node.js version, e.g. `v20.19.0`. */
  node: str(),
  /** `process.platform`, e.g. `linux`. */
  platform: str(),
  /** `process.arch`, e.g. `x64`. */
  arch: str(),
  /** Logical CPUs of the load generator. */
  cpus: num(),
  /** Host name of the load generator (tells shards apart after `merge`). */
  hostname: str(),
  /** Process ID of the load generator. */
  pid: num(),
});
/** The machine and process that generated the load. */
export type ReportEnvironment = Infer<typeof environment>;

// ---- the verdict and thresholds --------------------------------------------------------------

const dominantError = obj({
  /** The error kind (`protocol-error`, …). */
  kind: str(),
  /** How many errors of that kind. */
  count: num(),
  /** True when not one iteration succeeded. */
  every: bool(),
  /** The sentence the summaries show, e.g. `every reply undecodable: protocol-error 11,136`. */
  text: str(),
});
/** A run dominated by one error kind (issue #17.4): named in the verdict instead of a hang kind. */
export type DominantError = Infer<typeof dominantError>;

const verdict = obj({
  /** The outcome that won by precedence. */
  status: oneOf(verdictStatuses),
  /** The process exit code for `status` (design.md table: 0, 3, 4, 5, 7 or 130). */
  exitCode: num(),
  /**
   * Every outcome that applied, most important first, as one sentence each
   * (a hang run that also breached thresholds lists both; `status` is the
   * first). Empty when the status is `ok` and nothing else applied.
   */
  reasons: strings(),
  /**
   * The one error kind that made up the run, when one did (see verdict.ts `dominantError`); absent
   * otherwise and in reports written before it existed.
   */
  dominantError: optional(dominantError),
});
/** How a run is judged. */
export type Verdict = Infer<typeof verdict>;

const threshold = obj({
  /** As the user wrote it, e.g. `reply.p99<200ms`. */
  source: str(),
  /** `<phase>.<stat>`, `errors.rate`, `errors.count`, `iterations.rate` or `iterations.count`. */
  metric: str(),
  /** Comparison that must hold: `actual op value`. */
  op: str<ThresholdOp>(),
  /** The limit: ms for latencies, a ratio (0–1) for `errors.rate`, a number otherwise. */
  value: num(),
  /** The measured value in the same unit (latencies: raw, uncorrected); null when the metric is unknown or had no samples to read. */
  actual: nullable(num()),
  /** Whether `actual op value` held; false when `actual` is null. */
  passed: bool(),
});
/** One threshold as evaluated at the end of a run. */
export type ThresholdEvaluation = Infer<typeof threshold>;
/** One threshold as evaluated at the end of the run (fields documented on {@link ThresholdEvaluation}). */
export type ReportThreshold = ThresholdEvaluation;

// ---- counts, rates, phases, errors -----------------------------------------------------------

const totals = obj({
  /** Complete virtual-user iterations (connect → send → receive → disconnect). */
  iterations: num(),
  /** Connection attempts. */
  connects: num(),
  /** Completed handshakes. */
  handshakes: num(),
  /** Replies received. */
  replies: num(),
  /** Pushes received (send-message to another virtual user). */
  pushes: num(),
  /** Completed close handshakes. */
  closes: num(),
  /** Sessions kicked by the server (OpenIM 2002); counted, not tool failures. */
  kicks: num(),
  /** Errors of every kind (see `errors.byKind`). */
  errors: num(),
  /** Iterations stuck closed-loop VUs would have run at their usual pace (coordinated omission). */
  missedIterationsEstimate: num(),
});
/** Counts over the whole run. */
export type ReportTotals = Infer<typeof totals>;

const rates = obj({
  /** Iterations per second of run time. */
  iterationsPerSec: num(),
  /** errors / (iterations + errors): the share of iteration attempts that ended in an error, 0–1. */
  errorRate: num(),
});
/** Rates over the whole run. */
export type ReportRates = Infer<typeof rates>;

const summary = obj({ count: num(), min: num(), mean: num(), p50: num(), p90: num(), p99: num(), p999: num(), max: num() });
/** Percentiles of one phase, in ms. */
export type ReportSummary = Infer<typeof summary>;

const phase = obj({
  /** Percentiles of what was measured. */
  raw: summary,
  /** Percentiles with coordinated-omission correction (the samples stuck VUs would have taken). */
  corrected: summary,
  /** The raw histogram, HDR V2 compressed base64 (µs, 1 µs – 1 h): merge and re-analyse exactly. */
  histogram: str(),
  /** The corrected histogram, same encoding. */
  correctedHistogram: str(),
  /** Raw values outside [0, 1 h] that were clamped into the range (carry it when decoding `histogram`). */
  clamped: num(),
});
/** One measured phase. All times in milliseconds, at histogram resolution (3 significant digits). */
export type ReportPhase = Infer<typeof phase>;

const errorSample = obj({
  /** ms since the run started. */
  atMs: num(),
  kind: str<ErrorKind>(),
  userID: str(),
  message: str(),
});
/** One error as sampled (the first ones of a run, bounded). */
export type ReportErrorSample = Infer<typeof errorSample>;

const errors = obj({
  /** Count per error kind; every kind is present (0 when none). See `errorKindMeaning`. */
  byKind: counts<ErrorKind>(),
  /** The first errors seen (bounded), with time, user and message. */
  samples: arr(errorSample),
});
/** Errors of the run. */
export type ReportErrors = Infer<typeof errors>;

// ---- timeline, stalls, hang, drain, outages --------------------------------------------------

const timelineSample = obj({
  /** The end of its slot, ms since the run started. */
  tMs: num(),
  /** The series values seen in it (a series may be absent: `stuck` in older reports). */
  values: someCounts<TimelineSeries>(),
});
const timeline = obj({
  /** The interval the samples are at now (the configured one × 2^downsamplings). */
  intervalMs: num(),
  baseIntervalMs: num(),
  startMs: num(),
  /** Each series' kind: `counter` (summed over a slot) or `gauge` (last value). */
  kinds: dict(str<'counter' | 'gauge'>()),
  samples: arr(timelineSample),
});
/** Per-interval samples of the run. */
export type ReportTimeline = Infer<typeof timeline>;
/** One timeline sample. */
export type ReportTimelineSample = Infer<typeof timelineSample>;

const stall = obj({
  startMs: num(),
  lengthMs: num(),
  /** VUs waiting per phase during the pause. */
  phases: counts(),
  /** This is the pause declared a hang. */
  wasHang: bool(),
});
/** A pause in progress. */
export type ReportStall = Infer<typeof stall>;

const waitSample = obj({
  userID: str(),
  /** The VU phase it waits in (`connecting`, `awaiting-reply`, …). */
  phase: str(),
  /** how long the current wait has lasted (at most its timeout: a VU retries after each one) */
  waitedMs: num(),
  /** the connection got its 101 and never a reply */
  openSilent: bool(),
  /** how long since this VU last got a reply or a push or finished an iteration (or since it started); absent in reports before 0.2 */
  noProgressMs: optional(num()),
  /** errors (timeouts, kicks, closes…) since that progress: the attempts it has already given up on; absent before 0.2 */
  failedAttempts: optional(num()),
});
/** One waiting VU, for the "oldest waits" evidence. */
export type ReportWaitSample = Infer<typeof waitSample>;

const dump = obj({
  /** Where it came from (`pprof`, the embedded gateway's task dump). */
  source: str(),
  text: str(),
  /** Cut at the probe's cap. */
  truncated: bool(),
});
/** A goroutine or task dump as kept in a report. */
export type ReportDump = Infer<typeof dump>;

const digestGroup = obj({
  /** The digest line (count, state, wait, chain, site, notes). */
  line: str(),
  state: str(),
  count: num(),
  /** Some of its goroutine ids (at most 50), lowest first. */
  ids: arr(num()),
  /** Members blocked at the same place in the later dump; null without one. */
  stuck: nullable(num()),
  /** A lone blocked goroutine (keystone candidate). */
  keystone: bool(),
  waitingOn: nullable(str()),
  /** `func (file:line)`, innermost first; the creator last as `created by …`. */
  stack: strings(),
});
const digest = obj({
  /** `stuck`, `none-stuck`, or `cannot-tell` (one dump). */
  verdict: str<'stuck' | 'none-stuck' | 'cannot-tell'>(),
  /** The explanation in words, most important first. */
  sentences: strings(),
  /** Goroutines in the hang dump. */
  total: num(),
  /** Ranked, what explains most first. */
  groups: arr(digestGroup),
  /** Groups beyond the ones kept. */
  groupsOmitted: num(),
  /** Whether a baseline (before the load) and a later dump were compared. */
  baseline: bool(),
  later: bool(),
});
/** The digest and diff of the hang's dumps (`hang.digest`; absent in reports before 0.4). */
export type ReportHangDigest = Infer<typeof digest>;

const hang = obj({
  kind: str<HangKind>(),
  title: str(),
  explanation: str(),
  /** ms since the run started */
  atMs: num(),
  noProgressSinceMs: num(),
  waitingByPhase: counts(),
  openSilent: num(),
  openConnections: num(),
  serverOnline: nullable(num()),
  serverOnlineFrozen: nullable(bool()),
  oldestWaits: arr(waitSample),
  /** Go goroutine dump (pprof debug=2) or the embedded gateway's task dump; truncated */
  dump: nullable(dump),
  /** the embedded gateway's /stats at the hang, when available (kept for people, not read back) */
  serverStats: anything(),
  /** the dump taken before the load began (for the diff); absent before 0.4, null when none */
  baselineDump: optional(nullable(dump)),
  /** the dump taken --evidence-gap after `dump` (stuck vs slow); absent before 0.4, null when none */
  laterDump: optional(nullable(dump)),
  /** the dumps digested and diffed (src/explain); absent before 0.4, null without a dump */
  digest: optional(nullable(digest)),
});
/** Evidence captured once, when a hang is declared. */
export type ReportHang = Infer<typeof hang>;

const drain = obj({
  checked: bool(),
  /** Why the check was not made (absent when `checked`, and in reports before 0.2): no online count to read, or Ctrl-C cut it short. */
  notCheckedBecause: optional(str<'no-online-count' | 'interrupted'>()),
  baseline: nullable(num()),
  final: nullable(num()),
  /** final − baseline when positive: users the server believes online with no client */
  ghosts: num(),
  waitedMs: num(),
});
/** The drain check after load. */
export type ReportDrain = Infer<typeof drain>;

const outage = obj({
  /** the first failed connect after which no VU reached the target */
  startMs: num(),
  /** the first handshake after it; null: still unreachable when the run ended */
  endMs: nullable(num()),
  /** how long it lasted (to the end of the run when still open) */
  lengthMs: num(),
  /** the connect failures during it, by kind */
  errorsByKind: someCounts<ErrorKind>(),
});
/** An outage: the target the VUs had reached was unreachable for at least the hang window. */
export type ReportOutage = Infer<typeof outage>;


const coordinatedOmission = obj({
  /** Plain-language statement of the issue and of what this run's numbers mean. */
  note: str(),
  /** Which numbers are raw: `phases.*.raw` and `phases.*.histogram`, as measured. */
  raw: str(),
  /** Which numbers are corrected and how: `phases.*.corrected` and `phases.*.correctedHistogram`. */
  corrected: str(),
  /** Iterations stuck VUs would have run at their usual pace (same as `totals.missedIterationsEstimate`). */
  missedIterationsEstimate: num(),
});
/** How coordinated omission is accounted for (design.md "What is measured"). */
export type ReportCoordinatedOmission = Infer<typeof coordinatedOmission>;

// ---- shards, openim, trials -------------------------------------------------------------------

const runShard = obj({
  /** I, from 0. */
  index: num(),
  /** N. */
  count: num(),
  /** The global indices this shard drove are index, index + count, …: this many of them. */
  users: num(),
});
/** The part of the user pool one run drove (`--shard I/N`). */
export type ReportRunShard = Infer<typeof runShard>;

const shard = obj({
  /** The shard's report file, as given to `imstress merge`. */
  file: str(),
  /** Host name of the machine that ran it. */
  hostname: str(),
  /** When its load started, ISO 8601 UTC. */
  startedAt: str(),
  /** Its start on the merged timeline: ms after the earliest shard's `startedAt`. */
  offsetMs: num(),
  /** Its run length in ms. */
  durationMs: num(),
  /** Its own verdict (the merged one is the worst of these, by precedence). */
  verdict,
  /** Its completed iterations. */
  iterations: num(),
  /** Process ID of its load generator (with `hostname` and `startedAt`, tells a report given twice). Absent in older merged reports. */
  pid: optional(num()),
  /** Its part of the user pool (`--shard I/N`), null for an unsharded run. Absent in older merged reports. */
  shard: optional(nullable(runShard)),
});
/** One shard of a merged report (`imstress merge`), with its own verdict. */
export type ReportShard = Infer<typeof shard>;

const openim = obj({
  /** `--openim-version` (`auto` or a release line). */
  version: str(),
  /** `user-token` (≤ v3.8.1) or `admin-token` (≥ v3.8.2); null when tokens did not come from the REST API. */
  tokenFlow: nullable(str<'user-token' | 'admin-token'>()),
  /** true when `auto` chose the flow by probing `get_admin_token`. */
  detected: bool(),
  /** Connections were made with `isMsgResp=true`. */
  msgResp: bool(),
  /** The IM admin user ID asked for an admin token (used only by the admin-token flow). */
  adminUser: str(),
});
/** The release-dependent choices of an openim run (§14.1, §14.2). */
export type ReportOpenIm = Infer<typeof openim>;

const proportion = obj({
  /** Trials with the outcome. */
  k: num(),
  /** Trials judged (interrupted ones left out). */
  n: num(),
  /** k / n (0 when n is 0). */
  rate: num(),
  /** 95% Wilson score interval, 0–1. */
  low: num(),
  high: num(),
});
/** A share of trials, k of n, with its 95% Wilson score interval. */
export type ReportProportion = Infer<typeof proportion>;

const trial = obj({
  /** 1-based. */
  index: num(),
  startedAt: str(),
  /** Run length in ms (the censoring time of a trial that did not hang). */
  durationMs: num(),
  end: str<RunEnd>(),
  verdict: str<VerdictStatus>(),
  exitCode: num(),
  /** ms from load start to the declared hang; null when it did not hang. */
  timeToHangMs: nullable(num()),
  /** ms from load start to the last progress before the hang (the wedge, as seen by the clients); null when it did not hang. */
  stoppedProgressAtMs: optional(nullable(num())),
  /** The hang's kind and title; null when it did not hang. */
  hangKind: nullable(str()),
  hangTitle: nullable(str()),
  /** VUs waiting per phase when the hang was declared (where it hung); empty when it did not hang. */
  waitingByPhase: counts(),
  iterations: num(),
  kicks: num(),
  errors: num(),
  /** Ghost sessions after the drain check (0 when it was not run). */
  ghosts: num(),
});
/** One trial of a `--trials` run, summarised. */
export type ReportTrial = Infer<typeof trial>;

const survivalStep = obj({
  /** ms from load start. */
  atMs: num(),
  /** Trials still running just before. */
  atRisk: num(),
  /** Trials that hung at `atMs`. */
  hung: num(),
  /** Estimated share of trials not hung by `atMs`, 0–1. */
  survival: num(),
});
/** One step of the Kaplan–Meier curve of time to hang. */
export type ReportSurvivalStep = Infer<typeof survivalStep>;

const trials = obj({
  /** `--trials N`. */
  planned: num(),
  /** `--until-hang`: the trials stopped at the first hang. */
  untilHang: bool(),
  /** `--between-trials`, ms. */
  betweenTrialsMs: num(),
  /** Why fewer than `planned` ran (`until-hang`, `interrupted`, or `error`: a trial failed to run or its embedded gateway died; the trials before it are kept); null when all ran. */
  stoppedEarly: nullable(str<'until-hang' | 'interrupted' | 'error'>()),
  /** The trial whose full report this report's body is (1-based). */
  detailTrial: num(),
  /** Trials that hung, of those judged. */
  hang: proportion,
  /** Trials that did not hang but left ghost sessions after the drain check (a hung gateway cannot drain: its ghosts are not a leak of their own). */
  leak: proportion,
  /** Time to hang over the trials (Kaplan–Meier; trials that did not hang are censored at their duration). */
  survival: obj({
    steps: arr(survivalStep),
    /** ms by which half the trials are estimated to have hung; null when fewer than half did. */
    medianMs: nullable(num()),
    /** Estimated share still not hung after the last trial's end, 0–1. */
    aliveAtEnd: num(),
  }),
  /** Every trial, in order (interrupted ones included, marked by their verdict). */
  list: arr(trial),
});
/** The `trials` section of a `--trials` report. */
export type ReportTrials = Infer<typeof trials>;

// ---- the report -------------------------------------------------------------------------------

/** The whole report, as declared: its type is {@link Report}; shape.ts checks files against it. */
export const reportSchema = obj({
  /** Always `imstress-report`: marks the file as an imstress report. */
  schema: lit(REPORT_SCHEMA_NAME),
  /** Format version, {@link REPORT_SCHEMA_VERSION} (older readable versions are upgraded in memory on reading). */
  version: lit(REPORT_SCHEMA_VERSION),
  /** The tool and version that wrote it. */
  tool,
  /** Scenario name (the scenario file's name, or `run`); prefix of the default report file name. */
  scenario: str(),
  /** When the load started, ISO 8601 UTC. */
  startedAt: str(),
  /** Run length in ms, from load start to the end of load (drain check excluded). */
  durationMs: num(),
  /** True when Ctrl-C / SIGTERM stopped the run: the report is partial. */
  interrupted: bool(),
  /** How the run ended: `completed`, `hang-abort` (`--on-hang abort`), `interrupted` or `target-unavailable`. */
  end: oneOf(runEnds),
  /** What was tested. */
  target,
  /** Where the load was generated. */
  environment,
  /** The effective configuration (defaults < scenario < flags), secrets redacted. */
  config: dict(anything()),
  /** The judgement and exit code of the run. */
  verdict,
  /** Counts over the whole run. */
  totals,
  /** Rates over the whole run. */
  rates,
  /** Per measured phase (`handshake`, `reply`, `push`, `close`, `iteration`, `stall`): percentiles and histograms. */
  phases: keyed(PHASES, phase, 'missing: expected raw/corrected summaries and encoded histograms'),
  /** Errors by kind and samples. */
  errors,
  /** Per-interval samples (≥ 1 per second, downsampled on long runs) of connections, progress, waiting VUs, errors. */
  timeline,
  /** Pauses in progress (`wasHang` marks the one declared a hang), with start, length and the phases VUs waited in. */
  stalls: arr(stall),
  /** Evidence captured when a hang was declared (stuck breakdown, oldest waits, dump); null when none was. */
  hang: nullable(hang),
  /** The drain check after load: the server's online count against its baseline; `ghosts` > 0 is a leak. */
  drain,
  /** Every threshold with its measured value. */
  thresholds: arr(threshold),
  /** VUs still waiting when the run ended, by phase (their waits are recorded in the `stall` phase). */
  unfinishedByPhase: counts(),
  /** Which numbers are raw and which corrected for coordinated omission. */
  coordinatedOmission,
  /**
   * Only in reports written by `imstress merge`: the shards merged, in the
   * order given, each with its own verdict. Absent in a single run's report.
   * (Optional field added without a version bump: older readers ignore it.)
   */
  shards: optional(arr(shard)),
  /**
   * Only in reports written by `imstress merge`, when there is something to
   * know about the merge itself: shards missing from an `--shard I/N` set,
   * drain checks of one shared server that do not add up. Absent otherwise.
   */
  notes: optional(strings()),
  /**
   * The part of the user pool this run drove (`--shard I/N`: the users whose
   * index ≡ I mod N, `users` of them), or null for the whole pool. Absent in
   * reports written before shards existed.
   */
  shard: optional(nullable(runShard)),
  /** Worker threads the virtual users ran in (1: the CLI's own thread). Absent in older reports. */
  workers: optional(num()),
  /**
   * How imstress spoke to this OpenIM release (openim-protocol.md §14): the token flow it
   * used and whether it connected with isMsgResp. Absent in older reports and for the raw
   * adapter. Never holds a token.
   */
  openim: optional(openim),
  /**
   * Outages: the target the VUs had reached was unreachable (refused, reset, TLS, DNS) for at least the
   * hang window; `endMs` null when it had not come back at the end (verdict `target-lost`). Absent in
   * older reports.
   */
  outages: optional(arr(outage)),
  /**
   * Only with `--trials N`: every trial's outcome and what they say together
   * (hang rate with its interval, time to hang as a survival curve). The rest
   * of the report is the full report of one trial, `trials.detailTrial`: the
   * first that hung, else the first with the worst verdict, so the verdict
   * and exit code are the worst of any trial. Absent in a single run's report.
   */
  trials: optional(trials),
});

/** An imstress run report (format version {@link REPORT_SCHEMA_VERSION}). */
export type Report = Infer<typeof reportSchema>;

