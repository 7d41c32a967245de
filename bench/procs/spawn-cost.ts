/**
 * Threads or processes for `--workers`? The fixed cost of each: time until a
 * worker that has loaded the engine and an adapter is ready, and the
 * resident memory it adds, for a worker thread and for a child process.
 * Alternating, 5 of each; medians. Writes bench/results/spawn-cost.json.
 *
 *   node dist/bench/procs/spawn-cost.js
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

const self = fileURLToPath(import.meta.url);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

if (process.argv[2] === 'load') {
  // what a --workers thread loads before it reports ready
  await import('../../src/engine/engine.js');
  await import('../../src/protocol/create-adapter.js');
  const { parentPort } = await import('node:worker_threads');
  if (parentPort !== null) parentPort.postMessage('ready');
  else process.send?.('ready');
  setInterval(() => undefined, 1000); // stay alive until told to go
} else {
  const rssOfSelf = (): number => process.memoryUsage.rss();
  const rssOfPid = (pid: number): number => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[21]) * 4096;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const thread = async (): Promise<{ ms: number; rssMiB: number }> => {
    const before = rssOfSelf();
    const t0 = performance.now();
    const w = new Worker(self, { argv: ['load'] });
    await new Promise<void>((r) => w.once('message', () => r()));
    const ms = performance.now() - t0;
    const rssMiB = (rssOfSelf() - before) / 2 ** 20;
    await w.terminate();
    return { ms, rssMiB };
  };
  const child = async (): Promise<{ ms: number; rssMiB: number }> => {
    const t0 = performance.now();
    const c = spawn(process.execPath, [self, 'load'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise<void>((r) => c.once('message', () => r()));
    const ms = performance.now() - t0;
    const rssMiB = rssOfPid(c.pid ?? 0) / 2 ** 20;
    c.kill();
    await new Promise((r) => c.once('exit', r));
    return { ms, rssMiB };
  };
  const t: { ms: number; rssMiB: number }[] = [];
  const p: { ms: number; rssMiB: number }[] = [];
  for (let i = 0; i < 5; i++) {
    t.push(await thread());
    p.push(await child());
  }
  const out = {
    date: new Date().toISOString(),
    thread: { readyMs: median(t.map((x) => x.ms)), addedRssMiB: median(t.map((x) => x.rssMiB)) },
    process: { readyMs: median(p.map((x) => x.ms)), rssMiB: median(p.map((x) => x.rssMiB)) },
  };
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench', 'results', 'spawn-cost.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out));
}
