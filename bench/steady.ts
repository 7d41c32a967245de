/**
 * Steady: N concurrent open connections with a heartbeat, resident memory
 * per connection, imstress against the minimal loop, each against a fresh
 * echo server. Memory per connection = (median RSS while all N are open −
 * median RSS just before the first connection) / N, both read from /proc by
 * this process, the same way for both tools. The peak-based figure is kept
 * in the results for comparison with older runs.
 */
import { pathToFileURL } from 'node:url';
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
  /** the same from each tool's peak RSS instead of the median (noisier: GC timing) */
  readonly peakRatio: number;
}

/**
 * Watches a generator, sampling its RSS every 100 ms: the baseline is the
 * median of the samples before the echo server saw a connection, the held
 * figure the median of the samples while all `n` were open. Medians, not a
 * single sample and the peak: a garbage collection moves RSS by tens of MiB
 * (the young generation alone can be 48 MiB), which at 10,000 connections
 * would swing the figure by several KiB per connection from run to run.
 */
function memoryWatch(
  open: () => number,
  n: number,
): { watch: (p: Proc) => void; result: () => { before: number; held: number; peak: number; heldCount: number } } {
  const before: number[] = [];
  const during: number[] = [];
  let peak = 0;
  let held = 0;
  return {
    watch: (p) => {
      const rss = p.rss();
      if (rss === null) return;
      const o = open();
      if (o === 0 && held === 0) before.push(rss);
      if (o >= n) {
        during.push(rss);
        peak = Math.max(peak, rss);
      }
      held = Math.max(held, o);
    },
    result: () => ({ before: median(before.slice(-10)), held: median(during), peak, heldCount: held }),
  };
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export async function minimalSteady(
  n: number,
  rampMs: number,
  holdMs: number,
  nodeArgs: readonly string[] = [],
): Promise<{ before: number; held: number; peak: number; heldCount: number }> {
  const echo = await startEcho();
  try {
    const w = memoryWatch(echo.open, n);
    const p = spawnNode(
      benchProc('minimal-loop'),
      [
        JSON.stringify({
          url: echo.url,
          users: n,
          durationMs: rampMs + holdMs,
          mode: 'steady',
          protocol: 'raw',
          heartbeatMs: 5000,
          rampUpMs: rampMs,
        }),
      ],
      { raiseFdLimit: true, nodeArgs },
    );
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

export async function imstressSteady(
  n: number,
  rampMs: number,
  holdMs: number,
  nodeArgs: readonly string[] = [],
): Promise<{ before: number; held: number; peak: number; heldCount: number }> {
  const echo = await startEcho();
  try {
    const w = memoryWatch(echo.open, n);
    // --overlap keeps each session open through the think time: N sessions held, pinged every 5 s.
    await runImstress(
      [
        '--adapter',
        'raw',
        '--target',
        echo.url,
        '--users',
        String(n),
        '--overlap',
        '--think',
        '1h',
        '--ramp-up',
        `${rampMs}ms`,
        '--duration',
        `${rampMs + holdMs}ms`,
        '--heartbeat',
        '5s',
      ],
      { timeoutMs: rampMs + holdMs + 120_000, watch: w.watch, nodeArgs },
    );
    return w.result();
  } finally {
    await echo.proc.stop();
  }
}

export async function steady(n: number, rampMs: number, holdMs: number): Promise<SteadyFigure> {
  const m = await minimalSteady(n, rampMs, holdMs);
  const s = await imstressSteady(n, rampMs, holdMs);
  const kib = (r: { before: number; held: number }): number => (r.held - r.before) / 1024 / n;
  const peakKib = (r: { before: number; peak: number }): number => (r.peak - r.before) / 1024 / n;
  return {
    connections: n,
    minimalHeld: m.heldCount,
    imstressHeld: s.heldCount,
    minimalKiBPerConn: kib(m),
    imstressKiBPerConn: kib(s),
    ratio: kib(s) / kib(m),
    peakRatio: peakKib(s) / peakKib(m),
  };
}

/** One tool's steady memory at two held counts (issue #18): the slope is what one more connection costs. */
export interface SlopeRound {
  readonly minimalKiBPerConn: number;
  readonly imstressKiBPerConn: number;
  readonly ratio: number;
  /** the connections each tool held at the small and the large count (a tool that held fewer is not compared fairly) */
  readonly held: { readonly minimal: readonly [number, number]; readonly imstress: readonly [number, number] };
}

export interface SteadySlopeFigure {
  readonly small: number;
  readonly large: number;
  /** both tools ran with a full GC every 2 s (procs/gc-settle.ts) */
  readonly settled: boolean;
  readonly rounds: readonly SlopeRound[];
  /** median over the rounds */
  readonly minimalKiBPerConn: number;
  readonly imstressKiBPerConn: number;
  readonly ratio: number;
  readonly ratioMin: number;
  readonly ratioMax: number;
}

/**
 * Steady memory per connection as a slope (issue #18): (RSS held at `large` − RSS held at `small`) /
 * (`large` − `small`), for each tool. What a process holds whatever its connection count (modules, the
 * JIT's code, a young generation that happens to be full or empty, the CLI's own objects) cancels out,
 * where the older figure, (held − before) / n, counted part of it as per-connection memory and read
 * 1.10× one day and 1.87× another. The tools alternate within each round so machine noise hits both.
 */
export async function steadySlope(
  small: number,
  large: number,
  holdMs: number,
  rounds: number,
  log: (s: string) => void = () => undefined,
  settled = false,
): Promise<SteadySlopeFigure> {
  // settled: both tools collect garbage every 2 s (procs/gc-settle.ts), so RSS follows what they hold.
  const nodeArgs = settled ? ['--expose-gc', '--import', pathToFileURL(benchProc('gc-settle')).href] : [];
  const rampFor = (n: number): number => Math.max(1000, Math.round((6000 * n) / 10_000));
  const out: SlopeRound[] = [];
  for (let i = 0; i < rounds; i++) {
    const mS = await minimalSteady(small, rampFor(small), holdMs, nodeArgs);
    const sS = await imstressSteady(small, rampFor(small), holdMs, nodeArgs);
    const mL = await minimalSteady(large, rampFor(large), holdMs, nodeArgs);
    const sL = await imstressSteady(large, rampFor(large), holdMs, nodeArgs);
    const slope = (a: { held: number }, b: { held: number }): number => (b.held - a.held) / 1024 / (large - small);
    const r: SlopeRound = {
      minimalKiBPerConn: slope(mS, mL),
      imstressKiBPerConn: slope(sS, sL),
      ratio: slope(sS, sL) / slope(mS, mL),
      held: { minimal: [mS.heldCount, mL.heldCount], imstress: [sS.heldCount, sL.heldCount] },
    };
    log(
      `steady slope${settled ? ' (settled)' : ''} round ${i + 1}: minimal ${r.minimalKiBPerConn.toFixed(2)} KiB/conn, imstress ${r.imstressKiBPerConn.toFixed(2)} KiB/conn, ${r.ratio.toFixed(2)}×`,
    );
    out.push(r);
  }
  const ratios = out.map((r) => r.ratio);
  return {
    small,
    large,
    settled,
    rounds: out,
    minimalKiBPerConn: median(out.map((r) => r.minimalKiBPerConn)),
    imstressKiBPerConn: median(out.map((r) => r.imstressKiBPerConn)),
    ratio: median(ratios),
    ratioMin: Math.min(...ratios),
    ratioMax: Math.max(...ratios),
  };
}
