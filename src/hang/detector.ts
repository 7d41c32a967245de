/**
 * The hang detector: a pure state machine with no timers inside
 * (design.md "Hang detection"; house-style "Time is a dependency").
 *
 * The engine reports progress as it happens and calls {@link HangDetector.tick}
 * periodically with the current time and who is waiting. Time is plain
 * milliseconds from the engine's clock, so tests drive it with numbers.
 *
 * How no-progress time is counted: only time during which at least one VU
 * was waiting counts. Between two ticks the waiting count seen at the earlier
 * tick is assumed to hold (sample-and-hold), so detection is at most one tick
 * late and never early. Think time (nobody waiting) therefore never turns
 * into a stall or hang, and a VU that starts waiting after a long idle spell
 * is not judged by the idle time before it.
 *
 * @module
 */

import { classifyHang, type HangKind } from './kinds.js';
import { isClientProgress, type ProgressKind } from './progress.js';
import { copyWaiting, type WaitingSnapshot } from './waiting.js';

/** Resolved detector settings (defaults live in the caller's config). */
export interface HangDetectorOptions {
  /** No progress for this long while VUs wait declares a hang (`--hang-window`). */
  readonly hangWindowMs: number;
  /** No progress for this long while VUs wait starts a stall; must be below the hang window. */
  readonly stallThresholdMs: number;
  /** The run's start time on the same clock; counts as the first progress. */
  readonly startMs: number;
}

/** The detector's state. */
export type DetectorState = 'running' | 'stalled' | 'hung';

/** A no-progress pause that ended with progress before the run ended. */
export interface RecoveredStall {
  /** When the pause began (last progress, or when VUs began waiting after an idle spell). */
  readonly startMs: number;
  /** When progress came back. */
  readonly endMs: number;
  /** `endMs - startMs`. */
  readonly lengthMs: number;
  /** Waiting VUs by phase at the pause's worst (the most VUs waiting). */
  readonly phases: Readonly<Record<string, number>>;
  /** Open-but-silent VUs at that same worst moment. */
  readonly openSilent: number;
  /** True when the pause had been declared a hang before it recovered (`--on-hang continue`). */
  readonly wasHang: boolean;
  /** The progress that ended it. */
  readonly endedBy: ProgressKind;
}

/** A declared hang; `endMs` stays `null` until progress returns. */
export interface HangRecord {
  /** When the no-progress pause began. */
  readonly sinceMs: number;
  /** When the hang was declared (the tick that crossed the window). */
  readonly atMs: number;
  /** The last progress before the hang. */
  readonly lastProgressMs: number;
  /** Who was waiting when it was declared. */
  readonly waiting: WaitingSnapshot;
  /** The dominant kind (see {@link classifyHang}). */
  readonly kind: HangKind;
  /** When progress came back, or `null` while still hung. */
  readonly endMs: number | null;
}

/** A pause still in progress (for reports written while stalled or hung). */
export interface OngoingPause {
  readonly state: Exclude<DetectorState, 'running'>;
  readonly startMs: number;
  readonly lengthMs: number;
  readonly phases: Readonly<Record<string, number>>;
  readonly openSilent: number;
}

/** What one {@link HangDetector.tick} observed. */
export type DetectorEvent =
  | { readonly type: 'none' }
  | { readonly type: 'stall-started'; readonly atMs: number; readonly sinceMs: number }
  | {
      readonly type: 'hang';
      readonly atMs: number;
      readonly sinceMs: number;
      readonly lastProgressMs: number;
      readonly waiting: WaitingSnapshot;
      readonly kind: HangKind;
    }
  | { readonly type: 'recovered'; readonly stall: RecoveredStall };

const NONE: DetectorEvent = { type: 'none' };

function check(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`hang detector: ${name} must be a finite number, got ${v}`);
}

/**
 * Declares stalls and hangs from progress reports and periodic ticks.
 * No timers, no clock reads: every method takes the time it is called at.
 */
