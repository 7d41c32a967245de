/**
 * Steady: N concurrent open connections with a heartbeat, resident memory
 * per connection, imstress against the minimal loop, each against a fresh
 * echo server. Memory per connection = (peak RSS while all N are open − RSS
 * just before the first connection) / N, both read from /proc by this
 * process, the same way for both tools.
 */
import { benchProc, spawnNode, startEcho, type Proc } from './lib/proc.js';
import { runImstress } from './lib/imstress.js';

export interface SteadyFigure {
  readonly connections: number;
  readonly minimalHeld: number;
  readonly imstressHeld: number;
  readonly minimalKiBPerConn: number;
  readonly imstressKiBPerConn: number;
  /** imstress / minimal */
  readonly ratio: number;
}

/** Watches a generator: RSS before the echo server saw a connection, and the peak once `n` are open. */
function memoryWatch(open: () => number, n: number): { watch: (p: Proc) => void; result: () => { before: number; peak: number; held: number } } {
  let before = 0;
  let peak = 0;
  let held = 0;
  return {
    watch: (p) => {
      const rss = p.rss();
      if (rss === null) return;
      const o = open();
      if (o === 0 && held === 0) before = rss;
      if (o >= n) peak = Math.max(peak, rss);
      held = Math.max(held, o);
    },
    result: () => ({ before, peak, held }),
  };
}

async function minimalSteady(n: number, rampMs: number, holdMs: number): Promise<{ before: number; peak: number; held: number }> {
  const echo = await startEcho();
  try {
    const w = memoryWatch(echo.open, n);
    const p = spawnNode(benchProc('minimal-loop'), [JSON.stringify({ url: echo.url, users: n, durationMs: rampMs + holdMs, mode: 'steady', protocol: 'raw', heartbeatMs: 5000, rampUpMs: rampMs })], { raiseFdLimit: true });
    const timer = setInterval(() => w.watch(p), 100);
    await p.next(30_000);
    await p.next(rampMs + holdMs + 60_000); // holding
    await p.next(60_000); // result
    clearInterval(timer);
    await p.exited(10_000);
    return w.result();
  } finally {
    await echo.proc.stop();
  }
}

async function imstressSteady(n: number, rampMs: number, holdMs: number): Promise<{ before: number; peak: number; held: number }> {
  const echo = await startEcho();
  try {
    const w = memoryWatch(echo.open, n);
    // --overlap keeps each session open through the think time: N sessions held, pinged every 5 s.
    await runImstress(
      ['--adapter', 'raw', '--target', echo.url, '--users', String(n), '--overlap', '--think', '1h', '--ramp-up', `${rampMs}ms`, '--duration', `${rampMs + holdMs}ms`, '--heartbeat', '5s'],
      { timeoutMs: rampMs + holdMs + 120_000, watch: w.watch },
    );
    return w.result();
  } finally {
    await echo.proc.stop();
  }
}

export async function steady(n: number, rampMs: number, holdMs: number): Promise<SteadyFigure> {
  const m = await minimalSteady(n, rampMs, holdMs);
  const s = await imstressSteady(n, rampMs, holdMs);
  const kib = (r: { before: number; peak: number }): number => (r.peak - r.before) / 1024 / n;
  return { connections: n, minimalHeld: m.held, imstressHeld: s.held, minimalKiBPerConn: kib(m), imstressKiBPerConn: kib(s), ratio: kib(s) / kib(m) };
}
