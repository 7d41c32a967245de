/**
 * Runs the built CLI (`bin/imstress.js`) in a child process and records its
 * exit code, signal, stdout and stderr; killed with SIGKILL past `timeoutMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cliPath } from './gateway-process.js';

export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly pid: number;
}

export interface CliOptions {
  readonly timeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Called on every stderr chunk with all stderr so far. */
  readonly onStderr?: (text: string, child: ChildProcess) => void;
}

export function runCli(args: readonly string[], opts: CliOptions): Promise<CliRun> {
  return startCli(args, opts).result;
}

/** The CLI started: its process, and its outcome once it exits. */
export function startCli(args: readonly string[], opts: CliOptions): { child: ChildProcess; result: Promise<CliRun>; stderr(): string } {
  const child = spawn(process.execPath, [cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
  let stdout = '';
  let stderr = '';
  const result = new Promise<CliRun>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      opts.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`imstress ${args.join(' ')} did not exit within ${opts.timeoutMs} ms\n${stderr}`));
    }, opts.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid ?? 0 });
    });
  });
  return { child, result, stderr: () => stderr };
}

/** Resolves when `predicate()` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function until(what: string, predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether a process exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // state is the field after the parenthesised command name
    return !/\)\s+Z\s/.test(stat);
  } catch {
    return false;
  }
}

/** The pids whose parent is `ppid`, read from /proc. */
export function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(after[1]) === ppid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The command line of a pid ('' when gone). */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}