export class HangDetector {
  readonly #opts: HangDetectorOptions;
  #state: DetectorState = 'running';
  #lastProgressMs: number;
  /** Waiting time accumulated since the last progress. */
  #silentWaitMs = 0;
  /** Start of the first counted waiting interval since the last progress. */
  #pauseStartMs: number | null = null;
  #prevTickMs: number | null = null;
  #prevWaitingTotal = 0;
  #worst: WaitingSnapshot | null = null;
  #serverOnline: number | null = null;
  /** Waits that failed since the last client-side progress (see {@link failed}). */
  #failuresSinceClientProgress = 0;
  #ignoredOnlineChanges = 0;
  readonly #stalls: RecoveredStall[] = [];
  readonly #hangs: HangRecord[] = [];
  /** Events found between ticks (a recovery) or in the same tick, delivered one per tick. */
  readonly #pending: DetectorEvent[] = [];

  /** @throws RangeError when the options are not finite, positive, and stall < hang window. */
  constructor(options: HangDetectorOptions) {
    check('hangWindowMs', options.hangWindowMs);
    check('stallThresholdMs', options.stallThresholdMs);
    check('startMs', options.startMs);
    if (options.stallThresholdMs <= 0 || options.stallThresholdMs >= options.hangWindowMs) {
      throw new RangeError('hang detector: need 0 < stallThresholdMs < hangWindowMs');
    }
    this.#opts = { ...options };
    this.#lastProgressMs = options.startMs;
  }

  /** The current state. */
  state(): DetectorState {
    return this.#state;
  }

  /** The time of the last progress (the run start before any). */
  get lastProgressMs(): number {
    return this.#lastProgressMs;
  }

