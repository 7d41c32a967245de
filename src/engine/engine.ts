/**
 * The run loop: starts the virtual users, drives the one shared tick
 * (deadlines, hang detection, timeline, progress), captures evidence on a
 * hang before anything else, stops, closes, and checks the drain.
 */
import type { Adapter, ErrorKind, VuIdentity } from '../protocol/adapter.js';
import { answerErrorKinds, errorKinds } from '../protocol/adapter.js';
import type { RunConfig } from '../config/run-config.js';
import { MetricsRecorder, Timeline, completedSlotMs } from '../metrics/index.js';
import type { DetectorEvent, HangDetector } from '../hang/index.js';
import type { Clock, Scheduler } from './clock.js';
import { VirtualUser, type VuSink } from './vu.js';
import type { ServerProbe } from './probe.js';
import { OnlineCountPoller } from './probe.js';
import { drainCheck } from './drain.js';
import { captureDumps, hangEvidenceAt } from './hang-evidence.js';
import { beginLoad, hangDetectorFor } from './load-start.js';
import { timelineSeries, waitingPhases, type EngineResult, type ErrorSample, type HangEvidence, type RunEnd, type TimelineSeries, type VuPhase, type WaitSample } from './result.js';
import { ProgressCounters, type ProgressSnapshot } from './progress-counters.js';
import { OutageTracker } from './outage.js';
import { ConnectionTally } from './connection-tally.js';
import { endAllCarefully } from './run-end.js';

export type EngineEvent =
  | { readonly type: 'stage'; readonly stage: 'load' | 'stopping' | 'closing' | 'drain' }
  | { readonly type: 'progress'; readonly snapshot: ProgressSnapshot }
  | { readonly type: 'stall'; readonly atMs: number }
  | { readonly type: 'outage'; readonly atMs: number; readonly sinceMs: number }
  | { readonly type: 'hang'; readonly evidence: HangEvidence };

export interface EngineOptions {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly probe: ServerProbe | null;
  readonly onEvent?: (e: EngineEvent) => void;
  /** tick period: deadlines and the detector are checked this often */
  readonly tickMs?: number;
  /**
   * The global VU indices this engine drives (a `--shard`, or one worker's
   * slice of it); default every index of the pool, `0 … users − 1`.
   */
  readonly vuIndices?: readonly number[];
  /** Every tick's raw facts, for a coordinator that merges several engines (`--workers`). */
  readonly onTick?: (t: EngineTick) => void;
  /**
   * false: record no latency histograms and no timeline (the overhead
   * benchmark's "without recording" leg). Default true.
   */
  readonly recording?: boolean;
}

/** What one tick saw, for a coordinator merging engines (see `engine/workers/`). */
export interface EngineTick {
  readonly now: number;
  readonly waiting: { readonly total: number; readonly byPhase: Readonly<Record<string, number>>; readonly openSilent: number; readonly silent: number; readonly stuck: number };
  /** VUs waiting for a push (counted with `reply` in `waiting.byPhase`) */
  readonly waitingPush: number;
  readonly counters: ProgressCounters;
  /** last progress the detector saw, on this engine's clock */
  readonly lastProgressMs: number;
  readonly recorder: MetricsRecorder<ErrorKind>;
}

const maxErrorSamples = 200;
const detectorPhase: Readonly<Record<VuPhase, string>> = {
  starting: 'starting',
  connecting: 'handshake',
  'awaiting-reply': 'reply',
  'awaiting-push': 'reply',
  closing: 'close',
  thinking: 'thinking',
  done: 'done',
};

