/**
 * `npm run bench`: every figure of docs/performance.md, each
 * measured side by side in this one run on the same kind of target (a raw
 * `ws` echo server and the embedded gateway in v3.8 mode, each in its own
 * process; every load generator in its own process too). Writes
 * bench/results/latest.json and latest.md and prints the table.
 *
 *   npm run bench                 # the whole suite (a few minutes)
 *   npm run bench -- --quick      # shorter runs, one round (a smoke test of the suite)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { churnPair, type ChurnPair } from './churn.js';
import { steadySlope, type SteadySlopeFigure } from './steady.js';
import { detection, type DetectionFigure } from './detection.js';
import { engineOnly, overhead, recordingCost, type EngineOnlyFigure, type OverheadFigure, type RecordingCost } from './overhead.js';
import { workersFigure, type WorkersFigure } from './workers.js';
import { repoRoot } from './lib/proc.js';

const quick = process.argv.includes('--quick');
const churnSeconds = quick ? 3 : 6;
const rounds = quick ? 1 : 2;
/** longer than the churn pairs: each thread's start-up and JIT warm-up would otherwise weigh on a 6 s run */
const workersSeconds = quick ? 3 : 10;
const started = performance.now();
const log = (s: string): void => void process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);

const machine = {
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
};
log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAverageAtStart.join(' ')}`);

const churn: ChurnPair[] = [];
for (const target of ['echo', 'gateway-v3.8'] as const) {
  for (const users of [100, 1000]) {
    // The gateway's own rate swings far more from run to run than the echo server's
    // (at 1,000 VUs the minimal loop alone gave 610 to 940 cycles/s in runs minutes apart),
    // so it gets twice the rounds.
    const n = target === 'echo' ? rounds : rounds * 2;
    log(`churn ${target} ${users} VUs: minimal loop vs imstress, ${n} × ${churnSeconds} s each`);
    churn.push(await churnPair(target, users, churnSeconds, n));
  }
}
log(`workers: one thread per CPU vs 1, echo, 1000 VUs, ${rounds + 1} × ${workersSeconds} s each`);
const workers: WorkersFigure = await workersFigure(1000, workersSeconds, rounds + 1);
log(
  'steady: 1,000 and 10,000 open connections with a heartbeat, minimal loop vs imstress, both settled (a GC every 2 s); the slope per connection',
);
// The slope between two held counts, with both tools settled: the older (held − before) / n figure swung 1.10×–1.87× with GC timing (issue #18).
const steadyFig: SteadySlopeFigure = await steadySlope(1000, 10_000, quick ? 4000 : 6000, quick ? 1 : 3, log, true);
log('detection: embedded v3.5.1 gateway, hang window 5 s');
const detect: DetectionFigure = await detection(5000, 90);
log('overhead: CPU per iteration with and without recording');
const over: OverheadFigure = await overhead(100, churnSeconds, rounds);
const cost: RecordingCost = recordingCost();
log('engine alone: CPU per iteration with an instant adapter, 100 and 1,000 VUs');
const engine: EngineOnlyFigure[] = [await engineOnly(100, 3), await engineOnly(1000, 3)];

const results = {
  date: new Date().toISOString(),
  command: quick ? 'npm run bench -- --quick' : 'npm run bench',
  machine,
  churn,
  workers,
  steady: steadyFig,
  detection: detect,
  overhead: over,
  recordingCost: cost,
  engineOnly: engine,
  seconds: Math.round((performance.now() - started) / 1000),
};

const f = (n: number, d = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const x = (r: number): string => `${r.toFixed(2)}×`;
const rows: string[][] = [
  ['figure', 'imstress', 'yardstick', 'ratio', 'target'],
  ...churn.map((c) => [
    `churn, ${c.target}, ${f(c.users)} VUs (cycles/s)`,
    f(c.imstressPerSec),
    `${f(c.minimalPerSec)} minimal loop`,
    x(c.ratio),
    '≥ 0.90×',
  ]),
  [
    `churn, echo, ${f(workers.users)} VUs, --workers ${workers.threads} (one per CPU) vs 1 (cycles/s); auto here: ${workers.autoLocal}`,
    f(workers.manyPerSec),
    `${f(workers.onePerSec)} one worker`,
    x(workers.ratio),
    '> 1× (auto for a remote target)',
  ],
  [
    `steady, KiB RSS per held connection: slope ${f(steadyFig.small)} → ${f(steadyFig.large)}, both settled, median of ${steadyFig.rounds.length} rounds (ratio ${x(steadyFig.ratioMin)}–${x(steadyFig.ratioMax)})`,
    f(steadyFig.imstressKiBPerConn, 1),
    `${f(steadyFig.minimalKiBPerConn, 1)} minimal loop`,
    x(steadyFig.ratio),
    '≤ 1.30×',
  ],
  [
    `detection, v3.5.1 wedge → hang flagged (hang window ${f(detect.hangWindowMs / 1000, 1)} s)`,
    detect.wedgeToFlagMs === null ? 'no wedge seen' : `${f(detect.wedgeToFlagMs / 1000, 2)} s`,
    `window ${f(detect.hangWindowMs / 1000, 1)} s`,
    detect.overWindowMs === null ? '–' : `+${f(detect.overWindowMs / 1000, 2)} s`,
    '≤ window + 1 s',
  ],
  [
    `overhead, CPU per iteration, recording on vs off (µs)`,
    f(over.cpuUsPerIterationOn, 0),
    `${f(over.cpuUsPerIterationOff, 0)} off`,
    `${(over.overhead * 100).toFixed(1)}%`,
    '< 5%',
  ],
  ...engine.map((e) => [
    `engine alone (no sockets), ${f(e.users)} VUs, CPU per iteration (µs)`,
    f(e.cpuUsPerIteration, 1),
    `${f(over.cpuUsPerIterationOn, 0)} real cycle`,
    `${((e.cpuUsPerIteration / over.cpuUsPerIterationOn) * 100).toFixed(1)}%`,
    '(what imstress adds)',
  ]),
  [
    `overhead, recording work alone per iteration (µs)`,
    f(cost.usPerIteration, 2),
    `${f(over.cpuUsPerIterationOn, 0)} whole iteration`,
    `${((cost.usPerIteration / over.cpuUsPerIterationOn) * 100).toFixed(2)}%`,
    '< 5%',
  ],
];
const md = [
  `| ${rows[0]!.join(' | ')} |`,
  `| ${rows[0]!.map(() => '---').join(' | ')} |`,
  ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
  '',
  `\`${results.command}\` on ${results.date.slice(0, 10)}: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}; load average at start ${machine.loadAverageAtStart.join(' / ')} (a shared machine: compare the ratios, not the absolute rates). Suite time ${results.seconds} s.`,
  '',
].join('\n');

const dir = join(repoRoot, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(dir, 'latest.md'), md);
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  '));
console.log(`\nwritten: bench/results/latest.json, bench/results/latest.md (${results.seconds} s)`);
