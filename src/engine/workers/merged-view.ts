/**
 * The `--workers` threads as one {@link LoadView}: the run loop reads the
 * merge of every worker's latest tick (waiting VUs, counters, outages) and
 * hears their detector signals replayed in order, exactly as it reads a
 * local pool. At the end the workers' histograms merge exactly (through
 * their encoded form) and their counters sum. A worker that dies is counted
 * as the error kind `worker-died`, never silently dropped. Knows nothing of
 * threads: the coordinator (or a test) delivers the messages.
 */
import { errorKinds, type ErrorKind } from '../../protocol/adapter.js';
import { MetricsRecorder } from '../../metrics/index.js';
import type { Clock } from '../clock.js';
import { sumConnectionEnds } from '../connection-tally.js';
import { intersectOutages } from '../outage.js';
import { replaySignals, type DetectorSignals } from '../detector-signals.js';
import { zeroLoadCounts, type LoadCounts, type LoadFacts, type LoadTally, type LoadView } from '../load-view.js';
import type { ErrorSample, RunTotals, WaitSample } from '../result.js';
import type { FromWorker, ToWorker, WorkerResult, WorkerTick } from './messages.js';

/** One worker as the view sees it. */
export interface WorkerLink {
  /** how many VUs it runs (named when it dies) */
  readonly users: number;
  post(m: ToWorker): void;
  /** ends it at once (it did not stop within the grace) */
  kill(): void;
}

interface Slot {
  readonly no: number;
  readonly link: WorkerLink;
  tick: WorkerTick | null;
  result: WorkerResult | null;
  /** why it died, when it did */
  died: string | null;
  readonly finished: Promise<void>;
  markFinished: () => void;
}

const maxErrorSamples = 200;
/** After asking workers to stop: their closes are bounded by the close timeout; past this, they are ended. */
const stopGraceMs = 15_000;
/** A worker that does not answer for its oldest waits within this is skipped (evidence is never held up). */
const oldestWaitMs = 1000;
const quiet: DetectorSignals = { progress: () => undefined, failed: () => undefined };

export class MergedView implements LoadView {
  private readonly slots: Slot[];
  private signals: DetectorSignals = quiet;
  private start = 0;
  private outageAnnounced = false;
  private readonly deaths: ErrorSample[] = [];
  private readonly oldestReplies = new Map<number, (w: readonly WaitSample[]) => void>();

