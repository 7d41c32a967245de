/**
 * The §13 churn workload against each embedded-gateway configuration, each
 * gateway in its own process: when (if) it wedges, where its loop is blocked,
 * iterations per second, kicks, and the online count after a drain.
 *
 *   node dist/bench/gateway-modes.js [seconds=120] [only-label]
 */
import { startGatewayProcess } from '../test/helpers/gateway-process.js';
import { churn, fetchTokens } from '../test/helpers/churn.js';

interface Config {
  readonly label: string;
  readonly args: readonly string[];
}

const configs: readonly Config[] = [
  { label: 'v3.5.1 status 1ms', args: ['--mode', 'v3.5.1', '--status-rpc', '1ms'] },
  { label: 'v3.5.1 status 0.2ms', args: ['--mode', 'v3.5.1', '--status-rpc', '0.2ms'] },
  { label: 'v3.5.1 status 0', args: ['--mode', 'v3.5.1', '--status-rpc', '0'] },
  { label: 'v3.5.1 policy 0', args: ['--mode', 'v3.5.1', '--policy', '0'] },
  { label: 'blog-fix', args: ['--mode', 'blog-fix'] },
  { label: 'v3.8', args: ['--mode', 'v3.8'] },
];

interface Stats {
  uptimeMs: number;
  onlineUserNum: number;
  queues: { register: { len: number; blockedSenders: number }; unregister: { len: number } };
  counters: { registered: number; kicks: number };
  loops: { name: string; state: string; waitingOn: string | null; stack: string[] }[];
}

const seconds = Number(process.argv[2] ?? 120);
const only = process.argv[3];
const rows: Record<string, unknown>[] = [];
for (const c of configs) {
  if (only !== undefined && !c.label.includes(only)) continue;
  const gw = await startGatewayProcess(c.args);
  try {
    const tokens = await fetchTokens({ apiUrl: gw.api, users: 100, prefix: 'u', platformID: 1 });
    let wedgedAtMs: number | null = null;
    let wedgeStack = '';
    let last: Stats | null = null;
    let wedgeSeenAt = 0;
    const startedAt = performance.now();
    const sampler = setInterval(() => {
      void gw.stats().then((raw) => {
        const s = raw as unknown as Stats;
        const selfSend = s.loops.find((l) => l.state === 'chan send' && l.waitingOn === 'unregisterChan');
        if (selfSend !== undefined && last !== null && last.counters.registered === s.counters.registered) {
          if (wedgedAtMs === null) {
            wedgedAtMs = performance.now() - startedAt;
            wedgeSeenAt = performance.now();
            wedgeStack = selfSend.stack.join(' > ');
          }
        }
        last = s;
      });
    }, 500);
    const r = await churn(
      {
        wsUrl: gw.ws,
        apiUrl: gw.api,
        users: 100,
        prefix: 'u',
        platformID: 1,
        durationMs: seconds * 1000,
        replyTimeoutMs: 5000,
        compression: 'gzip',
        // once wedged, watch 10 s more (handlers pile up), then stop
        stopWhen: () => wedgedAtMs !== null && performance.now() - wedgeSeenAt > 10_000,
      },
      tokens,
    );
    clearInterval(sampler);
    const atEnd = (await gw.stats()) as unknown as Stats;
    await new Promise((res) => setTimeout(res, 5000));
    const drained = (await gw.stats()) as unknown as Stats;
    rows.push({
      config: c.label,
      wedgedAtS: wedgedAtMs === null ? null : Number((wedgedAtMs / 1000).toFixed(1)),
      wedgeStack,
      runS: Number((r.elapsedMs / 1000).toFixed(1)),
      replies: r.replies,
      repliesPerS: Math.round(r.replies / ((wedgedAtMs ?? r.elapsedMs) / 1000)),
      replyTimeouts: r.replyTimeouts,
      clientKicks: r.kicks,
      serverKicks: atEnd.counters.kicks,
      queuesAtEnd: `${atEnd.queues.register.len}/${atEnd.queues.unregister.len}`,
      blockedHandlers: atEnd.queues.register.blockedSenders,
      onlineAfterDrain: drained.onlineUserNum,
      queuesAfterDrain: `${drained.queues.register.len}/${drained.queues.unregister.len}`,
    });
    process.stderr.write(`${JSON.stringify(rows.at(-1))}\n`);
  } finally {
    await gw.stop();
  }
}
console.table(rows.map(({ wedgeStack: _w, ...rest }) => rest));
const stacks = rows.filter((r) => r['wedgeStack'] !== '').map((r) => `${String(r['config'])}: ${String(r['wedgeStack'])}`);
if (stacks.length > 0) console.log(`loop blocked at:\n  ${stacks.join('\n  ')}`);
