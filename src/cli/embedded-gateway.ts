/**
 * The embedded gateway as `imstress run`'s default target: `imstress
 * gateway` in a child process (its event loop never shares time with the
 * load generator's), on free loopback ports. The child exits when our stdin
 * pipe to it closes, so it never outlives this process, even after SIGKILL.
 * It runs in its own process group, so a terminal's Ctrl-C reaches imstress
 * alone, which then stops the child itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ImstressError } from '../errors.js';
import type { GatewayMode } from '../gateway/options.js';

export interface EmbeddedGateway {
  readonly ws: string;
  readonly api: string;
  readonly metrics: string;
  readonly pid: number;
  /** How the child ended if it died before stop() (issue #11: "exited with code 1", "killed by SIGKILL"); null while it runs. */
  died(): string | null;
  stop(): Promise<void>;
}

const binPath = fileURLToPath(new URL('../../../bin/imstress.js', import.meta.url));
const startTimeoutMs = 15_000;
const stopTimeoutMs = 5_000;

/**
 * `imstress gateway` arguments for a child on loopback: every port chosen by the kernel, the URLs as
 * one JSON line on stdout, and gone when its parent's stdin closes (also what the benchmarks start).
 */
export function gatewayChildArgs(mode: GatewayMode, extraArgs: readonly string[]): string[] {
  const ports = ['--port', '0', '--api-port', '0', '--metrics-port', '0'];
  return ['gateway', '--mode', mode, '--host', '127.0.0.1', ...ports, '--json', '--exit-with-stdin', ...extraArgs];
}

export async function startEmbeddedGateway(mode: GatewayMode, extraArgs: readonly string[]): Promise<EmbeddedGateway> {
  const args = [binPath, ...gatewayChildArgs(mode, extraArgs)];
  // Its own process group (detached: setsid): the terminal's Ctrl-C goes to imstress's foreground group only,
  // so the gateway stays up for what imstress still reads from it (the drain check, the online count) and is
  // then stopped by imstress. It still never outlives imstress: it exits when our stdin pipe to it closes.
  // Not unref'd: imstress waits for it in stop().
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const killNow = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => {
    if (stderr.length < 16 * 1024) stderr += c.toString();
  });
  child.stdin?.on('error', () => undefined);
  let stopping = false;
  let death: string | null = null;
  child.once('exit', (code, signal) => {
    if (!stopping) death = signal !== null ? `killed by ${signal}` : `exited with code ${code ?? '?'}`;
  });
  try {
    const ready = await waitForListening(child, () => stderr);
    return {
      ...ready,
      pid: child.pid ?? 0,
      died: () => death,
      stop: () => {
        stopping = true;
        return stopChild(child, killNow);
      },
    };
  } catch (err) {
    killNow();
    process.off('exit', killNow);
    throw err;
  }
}

function waitForListening(child: ChildProcess, stderr: () => string): Promise<{ ws: string; api: string; metrics: string }> {
  return new Promise((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      reject(
        new ImstressError(
          'gateway_start_failed',
          `the embedded gateway did not start: ${why}${stderr() === '' ? '' : `\n${stderr().trim()}`}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`no answer within ${startTimeoutMs / 1000} s`), startTimeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const v = JSON.parse(line) as { ws?: unknown; api?: unknown; metrics?: unknown };
        if (typeof v.ws !== 'string' || typeof v.api !== 'string' || typeof v.metrics !== 'string') throw new Error('missing URLs');
        resolve({ ws: v.ws, api: v.api, metrics: v.metrics });
      } catch (err) {
        fail(`unexpected first line ${JSON.stringify(line)} (${String(err)})`);
      }
    });
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? code})`));
    child.once('error', (err) => fail(err.message));
  });
}

function stopChild(child: ChildProcess, killNow: () => void): Promise<void> {
  return new Promise((resolve) => {
    process.off('exit', killNow);
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const t = setTimeout(killNow, stopTimeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.stdin?.end(); // the child stops when its stdin closes
    child.kill('SIGTERM');
  });
}
