/**
 * `imstress run`: resolve the config, start the embedded gateway when no
 * target is given, drive the virtual users, write the report, print the
 * verdict. The exit code comes from the report's verdict (one function,
 * `decideVerdict`).
 */
import type { Command } from 'commander';
import { addRunFlags, type RawRunFlags } from './run-flags.js';
import { loadRunConfig } from '../../config/resolve.js';
import { redactConfig, redactUrl } from '../../config/redact.js';
import { embeddedSecret } from '../../config/targets.js';
import type { RunConfig, TokenSource } from '../../config/run-config.js';
import { Engine, type EngineEvent } from '../../engine/engine.js';
import { systemClock, systemScheduler } from '../../engine/clock.js';
import { createServerProbe, type ServerProbe } from '../../engine/probe.js';
import { planOpenIm, type ResolvedTokenSource } from '../../protocol/openim/tokens.js';
import { tokenFlowOf, type OpenImPlan } from '../../protocol/openim/versions.js';
import { adapterEntry, adapterSpec, createAdapter, type AdapterSpec } from '../../protocol/create-adapter.js';
import type { EngineResult } from '../../engine/result.js';
import { WorkerCoordinator } from '../../engine/workers/coordinator.js';
import { shardIndices, splitAmongWorkers, targetIsLocal, workerCount } from '../../engine/workers/plan.js';
import { availableParallelism } from 'node:os';
import { buildReport } from '../../report/build.js';
import { collectEnvironment } from '../../report/environment.js';
import { defaultReportPath, serializeReport } from '../../report/io.js';
import { renderSummary } from '../../reporters/console.js';
import { renderJson } from '../../reporters/json.js';
import { renderReportHtml } from '../../reporters/html/index.js';
import { checkOutputPaths, writeOutputs, type Output } from '../output-file.js';
import { ImstressError } from '../../errors.js';
import { shouldUseColor, createStyle } from '../../reporters/style.js';
import { createProgress, type ProgressMode, type ProgressSnapshot } from '../progress.js';
import { startEmbeddedGateway, type EmbeddedGateway } from '../embedded-gateway.js';
import { startupStep, tookSince } from '../startup.js';
import { gatewayModeMeaning } from '../../gateway/options.js';
import { formatMs } from '../../config/values.js';
import { count } from '../../reporters/format.js';
import { performance } from 'node:perf_hooks';
import { toolVersion } from '../../version.js';
import type { CliIo } from '../io.js';
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { portRangeWarnings, readPortFacts, type PortPlan } from '../../transport/port-range.js';
import { SourceAddresses } from '../../transport/source-address.js';
import type { Report } from '../../report/schema.js';
import { runTrials } from '../../trials/loop.js';
import { combineTrials } from '../../report/trials/section.js';
import { trialLine, trialsSummaryLines } from '../../trials/text.js';

export function registerRunCommand(program: Command, io: CliIo, setResult: (p: Promise<number>) => void): void {
  const cmd = program
    .command('run')
    .description('drive virtual users through connect → send → receive → disconnect; detect, explain and report hangs');
  addRunFlags(cmd);
  cmd.action((flags: RawRunFlags) => setResult(runCommand(flags, io)));
}

interface Target {
  readonly wsUrl: string;
  readonly probe: ServerProbe | null;
  readonly tokens: ResolvedTokenSource | null;
  readonly gateway: EmbeddedGateway | null;
  /** openim: the token flow and isMsgResp for the target's release (§14); null for raw */
  readonly openim?: OpenImPlan | null;
}

