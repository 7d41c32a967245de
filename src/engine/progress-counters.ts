/**
 * Running counts for the live progress and the timeline: totals, and the
 * deltas since the last timeline sample. Plain fields, no per-event objects.
 */
import type { ErrorKind } from '../protocol/adapter.js';
import type { MetricsRecorder } from '../metrics/index.js';

/** What the live progress display shows (it only listens). */
export interface ProgressSnapshot {
  readonly elapsedMs: number;
  readonly iterations: number;
  readonly iterationsPerSec: number;
  readonly open: number;
  readonly openSilent: number;
  readonly waitingByPhase: Readonly<Record<string, number>>;
  readonly p99ByPhase: Readonly<Record<string, number | null>>;
  readonly state: 'running' | 'stalled' | 'hung';
  readonly serverOnline: number | null;
  readonly errors: number;
  readonly kicks: number;
  /** Time since the hang detector last saw progress (the live line's `STALLED 3.2s`). */
  readonly sinceProgressMs?: number;
}

type Counted = 'handshakes' | 'replies' | 'pushes' | 'closes' | 'iterations' | 'errors';

export class ProgressCounters {
  connects = 0;
  handshakes = 0;
  replies = 0;
  pushes = 0;
  closes = 0;
  iterations = 0;
  errors = 0;
  kicks = 0;
  connectFailures = 0;
  open = 0;
  pushesReceived = 0;
  private last: Record<Counted, number> = { handshakes: 0, replies: 0, pushes: 0, closes: 0, iterations: 0, errors: 0 };

  completed(phase: 'handshake' | 'reply' | 'push' | 'close' | 'iteration'): void {
    switch (phase) {
      case 'handshake':
        this.connects++;
        this.handshakes++;
        break;
      case 'reply':
        this.replies++;
        break;
      case 'push':
        this.pushes++;
        break;
      case 'close':
        this.closes++;
        break;
      case 'iteration':
        this.iterations++;
        break;
    }
  }

  error(kind: ErrorKind): void {
    if (kind === 'kicked') {
      // a kick is the server's decision, counted apart, not an error of the run (design.md)
      this.kicks++;
      return;
    }
    this.errors++;
    if (kind === 'connection-refused' || kind === 'handshake-rejected' || kind === 'handshake-timeout' || kind === 'network-error' || kind === 'local-port-exhausted') {
      this.connects++;
      this.connectFailures++;
    }
  }

  /** Deltas since the previous call (timeline counters). */
  takeDeltas(): Record<Counted, number> {
    const now: Record<Counted, number> = { handshakes: this.handshakes, replies: this.replies, pushes: this.pushes, closes: this.closes, iterations: this.iterations, errors: this.errors };
    const d = { ...now };
    for (const k of Object.keys(now) as Counted[]) d[k] = now[k] - this.last[k];
    this.last = now;
    return d;
  }

  snapshot(
    elapsedMs: number,
    waiting: { byPhase: Readonly<Record<string, number>>; openSilent: number },
    serverOnline: number | null,
    state: ProgressSnapshot['state'],
    recorder: MetricsRecorder<ErrorKind>,
  ): ProgressSnapshot {
    const p99 = (phase: 'handshake' | 'reply' | 'close' | 'push'): number | null => {
      const h = recorder.raw(phase);
      return h.count === 0 ? null : h.percentileMs(99);
    };
    return {
      elapsedMs,
      iterations: this.iterations,
      iterationsPerSec: elapsedMs > 0 ? (this.iterations * 1000) / elapsedMs : 0,
      open: this.open,
      openSilent: waiting.openSilent,
      waitingByPhase: waiting.byPhase,
      p99ByPhase: { handshake: p99('handshake'), reply: p99('reply'), push: p99('push'), close: p99('close') },
      state,
      serverOnline,
      errors: this.errors,
      kicks: this.kicks,
    };
  }
}
