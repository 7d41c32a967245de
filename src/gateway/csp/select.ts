import type { Chan, RecvResult } from './chan.js';
import type { RandomSource } from './random.js';
import type { Task } from './task.js';

/**
 * One `case` of a select. A null channel is never ready, as in Go, where
 * communication on a nil channel blocks forever.
 */
export type SelectCase<T = unknown> = { op: 'recv'; ch: Chan<T> | null } | { op: 'send'; ch: Chan<T> | null; value: T };

/**
 * Which case proceeded: its index, plus `value`/`ok` for a receive case
 * (as `v, ok := <-ch`); `{ index: -1 }` when the default was taken (its
 * `value`/`ok` are declared only so `r.value` reads without narrowing).
 */
export type SelectResult = { index: number; value?: unknown; ok?: boolean } | { index: -1; value?: undefined; ok?: undefined };

/** Options of {@link select}. */
export interface SelectOptions {
  /** Has a `default:` clause: return `{ index: -1 }` instead of blocking. */
  readonly default?: boolean;
  /** Overrides the task registry's random source for this select. */
  readonly random?: RandomSource;
}

const NEVER: Promise<never> = new Promise<never>(() => undefined);

/**
 * Go `select` (Go spec, "Select statements"). If one or more cases can
 * proceed, one is chosen by a uniform pseudo-random selection; otherwise the
 * default is taken if present; otherwise the task blocks (state `select`,
 * waiting on the channel names joined by ", ") until one case can proceed.
 * Exactly one case proceeds: the others' waiters are withdrawn before any
 * other operation can reach them, so a value is never handed to a losing
 * case. A chosen send case on a closed channel rejects with
 * `ChannelClosedError`; a receive case on a closed channel proceeds with
 * `ok: false`. With no non-nil case and no default, the task blocks forever.
 *
 * Choice: with n ready cases the chosen one is `ready[floor(r * n)]` (ready
 * cases in case order, `r` one draw of the random source), and the source is
 * drawn only when n > 1. Go shuffles the poll order and takes the first ready
 * case, which is the same uniform distribution.
 */
export async function select(task: Task, cases: readonly SelectCase[], options: SelectOptions = {}): Promise<SelectResult> {
  const ready: number[] = [];
  cases.forEach((c, i) => {
    if (c.ch !== null && (c.op === 'recv' ? canRecv(c.ch) : canSend(c.ch))) ready.push(i);
  });
  if (ready.length > 0) {
    const random = options.random ?? task.registry.random;
    const pick = ready.length === 1 ? 0 : Math.min(ready.length - 1, Math.floor(random() * ready.length));
    const index = ready[pick] ?? 0;
    return proceed(index, cases[index] as SelectCase);
  }
  if (options.default === true) return { index: -1 };
  const names = cases.flatMap((c) => (c.ch === null ? [] : [c.ch.name]));
  if (names.length === 0) return task.block('select', null, NEVER); // Go: select with only nil channels
  return task.block('select', names.join(', '), park(cases));
}

/** Receive can proceed: buffered value, waiting sender, or closed (Go spec "Receive operator"). */
function canRecv(ch: Chan<unknown>): boolean {
  return ch.len > 0 || ch.sendWaiters > 0 || ch.closed;
}

/** Send can proceed: waiting receiver or room; closed counts as ready (it then panics). */
function canSend(ch: Chan<unknown>): boolean {
  return ch.closed || ch.recvWaiters > 0 || ch.len < ch.cap;
}

/** Performs a case known to be ready; trySend throws on a closed channel. */
function proceed(index: number, c: SelectCase): SelectResult {
  if (c.ch === null) throw new Error('select: nil channel chosen'); // unreachable: nil never ready
  if (c.op === 'send') {
    if (!c.ch.trySend(c.value)) throw new Error(`select: send on ${c.ch.name} was ready but would block`);
    return { index };
  }
  const r = c.ch.tryRecv();
  if (r === null) throw new Error(`select: receive on ${c.ch.name} was ready but would block`);
  return { index, value: r.value, ok: r.ok };
}

/** Enqueues a waiter on every non-nil case; the first to be served wins and withdraws the rest. */
function park(cases: readonly SelectCase[]): Promise<SelectResult> {
  return new Promise<SelectResult>((resolve, reject) => {
    const withdrawals: (() => void)[] = [];
    let settled = false;
    const win = (): void => {
      if (settled) throw new Error('select: a second case proceeded'); // a withdrawn waiter was served
      settled = true;
      for (const withdraw of withdrawals) withdraw();
    };
    cases.forEach((c, index) => {
      if (c.ch === null) return;
      if (c.op === 'recv') {
        withdrawals.push(
          c.ch.waitRecv({
            received: (r: RecvResult<unknown>) => {
              win();
              resolve({ index, value: r.value, ok: r.ok });
            },
          }),
        );
      } else {
        withdrawals.push(
          c.ch.waitSend({
            value: c.value,
            sent: () => {
              win();
              resolve({ index });
            },
            closed: (error) => {
              win();
              reject(error);
            },
          }),
        );
      }
    });
  });
}