async function startTarget(config: RunConfig, io: CliIo, color: boolean, mode: ProgressMode, announce = true): Promise<Target> {
  const t = config.target;
  if (t.kind === 'embedded') {
    const step = startupStep(io.stderr, `imstress: starting the embedded gateway (mode ${t.gatewayMode})`, { mode, intervalMs: 5000 });
    const began = performance.now();
    const gateway = await startEmbeddedGateway(t.gatewayMode, t.gatewayArgs).then(
      (g) => {
        step.end(`ready ${tookSince(began)}`);
        return g;
      },
      (err: unknown) => {
        step.end('failed');
        throw err;
      },
    );
    const s = createStyle(color);
    if (!announce) io.err(`  fresh embedded gateway (${t.gatewayMode}) in child process ${gateway.pid}`);
    else
      io.err(
        s.bold(`imstress: no --target given: testing the EMBEDDED MODEL of openim-msggateway, mode ${t.gatewayMode}`) +
          `\n  (${gatewayModeMeaning[t.gatewayMode]})\n  ${gateway.ws} in child process ${gateway.pid}; pass --target ws://host:10001 for a real gateway`,
      );
    return {
      wsUrl: gateway.ws,
      gateway,
      tokens: { kind: 'api', apiUrl: gateway.api, secret: embeddedSecret(t.gatewayArgs), concurrency: 16, register: true },
      probe: createServerProbe({
        metricsUrl: `${gateway.metrics}/metrics`,
        gaugeName: config.gaugeName,
        pprofUrl: `${gateway.metrics}/debug/pprof/`,
        statsUrl: `${gateway.metrics}/stats`,
        dumpLabel: 'embedded gateway task dump',
      }),
    };
  }
  const probe =
    config.metricsUrl === null && config.pprofUrl === null
      ? null
      : createServerProbe({
          metricsUrl: config.metricsUrl,
          gaugeName: config.gaugeName,
          pprofUrl: config.pprofUrl,
          statsUrl: null,
          dumpLabel: 'goroutine dump',
        });
  return { wsUrl: t.url, gateway: null, probe, tokens: resolvedTokens(config.tokens) };
}

function resolvedTokens(source: TokenSource): ResolvedTokenSource | null {
  return source.kind === 'embedded-api' ? null : source;
}

/** `--ca` / `--insecure` for wss:// dials; null leaves Node's defaults (full verification against its CAs). */
function tlsSpec(config: RunConfig): AdapterSpec['tls'] {
  if (config.insecure) return { caPem: null, rejectUnauthorized: false };
  if (config.caFile !== null) return { caPem: readFileSync(resolvePath(config.caFile), 'utf8'), rejectUnauthorized: true };
  return null;
}

function specFor(config: RunConfig, target: Target): AdapterSpec {
  return adapterSpec(config.adapter, {
    url: target.wsUrl,
    tokens: target.tokens,
    compression: config.compression,
    encoding: config.encoding,
    localAddress: config.localAddress,
    operationIdPrefix: 'imstress',
    tls: tlsSpec(config),
    ...(target.openim === undefined || target.openim === null
      ? {}
      : {
          openim: {
            tokenFlow: target.openim.tokenFlow ?? 'user-token',
            adminUser: target.openim.adminUser,
            msgResp: target.openim.msgResp,
          },
        }),
  });
}

/**
 * The release's token flow and isMsgResp (§14), decided once here so worker threads
 * do not probe again. Interrupted while probing: the release's fixed flow (user-token
 * for auto) stands in, and the interrupted run still ends with its partial report.
 */
async function openimPlan(config: RunConfig, target: Target, abort: AbortSignal): Promise<OpenImPlan | null> {
  if (!adapterEntry(config.adapter).openimRelease) return null;
  const choice = { version: config.openimVersion, adminUser: config.adminUser, msgResp: config.msgResp };
  try {
    return await planOpenIm(target.tokens, choice, abort);
  } catch (err) {
    if (!abort.aborted) throw err;
    return {
      ...choice,
      tokenFlow: target.tokens?.kind === 'api' ? (tokenFlowOf(config.openimVersion) ?? 'user-token') : null,
      detected: false,
      msgResp: config.msgResp ?? false,
    };
  }
}

/** What runs the VUs: one engine in this thread, or the worker coordinator. */
interface Runner {
  interrupt(): void;
  run(): Promise<EngineResult>;
}

/**
 * Prepares the runner for the shard's users (`indices`): their tokens, and with
 * `--workers` > 1 the threads (each fetches its own users' tokens).
 */
