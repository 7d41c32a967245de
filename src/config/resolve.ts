/**
 * `imstress run` configuration: defaults < scenario file < environment
 * (`IMSTRESS_*`) < flags, for every row of the settings table. Every problem
 * in the flags, the file and between settings is collected, then thrown as
 * one usage error.
 */
import { basename, extname } from 'node:path';
import { usageError, type Issue } from '../errors.js';
import { checkCrossFields, whereOf } from './cross-checks.js';
import { applyEnv, applyFlags, applyScenario } from './layers.js';
import { ensureReportsDir, reportPathProblem } from './report-path.js';
import { caFileProblem } from './ca-file.js';
import type { RunConfig } from './run-config.js';
import { runConstants, runRows, runSettings, type DirectRunConfig, type RawRunFlags, type ScenarioFile } from './run-settings.js';
import { loadScenario } from './scenario.js';
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
  return path === null ? runConstants.scenarioName : basename(path, extname(path));
}

/** Merges the layers into a frozen {@link RunConfig}, or throws one usage error listing every problem. */
export function resolveRunConfig(input: ResolveInput): RunConfig {
  const cwd = input.cwd ?? process.cwd();
  const b = new SettingsBuilder();
  b.issues.push(...(input.scenarioIssues ?? []));
  if (input.scenario !== null) applyScenario(b, input.scenario, input.scenarioPath ?? 'scenario');
  applyEnv(b, input.env ?? {});
  applyFlags(b, input.flags);
  const target = resolveTarget(b);
  const tokens = resolveTokens(b, target);
  // Every field of its own: the highest layer's value, else the row's default.
  const direct: Record<string, unknown> = {};
  for (const [key, row] of runRows) if (row.part === undefined) direct[key] = b.value(key) ?? row.default;
  const fields = direct as unknown as DirectRunConfig;
  const config: RunConfig = {
    scenario: scenarioName(input.scenarioPath),
    target,
    tokens,
    ...fields,
    // Iterations alone: run until they are done, not until the default duration.
    durationMs: b.value('durationMs') ?? (fields.iterations === null ? runSettings.durationMs.default : null),
    thresholds: Object.freeze([...fields.thresholds]),
    // --until-hang alone: keep trying, up to a bound (the tool never runs forever).
    trials: b.value('trials') ?? (fields.untilHang ? runConstants.untilHangTrials : runSettings.trials.default),
  };
  checkCrossFields(b, config);
  const at = whereOf(b);
  if (config.reportPath !== null) {
    const problem = reportPathProblem(config.reportPath, cwd);
    if (problem !== null) b.issue(at('reportPath'), problem);
  }
  if (config.caFile !== null) {
    const problem = caFileProblem(config.caFile, cwd);
    if (problem !== null) b.issue(at('caFile'), problem);
    if (config.insecure)
      b.issue(
        `${at('caFile')} and ${at('insecure')}`,
        'both given; expected one: --ca verifies the certificate against that CA, --insecure skips verification',
      );
  }
  if (b.issues.length > 0) throw usageError(b.issues, usageHint);
  if (config.reportPath === null) {
    // Created only once everything else is valid: a rejected command leaves nothing behind.
    const problem = ensureReportsDir(runConstants.reportsDir, cwd);
    if (problem !== null) throw usageError([{ where: '--report', message: problem }], usageHint);
  }
  return Object.freeze(config);
}

/** Loads `--scenario` (when given) and resolves; file and flag problems are listed together. */
export function loadRunConfig(input: {
  readonly flags: RawRunFlags;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}): RunConfig {
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
