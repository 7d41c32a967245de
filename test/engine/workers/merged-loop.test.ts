/**
 * `--workers` on a manual clock: the run loop over the merged ticks of worker
 * pools hosted in this thread (every message structured-cloned, as
 * postMessage does), side by side with the one-thread engine on the same
 * script. Both are the one RunLoop, so they must reach the same verdict;
 * these tests hold that, scenario by scenario, with no threads and no sleeps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Adapter } from '../../../src/protocol/adapter.js';
import type { RunConfig } from '../../../src/config/run-config.js';
import { Engine } from '../../../src/engine/engine.js';
import { RunLoop, type EngineEvent } from '../../../src/engine/run-loop.js';
import { VuPool } from '../../../src/engine/vu-pool.js';
import type { EngineResult } from '../../../src/engine/result.js';
import { MergedView } from '../../../src/engine/workers/merged-view.js';
import { PoolHost } from '../../../src/engine/workers/pool-host.js';
import type { FromWorker, ToWorker } from '../../../src/engine/workers/messages.js';
import { splitAmongWorkers } from '../../../src/engine/workers/plan.js';
import { fakeAdapter, ManualTime, never, slowlyFailingDials, testConfig, type Script } from '../fake-adapter.js';

/** The coordinator's view and loop over `workers` pools hosted here; messages cloned both ways. */
function workersOnManualClock(
  config: RunConfig,
  adapter: Adapter,
  workers: number,
  time: ManualTime,
  onEvent?: (e: EngineEvent) => void,
): RunLoop {
  const slices = splitAmongWorkers(
    Array.from({ length: config.users }, (_, i) => i),
    workers,
  );
  const hosts: PoolHost[] = [];
  const deliver = (no: number, m: FromWorker): void => view.received(no, structuredClone(m));
  const links = slices.map((indices, no) => ({
    users: indices.length,
    post: (sent: ToWorker): void => {
      const m = structuredClone(sent);
      const host = hosts[no];
      if (host === undefined) return;
      if (m.type === 'start') void host.run().then((result) => deliver(no, { type: 'result', result }));
      else if (m.type === 'stop') host.stop();
      else if (m.type === 'oldest') deliver(no, { type: 'oldest', waits: host.oldest(m.n) });
    },
    kill: (): void => view.died(no, `worker ${no} killed`),
  }));
  const view = new MergedView(links, time, config.closeTimeoutMs);
  slices.forEach((indices, no) => {
    const pool = new VuPool({ config, adapter, clock: time, vuIndices: indices });
    hosts.push(new PoolHost({ pool, clock: time, scheduler: time, showP99: false, onTick: (tick) => deliver(no, { type: 'tick', tick }) }));
  });
  return new RunLoop(view, { config, clock: time, scheduler: time, probe: null, ...(onEvent === undefined ? {} : { onEvent }) });
}

interface Outcome {
  readonly result: EngineResult;
  readonly events: readonly string[];
}

/** The same script and config, run by the one-thread engine or by `workers` pools; the clock advanced by `advanceMs`. */
async function runOn(workers: number, script: (time: ManualTime) => Script, config: RunConfig, advanceMs: number): Promise<Outcome> {
  const time = new ManualTime();
  const adapter = fakeAdapter(script(time));
  const events: string[] = [];
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'stall' || e.type === 'hang' || e.type === 'outage') events.push(e.type);
  };
  const runner =
    workers === 1
      ? new Engine({ config, adapter, clock: time, scheduler: time, probe: null, onEvent })
      : workersOnManualClock(config, adapter, workers, time, onEvent);
  const run = runner.run();
  await time.advance(advanceMs);
  return { result: await run, events };
}

test('--workers on the one loop: a target lost behind slowly failing dials is target-lost, not a no-handshake hang (issue #11)', async () => {
  const config = testConfig({
    users: 4,
    thinkMs: 200,
    durationMs: 16_000,
    hangWindowMs: 5_000,
    stallThresholdMs: 1_000,
    handshakeTimeoutMs: 30_000,
  });
  const single = await runOn(1, slowlyFailingDials, config, 17_000);
  const two = await runOn(2, slowlyFailingDials, config, 17_000);
  for (const { result: r, events } of [single, two]) {
    assert.equal(r.hang, null, `no hang declared: ${JSON.stringify(r.hang?.title)}`);
    assert.equal(r.end, 'completed');
    assert.equal(r.outages?.length, 1);
    assert.equal(r.outages?.[0]?.endMs, null, 'still unreachable at the end: the verdict is target-lost');
    assert.deepEqual(
      events.filter((e) => e === 'outage'),
      ['outage'],
      'the outage is announced once',
    );
  }
  assert.ok(two.result.totals.handshakes > 0 && two.result.totals.errors > 0);
});

