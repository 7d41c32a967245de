/**
 * `npm run fuzz`: every network decoder, a million seeded inputs each by
 * default, each target in a watched worker thread (an endless loop or an
 * out-of-memory is caught and its input saved). Prints inputs/s and the
 * findings; every failing input is written to `--out` (default
 * fuzz-findings/) as `<target>-<kind>-<iteration>.bin` with a `.txt` beside
 * it. Exit status 1 when anything was found.
 *
 *   node dist/fuzz/fuzz.js [--iterations N] [--seed S] [--target gob,gzip,…] [--out DIR] [--stall 30s]
 */
import { Worker } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzTargets } from './targets.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

interface Outcome {
  readonly target: string;
  readonly done: number;
  readonly ms: number;
  readonly findings: { iteration: number; kind: string; message: string; input: Uint8Array }[];
}

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '1' },
    target: { type: 'string' },
    out: { type: 'string', default: 'fuzz-findings' },
    stall: { type: 'string', default: '30' },
    'slow-ms': { type: 'string', default: '1000' },
  },
});
const iterations = Number(values.iterations);
const seed = Number(values.seed);
const stallMs = Number(values.stall) * 1000;
const slowMs = Number(values['slow-ms']);
const wanted = values.target === undefined ? fuzzTargets.map((t) => t.name) : values.target.split(',');
const problems: string[] = [];
if (!Number.isSafeInteger(iterations) || iterations < 1)
  problems.push(`--iterations: expected a positive integer, got ${values.iterations}`);
if (!Number.isSafeInteger(seed)) problems.push(`--seed: expected an integer, got ${values.seed}`);
if (!(stallMs > 0)) problems.push(`--stall: expected seconds > 0, got ${values.stall}`);
for (const w of wanted)
  if (!fuzzTargets.some((t) => t.name === w))
    problems.push(`--target: unknown target ${w}; expected one of ${fuzzTargets.map((t) => t.name).join(', ')}`);
if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n`);
  process.exit(2);
}

function runTarget(name: string): Promise<Outcome> {
  const shared = new SharedArrayBuffer(8 + 1024 * 1024);
  const header = new Int32Array(shared, 0, 2);
  const current = (): { iteration: number; input: Uint8Array } => ({
    iteration: header[1] ?? 0,
    input: new Uint8Array(shared, 8, header[0] ?? 0).slice(),
  });
  const t0 = performance.now();
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { target: name, iterations, seed, slowMs, shared } satisfies WorkerInput,
    resourceLimits: { maxOldGenerationSizeMb: 512 },
  });
  return new Promise((resolve) => {
    let done = 0;
    let last = performance.now();
    let settled = false;
    const finish = (o: Omit<Outcome, 'target' | 'ms'>): void => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      resolve({ target: name, ms: performance.now() - t0, ...o });
    };
    const watch = setInterval(() => {
      if (performance.now() - last < stallMs) return;
      const c = current();
      void worker.terminate();
      finish({
        done,
        findings: [{ ...c, kind: 'hang', message: `no progress for ${stallMs / 1000} s (input ${c.iteration} never returned)` }],
      });
    }, 1000);
    worker.on('message', (m: WorkerMessage) => {
      last = performance.now();
      if (m.type === 'progress') {
        done = m.done;
        if (done % 100_000 === 0) process.stderr.write(`  ${name}: ${done.toLocaleString('en')} inputs\n`);
      } else finish({ done: iterations, findings: [...m.findings] });
    });
    worker.on('error', (err) => {
      const c = current();
      finish({
        done,
        findings: [
          {
            ...c,
            kind: (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'out-of-memory' : 'worker-crash',
            message: String(err),
          },
        ],
      });
    });
    worker.on('exit', (code) =>
      finish({ done, findings: code === 0 ? [] : [{ ...current(), kind: 'worker-exit', message: `worker exited with ${code}` }] }),
    );
  });
}

let total = 0;
for (const name of wanted) {
  const o = await runTarget(name);
  const rate = o.done / (o.ms / 1000);
  process.stdout.write(
    `${name.padEnd(15)} ${o.done.toLocaleString('en').padStart(11)} inputs in ${(o.ms / 1000).toFixed(1).padStart(6)} s  ${Math.round(rate).toLocaleString('en').padStart(9)} inputs/s  ${o.findings.length} finding(s)\n`,
  );
  if (o.findings.length > 0) mkdirSync(values.out, { recursive: true });
  for (const f of o.findings) {
    const base = join(values.out, `${name}-${f.kind}-${f.iteration}`);
    writeFileSync(`${base}.bin`, f.input);
    writeFileSync(
      `${base}.txt`,
      `target ${name}, seed ${seed}, iteration ${f.iteration}, ${f.kind}\n${f.message}\ninput (hex): ${Buffer.from(f.input).toString('hex')}\n`,
    );
    process.stdout.write(`  ${f.kind} at input ${f.iteration}: ${f.message.split('\n')[0]} → ${base}.bin\n`);
  }
  total += o.findings.length;
}
process.exitCode = total > 0 ? 1 : 0;
