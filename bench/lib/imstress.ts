/**
 * Runs the real `imstress run` CLI in its own process and reads its report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Report } from '../../src/report/schema.js';
import { cliPath, spawnNode, type Proc } from './proc.js';

export interface CliRun {
  readonly report: Report;
  readonly exitCode: number | null;
  /** the child's CPU (user + system) at its last sample, ms */
  readonly cpuMs: number | null;
  readonly stderr: string;
}

/** Samples the child while it runs (RSS, CPU) through `watch`, every 100 ms. */
export async function runImstress(
  args: readonly string[],
  opts: {
    timeoutMs: number;
    watch?: (p: Proc) => void;
    nodeArgs?: readonly string[];
    /** another build's bin/imstress.js (e.g. main's, for a before/after) */ cli?: string;
  },
): Promise<CliRun> {
  const dir = mkdtempSync(join(tmpdir(), 'imstress-bench-'));
  const reportPath = join(dir, 'report.json');
  try {
    const proc = spawnNode(opts.cli ?? cliPath, ['run', '--progress', 'off', '--report', reportPath, ...args], {
      raiseFdLimit: true,
      ...(opts.nodeArgs === undefined ? {} : { nodeArgs: opts.nodeArgs }),
    });
    let cpuMs: number | null = null;
    const sampler = setInterval(() => {
      cpuMs = proc.cpuMs() ?? cpuMs;
      opts.watch?.(proc);
    }, 100);
    const exitCode = await proc.exited(opts.timeoutMs);
    clearInterval(sampler);
    let report: Report;
    try {
      report = JSON.parse(readFileSync(reportPath, 'utf8')) as Report;
    } catch {
      throw new Error(`imstress run ${args.join(' ')} wrote no report (exit ${exitCode}): ${proc.stderr().slice(-3000)}`);
    }
    return { report, exitCode, cpuMs, stderr: proc.stderr() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
