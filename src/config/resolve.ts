/**
 * `imstress run` configuration: defaults < scenario file < environment
 * (`IMSTRESS_SECRET` only) < flags. Every problem in the flags, the file and
 * between settings is collected, then thrown as one usage error.
 */
import { basename, extname } from 'node:path';
import { usageError, type Issue } from '../errors.js';
import { checkCrossFields } from './cross-checks.js';
import { applyEnv, applyFlags, applyScenario } from './layers.js';
import type { RawRunFlags } from './raw-flags.js';
import { ensureReportsDir, reportPathProblem } from './report-path.js';
import { caFileProblem } from './ca-file.js';
import type { RunConfig } from './run-config.js';
import { runDefaults } from './run-defaults.js';
import { loadScenario, type ScenarioFile } from './scenario.js';
import { SettingsBuilder } from './settings.js';
import { resolveTarget, resolveTokens } from './targets.js';

export interface ResolveInput {
  readonly flags: RawRunFlags;
  readonly scenario: ScenarioFile | null;
  /** the file as the user named it: the report name, and the `where` of its issues */
  readonly scenarioPath: string | null;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** problems `loadScenario` found, listed together with the rest */
  readonly scenarioIssues?: readonly Issue[];
  /** base of relative paths (report path, default reports directory); default: the process's */
  readonly cwd?: string;
}

const usageHint = 'see `imstress run --help` and scenarios/README.md';

/** The scenario file's basename without its extension, or "run". */
export function scenarioName(path: string | null): string {
  return path === null ? runDefaults.scenarioName : basename(path, extname(path));
}

/** Merges the layers into a frozen {@link RunConfig}, or throws one usage error listing every problem. */
export function resolveRunConfig(input: ResolveInput): RunConfig {
  const cwd = input.cwd ?? process.cwd();
  const b = new SettingsBuilder();
  b.issues.push(...(input.scenarioIssues ?? []));
  if (input.scenario !== null) applyScenario(b, input.scenario, input.scenarioPath ?? 'scenario');
  applyEnv(b, input.env ?? {});
  applyFlags(b, input.flags);
  const d = runDefaults;
  const target = resolveTarget(b);
  const tokens = resolveTokens(b, target);
  const iterations = b.value('iterations') ?? d.iterations;
  const config: RunConfig = {
    scenario: scenarioName(input.scenarioPath),
    target,
    adapter: b.value('adapter') ?? d.adapter,
    users: b.value('users') ?? d.users,
    userPrefix: b.value('userPrefix') ?? d.userPrefix,
    userOffset: b.value('userOffset') ?? d.userOffset,
    // Iterations alone: run until they are done, not until the default duration.
    durationMs: b.value('durationMs') ?? (iterations === null ? d.durationMs : null),
    iterations,
    rampUpMs: b.value('rampUpMs') ?? d.rampUpMs,
    thinkMs: b.value('thinkMs') ?? d.thinkMs,
    messages: b.value('messages') ?? d.messages,
    messageKind: b.value('messageKind') ?? d.messageKind,
    platformID: b.value('platformID') ?? d.platformID,
    overlap: b.value('overlap') ?? d.overlap,
    compression: b.value('compression') ?? d.compression,
    encoding: b.value('encoding') ?? d.encoding,
    heartbeatMs: b.value('heartbeatMs') ?? d.heartbeatMs,
    handshakeTimeoutMs: b.value('handshakeTimeoutMs') ?? d.handshakeTimeoutMs,
    replyTimeoutMs: b.value('replyTimeoutMs') ?? d.replyTimeoutMs,
    pushTimeoutMs: b.value('pushTimeoutMs') ?? d.pushTimeoutMs,
    closeTimeoutMs: b.value('closeTimeoutMs') ?? d.closeTimeoutMs,
    stallThresholdMs: b.value('stallThresholdMs') ?? d.stallThresholdMs,
    hangWindowMs: b.value('hangWindowMs') ?? d.hangWindowMs,
    onHang: b.value('onHang') ?? d.onHang,
    metricsUrl: b.value('metricsUrl') ?? d.metricsUrl,
    gaugeName: b.value('gaugeName') ?? d.gaugeName,
    pprofUrl: b.value('pprofUrl') ?? d.pprofUrl,
    evidenceGapMs: b.value('evidenceGapMs') ?? d.evidenceGapMs,
    drainTimeoutMs: b.value('drainTimeoutMs') ?? d.drainTimeoutMs,
    tokens,
    thresholds: Object.freeze([...(b.value('thresholds') ?? [])]),
    reportPath: b.value('reportPath') ?? d.reportPath,
    json: b.value('json') ?? d.json,
    progress: b.value('progress') ?? d.progress,
    localAddress: b.value('localAddress') ?? d.localAddress,
    caFile: b.value('caFile') ?? d.caFile,
    insecure: b.value('insecure') ?? d.insecure,
    verbose: b.value('verbose') ?? d.verbose,
    workers: b.value('workers') ?? d.workers,
    shard: b.value('shard') ?? d.shard,
    openimVersion: b.value('openimVersion') ?? d.openimVersion,
    adminUser: b.value('adminUser') ?? d.adminUser,
    msgResp: b.value('msgResp') ?? d.msgResp,
    // --until-hang alone: keep trying, up to a bound (the tool never runs forever).
    trials: b.value('trials') ?? (b.value('untilHang') === true ? d.untilHangTrials : d.trials),
    untilHang: b.value('untilHang') ?? d.untilHang,
    betweenTrialsMs: b.value('betweenTrialsMs') ?? d.betweenTrialsMs,
  };
  checkCrossFields(b, config);
  if (config.reportPath !== null) {
    const problem = reportPathProblem(config.reportPath, cwd);
    if (problem !== null) b.issue(b.get('reportPath')?.where ?? '--report', problem);
  }
  if (config.caFile !== null) {
    const problem = caFileProblem(config.caFile, cwd);
    if (problem !== null) b.issue(b.get('caFile')?.where ?? '--ca', problem);
    if (config.insecure) b.issue(`${b.get('caFile')?.where ?? '--ca'} and ${b.get('insecure')?.where ?? '--insecure'}`, 'both given; expected one: --ca verifies the certificate against that CA, --insecure skips verification');
  }
  if (b.issues.length > 0) throw usageError(b.issues, usageHint);
  if (config.reportPath === null) {
    // Created only once everything else is valid: a rejected command leaves nothing behind.
    const problem = ensureReportsDir(d.reportsDir, cwd);
    if (problem !== null) throw usageError([{ where: '--report', message: problem }], usageHint);
  }
  return Object.freeze(config);
}

/** Loads `--scenario` (when given) and resolves; file and flag problems are listed together. */
export function loadRunConfig(input: { readonly flags: RawRunFlags; readonly env?: Readonly<Record<string, string | undefined>>; readonly cwd?: string }): RunConfig {
  const path = input.flags.scenario ?? null;
  const cwd = input.cwd ?? process.cwd();
  const load = path === null ? null : loadScenario(path, cwd);
  return resolveRunConfig({
    flags: input.flags,
    scenario: load?.ok === true ? load.scenario : null,
    scenarioPath: path,
    scenarioIssues: load?.ok === false ? load.issues : [],
    cwd,
    ...(input.env === undefined ? {} : { env: input.env }),
  });
}
