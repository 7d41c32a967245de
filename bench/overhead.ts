/**
 * Recording overhead: CPU time per iteration of the engine with histogram
 * and timeline recording on, and off, alternating, each run on a fresh echo
 * server. The overhead is (on − off) / on.
 */
import { benchProc, spawnNode, startEcho } from './lib/proc.js';
import { MetricsRecorder, Timeline } from '../src/metrics/index.js';
import { timelineSeries } from '../src/engine/result.js';

export interface OverheadFigure {
  readonly users: number;
  readonly cpuUsPerIterationOn: number;
  readonly cpuUsPerIterationOff: number;
  /** (on − off) / on */
  readonly overhead: number;
}

async function once(users: number, seconds: number, recording: boolean): Promise<{ cpuMs: number; iterations: number }> {
  const echo = await startEcho();
  try {
    const p = spawnNode(benchProc('engine-loop'), [JSON.stringify({ url: echo.url, users, seconds, recording })]);
    const r = await p.next<{ cpuMs: number; iterations: number }>(seconds * 1000 + 30_000);
    await p.exited(10_000);
    return r;
  } finally {
    await echo.proc.stop();
  }
}

export async function overhead(users: number, seconds: number, rounds: number): Promise<OverheadFigure> {
  const on = { cpuMs: 0, iterations: 0 };
  const off = { cpuMs: 0, iterations: 0 };
  for (let i = 0; i < rounds; i++) {
    for (const [recording, acc] of [
      [true, on],
      [false, off],
    ] as const) {
      const r = await once(users, seconds, recording);
      acc.cpuMs += r.cpuMs;
      acc.iterations += r.iterations;
    }
  }
  const perOn = (on.cpuMs * 1000) / on.iterations;
  const perOff = (off.cpuMs * 1000) / off.iterations;
  return { users, cpuUsPerIterationOn: perOn, cpuUsPerIterationOff: perOff, overhead: (perOn - perOff) / perOn };
}

export interface RecordingCost {
  /** recorder.record for the four phases of one iteration, plus the share of one timeline sample per second at 1,000 iterations/s */
  readonly usPerIteration: number;
}

/**
 * The recording work alone, timed in this process: what the engine records
 * per iteration (handshake, reply, close with the corrected histogram;
 * iteration), on realistic latencies. Precise where the A/B figure above is
 * lost in the noise of socket work.
 */
export function recordingCost(): RecordingCost {
  const recorder = new MetricsRecorder();
  const timeline = new Timeline({ intervalMs: 1000, kinds: timelineSeries });
  const n = 200_000;
  let seed = 1;
  const latency = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 20;
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    recorder.record('handshake', latency(), 5);
    recorder.record('reply', latency(), 5);
    recorder.record('close', latency(), 5);
    recorder.record('iteration', latency());
    if (i % 1000 === 0) timeline.sample(i, { open: i, iterations: 1000, replies: 1000, handshakes: 1000, closes: 1000, waitingReply: 3 });
  }
  const cpu = process.cpuUsage(t0);
  return { usPerIteration: (cpu.user + cpu.system) / n };
}

export interface EngineOnlyFigure {
  readonly users: number;
  readonly iterations: number;
  /** CPU µs per iteration of the engine alone (no sockets) */
  readonly cpuUsPerIteration: number;
}

/** The engine machinery's CPU per iteration with an instant adapter (bench/procs/engine-only.ts). */
export async function engineOnly(users: number, seconds: number): Promise<EngineOnlyFigure> {
  const p = spawnNode(benchProc('engine-only'), [JSON.stringify({ users, seconds })]);
  const r = await p.next<EngineOnlyFigure>(seconds * 1000 + 30_000);
  await p.exited(10_000);
  return r;
}
