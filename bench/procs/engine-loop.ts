/**
 * imstress's engine in a process of its own, against a raw echo server,
 * with histogram and timeline recording on or off: the CPU time per
 * iteration of each is the overhead figure.
 *
 *   node dist/bench/procs/engine-loop.js '{"url":…,"users":100,"seconds":5,"recording":true}'
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunConfig } from '../../src/config/resolve.js';
import { Engine, type EngineEvent } from '../../src/engine/engine.js';
import { systemClock, systemScheduler } from '../../src/engine/clock.js';
import { createAdapter } from '../../src/protocol/create-adapter.js';

const o = JSON.parse(process.argv[2] ?? '{}') as { url: string; users: number; seconds: number; recording: boolean };
const config = resolveRunConfig({
  flags: { adapter: 'raw', target: o.url, users: String(o.users), duration: `${o.seconds}s`, progress: 'off', report: join(tmpdir(), 'imstress-bench-unused.json') },
  scenario: null,
  scenarioPath: null,
});
const adapter = createAdapter({ adapter: 'raw', url: o.url, tokens: null, compression: 'none', encoding: 'gob', localAddress: null, operationIdPrefix: 'bench', tls: null });
// CPU of the load only (from the 'load' stage to 'stopping'): not startup, not the end-of-run snapshot.
let cpu0 = process.cpuUsage();
let cpu = { user: 0, system: 0 };
const onEvent = (e: EngineEvent): void => {
  if (e.type !== 'stage') return;
  if (e.stage === 'load') cpu0 = process.cpuUsage();
  if (e.stage === 'stopping') cpu = process.cpuUsage(cpu0);
};
const engine = new Engine({ config, adapter, clock: systemClock, scheduler: systemScheduler, probe: null, recording: o.recording, onEvent });
const r = await engine.run();
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(`${JSON.stringify({ iterations: r.totals.iterations, cpuMs, cpuUsPerIteration: (cpuMs * 1000) / Math.max(1, r.totals.iterations), recorded: r.metrics.phases.iteration.raw.count })}\n`);
process.exit(0);
