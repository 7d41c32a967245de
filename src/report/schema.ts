/**
 * The report: the one plain, versioned, JSON-serialisable object every
 * renderer, `compare` and `merge` read (house-style.md principle 2). The
 * README documents the format field by field from the TSDoc below.
 *
 * One zod schema per section gives both the TypeScript type (`z.infer<…>`)
 * and the check a file read back gets (`reportShapeIssues`, shape.ts: the
 * schema's parse, its issues worded by src/validation/schema.ts), so the two
 * cannot drift. The report owns its types: it imports no engine, gateway or
 * protocol module; build.ts alone translates the engine's result into it,
 * and the compiler checks that translation field by field.
 *
 * The check is what a reader needs, not what a writer promises: closed
 * string sets are checked as strings ({@link open}: a renderer meets an
 * unknown kind with its fallback text, not a TypeError) unless declared with
 * `z.enum` (verdicts and run ends: exit codes and precedence depend on them);
 * counts tables are objects of numbers whatever their keys ({@link counts});
 * a field older files lack is `z.exactOptional` (absent, never
 * `undefined`: JSON has none); unknown keys are tolerated (a
 * newer writer may add some; the reader keeps the file as it is, it does not
 * use zod's stripped copy).
 *
 * Adding a field: one line in the section's `z.object({…})`, `z.exactOptional(…)`
 * (older reports lack it), with its TSDoc; then fill it in build.ts (and
 * merge.ts when a merged report has it). No version bump.
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
import { z } from '../validation/schema.js';

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

/**
 * A string whose type is the closed set `T` that the check does not enforce
 * (an error kind, a hang kind): readers fall back on unknown ones, so a newer
 * writer's kind does not make an older reader refuse the file.
 */
const open = <T extends string = string>(): z.ZodType<T, string> => z.string() as unknown as z.ZodType<T, string>;

/**
 * A list, typed readonly: readers never change a report, and writers hand
 * over the readonly arrays the engine keeps.
 */
const list = <T extends z.ZodType>(element: T) => z.array(element).readonly();

/** An object of finite numbers, whatever its keys; `K` names the keys a writer puts in (all of them). */
const counts = <K extends string = string>(): z.ZodType<Readonly<Record<K, number>>, Record<string, number>> =>
  z.record(z.string(), z.number()) as unknown as z.ZodType<Readonly<Record<K, number>>, Record<string, number>>;

/** Like {@link counts}, but a writer may leave keys out (a timeline sample, an outage's kinds). */
const someCounts = <K extends string = string>(): z.ZodType<Readonly<Partial<Record<K, number>>>, Record<string, number>> =>
  z.record(z.string(), z.number()) as unknown as z.ZodType<Readonly<Partial<Record<K, number>>>, Record<string, number>>;

// ---- the tool, the target, the machine -------------------------------------------------------

const tool = z.object({
  /** Always `imstress`. */
  name: z.string(),
  /** Its package version, e.g. `0.1.0`. */
  version: z.string(),
});
/** The tool that wrote the report. */
export type ReportTool = z.infer<typeof tool>;

const target = z.object({
  /** `url`: a gateway the user named; `embedded`: the reference gateway started in a child process. */
  kind: open<'url' | 'embedded'>(),
  /** The WebSocket URL the virtual users connected to (for `embedded`, the child's loopback URL, when known). */
  url: z.exactOptional(z.string()),
  /** The embedded gateway's mode (`v3.5.1`, `blog-fix`, `v3.8`); only for `embedded`. */
  gatewayMode: z.exactOptional(open<GatewayMode>()),
  /** True when the target was the embedded reference gateway. */
  embedded: z.boolean(),
});
/** What was tested. */
export type ReportTarget = z.infer<typeof target>;

