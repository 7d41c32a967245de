/**
 * Bench processes: every target and every load generator runs in its own
 * child, so no two share an event loop. Children print JSON lines on stdout;
 * `lines()` hands them over in order. Every wait has a timeout, and every
 * child is killed when the bench exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { GatewayMode } from '../../src/catalog/gateway-modes.js';
import { gatewayChildArgs } from '../../src/cli/embedded-gateway.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../../bin/imstress.js', import.meta.url));
export const benchProc = (name: string): string => fileURLToPath(new URL(`../procs/${name}.js`, import.meta.url));

export interface Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The next JSON line on stdout (lines that are not JSON are skipped). */
  next<T = Record<string, unknown>>(timeoutMs: number): Promise<T>;
  /** Resolves when the child has exited (kills it after timeoutMs). */
  exited(timeoutMs: number): Promise<number | null>;
  stderr(): string;
  /** Resident set size now, in bytes (from /proc), or null once gone. */
  rss(): number | null;
  /** user + system CPU of the child so far, in ms (from /proc), or null once gone. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/**
 * Spawns `node script args…`. With `raiseFdLimit`, the child runs under
 * `sh -c 'ulimit -n <hard>; exec node …'`: the soft open-file limit is raised
 * to the hard one (10,000 sockets need more than the usual 1,024).
 */
export function spawnNode(
  script: string,
  args: readonly string[],
  opts: { raiseFdLimit?: boolean; ipc?: boolean; nodeArgs?: readonly string[] } = {},
): Proc {
  const nodeArgv = [...(opts.nodeArgs ?? []), script, ...args];
  const stdio: ('pipe' | 'ipc')[] = opts.ipc === true ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe'];
  const child =
    opts.raiseFdLimit === true
      ? spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"', process.execPath, ...nodeArgv], {
          stdio,
          cwd: repoRoot,
        })
      : spawn(process.execPath, nodeArgv, { stdio, cwd: repoRoot });
  live.add(child);
  child.stdin?.on('error', () => undefined);
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (err.length < 256 * 1024) err += c.toString();
  });
  const queue: Record<string, unknown>[] = [];
  const waiters: ((v: Record<string, unknown> | null) => void)[] = [];
  let ended = false;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const w = waiters.shift();
    if (w !== undefined) w(v);
    else queue.push(v);
  });
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      ended = true;
      for (const w of waiters.splice(0)) w(null);
      resolve(code);
    }),
  );
  const procStat = (): string[] | null => {
    try {
      const s = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      return s.slice(s.lastIndexOf(')') + 2).split(' ');
    } catch {
      return null;
    }
  };
  const p: Proc = {
    child,
    pid: child.pid ?? 0,
    next: <T>(timeoutMs: number) =>
      new Promise<T>((resolve, reject) => {
        const q = queue.shift();
        if (q !== undefined) return resolve(q as T);
        if (ended) return reject(new Error(`child exited before a result line: ${err.slice(-2000)}`));
        const t = setTimeout(() => reject(new Error(`no result line within ${timeoutMs} ms: ${err.slice(-2000)}`)), timeoutMs);
        waiters.push((v) => {
          clearTimeout(t);
          if (v === null) reject(new Error(`child exited before a result line: ${err.slice(-2000)}`));
          else resolve(v as T);
        });
      }),
    exited: async (timeoutMs) => {
      const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exit;
      clearTimeout(t);
      return code;
    },
    stderr: () => err,
    rss: () => {
      const f = procStat();
      // field 24 (rss, pages) counted from field 3 (state) at index 0
      return f === null ? null : Number(f[21]) * 4096;
    },
    cpuMs: () => {
      const f = procStat();
      // utime, stime: fields 14, 15 → indexes 11, 12; in clock ticks (100 Hz on Linux)
      return f === null ? null : ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    },
    stop: async () => {
      if (ended) return;
      child.stdin?.end();
      child.kill('SIGTERM');
      await p.exited(5000);
    },
  };
  return p;
}

/** A raw `ws` echo server in its own process. */
export async function startEcho(): Promise<{ url: string; proc: Proc; open: () => number; counts: () => EchoCounts }> {
  const proc = spawnNode(benchProc('echo-server'), [], { raiseFdLimit: true, ipc: true });
  let open = 0;
  let counts: EchoCounts = { accepted: 0, closeCodes: {} };
  proc.child.on('message', (m: { open?: number; accepted?: number; closeCodes?: Record<string, number> }) => {
    if (typeof m.open === 'number') open = m.open;
    if (typeof m.accepted === 'number') counts = { accepted: m.accepted, closeCodes: { ...m.closeCodes } };
  });
  const ready = await proc.next<{ ws: string }>(15_000);
  return { url: ready.ws, proc, open: () => open, counts: () => counts };
}

/** What the echo server saw (issue #18): upgrades accepted, and its connections' close codes (1006: abnormal). */
export interface EchoCounts {
  readonly accepted: number;
  readonly closeCodes: Readonly<Record<string, number>>;
}

/** The embedded gateway (`imstress gateway`) in its own process. */
export async function startGateway(
  mode: GatewayMode,
  extra: readonly string[] = [],
): Promise<{ ws: string; api: string; metrics: string; proc: Proc }> {
  const proc = spawnNode(cliPath, gatewayChildArgs(mode, extra), {
    raiseFdLimit: true,
  });
  const ready = await proc.next<{ ws: string; api: string; metrics: string }>(15_000);
  return { ...ready, proc };
}
