/**
 * Synthetic engine results and configs for report and reporter tests
 * (not a test file itself: it defines no tests).
 */
import { MetricsRecorder, Timeline } from '../../src/metrics/index.js';
import { errorKinds } from '../../src/protocol/adapter.js';
import type { ErrorKind } from '../../src/protocol/adapter.js';
import { timelineSeries } from '../../src/engine/result.js';
import type { EngineResult, HangEvidence } from '../../src/engine/result.js';
import type { RunConfig, Threshold } from '../../src/config/run-config.js';
import { directRunDefaults } from '../../src/config/run-defaults.js';
import { buildReport } from '../../src/report/build.js';
import type { Report, ReportEnvironment } from '../../src/report/schema.js';

export const environment: ReportEnvironment = {
  node: 'v20.0.0',
  platform: 'linux',
  arch: 'x64',
  cpus: 4,
  hostname: 'test-host',
  pid: 1234,
};

export function runConfig(overrides: Partial<RunConfig> = {}): RunConfig {
  return {
    // Every setting's default from the table, so a new setting needs no edit here; the values below are this fixture's.
    ...directRunDefaults,
    scenario: 'churn',
    target: { kind: 'url', url: 'ws://127.0.0.1:10001' },
    adapter: 'openim',
    users: 100,
    userPrefix: 'u',
    userOffset: 0,
    durationMs: 60_000,
    iterations: null,
    rampUpMs: 0,
    thinkMs: 0,
    messages: 1,
    messageKind: 'get-seq',
    platformID: 1,
    overlap: false,
    compression: 'none',
    encoding: 'gob',
    heartbeatMs: 0,
    handshakeTimeoutMs: 5000,
    replyTimeoutMs: 5000,
    pushTimeoutMs: 5000,
    closeTimeoutMs: 5000,
    stallThresholdMs: 2000,
    hangWindowMs: 10_000,
    onHang: 'abort',
    metricsUrl: null,
    gaugeName: 'online_user_num',
    pprofUrl: null,
    evidenceGapMs: 0,
    drainTimeoutMs: 5000,
    tokens: { kind: 'static', token: 'secret-token' },
    thresholds: [],
    reportPath: null,
    json: false,
    progress: 'off',
    localAddress: null,
    caFile: null,
    insecure: false,
    verbose: false,
    workers: 1,
    shard: null,
    openimVersion: 'auto',
    adminUser: 'imAdmin',
    msgResp: null,
    trials: 1,
    untilHang: false,
    betweenTrialsMs: 0,
    ...overrides,
  };
}

export function threshold(source: string, metric: string, op: Threshold['op'], value: number): Threshold {
  return { source, metric, op, value };
}

/** A deterministic recorder: 1000 handshakes 1–10 ms, 1000 replies 1–100 ms, some closes and iterations. */
export function recorder(): MetricsRecorder<ErrorKind> {
  const r = new MetricsRecorder<ErrorKind>();
  for (let i = 1; i <= 1000; i++) {
    r.record('handshake', 1 + (i % 10));
    r.record('reply', i / 10, 50);
    r.record('close', 2 + (i % 5));
    r.record('iteration', 10 + (i % 100), 100);
  }
  r.record('stall', 12_000, 1000);
  return r;
}

export function hangEvidence(overrides: Partial<HangEvidence> = {}): HangEvidence {
  return {
    kind: 'open-but-silent',
    title: 'Connections open but silent',
    explanation: 'WebSocket handshakes complete (101), then no reply ever arrives.',
    atMs: 41_000,
    noProgressSinceMs: 31_000,
    waitingByPhase: { reply: 92, close: 8 },
    openSilent: 92,
    openConnections: 100,
    serverOnline: 100,
    serverOnlineFrozen: true,
    oldestWaits: [{ userID: 'u7', phase: 'awaiting-reply', waitedMs: 10_500, openSilent: true }],
    dump: { source: 'embedded', text: 'task register-loop blocked on send unregisterChan', truncated: false },
    serverStats: { online: 100 },
    ...overrides,
  };
}

export function engineResult(overrides: Partial<EngineResult> = {}): EngineResult {
  const timeline = new Timeline({ intervalMs: 1000, kinds: timelineSeries });
  for (let t = 1; t <= 5; t++) timeline.sample(t * 1000, { open: 100, iterations: 200, replies: 200, serverOnline: 100 });
  const errorsByKind = {} as Record<ErrorKind, number>;
  for (const k of errorKinds) errorsByKind[k] = 0;
  errorsByKind['reply-timeout'] = 3;
  errorsByKind.kicked = 2;
  return {
    startedAt: '2024-05-06T07:08:09.000Z',
    durationMs: 10_000,
    end: 'completed',
    totals: {
      iterations: 995,
      connects: 1000,
      handshakes: 1000,
      replies: 1000,
      pushes: 0,
      closes: 1000,
      kicks: 2,
      errors: 5,
      missedIterationsEstimate: 0,
    },
    errorsByKind,
    errorSamples: [{ atMs: 1234, kind: 'reply-timeout', userID: 'u3', message: 'no reply within 5 s' }],
    metrics: recorder().snapshot(),
    timeline: timeline.toJSON(),
    stalls: [{ startMs: 3000, lengthMs: 2500, phases: { reply: 4 }, wasHang: false }],
    hang: null,
    drain: { checked: true, baseline: 0, final: 0, ghosts: 0, waitedMs: 1200 },
    unfinishedByPhase: {},
    ...overrides,
  };
}

export function report(result: Partial<EngineResult> = {}, config: Partial<RunConfig> = {}): Report {
  const cfg = runConfig(config);
  return buildReport(
    engineResult(result),
    cfg,
    { ...cfg, tokens: { kind: 'static', token: '***' } },
    { toolVersion: '0.1.0', environment },
  );
}