async function prepareRunner(
  config: RunConfig,
  indices: readonly number[],
  target: Target,
  onEvent: (e: EngineEvent) => void,
  abort: AbortSignal,
  setRunner: (r: Runner, dispose: () => Promise<void>) => void,
  onTokens: (done: number, total: number) => void,
): Promise<{ runner: Runner; workers: number }> {
  const workers = workerCount(config, indices.length, availableParallelism(), targetIsLocal(config.target));
  const spec = specFor(config, target);
  if (workers > 1) {
    const pool = new WorkerCoordinator({
      config,
      spec,
      slices: splitAmongWorkers(indices, workers),
      clock: systemClock,
      scheduler: systemScheduler,
      probe: target.probe,
      onEvent,
    });
    setRunner(pool, () => pool.dispose());
    await pool.prepare(abort);
    if (abort.aborted) pool.interrupt();
    return { runner: pool, workers };
  }
  const adapter = createAdapter(spec);
  const engine = new Engine({
    config,
    adapter,
    clock: systemClock,
    scheduler: systemScheduler,
    probe: target.probe,
    onEvent,
    vuIndices: indices,
  });
  setRunner(engine, () => adapter.dispose());
  if (abort.aborted) engine.interrupt();
  else
    await adapter.prepare(engine.identities, abort, onTokens).catch((err: unknown) => {
      if (!abort.aborted) throw err;
      engine.interrupt();
    });
  return { runner: engine, workers: 1 };
}

/** What this process's share of the run asks of the local port range (design.md "Churn and the port range"). */
function portPlan(config: RunConfig, vus: number): PortPlan {
  return {
    connections: vus * (config.overlap ? 2 : 1),
    sources: new SourceAddresses(config.localAddress).count,
    connectsPerSec: config.thinkMs > 0 ? (vus * 1000) / config.thinkMs : null,
    loopbackTarget: targetIsLocal(config.target),
  };
}

async function runCommand(flags: RawRunFlags, io: CliIo): Promise<number> {
  const config = loadRunConfig({ flags, env: io.env, cwd: process.cwd() });
  // The page's path is checked before the run: a run of minutes (or one that hangs, exit 5) must not end in exit 2.
  // With --html alone the report's default name is not known yet; its directory is, and that is what can fail.
  const plannedHtml = htmlPathFor(flags.html, config.reportPath ?? defaultReportPath(config.scenario, new Date()));
  checkOutputPaths([['--html', plannedHtml]]);
  const indices = shardIndices(config.users, config.shard);
  for (const w of portRangeWarnings(readPortFacts(), portPlan(config, indices.length))) io.err(`warning: ${w}`);
  const color = shouldUseColor(io.stderrIsTTY, io.env);
  const mode: ProgressMode = config.progress === 'auto' ? (io.stderrIsTTY ? 'tty' : 'plain') : config.progress;
  const live: LiveRun = {
    target: null,
    runner: null,
    dispose: () => Promise.resolve(),
    prepareAbort: new AbortController(),
    stop: new AbortController(),
    deaths: [],
  };
  const stopSignals = io.onInterrupt(
    () => {
      io.err('interrupted: stopping gracefully and writing a partial report (Ctrl-C again to exit now)');
      live.stop.abort();
      live.runner?.interrupt();
      live.prepareAbort.abort();
    },
    () => void live.target?.gateway?.stop(),
  );
  try {
    if (config.insecure) io.err("imstress: --insecure: the target's TLS certificate is NOT verified");
    const report =
      config.trials > 1
        ? await runTrialsOf(config, io, live, (announce) => runOnce(config, io, indices, color, mode, live, announce))
        : await runOnce(config, io, indices, color, mode, live, true);
    const path = config.reportPath ?? defaultReportPath(config.scenario, report.trials?.list[0]?.startedAt ?? report.startedAt);
    writeOutputs(io, [
      { to: 'file', flag: '--report', path, render: () => serializeReport(report) },
      { to: 'stderr', when: config.summary, render: () => renderSummary(report, { color, reportPath: path, width: io.stderrColumns }) },
      {
        to: 'stderr',
        when: config.summary && report.trials !== undefined,
        render: () => (report.trials === undefined ? '' : trialsSummaryLines(report.trials).join('\n')),
      },
      { to: 'stderr', when: !config.summary, render: () => `report: ${path}` },
      runHtmlOutput(htmlPathFor(flags.html, path), path, () => renderReportHtml(report)),
      { to: 'stdout', when: config.json, render: () => renderJson(report) },
    ]);
    if (live.trialError !== undefined) {
      io.err(`the trials stopped early: a trial failed to run; the report ${path} holds the ${report.trials?.list.length ?? 0} that did`);
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the failed trial threw, as it was
      throw live.trialError;
    }
    // A terminal's Ctrl-C reaches the child too: an interrupted run keeps its 130.
    if (live.deaths.length > 0 && report.verdict.status !== 'interrupted') {
      // Issue #11: the model died, so whatever the verdict says is about a dead process, not the gateway's behaviour.
      throw new ImstressError(
        'target_died',
        `${live.deaths.join('; ')}; the report ${path} is of a run whose target died, not a verdict on the gateway model`,
        {
          hint: 'run `imstress gateway` by itself to see why it stops, or pass --target for a real gateway',
        },
      );
    }
    return report.verdict.exitCode;
  } finally {
    stopSignals();
    await live.dispose();
    await live.target?.gateway?.stop();
  }
}