test("--workers on the one loop: --iterations without --duration ends once the lost target's outage reaches the window", async () => {
  const config = testConfig({
    users: 4,
    thinkMs: 200,
    iterations: 1_000,
    durationMs: null,
    hangWindowMs: 5_000,
    stallThresholdMs: 1_000,
    handshakeTimeoutMs: 30_000,
  });
  for (const workers of [1, 2]) {
    const { result: r, events } = await runOn(workers, slowlyFailingDials, config, 12_000);
    assert.equal(r.end, 'completed', `${workers} thread(s)`);
    assert.equal(r.hang, null);
    assert.equal(r.outages?.at(-1)?.endMs, null);
    assert.ok(events.includes('outage'));
    assert.ok(r.totals.iterations < config.users * 1_000, 'ended by the outage, not by the iterations');
  }
});

test('--workers and one thread reach the same verdict on the same script', async () => {
  const cases: ReadonlyArray<{ name: string; script: (time: ManualTime) => Script; config: RunConfig; advanceMs: number }> = [
    { name: 'iterations run to completion', script: () => ({}), config: testConfig({ users: 4, iterations: 5 }), advanceMs: 1_000 },
    {
      name: 'a silent target is an open-but-silent hang',
      script: () => ({ request: () => never() }),
      config: testConfig({ users: 4, durationMs: 60_000, replyTimeoutMs: 60_000, hangWindowMs: 10_000, stallThresholdMs: 2_000 }),
      advanceMs: 11_000,
    },
    {
      name: 'a refused target is target-unavailable',
      script: () => ({ connect: async () => ({ state: 'failed', kind: 'connection-refused', message: 'ECONNREFUSED' }) }),
      config: testConfig({ users: 4, durationMs: null, iterations: 3, hangWindowMs: 2_000, stallThresholdMs: 500 }),
      advanceMs: 5_000,
    },
  ];
  for (const c of cases) {
    const single = await runOn(1, c.script, c.config, c.advanceMs);
    const two = await runOn(2, c.script, c.config, c.advanceMs);
    const facts = ({ result: r, events }: Outcome) => ({
      end: r.end,
      hangKind: r.hang?.kind ?? null,
      waitingByPhase: r.hang?.waitingByPhase ?? null,
      oldestWaits: r.hang?.oldestWaits.length ?? 0,
      iterations: r.totals.iterations,
      handshakes: r.totals.handshakes > 0,
      outages: r.outages?.length ?? 0,
      events,
    });
    assert.deepEqual(facts(two), facts(single), c.name);
  }
});

test('--workers on the one loop: an error answer after a declared hang does not undo it (only client progress does)', async () => {
  // Every request hangs (the hang, declared at 5 s); at 8 s the server answers VU 0's with a garbage frame.
  const config = testConfig({
    users: 4,
    durationMs: 20_000,
    replyTimeoutMs: 60_000,
    hangWindowMs: 5_000,
    stallThresholdMs: 1_000,
    onHang: 'continue',
  });
  const script = (time: ManualTime): Script => {
    let answered = false;
    return {
      request: (vu) => {
        if (vu.index !== 0 || answered) return never();
        answered = true;
        return new Promise((resolve) => {
          const stop = time.every(100, () => {
            if (time.now() < 8_000) return;
            stop();
            resolve({ state: 'protocol-error', message: 'undecodable frame' });
          });
        });
      },
    };
  };
  for (const workers of [1, 2]) {
    const { result: r, events } = await runOn(workers, script, config, 21_000);
    assert.equal(r.end, 'completed', `${workers} thread(s)`);
    assert.equal(r.hang?.kind, 'open-but-silent');
    assert.deepEqual(events, ['stall', 'hang']);
    assert.equal(r.errorsByKind['protocol-error'], 1, 'the error answer came');
    assert.equal(r.stalls.length, 0, 'the hang never recovered');
  }
});
