/**
 * The only place that touches the process: streams, signals, exit.
 */
export interface CliIo {
  /** A line on stdout (machine output: --json). */
  out(line: string): void;
  /** A line on stderr (human output). */
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stderr: NodeJS.WritableStream;
  readonly stderrIsTTY: boolean;
  readonly stderrColumns: number;
  /**
   * First SIGINT/SIGTERM calls `graceful`; a second one calls `immediate`
   * and exits at once with 130. Returns the function that removes the handlers.
   */
  onInterrupt(graceful: () => void, immediate: () => void): () => void;
  /** Resolves on the first SIGINT/SIGTERM (or stdin closing, when asked); a second signal exits at once with 130. */
  waitForStop(orStdinClose?: boolean): Promise<'SIGINT' | 'SIGTERM' | 'stdin closed'>;
}

export function processIo(): CliIo {
  // `imstress run --help | head`: the reader went away; the rest of the output has nowhere to go, which is not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  return {
    env: process.env,
    stderr: process.stderr,
    stderrIsTTY: process.stderr.isTTY,
    stderrColumns: process.stderr.columns ?? 100,
    onInterrupt: (graceful, immediate) => {
      let seen = false;
      const on = (sig: NodeJS.Signals): void => {
        if (seen) {
          process.stderr.write(`${sig} again: exiting now\n`);
          immediate();
          process.exit(130);
        }
        seen = true;
        graceful();
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
      return () => {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
      };
    },
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    waitForStop: (orStdinClose = false) =>
      new Promise((resolve) => {
        if (orStdinClose) {
          // The parent holds our stdin; when it dies (even by SIGKILL) the pipe closes.
          process.stdin.on('end', () => resolve('stdin closed'));
          process.stdin.on('close', () => resolve('stdin closed'));
          process.stdin.resume();
        }
        let seen = false;
        const on = (sig: 'SIGINT' | 'SIGTERM') => (): void => {
          if (seen) {
            process.stderr.write(`${sig} again: exiting now\n`);
            process.exit(130);
          }
          seen = true;
          resolve(sig);
        };
        process.on('SIGINT', on('SIGINT'));
        process.on('SIGTERM', on('SIGTERM'));
      }),
  };
}
