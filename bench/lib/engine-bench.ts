/**
 * What the two engine procs share (`engine-loop`: against an echo server,
 * `engine-only`: against an adapter with no sockets): a run config of N VUs
 * for a few seconds, and the engine's CPU over the load only — from the
 * 'load' stage to 'stopping', so neither start-up nor the end-of-run
 * snapshot counts.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunConfig } from '../../src/config/resolve.js';
import type { RunConfig } from '../../src/config/run-config.js';
import { Engine, type EngineEvent } from '../../src/engine/engine.js';
import type { EngineResult } from '../../src/engine/result.js';
import { systemClock, systemScheduler } from '../../src/engine/clock.js';
import type { Adapter } from '../../src/protocol/adapter.js';

export function engineBenchConfig(target: string, users: number, seconds: number): RunConfig {
  return resolveRunConfig({
    flags: {
      adapter: 'raw',
      target,
      users: String(users),
      duration: `${seconds}s`,
      progress: 'off',
      report: join(tmpdir(), 'imstress-bench-unused.json'),
    },
    scenario: null,
    scenarioPath: null,
  });
}

/** Runs the engine; `cpuMs` is user + system CPU of the load phase. */
export async function runEngineMeasured(
  config: RunConfig,
  adapter: Adapter,
  recording = true,
): Promise<{ result: EngineResult; cpuMs: number }> {
  let cpu0 = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  const onEvent = (e: EngineEvent): void => {
    if (e.type !== 'stage') return;
    if (e.stage === 'load') cpu0 = process.cpuUsage();
    if (e.stage === 'stopping') cpu = process.cpuUsage(cpu0);
  };
  const result = await new Engine({
    config,
    adapter,
    clock: systemClock,
    scheduler: systemScheduler,
    probe: null,
    recording,
    onEvent,
  }).run();
  return { result, cpuMs: (cpu.user + cpu.system) / 1000 };
}