const environment = z.object({
  /** Node.js version, e.g. `v20.19.0`. */
  node: z.string(),
  /** `process.platform`, e.g. `linux`. */
  platform: z.string(),
  /** `process.arch`, e.g. `x64`. */
  arch: z.string(),
  /** Logical CPUs of the load generator. */
  cpus: z.number(),
  /** Host name of the load generator (tells shards apart after `merge`). */
  hostname: z.string(),
  /** Process ID of the load generator. */
  pid: z.number(),
});
/** The machine and process that generated the load. */
export type ReportEnvironment = z.infer<typeof environment>;

// ---- the verdict and thresholds --------------------------------------------------------------

const dominantError = z.object({
  /** The error kind (`protocol-error`, …). */
  kind: z.string(),
  /** How many errors of that kind. */
  count: z.number(),
  /** True when not one iteration succeeded. */
  every: z.boolean(),
  /** The sentence the summaries show, e.g. `every reply undecodable: protocol-error 11,136`. */
  text: z.string(),
});
/** A run dominated by one error kind (issue #17.4): named in the verdict instead of a hang kind. */
export type DominantError = z.infer<typeof dominantError>;

const verdict = z.object({
  /** The outcome that won by precedence. */
  status: z.enum(verdictStatuses),
  /** The process exit code for `status` (design.md table: 0, 3, 4, 5, 7 or 130). */
  exitCode: z.number(),
  /**
   * Every outcome that applied, most important first, as one sentence each
   * (a hang run that also breached thresholds lists both; `status` is the
   * first). Empty when the status is `ok` and nothing else applied.
   */
  reasons: list(z.string()),
  /**
   * The one error kind that made up the run, when one did (see verdict.ts `dominantError`); absent
   * otherwise and in reports written before it existed.
   */
  dominantError: z.exactOptional(dominantError),
});
/** How a run is judged. */
export type Verdict = z.infer<typeof verdict>;

const threshold = z.object({
  /** As the user wrote it, e.g. `reply.p99<200ms`. */
  source: z.string(),
  /** `<phase>.<stat>`, `errors.rate`, `errors.count`, `iterations.rate` or `iterations.count`. */
  metric: z.string(),
  /** Comparison that must hold: `actual op value`. */
  op: open<ThresholdOp>(),
  /** The limit: ms for latencies, a ratio (0–1) for `errors.rate`, a number otherwise. */
  value: z.number(),
  /** The measured value in the same unit (latencies: raw, uncorrected); null when the metric is unknown or had no samples to read. */
  actual: z.nullable(z.number()),
  /** Whether `actual op value` held; false when `actual` is null. */
  passed: z.boolean(),
});
/** One threshold as evaluated at the end of a run. */
export type ThresholdEvaluation = z.infer<typeof threshold>;
/** One threshold as evaluated at the end of the run (fields documented on {@link ThresholdEvaluation}). */
export type ReportThreshold = ThresholdEvaluation;

// ---- counts, rates, phases, errors -----------------------------------------------------------

const totals = z.object({
  /** Complete virtual-user iterations (connect → send → receive → disconnect). */
  iterations: z.number(),
  /** Connection attempts. */
  connects: z.number(),
  /** Completed handshakes. */
  handshakes: z.number(),
  /** Replies received. */
  replies: z.number(),
  /** Pushes received (send-message to another virtual user). */
  pushes: z.number(),
  /** Completed close handshakes. */
  closes: z.number(),
  /** Sessions kicked by the server (OpenIM 2002); counted, not tool failures. */
  kicks: z.number(),
  /** Errors of every kind (see `errors.byKind`). */
  errors: z.number(),
  /** Iterations stuck closed-loop VUs would have run at their usual pace (coordinated omission). */
  missedIterationsEstimate: z.number(),
  /** Connect attempts, every dial begun (#18); absent in reports written before it. */
  attempts: z.exactOptional(z.number()),
  /** Dials still unanswered when the end's grace ran out, destroyed (#18). */
  abandoned: z.exactOptional(z.number()),
  /** Connections that ended with a close handshake the server answered (#18). */
  closedCleanly: z.exactOptional(z.number()),
  /** Connections whose close the server did not answer within `--close-timeout` (#18). */
  closedByTimeout: z.exactOptional(z.number()),
  /** Connections the tool cut without a close frame (#18). */
  cut: z.exactOptional(z.number()),
  /** Connections the server closed (or dropped) first (#18). */
  closedByServer: z.exactOptional(z.number()),
});
/** Counts over the whole run. */
export type ReportTotals = z.infer<typeof totals>;