/** What the interrupt handler reaches: the current trial's target, runner and aborts. */
interface LiveRun {
  target: Target | null;
  runner: Runner | null;
  dispose: () => Promise<void>;
  /** Aborts the current run's preparation (token fetching, workers starting); renewed per trial. */
  prepareAbort: AbortController;
  /** Aborted once on Ctrl-C / SIGTERM: no further trial, no further pause. */
  readonly stop: AbortController;
  /** How each embedded gateway that died during its run ended (issue #11: `internal`, after the report is written). */
  readonly deaths: string[];
  /** The error that stopped the trials after at least one had run (raised after their report is written). */
  trialError?: unknown;
}

/** `--trials N`: the loop of src/trials/, each trial a whole run with its own target, cleaned up before the next starts. */
async function runTrialsOf(config: RunConfig, io: CliIo, live: LiveRun, once: (announce: boolean) => Promise<Report>): Promise<Report> {
  const plan = { planned: config.trials, untilHang: config.untilHang, betweenTrialsMs: config.betweenTrialsMs };
  const outcome = await runTrials({
    plan,
    runTrial: async (index) => {
      io.err(`trial ${index}/${plan.planned}${plan.untilHang ? ' (until the first hang)' : ''}`);
      if (!live.stop.signal.aborted) live.prepareAbort = new AbortController();
      try {
        return await once(index === 1);
      } finally {
        const dispose = live.dispose;
        live.runner = null;
        live.dispose = () => Promise.resolve();
        await dispose();
        await live.target?.gateway?.stop();
        live.target = null;
      }
    },
    interrupted: () => live.stop.signal.aborted,
    pause: (ms) => pauseFor(ms, live.stop.signal),
    onTrial: (t, planned) => io.err(trialLine(t, planned)),
    // A trial whose embedded gateway died says nothing about the next one: stop, keep what ran (issue #11).
    broken: () => live.deaths.length > 0,
  });
  // A later trial that failed to run: the report of those that ran is written first, then the error is raised.
  if (outcome.error !== undefined) live.trialError = outcome.error;
  return combineTrials(outcome.reports, plan, outcome.stoppedEarly);
}

