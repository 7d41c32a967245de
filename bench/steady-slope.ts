/**
 * The steady-memory figure alone, by the slope method (issue #18): each tool at a small and a large
 * held count, `--rounds` times; prints every round and the median ratio with its spread, and writes
 * bench/results/steady-slope.json. `npm run bench` measures the same figure among the others.
 *
 *   node dist/bench/steady-slope.js --run [--settled] [--rounds 3] [--small 1000] [--large 10000] [--hold 6000]
 *
 * `--settled`: both tools collect garbage every 2 s (procs/gc-settle.ts): what each holds, not where
 * each is in V8's heap-growth cycle.
 *
 * Without `--run` it exits at once (node --test runs every .js under dist/).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { steadySlope } from './steady.js';
import { repoRoot } from './lib/proc.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};

if (argv.includes('--run')) {
  const started = performance.now();
  const log = (s: string): void => void process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}\n`);
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  const fig = await steadySlope(
    arg('small', 1000),
    arg('large', 10_000),
    arg('hold', 6000),
    arg('rounds', 3),
    log,
    argv.includes('--settled'),
  );
  const result = {
    date: new Date().toISOString(),
    command: `node dist/bench/steady-slope.js ${argv.join(' ')}`,
    loadAverageAtStart: load,
    ...fig,
    seconds: Math.round((performance.now() - started) / 1000),
  };
  const dir = join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, fig.settled ? 'steady-slope-settled.json' : 'steady-slope.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `steady${fig.settled ? ' (settled: a GC every 2 s in both)' : ''}, KiB RSS per held connection, slope ${fig.small.toLocaleString('en-US')} → ${fig.large.toLocaleString('en-US')}, ${fig.rounds.length} rounds: imstress ${fig.imstressKiBPerConn.toFixed(2)}, minimal loop ${fig.minimalKiBPerConn.toFixed(2)}, ratio ${fig.ratio.toFixed(2)}× (median; rounds ${fig.rounds.map((r) => r.ratio.toFixed(2)).join(', ')})`,
  );
}