const rates = z.object({
  /** Iterations per second of run time. */
  iterationsPerSec: z.number(),
  /** errors / (iterations + errors): the share of iteration attempts that ended in an error, 0–1. */
  errorRate: z.number(),
});
/** Rates over the whole run. */
export type ReportRates = z.infer<typeof rates>;

const summary = z.object({
  count: z.number(),
  min: z.number(),
  mean: z.number(),
  p50: z.number(),
  p90: z.number(),
  p99: z.number(),
  p999: z.number(),
  max: z.number(),
});
/** Percentiles of one phase, in ms. */
export type ReportSummary = z.infer<typeof summary>;

const phase = z.object(
  {
    /** Percentiles of what was measured. */
    raw: summary,
    /** Percentiles with coordinated-omission correction (the samples stuck VUs would have taken). */
    corrected: summary,
    /** The raw histogram, HDR V2 compressed base64 (µs, 1 µs – 1 h): merge and re-analyse exactly. */
    histogram: z.string(),
    /** The corrected histogram, same encoding. */
    correctedHistogram: z.string(),
    /** Raw values outside [0, 1 h] that were clamped into the range (carry it when decoding `histogram`). */
    clamped: z.number(),
    // Only ever under `phases`, where every renderer reads every phase: one absent (or not an object) is named as missing.
  },
  { error: 'missing: expected raw/corrected summaries and encoded histograms' },
);
/** One measured phase. All times in milliseconds, at histogram resolution (3 significant digits). */
export type ReportPhase = z.infer<typeof phase>;

/** Every measured phase, each required (other keys are tolerated). */
const phases = z.object(Object.fromEntries(PHASES.map((p) => [p, phase])) as Record<(typeof PHASES)[number], typeof phase>);

const errorSample = z.object({
  /** ms since the run started. */
  atMs: z.number(),
  kind: open<ErrorKind>(),
  userID: z.string(),
  message: z.string(),
});
/** One error as sampled (the first ones of a run, bounded). */
export type ReportErrorSample = z.infer<typeof errorSample>;

const errors = z.object({
  /** Count per error kind; every kind is present (0 when none). See `errorKindMeaning`. */
  byKind: counts<ErrorKind>(),
  /** The first errors seen (bounded), with time, user and message. */
  samples: list(errorSample),
});
/** Errors of the run. */
export type ReportErrors = z.infer<typeof errors>;

// ---- timeline, stalls, hang, drain, outages --------------------------------------------------

const timelineSample = z.object({
  /** The end of its slot, ms since the run started. */
  tMs: z.number(),
  /** The series values seen in it (a series may be absent: `stuck` in older reports). */
  values: someCounts<TimelineSeries>(),
});
const timeline = z.object({
  /** The interval the samples are at now (the configured one × 2^downsamplings). */
  intervalMs: z.number(),
  baseIntervalMs: z.number(),
  startMs: z.number(),
  /** Each series' kind: `counter` (summed over a slot) or `gauge` (last value). */
  kinds: z.record(z.string(), open<'counter' | 'gauge'>()).readonly(),
  samples: list(timelineSample),
});
/** Per-interval samples of the run. */
export type ReportTimeline = z.infer<typeof timeline>;
/** One timeline sample. */
export type ReportTimelineSample = z.infer<typeof timelineSample>;

const stall = z.object({
  startMs: z.number(),
  lengthMs: z.number(),
  /** VUs waiting per phase during the pause. */
  phases: counts(),
  /** This is the pause declared a hang. */
  wasHang: z.boolean(),
});
/** A pause in progress. */
export type ReportStall = z.infer<typeof stall>;

