/**
 * Starts {@link ./echo-process-main.ts} in a child process and reads its port;
 * `kill()` is SIGKILL (a target that dies, not one that shuts down).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const mainPath = fileURLToPath(new URL('./echo-process-main.js', import.meta.url));

export interface EchoProcess {
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Resolves once the target has echoed its first frame (the load reached it); rejects after `timeoutMs`. */
  served(timeoutMs: number): Promise<void>;
}

export async function startEchoProcess(port = 0, timeoutMs = 15_000): Promise<EchoProcess> {
  const child = spawn(process.execPath, [mainPath, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killNow = (): void => void child.kill('SIGKILL');
  process.once('exit', killNow);
  const lines = createInterface({ input: child.stdout });
  let markServed: () => void = () => undefined;
  const servedOnce = new Promise<void>((resolve) => (markServed = resolve));
  const got = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      killNow();
      reject(new Error(`echo target did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`echo target exited with ${code}`));
    });
  });
  lines.on('line', (line) => {
    if (line.includes('"served"')) markServed();
  });
  return {
    port: got,
    child,
    served: (ms) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the echo target echoed no frame within ${ms} ms`)), ms);
        void servedOnce.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killNow);
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
