/**
 * `--workers N`: the VUs spread over N worker threads, one {@link Engine}
 * each (worker-main.ts), and this coordinator in the main thread, which sees
 * the whole run. Every tick it merges the workers' latest tick messages
 * (waiting VUs, counters, last progress) and runs the one hang detector, the
 * timeline, the live progress and the online-count poll on the merged view,
 * exactly as a single engine does on its own VUs. At the end it merges the
 * workers' histograms exactly (through their encoded form) and sums their
 * counters. A worker that dies is counted as the error kind `worker-died`,
 * never silently dropped.
 *
 * Why threads, not child processes (measured by bench/procs/spawn-cost.ts on
 * this 2-core machine): a thread that has loaded the engine is ready in
 * ~330 ms and adds ~19 MiB, a child process ~430 ms and ~69 MiB; the VUs'
 * work is sockets and small buffers, which need no isolation, and
 * postMessage clones a tick with no JSON (README "Scale").
 */
import { sumConnectionEnds } from '../connection-tally.js';
import { Worker } from 'node:worker_threads';
import { ImstressError, type ErrorCode, type ExitCodeName } from '../../errors.js';
import { errorKinds, type ErrorKind } from '../../protocol/adapter.js';
import type { AdapterSpec } from '../../protocol/create-adapter.js';
import type { RunConfig } from '../../config/run-config.js';
import { MetricsRecorder, Timeline, completedSlotMs } from '../../metrics/index.js';
import type { DetectorEvent, HangDetector } from '../../hang/index.js';
import { beginLoad, hangDetectorFor } from '../load-start.js';
import type { Clock, Scheduler } from '../clock.js';
import type { EngineEvent } from '../engine.js';
import { drainCheck } from '../drain.js';
import { intersectOutages } from '../outage.js';
import { captureDumps, hangEvidenceAt } from '../hang-evidence.js';
import { OnlineCountPoller, type ServerProbe } from '../probe.js';
import { timelineSeries, type EngineResult, type ErrorSample, type HangEvidence, type RunEnd, type RunTotals, type TimelineSeries, type WaitSample } from '../result.js';
import type { FromWorker, ToWorker, WorkerCounts, WorkerInit, WorkerResult, WorkerTick } from './messages.js';

export interface CoordinatorOptions {
  readonly config: RunConfig;
  readonly spec: AdapterSpec;
  /** global VU indices of each worker (see plan.ts) */
  readonly slices: readonly (readonly number[])[];
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly probe: ServerProbe | null;
  readonly onEvent?: (e: EngineEvent) => void;
  readonly tickMs?: number;
}

interface Thread {
  readonly no: number;
  readonly worker: Worker;
  tick: WorkerTick | null;
  result: WorkerResult | null;
  /** why it died, when it did */
  died: string | null;
  readonly finished: Promise<void>;
}

const zeroCounts: WorkerCounts = { connects: 0, handshakes: 0, replies: 0, pushes: 0, closes: 0, iterations: 0, errors: 0, kicks: 0, connectFailures: 0, open: 0 };
const maxErrorSamples = 200;
/** After asking workers to stop: their closes are bounded by the close timeout; past this, they are terminated. */
const stopGraceMs = 15_000;

export class WorkerCoordinator {
  readonly threads: Thread[] = [];
  private readonly config: RunConfig;
  private readonly clock: Clock;
  private detector: HangDetector;
  private readonly timeline = new Timeline<TimelineSeries>({ intervalMs: 1000, kinds: timelineSeries });
  private start = 0;
  private stopRequested: RunEnd | null = null;
  private wake: () => void = () => undefined;
  private hang: HangEvidence | null = null;
  /** the dump before the load, diffed against the hang's (issue #16) */
  private baselineDump: { source: string; text: string } | null = null;
  private evidencePending: Promise<void> | null = null;
  private serverOnline: number | null = null;
  /** The online count, at most one fetch in flight; a change is progress (design.md). */
  private readonly poller: OnlineCountPoller;
  private lastProgressSeen = -Infinity;
  /** errors summed over the workers at the last tick: new ones tell the detector waits are failing */
  private errorsSeen = 0;
  private lastSampleAt = 0;
  private lastProgressEmit = -Infinity;
  private lastCounts: WorkerCounts = zeroCounts;
  private readonly deaths: ErrorSample[] = [];
  private readonly oldestReplies = new Map<number, (w: readonly WaitSample[]) => void>();

