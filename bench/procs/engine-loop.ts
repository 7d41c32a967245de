/**
 * imstress's engine in a process of its own, against a raw echo server,
 * with histogram and timeline recording on or off: the CPU time per
 * iteration of each is the overhead figure.
 *
 *   node dist/bench/procs/engine-loop.js '{"url":…,"users":100,"seconds":5,"recording":true}'
 */
import { createAdapter } from '../../src/protocol/create-adapter.js';
import { engineBenchConfig, runEngineMeasured } from '../lib/engine-bench.js';

const o = JSON.parse(process.argv[2] ?? '{}') as { url: string; users: number; seconds: number; recording: boolean };
const config = engineBenchConfig(o.url, o.users, o.seconds);
const adapter = createAdapter({ adapter: 'raw', url: o.url, localAddress: null, operationIdPrefix: 'bench', tls: null });
const { result: r, cpuMs } = await runEngineMeasured(config, adapter, o.recording);
process.stdout.write(
  `${JSON.stringify({ iterations: r.totals.iterations, cpuMs, cpuUsPerIteration: (cpuMs * 1000) / Math.max(1, r.totals.iterations), recorded: r.metrics.phases.iteration.raw.count })}\n`,
);
process.exit(0);
