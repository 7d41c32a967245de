/**
 * A `--workers` thread: its slice of the VUs in a {@link VuPool}, with its
 * own adapter (tokens for its users only), hosted by {@link PoolHost}: every
 * tick's facts and detector signals go to the coordinator, and at the end
 * its exact histograms (encoded) and counts. Hang detection, the timeline,
 * the live progress, outages, evidence, stop decisions and the drain check
 * are the run loop's, in the main thread: this thread has no detector.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ImstressError } from '../../errors.js';
import { createAdapter } from '../../protocol/create-adapter.js';
import { systemClock, systemScheduler, type Clock, type Scheduler } from '../clock.js';
import { VuPool } from '../vu-pool.js';
import type { FromWorker, ToWorker, WorkerInit } from './messages.js';
import { PoolHost } from './pool-host.js';

const port = ((): MessagePort => {
  if (parentPort === null) throw new Error('worker-main.js runs only as a worker thread');
  return parentPort;
})();
const init = workerData as WorkerInit;
const post = (m: FromWorker): void => port.postMessage(m);

// This thread's performance.now() + offset = the main thread's performance.now().
const offset = performance.timeOrigin - init.mainTimeOrigin;
const clock: Clock = { now: () => performance.now() + offset, after: (ms, fn) => systemClock.after(ms, fn) };
const scheduler: Scheduler = systemScheduler;
const config = init.config;
const adapter = createAdapter({ ...init.spec, operationIdPrefix: `${init.spec.operationIdPrefix}-w${init.workerNo}` });
const pool = new VuPool({ config, adapter, clock, vuIndices: init.indices });
const host = new PoolHost({ pool, clock, scheduler, showP99: config.progress !== 'off', onTick: (tick) => post({ type: 'tick', tick }) });
/** Ctrl-C during token preparation (the coordinator's `abort-prepare`). */
const prepareAbort = new AbortController();

async function start(): Promise<void> {
  const result = await host.run();
  await adapter.dispose();
  post({ type: 'result', result });
  port.close();
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') void start();
  else if (m.type === 'stop') host.stop();
  else if (m.type === 'abort-prepare') prepareAbort.abort();
  else post({ type: 'oldest', waits: host.oldest(m.n) });
});

try {
  await adapter.prepare(pool.identities, prepareAbort.signal);
  post({ type: 'ready' });
} catch (err) {
  if (prepareAbort.signal.aborted) {
    // Interrupted while fetching tokens: ready to stop, as the single-thread engine does.
    host.stop();
    post({ type: 'ready' });
  } else {
    const e = err instanceof ImstressError ? err : null;
    post({
      type: 'fatal',
      message: err instanceof Error ? err.message : String(err),
      exit: e?.exit ?? null,
      code: e?.code ?? null,
      hint: e?.hint ?? null,
    });
    port.close();
  }
}
