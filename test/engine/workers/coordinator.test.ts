/**
 * `--workers`: real worker threads against a real echo server on loopback.
 * Counts and merged histograms are asserted, never timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { createListeningServer } from '../../../src/transport/ws.js';
import { resolveRunConfig } from '../../../src/config/resolve.js';
import type { RawRunFlags } from '../../../src/config/run-settings.js';
import { systemClock, systemScheduler } from '../../../src/engine/clock.js';
import { WorkerCoordinator } from '../../../src/engine/workers/coordinator.js';
import { shardIndices, splitAmongWorkers } from '../../../src/engine/workers/plan.js';
import type { EngineEvent } from '../../../src/engine/engine.js';

/** An echo server, or with `silent` one that completes handshakes and then never answers (the v3.5.1 symptom). */
async function echoServer(silent = false): Promise<{ url: string; close: () => Promise<void> }> {
  let wss: ReturnType<typeof createListeningServer> | null = null;
  await new Promise<void>((resolve) => {
    wss = createListeningServer({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const server = wss as unknown as ReturnType<typeof createListeningServer>;
  server.on('connection', (s) => {
    if (!silent) s.on('message', (d, binary) => s.send(d, { binary }));
  });
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of server.clients) c.terminate();
        server.close(() => resolve());
      }),
  };
}

function coordinator(url: string, flags: RawRunFlags, workers: number, onEvent?: (e: EngineEvent) => void): WorkerCoordinator {
  const config = resolveRunConfig({
    flags: { adapter: 'raw', target: url, progress: 'off', report: join(tmpdir(), 'unused.json'), ...flags },
    scenario: null,
    scenarioPath: null,
  });
  return new WorkerCoordinator({
    config,
    spec: { adapter: 'raw', url, localAddress: null, operationIdPrefix: 'test', tls: null },
    slices: splitAmongWorkers(shardIndices(config.users, config.shard), workers),
    clock: systemClock,
    scheduler: systemScheduler,
    probe: null,
    ...(onEvent === undefined ? {} : { onEvent }),
  });
}

test('two workers: every iteration counted once, histograms merged exactly, one timeline', async () => {
  const echo = await echoServer();
  try {
    const users = 6;
    const iterations = 5;
    const pool = coordinator(echo.url, { users: String(users), iterations: String(iterations), duration: '60s' }, 2);
    await pool.prepare();
    assert.equal(pool.threads.length, 2);
    const r = await pool.run();
    assert.equal(r.end, 'completed');
    assert.equal(r.totals.iterations, users * iterations);
    assert.equal(r.totals.handshakes, users * iterations);
    assert.equal(r.totals.replies, users * iterations);
    assert.equal(r.totals.closes, users * iterations);
    assert.equal(r.totals.errors, 0);
    // the merged histograms hold every sample of both workers
    assert.equal(r.metrics.phases.iteration.raw.count, users * iterations);
    assert.equal(r.metrics.phases.reply.raw.count, users * iterations);
    const timelineIterations = r.timeline.samples.reduce((s, x) => s + (x.values.iterations ?? 0), 0);
    assert.equal(timelineIterations, users * iterations, 'the timeline counts every iteration once');
    assert.equal(r.errorsByKind['worker-died'], 0);
    assert.equal(r.hang, null);
  } finally {
    await echo.close();
  }
});

test('a worker that dies is reported as worker-died and the run still ends with the others’ results', async () => {
  const echo = await echoServer();
  try {
    let killed = false;
    let pool: WorkerCoordinator | null = null;
    pool = coordinator(echo.url, { users: '4', think: '50ms', duration: '3s', hangWindow: '30s' }, 2, (e) => {
      // once load is under way, kill worker 1 as a crash would
      if (e.type === 'stage' && e.stage === 'load' && !killed) {
        killed = true;
        setTimeout(() => void pool?.threads[1]?.worker.terminate(), 300);
      }
    });
    await pool.prepare();
    const r = await pool.run();
    assert.equal(killed, true);
    assert.equal(r.errorsByKind['worker-died'], 1);
    assert.ok(r.totals.errors >= 1);
    assert.ok(r.errorSamples.some((s) => s.kind === 'worker-died' && /worker 1/.test(s.userID)));
    // worker 0 ran to the end: its iterations are all in the merged histogram
    assert.ok(r.metrics.phases.iteration.raw.count > 0);
    assert.ok(r.totals.iterations >= r.metrics.phases.iteration.raw.count);
  } finally {
    await echo.close();
  }
});

test('the one detector sees the merged run: a silent target is a hang, with evidence from every worker', async () => {
  const silent = await echoServer(true);
  try {
    const events: string[] = [];
    const pool = coordinator(
      silent.url,
      { users: '4', duration: '60s', hangWindow: '1s', stallThreshold: '500ms', replyTimeout: '30s' },
      2,
      (e) => {
        if (e.type === 'hang' || e.type === 'stall') events.push(e.type);
      },
    );
    await pool.prepare();
    const r = await pool.run();
    assert.equal(r.end, 'hang-abort');
    assert.ok(r.hang !== null);
    assert.equal(r.hang.kind, 'open-but-silent');
    assert.deepEqual(events, ['stall', 'hang']);
    // all four VUs, two per worker, are in the evidence
    assert.equal(r.hang.oldestWaits.length, 4);
    assert.equal(new Set(r.hang.oldestWaits.map((w) => w.userID)).size, 4);
    assert.equal(r.hang.waitingByPhase['awaiting-reply'], 4);
    assert.equal(r.unfinishedByPhase['awaiting-reply'], 4, 'the waits still open at the end are recorded by their workers');
  } finally {
    await silent.close();
  }
});

test('Ctrl-C while every worker waits on a token API that never answers: preparation ends at once and the run is interrupted', async () => {
  // A token API that accepts TCP and never answers (a blackhole on loopback).
  const sockets = new Set<Socket>();
  const api = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
  const port = (api.address() as { port: number }).port;
  try {
    const config = resolveRunConfig({
      flags: {
        target: 'ws://127.0.0.1:1/',
        apiUrl: `http://127.0.0.1:${port}`,
        users: '4',
        duration: '60s',
        progress: 'off',
        report: join(tmpdir(), 'unused.json'),
      },
      scenario: null,
      scenarioPath: null,
    });
    assert.equal(config.tokens.kind, 'api');
    const pool = new WorkerCoordinator({
      config,
      spec: {
        adapter: 'openim',
        url: 'ws://127.0.0.1:1/',
        tokens: config.tokens,
        compression: 'gzip',
        encoding: 'gob',
        localAddress: null,
        operationIdPrefix: 'test',
        tls: null,
      },
      slices: splitAmongWorkers(shardIndices(config.users, config.shard), 2),
      clock: systemClock,
      scheduler: systemScheduler,
      probe: null,
    });
    const abort = new AbortController();
    const prepared = pool.prepare(abort.signal);
    // both workers are now blocked on the silent API; Ctrl-C
    await new Promise((r) => setTimeout(r, 300));
    abort.abort();
    await prepared;
    pool.interrupt();
    const r = await pool.run();
    assert.equal(r.end, 'interrupted');
    assert.equal(r.totals.connects, 0, 'no VU started after the interrupt');
    assert.equal(r.errorsByKind['worker-died'], 0, 'the workers stopped, none died');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => api.close(() => r()));
  }
});
