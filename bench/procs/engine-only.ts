/**
 * The engine's own cost per iteration, without sockets: the VU phase
 * machine, its waits, the shared tick and the recording, against an adapter
 * whose connect, reply and close each answer on the next turn of the event
 * loop (setImmediate). What this costs is what imstress adds to every real
 * cycle on top of `ws` and the kernel.
 *
 *   node dist/bench/procs/engine-only.js '{"users":1000,"seconds":3}'
 */
import type { Adapter, AdapterConnection, ConnectResult, RequestResult } from '../../src/protocol/adapter.js';
import { engineBenchConfig, runEngineMeasured } from '../lib/engine-bench.js';

const o = JSON.parse(process.argv[2] ?? '{}') as { users: number; seconds: number };
const config = engineBenchConfig('ws://127.0.0.1:9/', o.users, o.seconds);
const nextTurn = <T>(v: T): Promise<T> => new Promise((r) => setImmediate(() => r(v)));
const reply: RequestResult = { state: 'reply', errCode: 0, errMsg: '', pushKey: null };
const conn = (): AdapterConnection => ({
  open: true,
  request: () => nextTurn(reply),
  ping: () => nextTurn(true),
  close: () => nextTurn(1000),
  terminate: () => undefined,
});
const adapter: Adapter = {
  name: 'raw',
  prepare: () => Promise.resolve(),
  dispose: () => Promise.resolve(),
  connect: () => nextTurn<ConnectResult>({ state: 'open', conn: conn() }),
};
const { result: r, cpuMs } = await runEngineMeasured(config, adapter);
process.stdout.write(
  `${JSON.stringify({ users: o.users, iterations: r.totals.iterations, cpuUsPerIteration: (cpuMs * 1000) / Math.max(1, r.totals.iterations) })}\n`,
);
process.exit(0);
