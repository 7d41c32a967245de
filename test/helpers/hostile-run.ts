/**
 * Drives the real engine with the real adapters (real sockets, system clock)
 * against a hostile target, and builds the report the CLI would write. Also
 * watches for unhandled rejections and uncaught exceptions while it runs.
 */
import { Engine } from '../../src/engine/engine.js';
import { systemClock, systemScheduler } from '../../src/engine/clock.js';
import { createOpenImAdapter } from '../../src/protocol/openim/adapter.js';
import { createRawAdapter } from '../../src/protocol/raw/adapter.js';
import { createTokenProvider } from '../../src/protocol/openim/tokens.js';
import type { RunConfig } from '../../src/config/run-config.js';
import type { ServerProbe } from '../../src/engine/probe.js';
import type { EngineResult } from '../../src/engine/result.js';
import type { ErrorKind } from '../../src/protocol/adapter.js';
import { buildReport } from '../../src/report/build.js';
import { collectEnvironment } from '../../src/report/environment.js';
import type { Report } from '../../src/report/schema.js';
import { redactConfig } from '../../src/config/redact.js';
import { runConfig } from '../report/fixtures.js';

/**
 * Short timeouts: every case ends in seconds; no hang unless a case asks for one. The handshake timeout
 * is generous (a loaded machine must not turn a case into handshake timeouts); cases that want one set it.
 */
export function hostileConfig(url: string, over: Partial<RunConfig> = {}): RunConfig {
  return runConfig({
    target: { kind: 'url', url },
    adapter: 'openim',
    tokens: { kind: 'static', token: 'tok' },
    users: 2,
    durationMs: 2_000,
    iterations: null,
    rampUpMs: 0,
    thinkMs: 0,
    messages: 1,
    messageKind: 'get-seq',
    compression: 'none',
    encoding: 'gob',
    handshakeTimeoutMs: 2_000,
    replyTimeoutMs: 800,
    pushTimeoutMs: 800,
    closeTimeoutMs: 800,
    stallThresholdMs: 300,
    hangWindowMs: 60_000,
    heartbeatMs: 0,
    drainTimeoutMs: 500,
    thresholds: [],
    ...over,
  });
}

export interface HostileRun {
  readonly result: EngineResult;
  readonly report: Report;
  /** wall time of engine.run(), ms */
  readonly elapsedMs: number;
  /** unhandled rejections and uncaught exceptions seen during the run */
  readonly crashes: readonly string[];
  /** errors by kind, only the non-zero ones */
  readonly errors: Partial<Record<ErrorKind, number>>;
}

/** The bound on a run's length: duration plus every timeout that may still run after it, plus slack for a loaded machine. */
export function graceMs(c: RunConfig): number {
  return (c.durationMs ?? 0) + c.handshakeTimeoutMs + c.replyTimeoutMs + c.closeTimeoutMs + c.drainTimeoutMs + 5_000;
}

/** @param probe the server probe (`--metrics-url`, `--pprof-url`); none by default. */
export async function runAgainst(config: RunConfig, probe: ServerProbe | null = null): Promise<HostileRun> {
  const crashes: string[] = [];
  const onRejection = (e: unknown): void => void crashes.push(`unhandledRejection: ${String(e)}`);
  const onException = (e: unknown): void => void crashes.push(`uncaughtException: ${String(e)}`);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  try {
    const url = config.target.kind === 'url' ? config.target.url : '';
    const adapter =
      config.adapter === 'raw'
        ? createRawAdapter({ url, localAddress: null })
        : createOpenImAdapter({
            url,
            tokens: createTokenProvider(config.tokens.kind === 'static' ? config.tokens : { kind: 'static', token: 'tok' }),
            compression: config.compression,
            encoding: config.encoding,
            localAddress: null,
            operationIdPrefix: 'hostile',
          });
    const engine = new Engine({ config, adapter, clock: systemClock, scheduler: systemScheduler, probe });
    await adapter.prepare(engine.identities, new AbortController().signal);
    const t0 = performance.now();
    const result = await engine.run();
    const elapsedMs = performance.now() - t0;
    await adapter.dispose();
    // Late socket events (a reset after the run) must not crash either.
    await new Promise((r) => setTimeout(r, 50));
    const report = buildReport(result, config, redactConfig(config), {
      toolVersion: 'test',
      environment: collectEnvironment(),
      targetUrl: url,
    });
    const errors: Partial<Record<ErrorKind, number>> = {};
    for (const [k, n] of Object.entries(result.errorsByKind) as [ErrorKind, number][]) if (n > 0) errors[k] = n;
    return { result, report, elapsedMs, crashes, errors };
  } finally {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}
