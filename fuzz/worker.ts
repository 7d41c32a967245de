/**
 * One fuzz target in a worker thread, so the main thread can watch it: each
 * input is copied into shared memory before it runs, and progress is posted
 * every 10,000 inputs. A decoder that loops forever stops the posts; the main
 * thread then saves the input from shared memory and terminates the worker.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzLoop } from './loop.js';
import { fuzzTargets } from './targets.js';

export interface WorkerInput {
  readonly target: string;
  readonly iterations: number;
  readonly seed: number;
  readonly slowMs: number;
  /** [0]: input length, [1]: iteration; bytes from offset 8 */
  readonly shared: SharedArrayBuffer;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly done: number }
  | { readonly type: 'done'; readonly findings: readonly { iteration: number; kind: string; message: string; input: Uint8Array }[] };

const data = workerData as WorkerInput;
const target = fuzzTargets.find((t) => t.name === data.target);
if (target === undefined || parentPort === null) throw new Error(`no fuzz target ${data.target}`);
const port = parentPort;
const header = new Int32Array(data.shared, 0, 2);
const bytes = new Uint8Array(data.shared, 8);
const findings = fuzzLoop(target, {
  iterations: data.iterations,
  seed: data.seed,
  slowMs: data.slowMs,
  onInput: (i, input) => {
    const n = Math.min(input.length, bytes.length);
    bytes.set(input.subarray(0, n));
    header[0] = n;
    header[1] = i;
  },
  onProgress: (done) => port.postMessage({ type: 'progress', done } satisfies WorkerMessage),
});
port.postMessage({
  type: 'done',
  findings: findings.map((f) => ({ iteration: f.iteration, kind: f.kind, message: f.message, input: new Uint8Array(f.input) })),
} satisfies WorkerMessage);