  constructor(private readonly o: CoordinatorOptions) {
    this.config = o.config;
    this.clock = o.clock;
    this.detector = hangDetectorFor(o.config, o.clock.now());
    this.poller = new OnlineCountPoller(o.probe, (n) => {
      this.serverOnline = n;
      this.detector.serverOnlineCount(n, this.clock.now());
    });
  }

  /**
   * Starts the threads; each gets its users' tokens. Rejects with the first worker's fatal error. An
   * abort (Ctrl-C) stops every thread's token fetching; the threads then report ready and the run, once
   * interrupted, ends at once.
   */
  async prepare(abort?: AbortSignal): Promise<void> {
    const ready: Promise<void>[] = [];
    this.o.slices.forEach((indices, no) => {
      const init: WorkerInit = { workerNo: no, config: this.config, indices, spec: this.o.spec, mainTimeOrigin: performance.timeOrigin };
      const worker = new Worker(new URL('./worker-main.js', import.meta.url), { workerData: init });
      let markReady: () => void = () => undefined;
      let fail: (e: Error) => void = () => undefined;
      ready.push(
        new Promise<void>((resolve, reject) => {
          markReady = resolve;
          fail = reject;
        }),
      );
      let resolveFinished: () => void = () => undefined;
      const thread: Thread = { no, worker, tick: null, result: null, died: null, finished: new Promise<void>((r) => (resolveFinished = r)) };
      this.threads.push(thread);
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') markReady();
        else if (m.type === 'fatal') fail(fatalError(m));
        else if (m.type === 'tick') thread.tick = m.tick;
        else if (m.type === 'oldest') this.oldestReplies.get(no)?.(m.waits);
        else {
          thread.result = m.result;
          resolveFinished();
          void worker.terminate(); // its work is done; nothing it still holds may keep the run waiting
        }
      });
      worker.on('error', (err) => {
        thread.died ??= `worker ${no} failed: ${err.message}`;
      });
      worker.on('exit', (code) => {
        if (thread.result === null) {
          thread.died ??= `worker ${no} exited with code ${code} before reporting its results`;
          fail(new ImstressError('internal', thread.died));
          this.recordDeath(thread);
        }
        resolveFinished();
      });
    });
    const abortAll = (): void => {
      for (const t of this.threads) this.post(t, { type: 'abort-prepare' });
    };
    if (abort?.aborted === true) abortAll();
    else abort?.addEventListener('abort', abortAll, { once: true });
    try {
      await Promise.all(ready);
    } finally {
      abort?.removeEventListener('abort', abortAll);
    }
  }

  /** Ask the run to stop (Ctrl-C): graceful, with a partial result. */
  interrupt(): void {
    this.interruptRequested = true;
    this.requestStop('interrupted');
  }

  /** Ctrl-C / SIGTERM, whatever else stopped the run (a hang abort must not swallow it: exit 130, no leak claim). */
  private interruptRequested = false;

  /** Runs to the end; never rejects for target behaviour. */
  async run(): Promise<EngineResult> {
    const c = this.config;
    const { baseline, start, detector, baselineDump } = await beginLoad(this.o.probe, this.clock, this.config);
    this.baselineDump = baselineDump;
    this.start = start;
    this.lastSampleAt = start;
    this.detector = detector;
    this.serverOnline = baseline;
    const startedAt = new Date().toISOString();
    this.emit({ type: 'stage', stage: 'load' });
    for (const t of this.threads) this.post(t, { type: 'start' });
    const cancelTick = this.o.scheduler.every(this.o.tickMs ?? 100, () => this.tick());
    const allDone = Promise.all(this.threads.map((t) => t.finished)).then(() => this.requestStop('completed'));
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.stopRequested !== null) resolve();
    });
    this.emit({ type: 'stage', stage: 'stopping' });
    if (this.evidencePending !== null) await this.evidencePending;
    for (const t of this.threads) this.post(t, { type: 'stop' });
    this.emit({ type: 'stage', stage: 'closing' });
    const grace = setTimeout(() => {
      for (const t of this.threads) if (t.result === null) void t.worker.terminate();
    }, 2 * c.closeTimeoutMs + stopGraceMs); // the end: dials in flight, then closes (run-end.ts)
    await allDone;
    clearTimeout(grace);
    this.sample(this.clock.now());
    const loadEndedAt = this.clock.now();
    cancelTick();
    this.emit({ type: 'stage', stage: 'drain' });
    const drain = await drainCheck(this.o.probe, baseline, c.drainTimeoutMs, this.clock, () => this.interruptRequested);
    return this.result(startedAt, loadEndedAt, drain);
  }

  /** Terminates any thread still running (after an error). */
  async dispose(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }

  private result(startedAt: string, loadEndedAt: number, drain: EngineResult['drain']): EngineResult {
    const finished = this.threads.filter((t) => t.result !== null).map((t) => t.result as WorkerResult);
    const sum = (f: (t: RunTotals) => number, g: (c: WorkerCounts) => number): number =>
      finished.reduce((s, r) => s + f(r.totals), 0) + this.threads.filter((t) => t.result === null).reduce((s, t) => s + g(t.tick?.counts ?? zeroCounts), 0);
    const errorsByKind = Object.fromEntries(errorKinds.map((k) => [k, 0])) as Record<ErrorKind, number>;
    for (const r of finished) for (const k of errorKinds) errorsByKind[k] += r.errorsByKind[k];
    errorsByKind['worker-died'] += this.deaths.length;
    const totals: RunTotals = {
      iterations: sum((t) => t.iterations, (c) => c.iterations),
      connects: sum((t) => t.connects, (c) => c.connects),
      handshakes: sum((t) => t.handshakes, (c) => c.handshakes),
      replies: sum((t) => t.replies, (c) => c.replies),
      pushes: sum((t) => t.pushes, (c) => c.pushes),
      closes: sum((t) => t.closes, (c) => c.closes),
      kicks: sum((t) => t.kicks, (c) => c.kicks),
      errors: sum((t) => t.errors, (c) => c.errors) + this.deaths.length,
      missedIterationsEstimate: finished.reduce((s, r) => s + r.totals.missedIterationsEstimate, 0),
      ...sumConnectionEnds(finished.map((r) => r.totals)),
    };
    const unfinishedByPhase: Record<string, number> = {};
    for (const r of finished) for (const [k, n] of Object.entries(r.unfinishedByPhase)) unfinishedByPhase[k] = (unfinishedByPhase[k] ?? 0) + n;
    const samples = [...this.deaths, ...finished.flatMap((r) => r.errorSamples.map((s) => ({ ...s, atMs: Math.round(s.atMs) })))].sort((a, b) => a.atMs - b.atMs).slice(0, maxErrorSamples);
    const connectFailures = finished.reduce((s, r) => s + r.connectFailures, 0);
    const end = this.interruptRequested ? 'interrupted' : (this.stopRequested ?? 'completed');
    return {
      startedAt,
      durationMs: loadEndedAt - this.start,
      end: end === 'completed' && totals.handshakes === 0 && connectFailures > 0 ? 'target-unavailable' : end,
      totals,
      errorsByKind,
      errorSamples: samples,
      metrics: finished.length === 0 ? new MetricsRecorder().snapshot() : MetricsRecorder.merge(finished[0]!.metrics, ...finished.slice(1).map((r) => r.metrics)),
      timeline: this.timeline.toJSON(),
      stalls: this.detector.stalls().map((s) => ({ startMs: s.startMs - this.start, lengthMs: s.lengthMs, phases: s.phases, wasHang: s.wasHang })),
      hang: this.hang,
      drain,
      unfinishedByPhase,
      // The target was lost when every thread lost it; threads that died report nothing.
      outages:
        finished.length === 0
          ? []
          : intersectOutages(
              finished.map((r) => r.outages.map((o) => ({ ...o, startMs: Math.round(o.startMs + r.loadStartedAt - this.start), endMs: o.endMs === null ? null : Math.round(o.endMs + r.loadStartedAt - this.start) }))),
              Math.round(loadEndedAt - this.start),
            ),
    };
  }

  // --- the shared tick, on the merged view -------------------------------------

  /** The whole run as the workers last reported it; finished and dead workers wait on nothing. */
  private merged(): { counts: WorkerCounts; waiting: { total: number; byPhase: Record<string, number>; openSilent: number; silent: number; stuck: number }; waitingPush: number; lastProgressMs: number; p99: Record<string, number | null> } {
    const counts = { ...zeroCounts };
    const byPhase: Record<string, number> = {};
    let total = 0;
    let openSilent = 0;
    let silent = 0;
    let waitingPush = 0;
    let stuck = 0;
    let lastProgressMs = -Infinity;
    const p99: Record<string, number | null> = { handshake: null, reply: null, push: null, close: null };
    for (const t of this.threads) {
      // A finished worker's final counts are in its result (its last tick may be older).
      const final = t.result === null ? null : countsOf(t.result);
      for (const key of Object.keys(counts) as (keyof WorkerCounts)[]) if (key !== 'open') counts[key] += (final ?? t.tick?.counts ?? zeroCounts)[key];
      const k = t.tick;
      if (k === null) continue;
      lastProgressMs = Math.max(lastProgressMs, k.lastProgressMs);
      for (const [phase, v] of Object.entries(k.p99 ?? {})) if (v !== null) p99[phase] = Math.max(p99[phase] ?? 0, v); // the live display shows the worst worker's p99
      if (t.result !== null || t.died !== null) continue;
      counts.open += k.counts.open;
      total += k.waitingTotal;
      openSilent += k.openSilent;
      silent += k.silent;
      waitingPush += k.waitingPush;
      stuck += k.stuck;
      for (const [phase, n] of Object.entries(k.waitingByPhase)) byPhase[phase] = (byPhase[phase] ?? 0) + n;
    }
    counts.errors += this.deaths.length;
    return { counts, waiting: { total, byPhase, openSilent, silent, stuck }, waitingPush, lastProgressMs, p99 };
  }

  private tick(): void {
    const now = this.clock.now();
    if (this.config.durationMs !== null && now - this.start >= this.config.durationMs) this.requestStop('completed');
    const m = this.merged();
    if (m.lastProgressMs > this.lastProgressSeen) {
      this.lastProgressSeen = m.lastProgressMs;
      this.detector.progress(this.config.messages === 0 ? 'handshake' : 'reply', m.lastProgressMs);
    }
    if (m.counts.errors > this.errorsSeen) {
      this.errorsSeen = m.counts.errors;
      this.detector.failed();
    }
    this.handleDetector(this.detector.tick(now, { total: m.waiting.total, byPhase: m.waiting.byPhase, openSilent: m.waiting.silent }), now, m);
    if (now - this.lastSampleAt >= 1000) this.sample(now);
    if (this.config.progress === 'off' || now - this.lastProgressEmit < 250) return;
    this.lastProgressEmit = now;
    const elapsedMs = now - this.start;
    this.emit({
      type: 'progress',
      snapshot: {
        elapsedMs,
        iterations: m.counts.iterations,
        iterationsPerSec: elapsedMs > 0 ? (m.counts.iterations * 1000) / elapsedMs : 0,
        open: m.counts.open,
        openSilent: m.waiting.openSilent,
        waitingByPhase: m.waiting.byPhase,
        p99ByPhase: m.p99,
        state: this.detector.state(),
        serverOnline: this.serverOnline,
        errors: m.counts.errors,
        kicks: m.counts.kicks,
        sinceProgressMs: Math.max(0, now - this.detector.lastProgressMs),
      },
    });
  }

  private handleDetector(e: DetectorEvent, now: number, m: ReturnType<WorkerCoordinator['merged']>): void {
    if (e.type === 'stall-started') this.emit({ type: 'stall', atMs: e.sinceMs - this.start });
    if (e.type !== 'hang' || this.hang !== null) return;
    this.hang = hangEvidenceAt({
      event: e,
      detector: this.detector,
      now,
      start: this.start,
      byPhase: m.waiting.byPhase,
      openSilent: m.waiting.openSilent,
      openConnections: m.counts.open,
      serverOnline: this.serverOnline,
      oldestWaits: [],
    });
    this.sample(now);
    // Evidence first: the workers' oldest waits, the dump and server state, before the run is stopped.
    this.evidencePending = this.captureEvidence().finally(() => {
      this.evidencePending = null;
      if (this.hang !== null) this.emit({ type: 'hang', evidence: this.hang });
      if (this.config.onHang === 'abort') this.requestStop('hang-abort');
    });
  }

  private async captureEvidence(): Promise<void> {
    const probe = this.o.probe;
    const [oldest, dumps, stats] = await Promise.all([this.oldestWaits(10), probe == null ? null : captureDumps(probe, this.baselineDump, this.config.evidenceGapMs), probe?.stats() ?? null]);
    if (this.hang === null) return;
    this.hang = { ...this.hang, oldestWaits: oldest, ...(dumps ?? { dump: null }), serverStats: stats };
  }

  /** Each live worker's n oldest waits, merged (a worker that does not answer within 1 s is skipped). */
  private async oldestWaits(n: number): Promise<WaitSample[]> {
    const live = this.threads.filter((t) => t.result === null && t.died === null);
    const lists = await Promise.all(
      live.map(
        (t) =>
          new Promise<readonly WaitSample[]>((resolve) => {
            const timer = setTimeout(() => resolve([]), 1000);
            this.oldestReplies.set(t.no, (w) => {
              clearTimeout(timer);
              this.oldestReplies.delete(t.no);
              resolve(w);
            });
            this.post(t, { type: 'oldest', n });
          }),
      ),
    );
    return lists.flat().sort((a, b) => (b.noProgressMs ?? 0) - (a.noProgressMs ?? 0) || b.waitedMs - a.waitedMs).slice(0, n);
  }

  private sample(now: number): void {
    this.lastSampleAt = now;
    const m = this.merged();
    const prev = this.lastCounts;
    this.lastCounts = m.counts;
    this.timeline.sample(completedSlotMs(now - this.start), {
      open: m.counts.open,
      openSilent: m.waiting.openSilent,
      ...(this.serverOnline === null ? {} : { serverOnline: this.serverOnline }),
      handshakes: m.counts.handshakes - prev.handshakes,
      replies: m.counts.replies - prev.replies,
      pushes: m.counts.pushes - prev.pushes,
      closes: m.counts.closes - prev.closes,
      iterations: m.counts.iterations - prev.iterations,
      errors: m.counts.errors - prev.errors,
      waitingConnecting: m.waiting.byPhase['handshake'] ?? 0,
      waitingReply: m.waiting.byPhase['reply'] ?? 0,
      waitingPush: m.waitingPush,
      waitingClosing: m.waiting.byPhase['close'] ?? 0,
      stuck: m.waiting.stuck,
    });
    this.poller.poll();
  }


  private recordDeath(t: Thread): void {
    this.deaths.push({ atMs: Math.max(0, Math.round(this.clock.now() - this.start)), kind: 'worker-died', userID: `(worker ${t.no}: ${this.o.slices[t.no]?.length ?? 0} users)`, message: t.died ?? 'died' });
  }

  private post(t: Thread, m: ToWorker): void {
    if (t.result === null && t.died === null) t.worker.postMessage(m);
  }

  private requestStop(why: RunEnd): void {
    if (this.stopRequested !== null && !(why === 'interrupted' && this.stopRequested === 'completed')) return;
    this.stopRequested = why;
    this.wake();
  }

  private emit(e: EngineEvent): void {
    this.o.onEvent?.(e);
  }
}

function countsOf(r: WorkerResult): WorkerCounts {
  const t = r.totals;
  return { connects: t.connects, handshakes: t.handshakes, replies: t.replies, pushes: t.pushes, closes: t.closes, iterations: t.iterations, errors: t.errors, kicks: t.kicks, connectFailures: r.connectFailures, open: 0 };
}

/** A worker's fatal error (e.g. the token API refused) as the error it was in the worker. */
function fatalError(m: Extract<FromWorker, { type: 'fatal' }>): ImstressError {
  return new ImstressError((m.code ?? 'internal') as ErrorCode, m.message, { exit: (m.exit ?? 'internal') as ExitCodeName, ...(m.hint === null ? {} : { hint: m.hint }) });
}