const waitSample = z.object({
  userID: z.string(),
  /** The VU phase it waits in (`connecting`, `awaiting-reply`, …). */
  phase: z.string(),
  /** how long the current wait has lasted (at most its timeout: a VU retries after each one) */
  waitedMs: z.number(),
  /** the connection got its 101 and never a reply */
  openSilent: z.boolean(),
  /** how long since this VU last got a reply or a push or finished an iteration (or since it started); absent in reports before 0.2 */
  noProgressMs: z.exactOptional(z.number()),
  /** errors (timeouts, kicks, closes…) since that progress: the attempts it has already given up on; absent before 0.2 */
  failedAttempts: z.exactOptional(z.number()),
});
/** One waiting VU, for the "oldest waits" evidence. */
export type ReportWaitSample = z.infer<typeof waitSample>;

const dump = z.object({
  /** Where it came from (`pprof`, the embedded gateway's task dump). */
  source: z.string(),
  text: z.string(),
  /** Cut at the probe's cap. */
  truncated: z.boolean(),
});
/** A goroutine or task dump as kept in a report. */
export type ReportDump = z.infer<typeof dump>;

const digestGroup = z.object({
  /** The digest line (count, state, wait, chain, site, notes). */
  line: z.string(),
  state: z.string(),
  count: z.number(),
  /** Some of its goroutine ids (at most 50), lowest first. */
  ids: list(z.number()),
  /** Members blocked at the same place in the later dump; null without one. */
  stuck: z.nullable(z.number()),
  /** A lone blocked goroutine (keystone candidate). */
  keystone: z.boolean(),
  waitingOn: z.nullable(z.string()),
  /** `func (file:line)`, innermost first; the creator last as `created by …`. */
  stack: list(z.string()),
});
const digest = z.object({
  /** `stuck`, `none-stuck`, or `cannot-tell` (one dump). */
  verdict: open<'stuck' | 'none-stuck' | 'cannot-tell'>(),
  /** The explanation in words, most important first. */
  sentences: list(z.string()),
  /** Goroutines in the hang dump. */
  total: z.number(),
  /** Ranked, what explains most first. */
  groups: list(digestGroup),
  /** Groups beyond the ones kept. */
  groupsOmitted: z.number(),
  /** Whether a baseline (before the load) and a later dump were compared. */
  baseline: z.boolean(),
  later: z.boolean(),
});
/** The digest and diff of the hang's dumps (`hang.digest`; absent in reports before 0.4). */
export type ReportHangDigest = z.infer<typeof digest>;

const hang = z.object({
  kind: open<HangKind>(),
  title: z.string(),
  explanation: z.string(),
  /** ms since the run started */
  atMs: z.number(),
  noProgressSinceMs: z.number(),
  waitingByPhase: counts(),
  openSilent: z.number(),
  openConnections: z.number(),
  serverOnline: z.nullable(z.number()),
  serverOnlineFrozen: z.nullable(z.boolean()),
  oldestWaits: list(waitSample),
  /** Go goroutine dump (pprof debug=2) or the embedded gateway's task dump; truncated */
  dump: z.nullable(dump),
  /** the embedded gateway's /stats at the hang, when available (kept for people, not read back) */
  serverStats: z.unknown(),
  /** the dump taken before the load began (for the diff); absent before 0.4, null when none */
  baselineDump: z.exactOptional(z.nullable(dump)),
  /** the dump taken --evidence-gap after `dump` (stuck vs slow); absent before 0.4, null when none */
  laterDump: z.exactOptional(z.nullable(dump)),
  /** the dumps digested and diffed (src/explain); absent before 0.4, null without a dump */
  digest: z.exactOptional(z.nullable(digest)),
});
/** Evidence captured once, when a hang is declared. */
export type ReportHang = z.infer<typeof hang>;

