/**
 * The one run loop: begins the load, drives the shared tick (deadlines,
 * stop reasons, outages, the hang detector, the timeline, progress events),
 * captures evidence on a hang before anything else, stops, closes, and
 * checks the drain. It reads the load only through a {@link LoadView}: one
 * VU pool in this thread (engine.ts), or the merged ticks of the `--workers`
 * threads (workers/merged-view.ts). Both runs are judged by the same code.
 */
import type { RunConfig } from '../config/run-config.js';
import { Timeline, completedSlotMs } from '../metrics/index.js';
import type { DetectorEvent, HangDetector, ProgressKind } from '../hang/index.js';
import type { Clock, Scheduler } from './clock.js';
import type { ServerProbe } from './probe.js';
import { OnlineCountPoller } from './probe.js';
import { drainCheck } from './drain.js';
import { captureDumps, hangEvidenceAt } from './hang-evidence.js';
import { beginLoad, hangDetectorFor } from './load-start.js';
import { timelineSeries, type EngineResult, type HangEvidence, type RunEnd, type TimelineSeries } from './result.js';
import type { ProgressSnapshot } from './progress-counters.js';
import type { DetectorSignals } from './detector-signals.js';
import { zeroLoadCounts, type LoadCounts, type LoadFacts, type LoadView } from './load-view.js';

export type EngineEvent =
  | { readonly type: 'stage'; readonly stage: 'load' | 'stopping' | 'closing' | 'drain' }
  | { readonly type: 'progress'; readonly snapshot: ProgressSnapshot }
  | { readonly type: 'stall'; readonly atMs: number }
  | { readonly type: 'outage'; readonly atMs: number; readonly sinceMs: number }
  | { readonly type: 'hang'; readonly evidence: HangEvidence };

export interface RunLoopOptions {
  readonly config: RunConfig;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly probe: ServerProbe | null;
  readonly onEvent?: (e: EngineEvent) => void;
  /** tick period: deadlines and the detector are checked this often */
  readonly tickMs?: number;
  /** false: no timeline (the overhead benchmark's "without recording" leg). Default true. */
  readonly recording?: boolean;
}

export class RunLoop {
  private readonly config: RunConfig;
  private readonly clock: Clock;
  private readonly timeline = new Timeline<TimelineSeries>({ intervalMs: 1000, kinds: timelineSeries });
  private detector: HangDetector;
  /** when the load began (run()); until then, when the loop was made */
  private start: number;
  private stopRequested: RunEnd | null = null;
  /** Ctrl-C / SIGTERM, whatever else stopped the run (a hang abort must not swallow it: exit 130, no leak claim) */
  private interruptRequested = false;
  private hang: HangEvidence | null = null;
  /** the dump before the load, diffed against the hang's (issue #16) */
  private baselineDump: { source: string; text: string } | null = null;
  private serverOnline: number | null = null;
  /** The online count, at most one fetch in flight; a change is progress (design.md). */
  private readonly poller: OnlineCountPoller;
  private evidencePending: Promise<void> | null = null;
  private lastSampleAt: number;
  /** the counts at the last timeline sample: the timeline's counters are the differences */
  private sampledCounts: LoadCounts = zeroLoadCounts;
  private lastProgressEmit = -Infinity;
  private wake: () => void = () => undefined;
  private readonly recording: boolean;
  /** What the view's VUs report goes to the detector of the moment (beginLoad replaces the first one). */
  private readonly signals: DetectorSignals = {
    progress: (kind: ProgressKind, at: number) => this.detector.progress(kind, at),
    failed: () => this.detector.failed(),
  };

  constructor(
    private readonly view: LoadView,
    private readonly o: RunLoopOptions,
  ) {
    this.config = o.config;
    this.clock = o.clock;
    this.start = o.clock.now();
    this.lastSampleAt = this.start;
    this.detector = hangDetectorFor(o.config, this.start);
    this.poller = new OnlineCountPoller(o.probe, (n) => {
      this.serverOnline = n;
      this.detector.serverOnlineCount(n, this.clock.now());
    });
    this.recording = o.recording ?? true;
  }

