/**
 * The only place that touches the process: streams, signals, exit.
 */
export interface CliIo {
  /** A line on stdout (machine output: --json). */
  out(line: string): void;
  /** A line on stderr (human output). */
  err(line: string): void;
  /** Resolves on the first SIGINT/SIGTERM; a second one exits at once with 130. */
  waitForStop(): Promise<'SIGINT' | 'SIGTERM'>;
}

export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    waitForStop: () =>
      new Promise((resolve) => {
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