const drain = z.object({
  checked: z.boolean(),
  /** Why the check was not made (absent when `checked`, and in reports before 0.2): no online count to read, or Ctrl-C cut it short. */
  notCheckedBecause: z.exactOptional(open<'no-online-count' | 'interrupted'>()),
  baseline: z.nullable(z.number()),
  final: z.nullable(z.number()),
  /** final − baseline when positive: users the server believes online with no client */
  ghosts: z.number(),
  waitedMs: z.number(),
});
/** The drain check after load. */
export type ReportDrain = z.infer<typeof drain>;

const outage = z.object({
  /** the first failed connect after which no VU reached the target */
  startMs: z.number(),
  /** the first handshake after it; null: still unreachable when the run ended */
  endMs: z.nullable(z.number()),
  /** how long it lasted (to the end of the run when still open) */
  lengthMs: z.number(),
  /** the connect failures during it, by kind */
  errorsByKind: someCounts<ErrorKind>(),
});
/** An outage: the target the VUs had reached was unreachable for at least the hang window. */
export type ReportOutage = z.infer<typeof outage>;

const coordinatedOmission = z.object({
  /** Plain-language statement of the issue and of what this run's numbers mean. */
  note: z.string(),
  /** Which numbers are raw: `phases.*.raw` and `phases.*.histogram`, as measured. */
  raw: z.string(),
  /** Which numbers are corrected and how: `phases.*.corrected` and `phases.*.correctedHistogram`. */
  corrected: z.string(),
  /** Iterations stuck VUs would have run at their usual pace (same as `totals.missedIterationsEstimate`). */
  missedIterationsEstimate: z.number(),
});
/** How coordinated omission is accounted for (design.md "What is measured"). */
export type ReportCoordinatedOmission = z.infer<typeof coordinatedOmission>;

// ---- shards, openim, trials -------------------------------------------------------------------

const runShard = z.object({
  /** I, from 0. */
  index: z.number(),
  /** N. */
  count: z.number(),
  /** The global indices this shard drove are index, index + count, …: this many of them. */
  users: z.number(),
});
/** The part of the user pool one run drove (`--shard I/N`). */
export type ReportRunShard = z.infer<typeof runShard>;

const shard = z.object({
  /** The shard's report file, as given to `imstress merge`. */
  file: z.string(),
  /** Host name of the machine that ran it. */
  hostname: z.string(),
  /** When its load started, ISO 8601 UTC. */
  startedAt: z.string(),
  /** Its start on the merged timeline: ms after the earliest shard's `startedAt`. */
  offsetMs: z.number(),
  /** Its run length in ms. */
  durationMs: z.number(),
  /** Its own verdict (the merged one is the worst of these, by precedence). */
  verdict,
  /** Its completed iterations. */
  iterations: z.number(),
  /** Process ID of its load generator (with `hostname` and `startedAt`, tells a report given twice). Absent in older merged reports. */
  pid: z.exactOptional(z.number()),
  /** Its part of the user pool (`--shard I/N`), null for an unsharded run. Absent in older merged reports. */
  shard: z.exactOptional(z.nullable(runShard)),
});
/** One shard of a merged report (`imstress merge`), with its own verdict. */
export type ReportShard = z.infer<typeof shard>;

const openim = z.object({
  /** `--openim-version` (`auto` or a release line). */
  version: z.string(),
  /** `user-token` (≤ v3.8.1) or `admin-token` (≥ v3.8.2); null when tokens did not come from the REST API. */
  tokenFlow: z.nullable(open<'user-token' | 'admin-token'>()),
  /** true when `auto` chose the flow by probing `get_admin_token`. */
  detected: z.boolean(),
  /** Connections were made with `isMsgResp=true`. */
  msgResp: z.boolean(),
  /** The IM admin user ID asked for an admin token (used only by the admin-token flow). */
  adminUser: z.string(),
});
/** The release-dependent choices of an openim run (§14.1, §14.2). */
export type ReportOpenIm = z.infer<typeof openim>;

