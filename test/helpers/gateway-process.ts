/**
 * Starts `imstress gateway` in a child process on free loopback ports and
 * reads its `--json` line; the child is killed on stop() and when this
 * process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const cliPath = fileURLToPath(new URL('../../../bin/imstress.js', import.meta.url));

export interface GatewayProcess {
  readonly ws: string;
  readonly api: string;
  readonly metrics: string;
  readonly child: ChildProcess;
  stats(): Promise<Record<string, unknown>>;
  tasksText(): Promise<string>;
  stop(): Promise<void>;
}

export async function startGatewayProcess(args: readonly string[], timeoutMs = 15_000): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [cliPath, 'gateway', '--port', '0', '--api-port', '0', '--metrics-port', '0', '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += c.toString();
  });
  const urls = await new Promise<{ ws: string; api: string; metrics: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`gateway did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { ws: string; api: string; metrics: string });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${stderr}`));
    });
  });
  const get = async (path: string): Promise<Response> => fetch(`${urls.metrics}${path}`, { signal: AbortSignal.timeout(5000) });
  return {
    ...urls,
    child,
    stats: async () => (await (await get('/stats')).json()) as Record<string, unknown>,
    tasksText: async () => (await get('/debug/tasks')).text(),
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', kill);
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        const t = setTimeout(kill, 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