  constructor(
    links: readonly WorkerLink[],
    private readonly clock: Clock,
    private readonly closeTimeoutMs: number,
  ) {
    this.slots = links.map((link, no) => {
      let markFinished: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (markFinished = resolve));
      return { no, link, tick: null, result: null, died: null, finished, markFinished };
    });
  }

  /** A message from worker `no`. */
  received(no: number, m: FromWorker): void {
    const s = this.slots[no];
    if (s === undefined) return;
    if (m.type === 'tick') {
      s.tick = m.tick;
      replaySignals(m.tick.signals, this.signals);
    } else if (m.type === 'oldest') this.oldestReplies.get(no)?.(m.waits);
    else if (m.type === 'result') {
      s.result = m.result;
      s.markFinished();
    }
  }

  /** Worker `no` ended without its result: its users stopped, counted as one `worker-died` error. */
  died(no: number, why: string): void {
    const s = this.slots[no];
    if (s === undefined || s.result !== null || s.died !== null) return;
    s.died = why;
    this.deaths.push({
      atMs: Math.max(0, Math.round(this.clock.now() - this.start)),
      kind: 'worker-died',
      userID: `(worker ${no}: ${s.link.users} users)`,
      message: why,
    });
    this.signals.failed();
    s.markFinished();
  }

  /** Posts to every worker still running. */
  broadcast(m: ToWorker): void {
    for (const s of this.slots) this.post(s, m);
  }

  // --- LoadView ---------------------------------------------------------------

  begin(startMs: number, signals: DetectorSignals): Promise<void> {
    this.start = startMs;
    this.signals = signals;
    this.broadcast({ type: 'start' });
    return this.allFinished();
  }

  /** The whole run as the workers last reported it; finished and dead workers wait on nothing. */
  facts(): LoadFacts {
    const counts = { ...zeroLoadCounts };
    const byPhase: Record<string, number> = {};
    const judged: Record<string, number> = {};
    const w = { total: 0, openSilent: 0, silent: 0, stuck: 0, push: 0 };
    let judgedTotal = 0;
    let judgedSilent = 0;
    for (const s of this.slots) {
      // A finished worker's final counts are in its result (its last tick may be older).
      const final = s.result === null ? null : { ...s.result.totals, connectFailures: s.result.connectFailures, open: 0 };
      for (const key of Object.keys(counts) as (keyof LoadCounts)[])
        if (key !== 'open') counts[key] += (final ?? s.tick?.counts ?? zeroLoadCounts)[key];
      const k = s.tick;
      if (k === null || s.result !== null || s.died !== null) continue;
      counts.open += k.counts.open;
      for (const key of Object.keys(w) as (keyof typeof w)[]) w[key] += k.waiting[key];
      for (const [phase, n] of Object.entries(k.waiting.byPhase)) byPhase[phase] = (byPhase[phase] ?? 0) + n;
      judgedTotal += k.detectorWaiting.total;
      judgedSilent += k.detectorWaiting.openSilent;
      for (const [phase, n] of Object.entries(k.detectorWaiting.byPhase)) judged[phase] = (judged[phase] ?? 0) + n;
    }
    counts.errors += this.deaths.length;
    return { counts, waiting: { ...w, byPhase }, detectorWaiting: { total: judgedTotal, byPhase: judged, openSilent: judgedSilent } };
  }

  /** The worst worker's p99 per phase (the live display). */
  p99(): Readonly<Record<string, number | null>> {
    const p99: Record<string, number | null> = { handshake: null, reply: null, push: null, close: null };
    for (const s of this.slots)
      for (const [phase, v] of Object.entries(s.tick?.p99 ?? {})) if (v !== null) p99[phase] = Math.max(p99[phase] ?? 0, v);
    return p99;
  }

  /** The target is lost when every running worker has lost it (as the merged report says); announced once per outage. */
  outageDeclared(): { since: number } | null {
    const live = this.slots.filter((s) => s.result === null && s.died === null);
    const since = live.map((s) => s.tick?.outageSince ?? null);
    const all = live.length > 0 && since.every((x) => x !== null);
    if (!all) this.outageAnnounced = false;
    if (!all || this.outageAnnounced) return null;
    this.outageAnnounced = true;
    return { since: Math.max(...since) };
  }

  heartbeat(): void {
    // each worker pings its own idle connections on its own tick
  }

  /** Each live worker's n oldest waits, merged (a worker that does not answer within 1 s is skipped). */
  async oldestWaits(_now: number, n: number): Promise<readonly WaitSample[]> {
    const live = this.slots.filter((s) => s.result === null && s.died === null);
    const lists = await Promise.all(
      live.map(
        (s) =>
          new Promise<readonly WaitSample[]>((resolve) => {
            const timer = this.clock.after(oldestWaitMs, () => resolve([]));
            this.oldestReplies.set(s.no, (w) => {
              timer.cancel();
              this.oldestReplies.delete(s.no);
              resolve(w);
            });
            this.post(s, { type: 'oldest', n });
          }),
      ),
    );
    return lists
      .flat()
      .sort((a, b) => (b.noProgressMs ?? 0) - (a.noProgressMs ?? 0) || b.waitedMs - a.waitedMs)
      .slice(0, n);
  }

  async stop(): Promise<void> {
    this.broadcast({ type: 'stop' });
    // the end: dials in flight, then closes, each bounded by the close timeout (run-end.ts)
    const grace = this.clock.after(2 * this.closeTimeoutMs + stopGraceMs, () => {
      for (const s of this.slots) if (s.result === null) s.link.kill();
    });
    await this.allFinished();
    grace.cancel();
  }

  async close(): Promise<void> {
    // every worker closed its own connections before it sent its result
  }

  tally(now: number, start: number): LoadTally {
    const finished = this.slots.filter((s) => s.result !== null).map((s) => s.result as WorkerResult);
    const sum = (f: (t: RunTotals) => number, g: (c: LoadCounts) => number): number =>
      finished.reduce((acc, r) => acc + f(r.totals), 0) +
      this.slots.filter((s) => s.result === null).reduce((acc, s) => acc + g(s.tick?.counts ?? zeroLoadCounts), 0);
    const errorsByKind = Object.fromEntries(errorKinds.map((k) => [k, 0])) as Record<ErrorKind, number>;
    for (const r of finished) for (const k of errorKinds) errorsByKind[k] += r.errorsByKind[k];
    errorsByKind['worker-died'] += this.deaths.length;
    const totals: RunTotals = {
      iterations: sum(
        (t) => t.iterations,
        (c) => c.iterations,
      ),
      connects: sum(
        (t) => t.connects,
        (c) => c.connects,
      ),
      handshakes: sum(
        (t) => t.handshakes,
        (c) => c.handshakes,
      ),
      replies: sum(
        (t) => t.replies,
        (c) => c.replies,
      ),
      pushes: sum(
        (t) => t.pushes,
        (c) => c.pushes,
      ),
      closes: sum(
        (t) => t.closes,
        (c) => c.closes,
      ),
      kicks: sum(
        (t) => t.kicks,
        (c) => c.kicks,
      ),
      errors:
        sum(
          (t) => t.errors,
          (c) => c.errors,
        ) + this.deaths.length,
      missedIterationsEstimate: finished.reduce((acc, r) => acc + r.totals.missedIterationsEstimate, 0),
      ...sumConnectionEnds(finished.map((r) => r.totals)),
    };
    const unfinishedByPhase: Record<string, number> = {};
    for (const r of finished)
      for (const [k, n] of Object.entries(r.unfinishedByPhase)) unfinishedByPhase[k] = (unfinishedByPhase[k] ?? 0) + n;
    return {
      totals,
      connectFailures: finished.reduce((acc, r) => acc + r.connectFailures, 0),
      errorsByKind,
      errorSamples: [...this.deaths, ...finished.flatMap((r) => r.errorSamples.map((x) => ({ ...x, atMs: Math.round(x.atMs) })))]
        .sort((a, b) => a.atMs - b.atMs)
        .slice(0, maxErrorSamples),
      metrics:
        finished.length === 0
          ? new MetricsRecorder().snapshot()
          : MetricsRecorder.merge(finished[0]!.metrics, ...finished.slice(1).map((r) => r.metrics)),
      unfinishedByPhase,
      // The target was lost when every thread lost it; threads that died report nothing.
      outages:
        finished.length === 0
          ? []
          : intersectOutages(
              finished.map((r) =>
                r.outages.map((o) => ({
                  ...o,
                  startMs: Math.round(o.startMs + r.loadStartedAt - start),
                  endMs: o.endMs === null ? null : Math.round(o.endMs + r.loadStartedAt - start),
                })),
              ),
              Math.round(now - start),
            ),
    };
  }

  private allFinished(): Promise<void> {
    return Promise.all(this.slots.map((s) => s.finished)).then(() => undefined);
  }

  private post(s: Slot, m: ToWorker): void {
    if (s.result === null && s.died === null) s.link.post(m);
  }
}
