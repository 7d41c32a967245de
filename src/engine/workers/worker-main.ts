/**
 * A `--workers` thread: its slice of the VUs in an ordinary {@link Engine},
 * with its own adapter (tokens for its users only). It reports every tick's
 * raw facts to the coordinator and, at the end, its exact histograms
 * (encoded) and counts. Hang detection, the timeline, the live progress,
 * evidence and the drain check are the coordinator's: this engine never
 * stops on a hang of its own and has no server probe.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ImstressError } from '../../errors.js';
import { createAdapter } from '../../protocol/create-adapter.js';
import { systemClock, systemScheduler, type Clock } from '../clock.js';
import { Engine, vuIdentities, type EngineTick } from '../engine.js';
import type { FromWorker, ToWorker, WorkerInit, WorkerTick } from './messages.js';

const port = ((): MessagePort => {
  if (parentPort === null) throw new Error('worker-main.js runs only as a worker thread');
  return parentPort;
})();
const init = workerData as WorkerInit;
const post = (m: FromWorker): void => port.postMessage(m);

// This thread's performance.now() + offset = the main thread's performance.now().
const offset = performance.timeOrigin - init.mainTimeOrigin;
const clock: Clock = { now: () => performance.now() + offset, after: (ms, fn) => systemClock.after(ms, fn) };
const scheduler = systemScheduler;
const showP99 = init.config.progress !== 'off';
// Detection is the coordinator's: this engine only keeps going (its own detector's verdicts are ignored).
const config = { ...init.config, onHang: 'continue' as const, progress: 'off' as const };
const adapter = createAdapter({ ...init.spec, operationIdPrefix: `${init.spec.operationIdPrefix}-w${init.workerNo}` });
let engine: Engine | null = null;
let stopEarly = false;
/** Ctrl-C during token preparation (the coordinator's `abort-prepare`). */
const prepareAbort = new AbortController();

function toTick(t: EngineTick, withP99: boolean): WorkerTick {
  const c = t.counters;
  const p99 = (phase: 'handshake' | 'reply' | 'push' | 'close'): number | null => {
    const h = t.recorder.raw(phase);
    return h.count === 0 ? null : h.percentileMs(99);
  };
  return {
    now: t.now,
    waitingTotal: t.waiting.total,
    waitingByPhase: t.waiting.byPhase,
    openSilent: t.waiting.openSilent,
    silent: t.waiting.silent,
    waitingPush: t.waitingPush,
    stuck: t.waiting.stuck,
    counts: { connects: c.connects, handshakes: c.handshakes, replies: c.replies, pushes: c.pushes, closes: c.closes, iterations: c.iterations, errors: c.errors, kicks: c.kicks, connectFailures: c.connectFailures, open: c.open },
    lastProgressMs: t.lastProgressMs,
    p99: withP99 ? { handshake: p99('handshake'), reply: p99('reply'), push: p99('push'), close: p99('close') } : null,
  };
}

async function start(): Promise<void> {
  let lastP99At = -Infinity;
  let lastP99: WorkerTick['p99'] = null;
  engine = new Engine({
    config,
    adapter,
    clock,
    scheduler,
    probe: null,
    vuIndices: init.indices,
    onTick: (t) => {
      // percentiles for the display 4 times a second, not every tick (each one scans the histogram)
      const fresh = showP99 && t.now - lastP99At >= 250;
      const tick = toTick(t, fresh);
      if (fresh) {
        lastP99At = t.now;
        lastP99 = tick.p99;
        post({ type: 'tick', tick });
      } else post({ type: 'tick', tick: { ...tick, p99: lastP99 } });
    },
  });
  if (stopEarly) engine.interrupt();
  const r = await engine.run();
  await adapter.dispose();
  post({
    type: 'result',
    result: {
      metrics: r.metrics,
      totals: r.totals,
      connectFailures: engine.connectFailures,
      errorsByKind: r.errorsByKind,
      errorSamples: r.errorSamples,
      unfinishedByPhase: r.unfinishedByPhase,
      outages: r.outages ?? [],
      loadStartedAt: engine.loadStartedAt,
    },
  });
  port.close();
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') void start();
  else if (m.type === 'stop') {
    stopEarly = true;
    engine?.interrupt();
  } else if (m.type === 'abort-prepare') prepareAbort.abort();
  else if (m.type === 'oldest') post({ type: 'oldest', waits: engine?.oldestWaits(clock.now(), m.n) ?? [] });
});

try {
  await adapter.prepare(vuIdentities(config, init.indices), prepareAbort.signal);
  post({ type: 'ready' });
} catch (err) {
  if (prepareAbort.signal.aborted) {
    // Interrupted while fetching tokens: ready to stop, as the single-thread engine does.
    stopEarly = true;
    post({ type: 'ready' });
  } else {
    const e = err instanceof ImstressError ? err : null;
    post({ type: 'fatal', message: err instanceof Error ? err.message : String(err), exit: e?.exit ?? null, code: e?.code ?? null, hint: e?.hint ?? null });
    port.close();
  }
}
