/**
 * Running counts of one VU pool, for the live progress and the timeline
 * (the run loop takes the differences). Plain fields, no per-event objects.
 */
import type { ErrorKind } from '../protocol/adapter.js';

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
    if (
      kind === 'connection-refused' ||
      kind === 'handshake-rejected' ||
      kind === 'handshake-timeout' ||
      kind === 'network-error' ||
      kind === 'local-port-exhausted'
    ) {
      this.connects++;
      this.connectFailures++;
    }
  }
}
