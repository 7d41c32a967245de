/**
 * The engine's own cost per iteration, without sockets: the VU phase
 * machine, its waits, the shared tick and the recording, against an adapter
 * whose connect, reply and close each answer on the next turn of the event
 * loop (setImmediate). What this costs is what imstress adds to every real
 * cycle on top of `ws` and the kernel.
 *
 *   node dist/bench/procs/engine-only.js '{"users":1000,"seconds":3}'
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRunConfig } from '../../src/config/resolve.js';
import { Engine, type EngineEvent } from '../../src/engine/engine.js';
import { systemClock, systemScheduler } from '../../src/engine/clock.js';
import type { Adapter, AdapterConnection, ConnectResult, RequestResult } from '../../src/protocol/adapter.js';

const o = JSON.parse(process.argv[2] ?? '{}') as { users: number; seconds: number };
const config = resolveRunConfig({
  flags: { adapter: 'raw', target: 'ws://127.0.0.1:9/', users: String(o.users), duration: `${o.seconds}s`, progress: 'off', report: join(tmpdir(), 'imstress-bench-unused.json') },
  scenario: null,
  scenarioPath: null,
});
const nextTurn = <T>(v: T): Promise<T> => new Promise((r) => setImmediate(() => r(v)));
const reply: RequestResult = { state: 'reply', errCode: 0, errMsg: '', pushKey: null };
const conn = (): AdapterConnection => ({ open: true, request: () => nextTurn(reply), ping: () => nextTurn(true), close: () => nextTurn(1000), terminate: () => undefined });
const adapter: Adapter = { name: 'raw', prepare: () => Promise.resolve(), dispose: () => Promise.resolve(), connect: () => nextTurn<ConnectResult>({ state: 'open', conn: conn() }) };
let cpu0 = process.cpuUsage();
let cpu = { user: 0, system: 0 };
const onEvent = (e: EngineEvent): void => {
  if (e.type !== 'stage') return;
  if (e.stage === 'load') cpu0 = process.cpuUsage();
  if (e.stage === 'stopping') cpu = process.cpuUsage(cpu0);
};
const r = await new Engine({ config, adapter, clock: systemClock, scheduler: systemScheduler, probe: null, onEvent }).run();
process.stdout.write(`${JSON.stringify({ users: o.users, iterations: r.totals.iterations, cpuUsPerIteration: (cpu.user + cpu.system) / Math.max(1, r.totals.iterations) })}\n`);
process.exit(0);
