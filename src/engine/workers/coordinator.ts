/**
 * `--workers N`: the VUs spread over N worker threads, one VU pool each
 * (worker-main.ts), and in the main thread the one run loop (run-loop.ts)
 * over the workers' merged ticks (merged-view.ts): the same detector,
 * timeline, progress, outages, evidence and drain as a run in one thread.
 * This file owns the threads: it starts them, has each fetch its users'
 * tokens, and hands their messages to the view.
 *
 * Why threads, not child processes (measured by bench/procs/spawn-cost.ts on
 * this 2-core machine): a thread that has loaded the engine is ready in
 * ~330 ms and adds ~19 MiB, a child process ~430 ms and ~69 MiB; the VUs'
 * work is sockets and small buffers, which need no isolation, and
 * postMessage clones a tick with no JSON (docs/scale.md).
 */
import { Worker } from 'node:worker_threads';
import { ImstressError, type ErrorCode } from '../../errors.js';
import type { AdapterSpec } from '../../protocol/create-adapter.js';
import { RunLoop, type RunLoopOptions } from '../run-loop.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { MergedView } from './merged-view.js';

export interface CoordinatorOptions extends RunLoopOptions {
  readonly spec: AdapterSpec;
  /** global VU indices of each worker (see plan.ts) */
  readonly slices: readonly (readonly number[])[];
}

interface Thread {
  readonly no: number;
  readonly worker: Worker;
}

export class WorkerCoordinator extends RunLoop {
  readonly threads: Thread[];
  private readonly merged: MergedView;
  private readonly options: CoordinatorOptions;

  constructor(o: CoordinatorOptions) {
    const threads: Thread[] = [];
    const links = o.slices.map((indices, no) => ({
      users: indices.length,
      post: (m: ToWorker) => threads[no]?.worker.postMessage(m),
      kill: () => void threads[no]?.worker.terminate(),
    }));
    const view = new MergedView(links, o.clock, o.config.closeTimeoutMs);
    super(view, o);
    this.threads = threads;
    this.merged = view;
    this.options = o;
  }

  /**
   * Starts the threads; each gets its users' tokens. Rejects with the first worker's fatal error. An
   * abort (Ctrl-C) stops every thread's token fetching; the threads then report ready and the run, once
   * interrupted, ends at once.
   */
  async prepare(abort?: AbortSignal): Promise<void> {
    const ready: Promise<void>[] = [];
    this.options.slices.forEach((indices, no) => {
      const init: WorkerInit = {
        workerNo: no,
        config: this.options.config,
        indices,
        spec: this.options.spec,
        mainTimeOrigin: performance.timeOrigin,
      };
      const worker = new Worker(new URL('./worker-main.js', import.meta.url), { workerData: init });
      let markReady: () => void = () => undefined;
      let fail: (e: Error) => void = () => undefined;
      ready.push(
        new Promise<void>((resolve, reject) => {
          markReady = resolve;
          fail = reject;
        }),
      );
      this.threads.push({ no, worker });
      let failure: string | null = null;
      let finished = false;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') markReady();
        else if (m.type === 'fatal') fail(fatalError(m));
        else {
          this.merged.received(no, m);
          if (m.type === 'result') {
            finished = true;
            void worker.terminate(); // its work is done; nothing it still holds may keep the run waiting
          }
        }
      });
      worker.on('error', (err) => {
        failure ??= `worker ${no} failed: ${err.message}`;
      });
      worker.on('exit', (code) => {
        if (finished) return;
        const why = failure ?? `worker ${no} exited with code ${code} before reporting its results`;
        fail(new ImstressError('worker_died', why));
        this.merged.died(no, why);
      });
    });
    const abortAll = (): void => this.merged.broadcast({ type: 'abort-prepare' });
    if (abort?.aborted === true) abortAll();
    else abort?.addEventListener('abort', abortAll, { once: true });
    try {
      await Promise.all(ready);
    } finally {
      abort?.removeEventListener('abort', abortAll);
    }
  }

  /** Terminates any thread still running (after an error). */
  async dispose(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}

/** A worker's fatal error (e.g. the token API refused) as the error it was in the worker. */
function fatalError(m: Extract<FromWorker, { type: 'fatal' }>): ImstressError {
  return new ImstressError((m.code ?? 'internal') as ErrorCode, m.message, m.hint === null ? {} : { hint: m.hint });
}
