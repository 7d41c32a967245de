/**
 * A VU pool: what a thread runs — its virtual users, their counters,
 * recorder, error samples and outage tracker, who waits where and the
 * oldest waits. No hang detector, no timeline, no stop decisions: those are
 * the run loop's (run-loop.ts), which reads this pool as a {@link LoadView}
 * in one thread, or through the workers' ticks with `--workers`.
 */
import type { Adapter, ErrorKind, VuIdentity } from '../protocol/adapter.js';
import { answerErrorKinds, errorKinds } from '../protocol/adapter.js';
import type { RunConfig } from '../config/run-config.js';
import { MetricsRecorder } from '../metrics/index.js';
import type { Clock } from './clock.js';
import { ConnectionTally } from './connection-tally.js';
import { endAllCarefully } from './run-end.js';
import { VirtualUser, type VuSink } from './vu.js';
import { waitingPhases, type ErrorSample, type VuPhase, type WaitSample } from './result.js';
import { ProgressCounters } from './progress-counters.js';
import { OutageTracker } from './outage.js';
import type { DetectorSignals } from './detector-signals.js';
import type { LoadFacts, LoadTally, LoadView, WaitingFacts } from './load-view.js';

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
const quiet: DetectorSignals = { progress: () => undefined, failed: () => undefined };

export interface VuPoolOptions {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  /** the global VU indices this pool drives (a `--shard`, or one worker's slice); default `0 … users − 1` */
  readonly vuIndices?: readonly number[];
  /** false: no latency histograms (the overhead benchmark's "without recording" leg) */
  readonly recording?: boolean;
}

export class VuPool implements VuSink, LoadView {
  readonly config: RunConfig;
  readonly adapter: Adapter;
  readonly clock: Clock;
  private readonly vus: VirtualUser[];
  private readonly recorder = new MetricsRecorder<ErrorKind>();
  private readonly counters = new ProgressCounters();
  readonly ends = new ConnectionTally();
  private readonly errorsByKind = Object.fromEntries(errorKinds.map((k) => [k, 0])) as Record<ErrorKind, number>;
  private readonly errorSamples: ErrorSample[] = [];
  private readonly outages: OutageTracker;
  private signals: DetectorSignals = quiet;
  /** when the load began (begin()); until then, when the pool was made */
  private start: number;
  private stopped = false;
  private allDone: Promise<void> = Promise.resolve();
  private unfinished: Record<string, number> = {};
  private missedIterations = 0;
  private iterationSumMs = 0;
  private iterationCount = 0;
  /** each VU's peer for send-msg: the next VU of this pool (its pushes arrive here) */
  private readonly peers: ReadonlyMap<number, VuIdentity>;
  private readonly recording: boolean;

  constructor(o: VuPoolOptions) {
    this.config = o.config;
    this.adapter = o.adapter;
    this.clock = o.clock;
    this.start = o.clock.now();
    this.outages = new OutageTracker(o.config.hangWindowMs);
    this.vus = vuIdentities(o.config, o.vuIndices).map((id) => new VirtualUser(id, this));
    this.peers = new Map(this.vus.map((v, i) => [v.id.index, this.vus[(i + 1) % this.vus.length]?.id ?? v.id]));
    this.recording = o.recording ?? true;
  }

  /** The VUs' identities (for adapter.prepare before the load). */
  get identities(): readonly VuIdentity[] {
    return this.vus.map((v) => v.id);
  }

  /** When the load began, on this pool's clock (a `--workers` thread's outages are relative to it). */
  get loadStartedAt(): number {
    return this.start;
  }

  // --- LoadView -----------------------------------------------------------------

  begin(startMs: number, signals: DetectorSignals): Promise<void> {
    this.start = startMs;
    this.signals = signals;
    this.allDone = Promise.all(this.vus.map((vu) => vu.run(startMs))).then(() => undefined);
    return this.allDone;
  }

  facts(now: number): LoadFacts {
    for (const vu of this.vus) vu.wait.expireIfDue(now);
    const waiting = this.waiting(now);
    return { counts: this.counters, waiting, detectorWaiting: this.detectorWaiting(waiting) };
  }

  p99(): Readonly<Record<string, number | null>> {
    const p99 = (phase: 'handshake' | 'reply' | 'close' | 'push'): number | null => {
      const h = this.recorder.raw(phase);
      return h.count === 0 ? null : h.percentileMs(99);
    };
    return { handshake: p99('handshake'), reply: p99('reply'), push: p99('push'), close: p99('close') };
  }

  outageDeclared(now: number): { since: number } | null {
    if (!this.outages.tick(now)) return null;
    return { since: this.outageOpenSince(now) ?? now };
  }

  /** When the outage open now began (null: none at least the hang window long). */
  outageOpenSince(now: number): number | null {
    return this.outages.openSince(now);
  }

  heartbeat(now: number): void {
    for (const vu of this.vus) vu.heartbeat(now);
  }

  oldestWaits(now: number, n: number): Promise<readonly WaitSample[]> {
    return Promise.resolve(this.oldestWaitsNow(now, n));
  }

