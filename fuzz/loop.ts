/**
 * The fuzz loop of one target: seeded inputs, the contract checked on each
 * (a value or the typed error; a value that passes the target's check; no
 * input slower than `slowMs`). Shared by `npm test` (a few thousand inputs)
 * and `npm run fuzz` (a million or more, in a watched worker).
 */
import { nextInput, rng } from './mutate.js';
import type { FuzzTarget } from './targets.js';

export interface Finding {
  readonly target: string;
  readonly iteration: number;
  readonly kind: 'untyped-throw' | 'bad-value' | 'slow';
  readonly message: string;
  readonly input: Buffer;
}

export interface LoopOptions {
  readonly iterations: number;
  readonly seed: number;
  /** An input slower than this is a finding (a near-endless loop). */
  readonly slowMs: number;
  /** Called before each input (the watchdog records it). */
  readonly onInput?: (i: number, input: Buffer) => void;
  /** Called every `progressEvery` inputs. */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
  /** Stop collecting after this many findings. */
  readonly maxFindings?: number;
}

export function fuzzLoop(target: FuzzTarget, o: LoopOptions): Finding[] {
  const r = rng(o.seed);
  const findings: Finding[] = [];
  const every = o.progressEvery ?? 10_000;
  const maxFindings = o.maxFindings ?? 20;
  for (let i = 0; i < o.iterations && findings.length < maxFindings; i++) {
    const input = nextInput(target.seeds, r, i);
    o.onInput?.(i, input);
    const t0 = performance.now();
    let problem: Omit<Finding, 'target' | 'iteration' | 'input'> | null = null;
    try {
      const bad = target.run(input);
      if (bad !== null) problem = { kind: 'bad-value', message: bad };
    } catch (err) {
      if (!target.isTyped(err))
        problem = {
          kind: 'untyped-throw',
          message: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err),
        };
    }
    const ms = performance.now() - t0;
    if (problem === null && ms > o.slowMs) problem = { kind: 'slow', message: `${ms.toFixed(0)} ms for ${input.length} bytes` };
    if (problem !== null) findings.push({ target: target.name, iteration: i, input, ...problem });
    if ((i + 1) % every === 0) o.onProgress?.(i + 1);
  }
  return findings;
}