/** The `--between-trials` pause, cut short by Ctrl-C. */
function pauseFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** One run (or one trial): start the target, prepare and run the virtual users, build the report. Cleanup is the caller's. */
async function runOnce(
  config: RunConfig,
  io: CliIo,
  indices: readonly number[],
  color: boolean,
  mode: ProgressMode,
  live: LiveRun,
  announce: boolean,
): Promise<Report> {
  const prepareAbort = live.prepareAbort;
  const started = await startTarget(config, io, color, mode, announce);
  live.target = started;
  const target: Target = { ...started, openim: await openimPlan(config, started, prepareAbort.signal) };
  live.target = target;
  const progress = createProgress(mode, io.stderr, { color, durationMs: config.durationMs, intervalMs: 5000 });
  const embedded = target.gateway !== null;
  let lastSnapshot: ProgressSnapshot | null = null;
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'progress') progress.update((lastSnapshot = { ...e.snapshot, embedded }));
    else if (e.type === 'hang') {
      // The live line's last look says HUNG (it stays on screen), then the hang's own line below it.
      if (lastSnapshot !== null)
        progress.update({ ...lastSnapshot, state: 'hung', sinceProgressMs: Math.max(0, e.evidence.atMs - e.evidence.noProgressSinceMs) });
      progress.stop(`HANG detected at ${(e.evidence.atMs / 1000).toFixed(1)} s: ${e.evidence.title}`);
    } else if (e.type === 'stage' && e.stage === 'drain' && (embedded || config.metricsUrl !== null)) {
      progress.stop();
      io.err(
        `load stopped; drain check: waiting up to ${formatMs(config.drainTimeoutMs)} for the server's online count to return to where it started`,
      );
    }
  };
  const tokenApi = adapterEntry(config.adapter).usesTokens && target.tokens?.kind === 'api' ? target.tokens.apiUrl : null;
  let tokensTotal = indices.length;
  const tokenStep =
    tokenApi === null
      ? null
      : startupStep(io.stderr, `imstress: fetching ${count(indices.length)} tokens from ${redactUrl(tokenApi)}`, {
          mode,
          intervalMs: 5000,
        });
  const tokensBegan = performance.now();
  const prepared = await prepareRunner(
    config,
    indices,
    target,
    onEvent,
    prepareAbort.signal,
    (r, d) => {
      live.runner = r;
      live.dispose = d;
    },
    (done, total) => {
      tokensTotal = total;
      tokenStep?.count(done, total);
    },
  ).then(
    (r) => {
      tokenStep?.end(prepareAbort.signal.aborted ? 'interrupted' : `${count(tokensTotal)} tokens ${tookSince(tokensBegan)}`);
      return r;
    },
    (err: unknown) => {
      tokenStep?.end('failed');
      throw err;
    },
  );
  if (prepareAbort.signal.aborted) prepared.runner.interrupt();
  const result = await prepared.runner.run();
  progress.stop();
  const died = target.gateway?.died() ?? null;
  if (died !== null && target.gateway !== null)
    live.deaths.push(`the embedded gateway (child process ${target.gateway.pid}) died during the run: ${died}`);
  return buildReport(result, config, redactConfig(config), {
    toolVersion,
    environment: collectEnvironment(),
    targetUrl: redactUrl(target.wsUrl),
    workers: prepared.workers,
    openim: target.openim ?? null,
  });
}

/**
 * Writes the run's HTML page after the report. The path was checked before
 * the run; if writing fails anyway (disk full, directory removed meanwhile)
 * the report is written and the verdict stands, so it is a warning on
 * stderr, not the exit code.
 */
export function writeRunHtml(io: Pick<CliIo, 'err'>, htmlPath: string, reportPath: string, render: () => string): void {
  writeOutputs({ err: (line) => io.err(line), out: () => undefined }, [runHtmlOutput(htmlPath, reportPath, render)]);
}

/** The run's HTML page as an output (see {@link writeRunHtml}); a path of null: not asked for. */
function runHtmlOutput(htmlPath: string | null, reportPath: string, render: () => string): Output {
  return {
    to: 'file',
    flag: '--html',
    path: htmlPath,
    render,
    label: 'html',
    onWriteError: (err) =>
      `warning: the HTML page was not written: ${err.message}; the verdict stands. Render it later with: imstress report ${reportPath} --html FILE`,
  };
}

/**
 * Where `--html` writes the page: the given file, or with `--html` alone the
 * report's path with `.html` for `.json` (`.html` appended when the report
 * path has another extension); null without the flag.
 */
export function htmlPathFor(flag: string | boolean | undefined, reportPath: string): string | null {
  if (flag === undefined || flag === false) return null;
  if (typeof flag === 'string') return flag;
  return /\.json$/i.test(reportPath) ? reportPath.replace(/\.json$/i, '.html') : `${reportPath}.html`;
}
