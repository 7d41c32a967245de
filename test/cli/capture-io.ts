/**
 * A CliIo that records stdout and stderr lines, for running `main()` in
 * process (not a test file itself: it defines no tests).
 */
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `imstress ...args` in this process with colour off and captured output. */
export async function runMain(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    env: { NO_COLOR: '1' },
    stderr: new PassThrough(),
    stderrIsTTY: false,
    stderrColumns: 100,
    onInterrupt: () => () => undefined,
    waitForStop: () => new Promise(() => undefined),
  };
  const code = await main(['node', 'imstress', ...args], io);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