const proportion = z.object({
  /** Trials with the outcome. */
  k: z.number(),
  /** Trials judged (interrupted ones left out). */
  n: z.number(),
  /** k / n (0 when n is 0). */
  rate: z.number(),
  /** 95% Wilson score interval, 0–1. */
  low: z.number(),
  high: z.number(),
});
/** A share of trials, k of n, with its 95% Wilson score interval. */
export type ReportProportion = z.infer<typeof proportion>;

const trial = z.object({
  /** 1-based. */
  index: z.number(),
  startedAt: z.string(),
  /** Run length in ms (the censoring time of a trial that did not hang). */
  durationMs: z.number(),
  end: open<RunEnd>(),
  verdict: open<VerdictStatus>(),
  exitCode: z.number(),
  /** ms from load start to the declared hang; null when it did not hang. */
  timeToHangMs: z.nullable(z.number()),
  /** ms from load start to the last progress before the hang (the wedge, as seen by the clients); null when it did not hang. */
  stoppedProgressAtMs: z.exactOptional(z.nullable(z.number())),
  /** The hang's kind and title; null when it did not hang. */
  hangKind: z.nullable(z.string()),
  hangTitle: z.nullable(z.string()),
  /** VUs waiting per phase when the hang was declared (where it hung); empty when it did not hang. */
  waitingByPhase: counts(),
  iterations: z.number(),
  kicks: z.number(),
  errors: z.number(),
  /** Ghost sessions after the drain check (0 when it was not run). */
  ghosts: z.number(),
});
/** One trial of a `--trials` run, summarised. */
export type ReportTrial = z.infer<typeof trial>;

const survivalStep = z.object({
  /** ms from load start. */
  atMs: z.number(),
  /** Trials still running just before. */
  atRisk: z.number(),
  /** Trials that hung at `atMs`. */
  hung: z.number(),
  /** Estimated share of trials not hung by `atMs`, 0–1. */
  survival: z.number(),
});
/** One step of the Kaplan–Meier curve of time to hang. */
export type ReportSurvivalStep = z.infer<typeof survivalStep>;

const trials = z.object({
  /** `--trials N`. */
  planned: z.number(),
  /** `--until-hang`: the trials stopped at the first hang. */
  untilHang: z.boolean(),
  /** `--between-trials`, ms. */
  betweenTrialsMs: z.number(),
  /** Why fewer than `planned` ran (`until-hang`, `interrupted`, or `error`: a trial failed to run or its embedded gateway died; the trials before it are kept); null when all ran. */
  stoppedEarly: z.nullable(open<'until-hang' | 'interrupted' | 'error'>()),
  /** The trial whose full report this report's body is (1-based). */
  detailTrial: z.number(),
  /** Trials that hung, of those judged. */
  hang: proportion,
  /** Trials that did not hang but left ghost sessions after the drain check (a hung gateway cannot drain: its ghosts are not a leak of their own). */
  leak: proportion,
  /** Time to hang over the trials (Kaplan–Meier; trials that did not hang are censored at their duration). */
  survival: z.object({
    steps: list(survivalStep),
    /** ms by which half the trials are estimated to have hung; null when fewer than half did. */
    medianMs: z.nullable(z.number()),
    /** Estimated share still not hung after the last trial's end, 0–1. */
    aliveAtEnd: z.number(),
  }),
  /** Every trial, in order (interrupted ones included, marked by their verdict). */
  list: list(trial),
});
/** The `trials` section of a `--trials` report. */
export type ReportTrials = z.infer<typeof trials>;

// ---- the report -------------------------------------------------------------------------------

