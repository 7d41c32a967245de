import { ManualClock } from '../../../src/time/index.js';
import type { RandomSource } from '../../../src/gateway/csp/random.js';
import type { Task, TaskRegistry } from '../../../src/gateway/csp/task.js';

/** Lets the event loop turn `n` times (each drains all microtasks first). */
export async function turns(n = 3): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Observes a promise without awaiting it. */
export interface Tracked<T> {
  readonly promise: Promise<T>;
  readonly settled: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
}

export function track<T>(promise: Promise<T>): Tracked<T> {
  const t: { promise: Promise<T>; settled: boolean; value: T | undefined; error: unknown } = {
    promise,
    settled: false,
    value: undefined,
    error: undefined,
  };
  promise.then(
    (value) => {
      t.settled = true;
      t.value = value;
    },
    (error: unknown) => {
      t.settled = true;
      t.error = error;
    },
  );
  return t;
}

/** A task running `fn`, with `fn`'s result observable (a rejection is caught here, not a panic). */
export function spawn<R>(registry: TaskRegistry, name: string, fn: (task: Task) => Promise<R>): Tracked<R> & { task: Task } {
  let resolveResult!: (value: R) => void;
  let rejectResult!: (error: unknown) => void;
  const result = new Promise<R>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  const task = registry.go(name, async (t) => {
    try {
      resolveResult(await fn(t));
    } catch (error) {
      rejectResult(error);
    }
  });
  const tracked = track(result);
  return Object.assign(tracked, { task });
}

/** A clock the test moves by hand (`jump` when no timer is armed, `advance` otherwise). */
export function manualClock(start = 0): ManualClock {
  return new ManualClock(start);
}

/** A random source replaying `values` in a loop, counting draws. */
export function scripted(values: readonly number[]): RandomSource & { draws: number } {
  let i = 0;
  const source = Object.assign(
    () => {
      source.draws++;
      const v = values[i % values.length] ?? 0;
      i++;
      return v;
    },
    { draws: 0 },
  );
  return source;
}