  /** Recovered stalls, oldest first (including hangs that recovered, `wasHang: true`). */
  stalls(): readonly RecoveredStall[] {
    return [...this.#stalls];
  }

  /** Declared hangs, oldest first; the last one has `endMs: null` while still hung. */
  hangs(): readonly HangRecord[] {
    return [...this.#hangs];
  }

  /**
   * Records progress. Ends a stall or hang in progress: it is recorded as a
   * {@link RecoveredStall} and reported by the next {@link tick}. A time
   * earlier than the last progress is treated as that time.
   *
   * @throws RangeError when `nowMs` is not finite (a bug in the caller's clock)
   */
  progress(kind: ProgressKind, nowMs: number): void {
    check('nowMs', nowMs);
    // An error answer ends a pause before it is a hang (#17.4), but a declared hang is not undone by one:
    // a wedged gateway's reader deadline closing old sockets (--on-hang continue) is no recovery.
    if (this.#state === 'hung' && kind === 'error-answer') return;
    const at = Math.max(nowMs, this.#lastProgressMs);
    if (this.#state !== 'running') this.#recover(kind, at);
    if (isClientProgress(kind)) this.#failuresSinceClientProgress = 0;
    this.#ignoredOnlineChanges = 0;
    this.#lastProgressMs = at;
    this.#silentWaitMs = 0;
    this.#pauseStartMs = null;
    this.#worst = null;
    this.#state = 'running';
  }

  /**
   * Records that a VU's wait ended in failure (a timeout, an error answer, a
   * refused connect). Until the next client-side progress (handshake, reply,
   * close), a change of the server's online count is not progress: on a
   * gateway shared with other users the count moves while every one of our
   * waits fails (issue #17.3).
   */
  failed(): void {
    this.#failuresSinceClientProgress++;
  }

  /**
   * Records a reading of the server's online count. The first reading only
   * sets the baseline; a later different value is `online-change` progress,
   * unless every wait since the last client-side progress failed (see
   * {@link failed}; the change is then counted in {@link ignoredOnlineChanges}).
   * A non-finite reading (unreadable gauge) is ignored.
   */
  serverOnlineCount(n: number, nowMs: number): void {
    if (!Number.isFinite(n)) return;
    const prev = this.#serverOnline;
    this.#serverOnline = n;
    if (prev === null || prev === n) return;
    if (this.#failuresSinceClientProgress > 0) this.#ignoredOnlineChanges++;
    else this.progress('online-change', nowMs);
  }

  /**
   * Online-count changes since the last progress that were not taken as progress because every
   * wait was failing (see {@link failed}): when non-zero, the count is not frozen during the pause.
   */
  get ignoredOnlineChanges(): number {
    return this.#ignoredOnlineChanges;
  }

  /**
   * Evaluates the state at `nowMs` given who is waiting now. Returns at most
   * one event; if two arise together (a recovery and a new stall after a
   * long gap) the second is returned by the next tick, with its own `atMs`.
   * A time earlier than the previous tick is treated as that tick's time.
   *
   * @throws RangeError when `nowMs` is not finite (a bug in the caller's clock)
   */
  tick(nowMs: number, waiting: WaitingSnapshot): DetectorEvent {
    check('nowMs', nowMs);
    const now = Math.max(nowMs, this.#prevTickMs ?? nowMs, this.#lastProgressMs);
    const from = Math.max(this.#prevTickMs ?? now, this.#lastProgressMs);
    if (this.#prevWaitingTotal > 0 && now > from) {
      this.#silentWaitMs += now - from;
      this.#pauseStartMs ??= from;
    }
    this.#prevTickMs = now;
    this.#prevWaitingTotal = waiting.total > 0 ? waiting.total : 0;
    if (waiting.total > 0 && (this.#worst === null || waiting.total > this.#worst.total)) {
      this.#worst = copyWaiting(waiting);
    }
    const event = this.#evaluate(now, waiting);
    if (event !== null) this.#pending.push(event);
    return this.#pending.shift() ?? NONE;
  }

  /** The pause in progress at `nowMs`, or `null` when running. */
  current(nowMs: number): OngoingPause | null {
    if (this.#state === 'running' || this.#pauseStartMs === null) return null;
    const worst = this.#worst;
    return {
      state: this.#state,
      startMs: this.#pauseStartMs,
      lengthMs: Math.max(0, nowMs - this.#pauseStartMs),
      phases: worst === null ? {} : { ...worst.byPhase },
      openSilent: worst?.openSilent ?? 0,
    };
  }

  #evaluate(now: number, waiting: WaitingSnapshot): DetectorEvent | null {
    // "while at least one VU is waiting": nobody waiting now is idle, never a transition.
    if (this.#state === 'hung' || waiting.total <= 0 || this.#pauseStartMs === null) return null;
    const sinceMs = this.#pauseStartMs;
    if (this.#silentWaitMs >= this.#opts.hangWindowMs) {
      const snapshot = copyWaiting(waiting);
      const kind = classifyHang(snapshot, this.#serverOnline === null ? null : this.#ignoredOnlineChanges === 0);
      this.#state = 'hung';
      this.#hangs.push({ sinceMs, atMs: now, lastProgressMs: this.#lastProgressMs, waiting: snapshot, kind, endMs: null });
      return { type: 'hang', atMs: now, sinceMs, lastProgressMs: this.#lastProgressMs, waiting: snapshot, kind };
    }
    if (this.#state === 'running' && this.#silentWaitMs >= this.#opts.stallThresholdMs) {
      this.#state = 'stalled';
      return { type: 'stall-started', atMs: now, sinceMs };
    }
    return null;
  }

  #recover(kind: ProgressKind, at: number): void {
    const startMs = this.#pauseStartMs ?? this.#lastProgressMs;
    const wasHang = this.#state === 'hung';
    const worst = this.#worst;
    const stall: RecoveredStall = {
      startMs,
      endMs: at,
      lengthMs: at - startMs,
      phases: worst === null ? {} : { ...worst.byPhase },
      openSilent: worst?.openSilent ?? 0,
      wasHang,
      endedBy: kind,
    };
    this.#stalls.push(stall);
    if (wasHang) {
      const last = this.#hangs.pop();
      if (last !== undefined) this.#hangs.push({ ...last, endMs: at });
    }
    this.#pending.push({ type: 'recovered', stall });
  }
}