  /** When the load began, on the loop's clock. */
  get loadStartedAt(): number {
    return this.start;
  }

  /** The hang declared so far (null: none). */
  get hangEvidence(): HangEvidence | null {
    return this.hang;
  }

  /** Ask the run to stop (Ctrl-C): graceful, with a partial result. */
  interrupt(): void {
    this.interruptRequested = true;
    this.requestStop('interrupted');
  }

  /** Runs to the end; never rejects for target behaviour. */
  async run(): Promise<EngineResult> {
    const c = this.config;
    const { baseline, start, detector, baselineDump } = await beginLoad(this.o.probe, this.clock, c);
    this.baselineDump = baselineDump;
    this.start = start;
    this.lastSampleAt = start;
    this.detector = detector;
    this.serverOnline = baseline;
    const startedAt = new Date().toISOString();
    this.emit({ type: 'stage', stage: 'load' });
    const allDone = this.view.begin(start, this.signals).then(() => this.requestStop('completed'));
    const cancelTick = this.o.scheduler.every(this.o.tickMs ?? 100, () => this.tick());
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.stopRequested !== null) resolve();
    });
    this.emit({ type: 'stage', stage: 'stopping' });
    if (this.evidencePending !== null) await this.evidencePending;
    await this.view.stop();
    await allDone;
    this.sample(this.clock.now());
    const loadEndedAt = this.clock.now();
    cancelTick();
    this.emit({ type: 'stage', stage: 'closing' });
    await this.view.close();
    this.emit({ type: 'stage', stage: 'drain' });
    const drain = await drainCheck(this.o.probe, baseline, c.drainTimeoutMs, this.clock, () => this.interruptRequested);
    const t = this.view.tally(loadEndedAt, this.start);
    const end = this.interruptRequested ? 'interrupted' : (this.stopRequested ?? 'completed');
    return {
      startedAt,
      durationMs: loadEndedAt - this.start, // the load only: closing and the drain check come after
      end: end === 'completed' && t.totals.handshakes === 0 && t.connectFailures > 0 ? 'target-unavailable' : end,
      totals: t.totals,
      errorsByKind: t.errorsByKind,
      errorSamples: [...t.errorSamples],
      metrics: t.metrics,
      timeline: this.timeline.toJSON(),
      stalls: this.detector
        .stalls()
        .map((s) => ({ startMs: s.startMs - this.start, lengthMs: s.lengthMs, phases: s.phases, wasHang: s.wasHang })),
      hang: this.hang,
      drain,
      unfinishedByPhase: t.unfinishedByPhase,
      outages: [...t.outages],
    };
  }

  /** One tick: end overdue waits, stop reasons, outages, the detector, the timeline, progress. Public for tests on a manual clock. */
  tick(): void {
    const now = this.clock.now();
    const f = this.view.facts(now);
    if (this.config.durationMs !== null && now - this.start >= this.config.durationMs) this.requestStop('completed');
    const outage = this.view.outageDeclared(now);
    if (outage !== null) this.outageDeclared(now, outage.since);
    else if (this.config.durationMs === null) this.stopIfNeverReached(now, f.counts);
    this.handleDetector(this.detector.tick(now, f.detectorWaiting), now, f);
    if (now - this.lastSampleAt >= 1000) this.sample(now);
    // The progress snapshot reads four percentiles: only when someone shows it (--progress off: nobody).
    if (this.config.progress === 'off' || now - this.lastProgressEmit < 250) return;
    this.lastProgressEmit = now;
    const elapsedMs = now - this.start;
    this.emit({
      type: 'progress',
      snapshot: {
        elapsedMs,
        iterations: f.counts.iterations,
        iterationsPerSec: elapsedMs > 0 ? (f.counts.iterations * 1000) / elapsedMs : 0,
        open: f.counts.open,
        openSilent: f.waiting.openSilent,
        waitingByPhase: f.waiting.byPhase,
        p99ByPhase: this.view.p99(),
        state: this.detector.state(),
        serverOnline: this.serverOnline,
        errors: f.counts.errors,
        kicks: f.counts.kicks,
        sinceProgressMs: Math.max(0, now - this.detector.lastProgressMs),
      },
    });
  }

  private handleDetector(e: DetectorEvent, now: number, f: LoadFacts): void {
    if (e.type === 'stall-started') this.emit({ type: 'stall', atMs: e.sinceMs - this.start });
    if (e.type !== 'hang' || this.hang !== null) return;
    const evidence = hangEvidenceAt({
      event: e,
      detector: this.detector,
      now,
      start: this.start,
      byPhase: f.waiting.byPhase,
      openSilent: f.waiting.openSilent,
      openConnections: f.counts.open,
      serverOnline: this.serverOnline,
      oldestWaits: [],
    });
    this.hang = evidence;
    this.sample(now);
    // Evidence first: the oldest waits, the dump and server state, before the run is stopped.
    this.evidencePending = this.captureEvidence(now).finally(() => {
      this.evidencePending = null;
      this.emit({ type: 'hang', evidence: this.hang ?? evidence });
      if (this.config.onHang === 'abort') this.requestStop('hang-abort');
    });
  }

  private async captureEvidence(now: number): Promise<void> {
    const probe = this.o.probe;
    // The oldest waits are asked for first, at the hang's moment (a local pool answers at once).
    const oldest = this.view.oldestWaits(now, 10);
    const [oldestWaits, dumps, stats] = await Promise.all([
      oldest,
      probe === null ? null : captureDumps(probe, this.baselineDump, this.config.evidenceGapMs),
      probe?.stats() ?? null,
    ]);
    if (this.hang === null) return;
    this.hang = { ...this.hang, oldestWaits, ...(dumps ?? {}), serverStats: stats };
  }

  /** An outage reached the hang window: an `outage` event for listeners; an `--iterations` run without `--duration` ends (nothing else would end it). */
  private outageDeclared(now: number, since: number): void {
    this.emit({ type: 'outage', atMs: now - this.start, sinceMs: Math.round(since - this.start) });
    if (this.config.durationMs === null) this.requestStop('completed');
  }

  /**
   * #17.1: failed iterations never count toward `--iterations`, so a run without `--duration` against a
   * target no VU ever reaches would never end. After the hang window (counted from the end of the ramp-up)
   * with connect failures and not one handshake, it ends: the verdict is target-unavailable.
   */
  private stopIfNeverReached(now: number, counts: LoadCounts): void {
    if (counts.handshakes > 0 || counts.connectFailures === 0) return;
    if (now - this.start >= this.config.rampUpMs + this.config.hangWindowMs) this.requestStop('completed');
  }

  private sample(now: number): void {
    this.lastSampleAt = now;
    this.view.heartbeat(now);
    const f = this.view.facts(now);
    const prev = this.sampledCounts;
    const counts = { ...f.counts };
    this.sampledCounts = counts;
    if (this.recording)
      this.timeline.sample(completedSlotMs(now - this.start), {
        open: counts.open,
        openSilent: f.waiting.openSilent,
        ...(this.serverOnline === null ? {} : { serverOnline: this.serverOnline }),
        handshakes: counts.handshakes - prev.handshakes,
        replies: counts.replies - prev.replies,
        pushes: counts.pushes - prev.pushes,
        closes: counts.closes - prev.closes,
        iterations: counts.iterations - prev.iterations,
        errors: counts.errors - prev.errors,
        waitingConnecting: f.waiting.byPhase['handshake'] ?? 0,
        waitingReply: f.waiting.byPhase['reply'] ?? 0,
        waitingPush: f.waiting.push,
        waitingClosing: f.waiting.byPhase['close'] ?? 0,
        stuck: f.waiting.stuck,
      });
    this.poller.poll();
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