  /**
   * The `n` VUs waiting on the target that have gone longest without progress of their own (hang
   * evidence): a stuck VU retries after every timeout, so its current wait alone understates it.
   */
  oldestWaitsNow(now: number, n: number): WaitSample[] {
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

  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.unfinished = this.recordUnfinished();
      for (const vu of this.vus) vu.stop();
    }
    // Dials still before their 101 are kept: close() lets them finish or abandons them, bounded by --close-timeout (#18).
    await this.allDone;
  }

  /** The careful end (run-end.ts): dials in flight finish or are abandoned, then every connection gets its close handshake. */
  async close(): Promise<void> {
    await endAllCarefully(this.vus, this.adapter, this.config.closeTimeoutMs, this.clock);
  }

  tally(now: number, start: number): LoadTally {
    const c = this.counters;
    return {
      totals: {
        iterations: c.iterations,
        connects: c.connects,
        handshakes: c.handshakes,
        replies: c.replies,
        pushes: c.pushes,
        closes: c.closes,
        kicks: this.errorsByKind.kicked,
        errors: c.errors,
        missedIterationsEstimate: this.missedIterations,
        ...this.ends.totals(),
      },
      connectFailures: c.connectFailures,
      errorsByKind: { ...this.errorsByKind },
      errorSamples: [...this.errorSamples],
      metrics: this.recorder.snapshot(),
      unfinishedByPhase: { ...this.unfinished },
      outages: this.outages.outages(now, start),
    };
  }

  // --- VuSink ---------------------------------------------------------------

  stopping(): boolean {
    return this.stopped;
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
    if ((phase === 'handshake' && this.config.messages === 0) || phase === 'reply' || phase === 'close') this.signals.progress(phase, now);
    if (phase === 'push') this.signals.progress('reply', now);
  }

  stalled(ms: number): void {
    if (this.recording) this.recorder.record('stall', ms);
    const expected = this.expectedIntervalMs();
    if (expected !== undefined) this.missedIterations += Math.floor(ms / expected);
  }

  error(kind: ErrorKind, vu: VuIdentity, message: string): void {
    const now = this.clock.now();
    this.outages.failed(kind, now);
    this.errorsByKind[kind]++;
    this.recorder.increment(kind);
    this.counters.error(kind);
    // Every error is a failed wait (online-count changes stop counting, #17.3); an error the server
    // answered with shows it is not frozen (hang/progress.ts `error-answer`, #17.4).
    // A kick is what --overlap asks for (design.md "The virtual user"), not a failed wait.
    if (kind !== 'kicked') this.signals.failed();
    if (answerErrorKinds.has(kind)) this.signals.progress('error-answer', now);
    if (this.errorSamples.length < maxErrorSamples) {
      this.errorSamples.push({ atMs: Math.round(now - this.start), kind, userID: vu.userID, message: message.slice(0, 500) });
    }
  }

  connection(delta: 1 | -1): void {
    this.counters.open += delta;
  }

  pushReceived(count: number): void {
    this.counters.pushesReceived += count;
  }

  // --- internals ---------------------------------------------------------------

  /** Who waits where (see {@link WaitingFacts}). */
  private waiting(now: number): WaitingFacts {
    const byPhase: Record<string, number> = {};
    let total = 0;
    let openSilent = 0;
    let silent = 0;
    let stuck = 0;
    let push = 0;
    for (const vu of this.vus) {
      if (!vu.wait.waiting || !waitingPhases.includes(vu.phase)) continue;
      total++;
      if (vu.phase === 'awaiting-push') push++;
      // Stuck: waiting past the stall threshold. A healthy run always has waits in flight; it has few stuck ones.
      if (now - vu.wait.since >= this.config.stallThresholdMs) stuck++;
      const key = detectorPhase[vu.phase];
      byPhase[key] = (byPhase[key] ?? 0) + 1;
      if (vu.phase === 'awaiting-reply' && vu.wait.silentConnection) {
        silent++;
        if (now - vu.wait.since >= this.config.stallThresholdMs) openSilent++;
      }
    }
    return { total, byPhase, openSilent, silent, stuck, push };
  }

  /** The waits the detector judges: while every connect fails as unreachable, dialling VUs are left out (see {@link LoadFacts}). */
  private detectorWaiting(w: WaitingFacts): LoadFacts['detectorWaiting'] {
    const dialling = this.outages.failing ? (w.byPhase[detectorPhase.connecting] ?? 0) : 0;
    if (dialling === 0) return { total: w.total, byPhase: w.byPhase, openSilent: w.silent };
    const { [detectorPhase.connecting]: _dialling, ...rest } = w.byPhase;
    return { total: w.total - dialling, byPhase: rest, openSilent: w.silent };
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
}

/** The identities of the VUs with these global indices (default: the whole pool `0 … users − 1`). */
export function vuIdentities(c: RunConfig, indices?: readonly number[]): VuIdentity[] {
  const identity = (i: number): VuIdentity => ({ index: i, userID: `${c.userPrefix}${c.userOffset + i}`, platformID: c.platformID });
  return indices === undefined ? Array.from({ length: c.users }, (_, i) => identity(i)) : indices.map(identity);
}