/** The whole report, as declared: its type is {@link Report}; shape.ts checks files against it. */
export const reportSchema = z.object({
  /** Always `imstress-report`: marks the file as an imstress report. */
  schema: z.literal(REPORT_SCHEMA_NAME),
  /** Format version, {@link REPORT_SCHEMA_VERSION} (older readable versions are upgraded in memory on reading). */
  version: z.literal(REPORT_SCHEMA_VERSION),
  /** The tool and version that wrote it. */
  tool,
  /** Scenario name (the scenario file's name, or `run`); prefix of the default report file name. */
  scenario: z.string(),
  /** When the load started, ISO 8601 UTC. */
  startedAt: z.string(),
  /** Run length in ms, from load start to the end of load (drain check excluded). */
  durationMs: z.number(),
  /** True when Ctrl-C / SIGTERM stopped the run: the report is partial. */
  interrupted: z.boolean(),
  /** How the run ended: `completed`, `hang-abort` (`--on-hang abort`), `interrupted` or `target-unavailable`. */
  end: z.enum(runEnds),
  /** What was tested. */
  target,
  /** Where the load was generated. */
  environment,
  /** The effective configuration (defaults < scenario < flags), secrets redacted. */
  config: z.record(z.string(), z.unknown()).readonly(),
  /** The judgement and exit code of the run. */
  verdict,
  /** Counts over the whole run. */
  totals,
  /** Rates over the whole run. */
  rates,
  /** Per measured phase (`handshake`, `reply`, `push`, `close`, `iteration`, `stall`): percentiles and histograms. */
  phases,
  /** Errors by kind and samples. */
  errors,
  /** Per-interval samples (≥ 1 per second, downsampled on long runs) of connections, progress, waiting VUs, errors. */
  timeline,
  /** Pauses in progress (`wasHang` marks the one declared a hang), with start, length and the phases VUs waited in. */
  stalls: list(stall),
  /** Evidence captured when a hang was declared (stuck breakdown, oldest waits, dump); null when none was. */
  hang: z.nullable(hang),
  /** The drain check after load: the server's online count against its baseline; `ghosts` > 0 is a leak. */
  drain,
  /** Every threshold with its measured value. */
  thresholds: list(threshold),
  /** VUs still waiting when the run ended, by phase (their waits are recorded in the `stall` phase). */
  unfinishedByPhase: counts(),
  /** Which numbers are raw and which corrected for coordinated omission. */
  coordinatedOmission,
  /**
   * Only in reports written by `imstress merge`: the shards merged, in the
   * order given, each with its own verdict. Absent in a single run's report.
   * (Optional field added without a version bump: older readers ignore it.)
   */
  shards: z.exactOptional(list(shard)),
  /**
   * Only in reports written by `imstress merge`, when there is something to
   * know about the merge itself: shards missing from an `--shard I/N` set,
   * drain checks of one shared server that do not add up. Absent otherwise.
   */
  notes: z.exactOptional(list(z.string())),
  /**
   * The part of the user pool this run drove (`--shard I/N`: the users whose
   * index ≡ I mod N, `users` of them), or null for the whole pool. Absent in
   * reports written before shards existed.
   */
  shard: z.exactOptional(z.nullable(runShard)),
  /** Worker threads the virtual users ran in (1: the CLI's own thread). Absent in older reports. */
  workers: z.exactOptional(z.number()),
  /**
   * How imstress spoke to this OpenIM release (openim-protocol.md §14): the token flow it
   * used and whether it connected with isMsgResp. Absent in older reports and for the raw
   * adapter. Never holds a token.
   */
  openim: z.exactOptional(openim),
  /**
   * Outages: the target the VUs had reached was unreachable (refused, reset, TLS, DNS) for at least the
   * hang window; `endMs` null when it had not come back at the end (verdict `target-lost`). Absent in
   * older reports.
   */
  outages: z.exactOptional(list(outage)),
  /**
   * Only with `--trials N`: every trial's outcome and what they say together
   * (hang rate with its interval, time to hang as a survival curve). The rest
   * of the report is the full report of one trial, `trials.detailTrial`: the
   * first that hung, else the first with the worst verdict, so the verdict
   * and exit code are the worst of any trial. Absent in a single run's report.
   */
  trials: z.exactOptional(trials),
});

/** An imstress run report (format version {@link REPORT_SCHEMA_VERSION}). */
export type Report = z.infer<typeof reportSchema>;