export class Engine implements VuSink {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  private readonly vus: VirtualUser[];
  private readonly recorder = new MetricsRecorder<ErrorKind>();
  private readonly timeline = new Timeline<TimelineSeries>({ intervalMs: 1000, kinds: timelineSeries });
  private detector: HangDetector;
  private readonly counters = new ProgressCounters();
  readonly tally = new ConnectionTally();
  private readonly errorsByKind = Object.fromEntries(errorKinds.map((k) => [k, 0])) as Record<ErrorKind, number>;
  private readonly errorSamples: ErrorSample[] = [];
  /** when the load began (run()); until then, when the engine was made */
  private start: number;
  private stopRequested: RunEnd | null = null;
  /** Ctrl-C / SIGTERM, whatever else stopped the run (a hang abort must not swallow it: exit 130, no leak claim) */
  private interruptRequested = false;
  private readonly outages: OutageTracker;
  private hang: HangEvidence | null = null;
  /** the dump before the load, diffed against the hang's (issue #16) */
  private baselineDump: { source: string; text: string } | null = null;
  private serverOnline: number | null = null;
  /** The online count, at most one fetch in flight; a change is progress (design.md). */
  private readonly poller: OnlineCountPoller;
  private evidencePending: Promise<void> | null = null;
  private missedIterations = 0;
  private iterationSumMs = 0;
  private iterationCount = 0;
  private lastSampleAt: number;
  private lastProgressEmit = -Infinity;
  private wake: () => void = () => undefined;
  /** each VU's peer for send-msg: the next VU this engine drives (its pushes arrive here) */
  private readonly peers: ReadonlyMap<number, VuIdentity>;
  private readonly recording: boolean;

  constructor(private readonly o: EngineOptions) {
    this.config = o.config;
    this.adapter = o.adapter;
    this.clock = o.clock;
    this.start = o.clock.now();
    this.lastSampleAt = this.start;
    this.detector = hangDetectorFor(o.config, this.start);
    this.outages = new OutageTracker(o.config.hangWindowMs);
    this.poller = new OnlineCountPoller(o.probe, (n) => {
      this.serverOnline = n;
      this.detector.serverOnlineCount(n, this.clock.now());
    });
    this.vus = vuIdentities(o.config, o.vuIndices).map((id) => new VirtualUser(id, this));
    this.peers = new Map(this.vus.map((v, i) => [v.id.index, this.vus[(i + 1) % this.vus.length]?.id ?? v.id]));
    this.recording = o.recording ?? true;
  }

  /** The VUs' identities (for adapter.prepare before run). */
  get identities(): readonly VuIdentity[] {
    return this.vus.map((v) => v.id);
  }

  /** When the load began, on this engine's clock (a `--workers` thread's outages are relative to it). */
  get loadStartedAt(): number {
    return this.start;
  }

  /** Connect attempts that failed before a handshake (what tells an unreachable target). */
  get connectFailures(): number {
    return this.counters.connectFailures;
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
    this.emit({ type: 'stage', stage: 'load' });
    const cancelTick = this.o.scheduler.every(this.o.tickMs ?? 100, () => this.tick());
    const startedAt = new Date().toISOString();
    const runs = this.vus.map((vu) => vu.run(this.start));
    const allDone = Promise.all(runs).then(() => this.requestStop('completed'));
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (this.stopRequested !== null) resolve();
    });
    this.emit({ type: 'stage', stage: 'stopping' });
    if (this.evidencePending !== null) await this.evidencePending;
    const unfinishedByPhase = this.recordUnfinished();
    for (const vu of this.vus) vu.stop();
    await allDone;
    this.sample(this.clock.now());
    const loadEndedAt = this.clock.now();
    cancelTick();
    this.emit({ type: 'stage', stage: 'closing' });
    await endAllCarefully(this.vus, this.adapter, this.config.closeTimeoutMs);
    this.emit({ type: 'stage', stage: 'drain' });
    const drain = await drainCheck(this.o.probe, baseline, this.config.drainTimeoutMs, this.clock, () => this.interruptRequested);
    const end = this.interruptRequested ? 'interrupted' : (this.stopRequested ?? 'completed');
    return {
      startedAt,
      durationMs: loadEndedAt - this.start, // the load only: closing and the drain check come after
      end: end === 'completed' && this.counters.handshakes === 0 && this.counters.connectFailures > 0 ? 'target-unavailable' : end,
      totals: {
        iterations: this.counters.iterations,
        connects: this.counters.connects,
        handshakes: this.counters.handshakes,
        replies: this.counters.replies,
        pushes: this.counters.pushes,
        closes: this.counters.closes,
        kicks: this.errorsByKind.kicked,
        errors: this.counters.errors,
        missedIterationsEstimate: this.missedIterations,
        ...this.tally.totals(),
      },
      errorsByKind: { ...this.errorsByKind },
      errorSamples: [...this.errorSamples],
      metrics: this.recorder.snapshot(),
      timeline: this.timeline.toJSON(),
      stalls: this.detector.stalls().map((s) => ({ startMs: s.startMs - this.start, lengthMs: s.lengthMs, phases: s.phases, wasHang: s.wasHang })),
      hang: this.hang,
      drain,
      unfinishedByPhase,
      outages: this.outages.outages(loadEndedAt, this.start),
    };
  }

  // --- VuSink ---------------------------------------------------------------

  stopping(): boolean {
    return this.stopRequested !== null;
  }

  startAt(vu: VuIdentity): number {
    return this.config.users <= 1 ? 0 : (this.config.rampUpMs * vu.index) / this.config.users;
  }

  peerOf(vu: VuIdentity): VuIdentity | null {
    return this.vus.length < 2 ? null : (this.peers.get(vu.index) ?? null);
  }

  completed(phase: 'handshake' | 'reply' | 'push' | 'close' | 'iteration', ms: number): void {
    const now = this.clock.now();
    if (this.recording) this.recorder.record(phase, ms, phase === 'iteration' ? undefined : this.expectedIntervalMs());
    if (phase === 'iteration') {
      this.iterationSumMs += ms;
      this.iterationCount++;
    }
    this.counters.completed(phase);
    if (phase === 'handshake') this.outages.reached(now);
    // A completed handshake followed by silence is the v3.5.1 symptom (design.md, §1.5): the 101 still
    // arrives when the gateway is wedged. So a handshake is progress only when no request follows it on
    // that connection; otherwise the reply (or the close) that follows is what shows the server moving.
    if ((phase === 'handshake' && this.config.messages === 0) || phase === 'reply' || phase === 'close') this.detector.progress(phase, now);
    if (phase === 'push') this.detector.progress('reply', now);
  }

  stalled(ms: number): void {
    if (this.recording) this.recorder.record('stall', ms);
    const expected = this.expectedIntervalMs();
    if (expected !== undefined) this.missedIterations += Math.floor(ms / expected);
  }

  error(kind: ErrorKind, vu: VuIdentity, message: string): void {
    this.outages.failed(kind, this.clock.now());
    this.errorsByKind[kind]++;
    this.recorder.increment(kind);
    this.counters.error(kind);
    // Every error is a failed wait (online-count changes stop counting, #17.3); an error the server
    // answered with shows it is not frozen (hang/progress.ts `error-answer`, #17.4).
    // A kick is what --overlap asks for (design.md "The virtual user"), not a failed wait.
    if (kind !== 'kicked') this.detector.failed();
    if (answerErrorKinds.has(kind)) this.detector.progress('error-answer', this.clock.now());
    if (this.errorSamples.length < maxErrorSamples) {
      this.errorSamples.push({ atMs: Math.round(this.clock.now() - this.start), kind, userID: vu.userID, message: message.slice(0, 500) });
    }
  }

  connection(delta: 1 | -1): void {
    this.counters.open += delta;
  }

  pushReceived(count: number): void {
    this.counters.pushesReceived += count;
  }

  // --- the shared tick --------------------------------------------------------

  /** One tick: end overdue waits, run the detector, sample the timeline. Public for tests on a manual clock. */
  tick(): void {
    const now = this.clock.now();
    for (const vu of this.vus) vu.wait.expireIfDue(now);
    if (this.config.durationMs !== null && now - this.start >= this.config.durationMs) this.requestStop('completed');
    if (this.outages.tick(now)) this.outageDeclared(now);
    else if (this.config.durationMs === null) this.stopIfNeverReached(now);
    const waiting = this.waitingSnapshot(now);
    this.handleDetector(this.detector.tick(now, this.detectorWaiting(waiting)), now, waiting);
    if (now - this.lastSampleAt >= 1000) this.sample(now);
    this.o.onTick?.({ now, waiting, waitingPush: this.waitingPush(), counters: this.counters, lastProgressMs: this.detector.lastProgressMs, recorder: this.recorder });
    // The progress snapshot reads four percentiles: only when someone shows it (--progress off: nobody).
    if (this.config.progress === 'off' || now - this.lastProgressEmit < 250) return;
    this.lastProgressEmit = now;
    const snapshot = this.counters.snapshot(now - this.start, waiting, this.serverOnline, this.detector.state(), this.recorder);
    this.emit({ type: 'progress', snapshot: { ...snapshot, sinceProgressMs: Math.max(0, now - this.detector.lastProgressMs) } });
  }

  private handleDetector(e: DetectorEvent, now: number, waiting: ReturnType<Engine['waitingSnapshot']>): void {
    if (e.type === 'stall-started') this.emit({ type: 'stall', atMs: e.sinceMs - this.start });
    if (e.type !== 'hang' || this.hang !== null) return;
    const evidence = hangEvidenceAt({
      event: e,
      detector: this.detector,
      now,
      start: this.start,
      byPhase: waiting.byPhase,
      openSilent: waiting.openSilent,
      openConnections: this.counters.open,
      serverOnline: this.serverOnline,
      oldestWaits: this.oldestWaits(now, 10),
    });
    this.hang = evidence;
    this.sample(now);
    // Evidence first: the dump and server state are fetched before the run is stopped.
    this.evidencePending = this.captureServerEvidence().finally(() => {
      this.evidencePending = null;
      this.emit({ type: 'hang', evidence: this.hang ?? evidence });
      if (this.config.onHang === 'abort') this.requestStop('hang-abort');
    });
  }

  /** An outage reached the hang window: an `outage` event for listeners; an `--iterations` run without `--duration` ends (nothing else would end it). */
  private outageDeclared(now: number): void {
    const open = this.outages.outages(now, this.start).at(-1);
    this.emit({ type: 'outage', atMs: now - this.start, sinceMs: open?.startMs ?? now - this.start });
    if (this.config.durationMs === null) this.requestStop('completed');
  }

  /**
   * #17.1: failed iterations never count toward `--iterations`, so a run without `--duration` against a
   * target no VU ever reaches would never end. After the hang window (counted from the end of the ramp-up)
   * with connect failures and not one handshake, it ends: the verdict is target-unavailable.
   */
  private stopIfNeverReached(now: number): void {
    if (this.counters.handshakes > 0 || this.counters.connectFailures === 0) return;
    if (now - this.start >= this.config.rampUpMs + this.config.hangWindowMs) this.requestStop('completed');
  }

  /**
   * The `n` VUs waiting on the target that have gone longest without progress of their own (hang
   * evidence): a stuck VU retries after every timeout, so its current wait alone understates it.
   */
  oldestWaits(now: number, n: number): WaitSample[] {
    return this.vus
      .filter((v) => v.wait.waiting && waitingPhases.includes(v.phase))
      .sort((a, b) => a.lastProgressAt - b.lastProgressAt || a.wait.since - b.wait.since)
      .slice(0, n)
      .map((v) => ({
        userID: v.id.userID,
        phase: v.phase,
        waitedMs: Math.round(now - v.wait.since),
        openSilent: v.phase === 'awaiting-reply' && v.wait.silentConnection,
        noProgressMs: Math.round(now - v.lastProgressAt),
        failedAttempts: v.failuresSinceProgress,
      }));
  }

  private async captureServerEvidence(): Promise<void> {
    const probe = this.o.probe;
    if (probe === null || this.hang === null) return;
    const [dumps, stats] = await Promise.all([captureDumps(probe, this.baselineDump, this.config.evidenceGapMs), probe.stats()]);
    this.hang = { ...this.hang, ...dumps, serverStats: stats };
  }

  /**
   * What the hang detector is told is waiting. While every connect fails as unreachable (an outage in the
   * making, issue #11), VUs dialling are waiting on a target that is gone, not on a wedged one: they are
   * left out, so a slowly failing dial (DNS or a far reset) makes the run `target-lost`, never a hang.
   */
  private detectorWaiting(w: { total: number; byPhase: Record<string, number>; silent: number }): { total: number; byPhase: Record<string, number>; openSilent: number } {
    const dialling = this.outages.failing ? (w.byPhase[detectorPhase.connecting] ?? 0) : 0;
    if (dialling === 0) return { total: w.total, byPhase: w.byPhase, openSilent: w.silent };
    const { [detectorPhase.connecting]: _dialling, ...rest } = w.byPhase;
    return { total: w.total - dialling, byPhase: rest, openSilent: w.silent };
  }

  /**
   * Who waits where. `openSilent` counts connections with no reply yet for the stall threshold (timeline,
   * progress); `silent` counts every VU awaiting the first reply on its connection — what tells an
   * open-but-silent hang from a reply-stuck one, since VUs reconnect after each reply timeout.
   */
  private waitingSnapshot(now: number): { total: number; byPhase: Record<string, number>; openSilent: number; silent: number; stuck: number } {
    const byPhase: Record<string, number> = {};
    let total = 0;
    let openSilent = 0;
    let silent = 0;
    let stuck = 0;
    for (const vu of this.vus) {
      if (!vu.wait.waiting || !waitingPhases.includes(vu.phase)) continue;
      total++;
      // Stuck: waiting past the stall threshold. A healthy run always has waits in flight; it has few stuck ones.
      if (now - vu.wait.since >= this.config.stallThresholdMs) stuck++;
      const key = detectorPhase[vu.phase];
      byPhase[key] = (byPhase[key] ?? 0) + 1;
      if (vu.phase === 'awaiting-reply' && vu.wait.silentConnection) {
        silent++;
        if (now - vu.wait.since >= this.config.stallThresholdMs) openSilent++;
      }
    }
    return { total, byPhase, openSilent, silent, stuck };
  }

  private sample(now: number): void {
    this.lastSampleAt = now;
    for (const vu of this.vus) vu.heartbeat(now);
    const waiting = this.waitingSnapshot(now);
    const d = this.counters.takeDeltas();
    if (this.recording) this.timeline.sample(completedSlotMs(now - this.start), {
      open: this.counters.open,
      openSilent: waiting.openSilent,
      ...(this.serverOnline === null ? {} : { serverOnline: this.serverOnline }),
      handshakes: d.handshakes,
      replies: d.replies,
      pushes: d.pushes,
      closes: d.closes,
      iterations: d.iterations,
      errors: d.errors,
      waitingConnecting: waiting.byPhase['handshake'] ?? 0,
      waitingReply: waiting.byPhase['reply'] ?? 0,
      waitingPush: this.waitingPush(),
      waitingClosing: waiting.byPhase['close'] ?? 0,
      stuck: waiting.stuck,
    });
    this.poller.poll();
  }

  private waitingPush(): number {
    let n = 0;
    for (const v of this.vus) if (v.phase === 'awaiting-push' && v.wait.waiting) n++;
    return n;
  }


  private recordUnfinished(): Record<string, number> {
    const now = this.clock.now();
    const out: Record<string, number> = {};
    for (const vu of this.vus) {
      if (!vu.wait.waiting || !waitingPhases.includes(vu.phase)) continue;
      out[vu.phase] = (out[vu.phase] ?? 0) + 1;
      const waited = now - vu.wait.since;
      // A hang is never dropped from the numbers: an unfinished wait is recorded with what it had waited.
      if (waited >= this.config.stallThresholdMs) this.stalled(waited);
    }
    return out;
  }

  /** A VU's usual pace: mean iteration time plus think time, from running sums (reading the histogram's mean iterates every bucket). */
  private expectedIntervalMs(): number | undefined {
    if (this.iterationCount < 10) return undefined;
    return Math.max(1, this.iterationSumMs / this.iterationCount + this.config.thinkMs);
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

/** The identities of the VUs with these global indices (default: the whole pool `0 … users − 1`). */
export function vuIdentities(c: RunConfig, indices?: readonly number[]): VuIdentity[] {
  const identity = (i: number): VuIdentity => ({ index: i, userID: `${c.userPrefix}${c.userOffset + i}`, platformID: c.platformID });
  return indices === undefined ? Array.from({ length: c.users }, (_, i) => identity(i)) : indices.map(identity);
}

